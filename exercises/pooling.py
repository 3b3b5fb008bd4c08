"""演習: Max プーリングの順伝播と逆伝播 / Exercise: max pooling, forward and backward.

ゼロから作るDeep Learning 7.5.  ___ を正しいコードに置き換えてから、次を実行してください:
Replace each ___ with the right code, then run:  grade exercise pooling

x (N, C, H, W) -> (N, C, OH, OW).  パディングは 0（負の入力ではパディングの 0 が最大になることがあります）。
Zero padding (with negative inputs, a padded 0 can be the maximum).
逆伝播では各勾配を窓の最大値の位置へ送ります（同じ値が複数あれば最初の位置）。
Backward sends each gradient to the position of its window's maximum (the first one on a tie).
"""
import numpy as np


def _out_size(size, pool, stride, pad):
    return (size + 2 * pad - pool) // stride + 1


def _windows(x, pool_h, pool_w, stride, pad):
    """窓を 1 行ずつ並べた (N*OH*OW*C, pool_h*pool_w)、行は (n, oh, ow, c) の順。
    One row per window, (N*OH*OW*C, pool_h*pool_w), rows in (n, oh, ow, c) order."""
    N, C, H, W = x.shape
    oh, ow = _out_size(H, pool_h, stride, pad), _out_size(W, pool_w, stride, pad)
    img = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)], mode="constant")
    rows = np.zeros((N, oh, ow, C, pool_h, pool_w))
    for i in range(oh):
        for j in range(ow):
            rows[:, i, j] = img[:, :, i * stride:i * stride + pool_h, j * stride:j * stride + pool_w]
    return rows.reshape(-1, pool_h * pool_w), (N, C, H, W, oh, ow)


def max_pooling_forward(x, pool_h, pool_w, stride=2, pad=0):
    """x (N, C, H, W) -> (N, C, OH, OW)."""
    rows, (N, C, _, _, oh, ow) = _windows(x, pool_h, pool_w, stride, pad)
    # 穴埋め (1) / blank (1): 各窓（各行）の最大値 / the maximum of each window (each row)
    out = ___
    # 穴埋め (2) / blank (2): (n, oh, ow, c) の順に並んだ値を (N, C, OH, OW) に
    # the values, in (n, oh, ow, c) order, rearranged to (N, C, OH, OW)
    return ___


def max_pooling_backward(dout, x, pool_h, pool_w, stride=2, pad=0):
    """dout (N, C, OH, OW) -> dx (N, C, H, W)."""
    rows, (N, C, H, W, oh, ow) = _windows(x, pool_h, pool_w, stride, pad)
    winner = rows.argmax(axis=1)               # 各窓の最大値の位置 / where each window's maximum is
    # 穴埋め (3) / blank (3): dout を窓の行と同じ (n, oh, ow, c) の順の 1 次元に
    # dout flattened in the windows' row order (n, oh, ow, c)
    flat = ___
    grad = np.zeros_like(rows)
    # 穴埋め (4) / blank (4): 各行の最大値の位置にだけ勾配を入れる
    # put each gradient only at its row's maximum
    grad[___] = flat
    grad = grad.reshape(N, oh, ow, C, pool_h, pool_w)
    dimg = np.zeros((N, C, H + 2 * pad, W + 2 * pad))
    for i in range(oh):
        for j in range(ow):
            dimg[:, :, i * stride:i * stride + pool_h, j * stride:j * stride + pool_w] += grad[:, i, j]
    return dimg[:, :, pad:pad + H, pad:pad + W]
