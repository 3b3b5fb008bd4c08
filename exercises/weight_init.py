"""演習: 重みの初期値（Xavier と He）/ Exercise: initial weights (Xavier and He).

ゼロから作るDeep Learning 6.2.  ___ を正しいコードに置き換えてから、次を実行してください:
Replace each ___ with the right code, then run:  grade exercise weight_init

n_in は前の層のノード数です / n_in is the number of nodes in the previous layer.
- Xavier の初期値（sigmoid や tanh 向け）/ Xavier (for sigmoid and tanh)
- He の初期値（ReLU 向け）/ He (for ReLU)
init_weight は標準正規分布の乱数に標準偏差を掛けた (n_in, n_out) の配列を返します。
同じ seed なら同じ重みになるように、乱数生成器は seed から作ります。
init_weight returns an (n_in, n_out) array of standard normals times the std; the random generator
is made from seed, so the same seed gives the same weights.
"""
import numpy as np


def xavier_std(n_in):
    # 穴埋め (1) / blank (1): Xavier の標準偏差 / the std of Xavier initialization
    return ___


def he_std(n_in):
    # 穴埋め (2) / blank (2): He の標準偏差 / the std of He initialization
    return ___


def init_weight(n_in, n_out, method, seed):
    """(n_in, n_out) の重み / the weights, shape (n_in, n_out); method: "xavier" or "he"."""
    rng = np.random.default_rng(seed)
    if method == "xavier":
        std = xavier_std(n_in)
    elif method == "he":
        std = he_std(n_in)
    else:
        raise ValueError(f"unknown method {method!r}")
    # 穴埋め (3) / blank (3): 標準正規分布の乱数 (n_in, n_out) に std を掛ける
    # standard normals of shape (n_in, n_out), times std
    return ___
