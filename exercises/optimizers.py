"""演習: パラメータ更新の手法 / Exercise: the optimizers.

ゼロから作るDeep Learning 6.1.  ___ を正しいコードに置き換えてから、次を実行してください:
Replace each ___ with the right code, then run:  grade exercise optimizers

どのクラスも update(params, grads) で、辞書 params の配列をその場で書き換えます
（params と grads は同じキーを持つ配列の辞書です）。キーごとの状態（v, h, m）は
最初の update で作ります（ここはできています）。割り算を安全にする 1e-7 は固定の値です。
Every class changes the arrays of the dict params in place in update(params, grads)
(params and grads are dicts of arrays with the same keys).  The state of each key
(v, h, m) is created on the first update (already written).  The 1e-7 that keeps
the divisions finite is a fixed number.

空欄のうち「1 行」とあるものは、params[key] を書き換える文をまるごと書きます
（params[key] -= ... など）。
Where a blank says "a statement", write the whole line that changes params[key]
(params[key] -= ..., for example).
"""
import numpy as np


class SGD:
    """確率的勾配降下法 / stochastic gradient descent."""

    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key in params.keys():
            # 穴埋め (1) / blank (1): params[key] を更新する 1 行 / a statement that updates params[key]
            ___


class Momentum:
    """Momentum: 速度 v を持つ更新 / an update that keeps a velocity v."""

    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = None

    def update(self, params, grads):
        if self.v is None:
            self.v = {key: np.zeros_like(val) for key, val in params.items()}
        for key in params.keys():
            # 穴埋め (2) / blank (2): 新しい速度 / the new velocity
            self.v[key] = ___
            # 穴埋め (3) / blank (3): params[key] を更新する 1 行 / a statement that updates params[key]
            ___


class AdaGrad:
    """AdaGrad: 勾配の 2 乗和 h で学習率を調整 / the sum of squared gradients h scales the step."""

    def __init__(self, lr=0.01):
        self.lr = lr
        self.h = None

    def update(self, params, grads):
        if self.h is None:
            self.h = {key: np.zeros_like(val) for key, val in params.items()}
        for key in params.keys():
            # 穴埋め (4) / blank (4): 新しい h / the new h
            self.h[key] = ___
            # 穴埋め (5) / blank (5): params[key] を更新する 1 行（1e-7 を忘れずに）
            # a statement that updates params[key] (do not forget the 1e-7)
            ___


class RMSprop:
    """RMSprop: h を指数移動平均にした AdaGrad / AdaGrad with h as an exponential moving average."""

    def __init__(self, lr=0.01, decay_rate=0.99):
        self.lr = lr
        self.decay_rate = decay_rate
        self.h = None

    def update(self, params, grads):
        if self.h is None:
            self.h = {key: np.zeros_like(val) for key, val in params.items()}
        for key in params.keys():
            # 穴埋め (6) / blank (6): 新しい h（古い h は decay_rate の割合で残す）
            # the new h (decay_rate is the share of the old h that stays)
            self.h[key] = ___
            # 穴埋め (7) / blank (7): params[key] を更新する 1 行 / a statement that updates params[key]
            ___


class Adam:
    """Adam: Momentum と AdaGrad/RMSprop の組み合わせ / Momentum combined with AdaGrad/RMSprop."""

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.iter = 0
        self.m = None
        self.v = None

    def update(self, params, grads):
        if self.m is None:
            self.m = {key: np.zeros_like(val) for key, val in params.items()}
            self.v = {key: np.zeros_like(val) for key, val in params.items()}
        self.iter += 1
        # 穴埋め (8) / blank (8): 偏りを補正した学習率（本書の形）/ the bias-corrected step size (the book's form)
        lr_t = ___
        for key in params.keys():
            # 穴埋め (9) / blank (9): 勾配の移動平均 m / the moving average m of the gradients
            self.m[key] = ___
            # 穴埋め (10) / blank (10): 勾配の 2 乗の移動平均 v / the moving average v of the squared gradients
            self.v[key] = ___
            # 穴埋め (11) / blank (11): params[key] を更新する 1 行 / a statement that updates params[key]
            ___
