"""Reference: max pooling forward and backward (DL1 7.5)."""
import numpy as np


def _out_size(size, pool, stride, pad):
    return (size + 2 * pad - pool) // stride + 1


def _windows(x, pool_h, pool_w, stride, pad):
    """(N*OH*OW*C, pool_h*pool_w): one row per output value, in (n, oh, ow, c) order."""
    N, C, H, W = x.shape
    oh, ow = _out_size(H, pool_h, stride, pad), _out_size(W, pool_w, stride, pad)
    img = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)], mode="constant")
    rows = np.zeros((N, oh, ow, C, pool_h, pool_w))
    for i in range(oh):
        for j in range(ow):
            rows[:, i, j] = img[:, :, i * stride:i * stride + pool_h, j * stride:j * stride + pool_w]
    return rows.reshape(-1, pool_h * pool_w), (N, C, H, W, oh, ow)


def max_pooling_forward(x, pool_h, pool_w, stride=2, pad=0):
    """x (N, C, H, W) -> (N, C, OH, OW): the maximum of each window (zero padding)."""
    rows, (N, C, _, _, oh, ow) = _windows(x, pool_h, pool_w, stride, pad)
    return rows.max(axis=1).reshape(N, oh, ow, C).transpose(0, 3, 1, 2)


def max_pooling_backward(dout, x, pool_h, pool_w, stride=2, pad=0):
    """dout (N, C, OH, OW) -> dx (N, C, H, W): each gradient goes to the position of its
    window's maximum (the first one on a tie); overlapping windows add up."""
    rows, (N, C, H, W, oh, ow) = _windows(x, pool_h, pool_w, stride, pad)
    winner = rows.argmax(axis=1)
    grad = np.zeros_like(rows)
    grad[np.arange(rows.shape[0]), winner] = dout.transpose(0, 2, 3, 1).reshape(-1)
    grad = grad.reshape(N, oh, ow, C, pool_h, pool_w)
    dimg = np.zeros((N, C, H + 2 * pad, W + 2 * pad))
    for i in range(oh):
        for j in range(ow):
            dimg[:, :, i * stride:i * stride + pool_h, j * stride:j * stride + pool_w] += grad[:, i, j]
    return dimg[:, :, pad:pad + H, pad:pad + W]
