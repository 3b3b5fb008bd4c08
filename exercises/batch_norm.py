"""演習: Batch Normalization / Exercise: batch normalization.

ゼロから作るDeep Learning 6.3.  ___ を正しいコードに置き換えてから、次を実行してください:
Replace each ___ with the right code, then run:  grade exercise batch_norm

x の形は (N, D)（N 個のデータ、D 個の特徴）。特徴（列）ごとにミニバッチ全体で正規化します。
分散は N で割る標本分散、標準偏差は sqrt(var + eps) です。
x has shape (N, D) (N samples, D features).  Each feature (column) is normalized over
the mini-batch; the variance divides by N, and the standard deviation is sqrt(var + eps).
"""
import numpy as np


def batchnorm_forward(x, gamma, beta, eps=1e-6):
    """x (N, D), gamma (D,), beta (D,).  Returns out (N, D)."""
    # 穴埋め (1) / blank (1): 特徴ごとの平均 (D,) / the mean of each feature, (D,)
    mu = ___
    # 穴埋め (2) / blank (2): 特徴ごとの分散 (D,) / the variance of each feature, (D,)
    var = ___
    # 穴埋め (3) / blank (3): 正規化した x / x normalized
    xn = ___
    return gamma * xn + beta


def batchnorm_backward(dout, x, gamma, eps=1e-6):
    """dout (N, D) は out についての損失の勾配 / the gradient of the loss with respect to out.
    Returns (dx (N, D), dgamma (D,), dbeta (D,))."""
    N = x.shape[0]
    mu = x.mean(axis=0)
    xc = x - mu
    var = np.mean(xc ** 2, axis=0)
    std = np.sqrt(var + eps)
    xn = xc / std

    # 穴埋め (4) / blank (4): dbeta (D,)（out = gamma * xn + beta）
    dbeta = ___
    # 穴埋め (5) / blank (5): dgamma (D,)
    dgamma = ___

    dxn = gamma * dout
    dxc = dxn / std
    dstd = -np.sum(dxn * xc / (std * std), axis=0)
    dvar = 0.5 * dstd / std
    # 穴埋め (6) / blank (6): 分散を通る経路の分を dxc に加える（var = xc ** 2 の平均）
    # add the path through the variance to dxc (var is the mean of xc ** 2)
    dxc = ___
    dmu = np.sum(dxc, axis=0)
    # 穴埋め (7) / blank (7): 平均を通る経路 / the path through the mean (xc = x - mu)
    dx = ___
    return dx, dgamma, dbeta


def running_update(running_mean, running_var, mu, var, momentum=0.9):
    """平均と分散の移動平均（どれも (D,)）/ moving averages of the mean and variance, all (D,).
    Returns (new_mean, new_var) as new arrays."""
    # 穴埋め (8) / blank (8): momentum は古い値が残る割合 / momentum is the share of the old value that stays
    new_mean = ___
    # 穴埋め (9) / blank (9)
    new_var = ___
    return new_mean, new_var


def batchnorm_inference(x, gamma, beta, running_mean, running_var, eps=1e-6):
    """推論時の正規化 / normalization at test time.  Returns out (N, D)."""
    # 穴埋め (10) / blank (10): 正規化した x / x normalized
    xn = ___
    return gamma * xn + beta
