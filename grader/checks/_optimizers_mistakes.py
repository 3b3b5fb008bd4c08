"""The catalogue of ``optimizers`` (grader/checks/optimizers.py).

Each wrong optimizer is our own implementation of the slip: ``_run`` steps it through a
sequence of gradients and returns the trajectory (params after every update), with the
signature ``predict(params0, grads_seq, **hyper)`` that the checks compare with.  The
mistakes about objects rather than formulas (params rebound instead of changed in place,
state shared between optimizer objects) have no ``predict``: the checks recognise them by
how the learner's objects behave.
"""
import numpy as np

from grader.mistakes import bilingual as _m

EPS = 1e-7


def _run(rule, params0, grads_seq, shared=False, **hyper):
    """The trajectory (params after each step) of an optimizer whose per-key step is
    ``rule(p, g, state, t, **hyper) -> new p``; ``shared``: one state for every key."""
    params = {k: np.array(v, dtype=np.float64) for k, v in params0.items()}
    one = {}
    state = {k: one if shared else {} for k in params}
    trajectory = []
    for t, grads in enumerate(grads_seq, 1):
        for k in params:
            params[k] = rule(params[k], np.asarray(grads[k], dtype=np.float64), state[k], t, **hyper)
        trajectory.append({k: v.copy() for k, v in params.items()})
    return trajectory


def _wrong(rule, shared=False):
    return lambda params0, grads_seq, **hyper: _run(rule, params0, grads_seq, shared, **hyper)


def _avg(s, name, keep, new):
    s[name] = keep * s.get(name, 0.0) + new
    return s[name]


def _mom(p, g, s, t, lr=0.01, momentum=0.9, sign=-1.0, rate=None):
    v = _avg(s, "v", momentum, sign * (lr if rate is None else rate) * g)
    return p + v


def _ada(p, g, s, t, lr=0.01, h=None, root=np.sqrt, eps=EPS):
    h = _avg(s, "h", 1.0, g * g) if h is None else h(s, g)
    with np.errstate(divide="ignore", invalid="ignore"):
        return p - lr * g / (root(h) + eps)


def _rms(p, g, s, t, lr=0.01, decay_rate=0.99, swap=False, eps=EPS, keep=None, root=np.sqrt, square=True):
    old, new = (1 - decay_rate, decay_rate) if swap else (decay_rate, 1 - decay_rate)
    h = _avg(s, "h", old if keep is None else keep, new * (g * g if square else g))
    with np.errstate(divide="ignore", invalid="ignore"):
        return p - lr * g / (root(h) + eps)


def _root_eps(h):
    return np.sqrt(h + EPS)


def _book_lr_t(lr, beta1, beta2, t):
    return lr * np.sqrt(1.0 - beta2 ** t) / (1.0 - beta1 ** t)


def _adam(p, g, s, t, lr=0.001, beta1=0.9, beta2=0.999, lr_t=_book_lr_t, swap=False, m_of=None, v_of=None,
          root=np.sqrt, eps=EPS):
    b1, b2 = (beta2, beta1) if swap else (beta1, beta2)
    m = _avg(s, "m", b1, (1 - b1) * (g if m_of is None else m_of(g)))
    v = _avg(s, "v", b2, (1 - b2) * (g * g if v_of is None else v_of(g)))
    with np.errstate(invalid="ignore", divide="ignore"):
        return p - lr_t(lr, beta1, beta2, t) * m / (root(v) + eps)


def _adam_wrong(**how):
    return _wrong(lambda p, g, s, t, lr=0.001, beta1=0.9, beta2=0.999: _adam(p, g, s, t, lr, beta1, beta2, **how))


def _ada_wrong(**how):
    return _wrong(lambda p, g, s, t, lr=0.01: _ada(p, g, s, t, lr, **how))


def _rms_wrong(**how):
    return _wrong(lambda p, g, s, t, lr=0.01, decay_rate=0.99: _rms(p, g, s, t, lr, decay_rate, **how))


_ADA_P = "# a statement that updates params[key] (do not forget the 1e-7)\n            "
_EPS_ROOT = {"en": "the book adds 1e-7 after the square root; inside the root it changes the step wherever h is "
                   "small (a gradient of 0.001 gives h = 1e-6, and sqrt(1e-6 + 1e-7) is 5 % larger than sqrt(1e-6))",
             "ja": "本書では 1e-7 を平方根の「後」に足します。根の中に入れると h が小さいところで更新量が変わります"
                   "（勾配 0.001 なら h = 1e-6 で、sqrt(1e-6 + 1e-7) は sqrt(1e-6) より 5 % 大きい）"}
_NO_EPS = {"en": "while every gradient so far is 0, h is 0 too and the step is 0 / 0 = NaN: the 1e-7 in the divisor "
                 "is there to prevent that",
           "ja": "それまでの勾配がすべて 0 の間は h も 0 で、更新量は 0 / 0 = NaN になります。割る数の 1e-7 はそれを防ぐためのものです"}
_EPS_8 = {"en": "the 1e-7 of the book is a fixed number in this course (1e-8 is the default of other libraries); it "
                "matters where the gradients are tiny, as small as 1e-7",
          "ja": "この講座では本書の 1e-7 は固定の値です（1e-8 は他のライブラリの既定値です）。勾配が 1e-7 程度に"
                "小さいところで結果が変わります"}
_CORRECTION = {"en": "m and v start at 0 and are too small early on; the correction divides the step by the shortfall "
                     "of m and makes up that of v under its square root, so early steps are about lr in size: check "
                     "which beta goes where, what is under the root, and which way up the fraction is",
               "ja": "m と v は 0 から始まるので、最初のうちは小さすぎます。補正では m の不足分で割り、v の不足分は平方根の"
                     "中で補うので、最初の更新量がおよそ lr になります。どちらの beta をどこに使うか、何が根の中か、"
                     "分数の上下を確認してください"}
_STATE_HINT = {"en": "each optimizer object must start with its own empty state, created in __init__ (self.v = None) "
                     "or on its first update; a dict written in the class body, used as a default argument or kept "
                     "at module level is one object shared by every optimizer, so a second optimizer starts from "
                     "the first one's velocity or sums",
               "ja": "どの最適化オブジェクトも、自分だけの空の状態から始めます（__init__ の self.v = None や最初の update で"
                     "作る）。クラス本体に書いた辞書、引数の既定値にした辞書、モジュールの変数は、すべてのオブジェクトで"
                     "共有される 1 つのオブジェクトなので、2 つ目のオブジェクトが 1 つ目の速度や和を引き継いでしまいます"}

MISTAKES = [
    _m("sgd-plus", "SGD", "SGD adds lr * grads[key] (params[key] += ...)",
       "SGD で lr * grads[key] を足している（params[key] += ...）",
       "the gradient points uphill; a step against it lowers the loss", "勾配は損失が増える向きです。逆向きに進むと損失が下がります",
       _wrong(lambda p, g, s, t, lr=0.01: p + lr * g), example={1: "params[key] += self.lr * grads[key]"}),
    _m("sgd-no-lr", "SGD", "SGD without the learning rate (params[key] -= grads[key])",
       "SGD で学習率を掛けていない（params[key] -= grads[key]）",
       "the size of the step is set by the learning rate self.lr", "更新の大きさは学習率 self.lr で決まります",
       _wrong(lambda p, g, s, t, lr=0.01: p - g), example={1: "params[key] -= grads[key]"}),
    _m("params-not-updated", None, "params left unchanged (a new dict, or a value not assigned back, inside update)",
       "params が変わっていない（update の中で新しい辞書を作った、または計算結果を代入していない）",
       "update must change the arrays of the caller's dict; a new dict built inside update (even when returned or "
       "bound to the name params) does not reach the caller",
       "update は呼び出し側の辞書の配列を書き換える必要があります。update の中で作った新しい辞書は（return しても、"
       "params という名前に結び付けても）呼び出し側には届きません",
       example=[("params[key] -= self.lr * grads[key]\n",
                 "params = {**params, key: params[key] - self.lr * grads[key]}\n")]),
    _m("params-rebound", None, "params[key] = ... puts a new array in the dict instead of changing the array in place",
       "params[key] = ... で辞書に新しい配列を入れていて、配列そのものを書き換えていない",
       "in DL1 the network's layers hold the very arrays that params holds, so update must change those arrays in "
       "place (-= or +=); a new array bound to params[key] leaves the layers' arrays as they were and the "
       "network never learns. If = stands where += belongs, the old values are lost too: the update adds a step "
       "to the parameters, it does not replace them",
       "ゼロから作るDeep Learning ではネットワークの各層が params と同じ配列を持っているので、update はその配列を"
       "その場で書き換えます（-=、+=）。params[key] に新しい配列を結び付けても層の配列は元のままで、"
       "ネットワークは学習しません。+= のところが = になっていれば元の値も失われます。update はパラメータに一歩を"
       "足すもので、置き換えるものではありません",
       example=[("params[key] -= self.lr * grads[key]\n", "params[key] = params[key] - self.lr * grads[key]\n")]),
    _m("state-shared", None, "one state shared by every optimizer object (a class attribute, a default argument or a "
       "module-level dict)", "すべての最適化オブジェクトで 1 つの状態を共有している（クラス属性、引数の既定値、"
       "モジュールの辞書）", _STATE_HINT["en"], _STATE_HINT["ja"],
       example=[("        self.momentum = momentum\n        self.v = None\n\n    def update(self, params, grads):\n"
                 "        if self.v is None:\n            self.v = {key: np.zeros_like(val) for key, val in params.items()}\n",
                 "        self.momentum = momentum\n\n    v = {}\n\n    def update(self, params, grads):\n"
                 "        for key, val in params.items():\n            if key not in self.v:\n"
                 "                self.v[key] = np.zeros_like(val)\n")]),
    _m("momentum-uphill", "Momentum", "Momentum that moves uphill (v = momentum * v + lr * g with params += v, "
       "or v = momentum * v - lr * g with params -= v)",
       "Momentum が坂を上っている（v = momentum * v + lr * g のあと params += v、"
       "または v = momentum * v - lr * g のあと params -= v）",
       "the step must go against the gradient: the sign given to the gradient in v and the sign with which v "
       "moves params must together make a step downhill",
       "更新は勾配と逆向きです。v の中の勾配の符号と、v で params を動かすときの符号を合わせて、坂を下る向きにしてください",
       _wrong(lambda p, g, s, t, lr=0.01, momentum=0.9: _mom(p, g, s, t, lr, momentum, sign=1.0)),
       example={2: "self.momentum * self.v[key] + self.lr * grads[key]"}),
    _m("momentum-no-lr", "Momentum", "Momentum without the learning rate (v = momentum * v - g)",
       "Momentum で学習率を掛けていない（v = momentum * v - g）",
       "the gradient enters the velocity scaled by the learning rate", "勾配は学習率を掛けてから速度に加えます",
       _wrong(lambda p, g, s, t, lr=0.01, momentum=0.9: _mom(p, g, s, t, lr, momentum, rate=1.0)),
       example={2: "self.momentum * self.v[key] - grads[key]"}),
    _m("momentum-no-memory", "Momentum", "Momentum that forgets its velocity (v = -lr * g: plain SGD)",
       "Momentum が前の速度を使っていない（v = -lr * g で、ただの SGD）",
       "the new velocity keeps part of the old one (the share momentum)", "新しい速度には、前の速度が momentum の割合だけ残ります",
       _wrong(lambda p, g, s, t, lr=0.01, momentum=0.9: p - lr * g), example={2: "-self.lr * grads[key]"}),
    _m("adagrad-no-eps", "AdaGrad", "AdaGrad without the 1e-7 (NaN where a gradient is 0)",
       "AdaGrad で 1e-7 を足していない（勾配が 0 のところで NaN）", _NO_EPS["en"], _NO_EPS["ja"],
       _ada_wrong(eps=0.0), example={5: "params[key] -= self.lr * grads[key] / np.sqrt(self.h[key])"}),
    _m("adagrad-eps-in-root", "AdaGrad", "AdaGrad with the 1e-7 inside the square root",
       "AdaGrad で 1e-7 を平方根の中に入れている", _EPS_ROOT["en"], _EPS_ROOT["ja"],
       _ada_wrong(root=_root_eps, eps=0.0),
       example={5: "params[key] -= self.lr * grads[key] / np.sqrt(self.h[key] + 1e-7)"}),
    _m("adagrad-eps-1e-8", "AdaGrad", "AdaGrad with 1e-8 instead of the book's 1e-7",
       "AdaGrad で本書の 1e-7 ではなく 1e-8 を使っている", _EPS_8["en"], _EPS_8["ja"], _ada_wrong(eps=1e-8),
       example={5: "params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-8)"}),
    _m("adagrad-no-sum", "AdaGrad", "AdaGrad that does not accumulate (h = g * g)",
       "AdaGrad で h を累積していない（h = g * g）",
       "h is the SUM of every squared gradient so far, which is why the steps shrink over time",
       "h はこれまでの勾配の 2 乗の「和」で、そのため更新量がだんだん小さくなります",
       _ada_wrong(h=lambda s, g: g * g), example={4: "grads[key] * grads[key]"}),
    _m("adagrad-h-not-squared", "AdaGrad", "AdaGrad's h adds the gradients, not their squares (h = h + g)",
       "AdaGrad の h で勾配を 2 乗せずに足している（h = h + g）",
       "h measures how large the gradients have been, whatever their sign: it adds squares, which are never "
       "negative (a sum of raw gradients can go negative, and its root is NaN)",
       "h は符号によらず勾配がどれだけ大きかったかを表すので、負にならない 2 乗を足します（勾配そのものの和は"
       "負になることがあり、その平方根は NaN です）",
       _ada_wrong(h=lambda s, g: _avg(s, "h", 1.0, g)), example={4: "self.h[key] + grads[key]"}),
    _m("adagrad-no-sqrt", "AdaGrad", "AdaGrad dividing by h instead of sqrt(h)", "AdaGrad で sqrt(h) ではなく h で割っている",
       "h sums squared gradients; its square root has the gradients' scale", "h は勾配の 2 乗の和で、その平方根が勾配の大きさにあたります",
       _ada_wrong(root=lambda h: h), example={5: "params[key] -= self.lr * grads[key] / (self.h[key] + 1e-7)"}),
    _m("adagrad-shared-h", "AdaGrad", "one h shared by every parameter", "すべてのパラメータで 1 つの h を共有している",
       "each parameter (each key) needs its own h, the sum of ITS squared gradients: keep a dict with one array per key",
       "パラメータ（キー）ごとに、そのパラメータ自身の勾配の 2 乗和 h が必要です。キーごとに配列を持つ辞書を使ってください",
       _wrong(lambda p, g, s, t, lr=0.01: _ada(p, g, s, t, lr), shared=True),
       example=[("self.h = {key: np.zeros_like(val) for key, val in params.items()}\n        for key in params.keys():\n"
                 "            # 穴埋め (4)", "self.h = np.zeros_like(next(iter(params.values())))\n        for key in "
                 "params.keys():\n            # 穴埋め (4)"),
                ("self.h[key] = self.h[key] + grads[key] * grads[key]", "self.h += grads[key] * grads[key]"),
                (_ADA_P + "params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)",
                 _ADA_P + "params[key] -= self.lr * grads[key] / (np.sqrt(self.h) + 1e-7)")]),
    _m("rmsprop-decay-swapped", "RMSprop", "RMSprop with decay_rate on the new term "
       "(h = (1 - decay_rate) * h + decay_rate * g * g)",
       "RMSprop で decay_rate を新しい項に掛けている（h = (1 - decay_rate) * h + decay_rate * g * g）",
       "decay_rate is the share of the OLD h that stays, and the new squared gradient gets the rest",
       "decay_rate は「古い h」が残る割合で、新しい勾配の 2 乗は残りの分だけ入ります",
       _rms_wrong(swap=True), example={6: "(1 - self.decay_rate) * self.h[key] + self.decay_rate * grads[key] * grads[key]"}),
    _m("rmsprop-no-decay", "RMSprop", "RMSprop that never lets the old h fade (h = h + (1 - decay_rate) * g * g)",
       "RMSprop で古い h を減衰させていない（h = h + (1 - decay_rate) * g * g）",
       "RMSprop forgets old gradients little by little: the old h shrinks by decay_rate at every step",
       "RMSprop は古い勾配を少しずつ忘れます。古い h は毎回 decay_rate 倍に縮みます",
       _rms_wrong(keep=1.0), example={6: "self.h[key] + (1 - self.decay_rate) * grads[key] * grads[key]"}),
    _m("rmsprop-h-not-squared", "RMSprop", "RMSprop's h averages the gradients, not their squares",
       "RMSprop の h で勾配を 2 乗していない",
       "h measures how large the gradients have been, whatever their sign, so it averages squares; an average of "
       "raw gradients can go negative, and its root is NaN",
       "h は符号によらず勾配がどれだけ大きかったかを表すので、2 乗を平均します。勾配そのものの平均は負になることがあり、"
       "その平方根は NaN です",
       _rms_wrong(square=False), example={6: "self.decay_rate * self.h[key] + (1 - self.decay_rate) * grads[key]"}),
    _m("rmsprop-no-eps", "RMSprop", "RMSprop without the 1e-7 (NaN where a gradient is 0)",
       "RMSprop で 1e-7 を足していない（勾配が 0 のところで NaN）", _NO_EPS["en"], _NO_EPS["ja"],
       _rms_wrong(eps=0.0), example={7: "params[key] -= self.lr * grads[key] / np.sqrt(self.h[key])"}),
    _m("rmsprop-eps-in-root", "RMSprop", "RMSprop with the 1e-7 inside the square root",
       "RMSprop で 1e-7 を平方根の中に入れている", _EPS_ROOT["en"], _EPS_ROOT["ja"],
       _rms_wrong(root=_root_eps, eps=0.0),
       example={7: "params[key] -= self.lr * grads[key] / np.sqrt(self.h[key] + 1e-7)"}),
    _m("rmsprop-eps-1e-8", "RMSprop", "RMSprop with 1e-8 instead of the book's 1e-7",
       "RMSprop で本書の 1e-7 ではなく 1e-8 を使っている", _EPS_8["en"], _EPS_8["ja"], _rms_wrong(eps=1e-8),
       example={7: "params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-8)"}),
    _m("adam-no-bias-correction", "Adam", "Adam without the bias correction (lr_t = lr)",
       "Adam でバイアス補正をしていない（lr_t = lr）",
       "m and v start at 0, so early on they are too small; the book folds a correction for this into lr_t",
       "m と v は 0 から始まるので、最初のうちは小さすぎます。本書ではその補正を lr_t に入れます",
       _adam_wrong(lr_t=lambda lr, b1, b2, t: lr), example={8: "self.lr"}),
    _m("adam-correction-inverted", "Adam", "Adam's bias correction upside down "
       "(lr * (1 - beta1 ** iter) / np.sqrt(1 - beta2 ** iter))",
       "Adam のバイアス補正の分数が上下逆（lr * (1 - beta1 ** iter) / np.sqrt(1 - beta2 ** iter)）",
       _CORRECTION["en"], _CORRECTION["ja"],
       _adam_wrong(lr_t=lambda lr, b1, b2, t: lr * (1.0 - b1 ** t) / np.sqrt(1.0 - b2 ** t)),
       example={8: "self.lr * (1.0 - self.beta1 ** self.iter) / np.sqrt(1.0 - self.beta2 ** self.iter)"}),
    _m("adam-correction-betas-swapped", "Adam", "Adam's bias correction with beta1 and beta2 swapped "
       "(lr * np.sqrt(1 - beta1 ** iter) / (1 - beta2 ** iter))",
       "Adam のバイアス補正で beta1 と beta2 が入れ替わっている（lr * np.sqrt(1 - beta1 ** iter) / (1 - beta2 ** iter)）",
       _CORRECTION["en"], _CORRECTION["ja"],
       _adam_wrong(lr_t=lambda lr, b1, b2, t: lr * np.sqrt(1.0 - b1 ** t) / (1.0 - b2 ** t)),
       example={8: "self.lr * np.sqrt(1.0 - self.beta1 ** self.iter) / (1.0 - self.beta2 ** self.iter)"}),
    _m("adam-correction-no-sqrt", "Adam", "Adam's bias correction without the square root "
       "(lr * (1 - beta2 ** iter) / (1 - beta1 ** iter))",
       "Adam のバイアス補正に平方根がない（lr * (1 - beta2 ** iter) / (1 - beta1 ** iter)）",
       _CORRECTION["en"], _CORRECTION["ja"],
       _adam_wrong(lr_t=lambda lr, b1, b2, t: lr * (1.0 - b2 ** t) / (1.0 - b1 ** t)),
       example={8: "self.lr * (1.0 - self.beta2 ** self.iter) / (1.0 - self.beta1 ** self.iter)"}),
    _m("adam-betas-swapped", "Adam", "Adam with beta1 and beta2 swapped in m and v",
       "Adam で m と v の beta1 と beta2 が入れ替わっている",
       "beta1 (0.9) averages the gradients in m, beta2 (0.999) the squared gradients in v",
       "beta1（0.9）は m（勾配の平均）に、beta2（0.999）は v（勾配の 2 乗の平均）に使います",
       _adam_wrong(swap=True), example={9: "self.beta2 * self.m[key] + (1 - self.beta2) * grads[key]",
                                        10: "self.beta1 * self.v[key] + (1 - self.beta1) * grads[key] ** 2"}),
    _m("adam-m-v-swapped", "Adam", "Adam's m and v swapped (m averages the squared gradients and v the gradients, or the step "
       "divides v by sqrt(m): both give the same numbers)",
       "Adam の m と v が入れ替わっている（m が勾配の 2 乗の平均で v が勾配の平均、または更新で v を sqrt(m) で割っている。"
       "どちらも同じ値になります）",
       "m is the moving average of the gradients (beta1), like Momentum's velocity; v that of their squares "
       "(beta2), like RMSprop's h",
       "m は勾配の移動平均（beta1）で Momentum の速度にあたり、v は勾配の 2 乗の移動平均（beta2）で RMSprop の h にあたります",
       _adam_wrong(swap=True, m_of=lambda g: g * g, v_of=lambda g: g),
       example={9: "self.beta2 * self.m[key] + (1 - self.beta2) * grads[key] ** 2",
                10: "self.beta1 * self.v[key] + (1 - self.beta1) * grads[key]"}),
    _m("adam-square-on-m", "Adam", "Adam squares the gradient in m instead of in v",
       "Adam で v ではなく m の方で勾配を 2 乗している",
       "m keeps the sign of the gradients (it is the direction of the step); the square belongs to v",
       "m は勾配の符号を保ちます（更新の向きです）。2 乗するのは v の方です",
       _adam_wrong(m_of=lambda g: g * g, v_of=lambda g: g),
       example={9: "self.beta1 * self.m[key] + (1 - self.beta1) * grads[key] ** 2",
                10: "self.beta2 * self.v[key] + (1 - self.beta2) * grads[key]"}),
    _m("adam-v-not-squared", "Adam", "Adam's v averages the gradients, not their squares",
       "Adam の v で勾配を 2 乗していない",
       "v is the moving average of the squared gradients (like RMSprop's h); the average of g itself can go "
       "negative and its root is NaN",
       "v は勾配の 2 乗の移動平均です（RMSprop の h にあたります）。g のままでは負になり、その平方根は NaN です",
       _adam_wrong(v_of=lambda g: g), example={10: "self.beta2 * self.v[key] + (1 - self.beta2) * grads[key]"}),
    _m("adam-no-sqrt", "Adam", "Adam dividing by v instead of sqrt(v)", "Adam で sqrt(v) ではなく v で割っている",
       "v averages squared gradients; its square root has the gradients' scale",
       "v は勾配の 2 乗の平均で、その平方根が勾配の大きさにあたります",
       _adam_wrong(root=lambda v: v), example={11: "params[key] -= lr_t * self.m[key] / (self.v[key] + 1e-7)"}),
    _m("adam-eps-in-root", "Adam", "Adam with the 1e-7 inside the square root", "Adam で 1e-7 を平方根の中に入れている",
       "the book adds 1e-7 after the square root; inside the root it is far larger than sqrt(v) where the "
       "gradients are tiny, and those steps almost vanish",
       "本書では 1e-7 を平方根の「後」に足します。根の中に入れると、勾配がとても小さいところで sqrt(v) よりずっと大きく"
       "なり、更新がほとんど止まります",
       _adam_wrong(root=_root_eps, eps=0.0),
       example={11: "params[key] -= lr_t * self.m[key] / np.sqrt(self.v[key] + 1e-7)"}),
    _m("adam-eps-1e-8", "Adam", "Adam with 1e-8 instead of the book's 1e-7", "Adam で本書の 1e-7 ではなく 1e-8 を使っている",
       _EPS_8["en"], _EPS_8["ja"], _adam_wrong(eps=1e-8),
       example={11: "params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + 1e-8)"}),
]
BY_ID = {m.id: m for m in MISTAKES}
