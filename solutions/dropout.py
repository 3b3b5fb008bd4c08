"""Reference: dropout as in ゼロから作るDeep Learning 6.4.3 (not the "inverted" kind).

Training: each unit is kept where a uniform draw exceeds ratio, and the output is
x * mask.  Test time: nothing is dropped, and the output is scaled by the share of
units kept in training, x * (1 - ratio).
"""
import numpy as np


def dropout_forward(x, ratio, train, seed=None):
    """x: an array of any shape; ratio: the share of units to drop (0 <= ratio < 1).
    Returns (out, mask); mask is a bool array of x's shape in training, None at test time.
    seed, when given, seeds NumPy's global generator first (np.random.seed)."""
    if train:
        if seed is not None:
            np.random.seed(seed)
        mask = np.random.rand(*x.shape) > ratio
        out = x * mask
        return out, mask
    out = x * (1.0 - ratio)
    return out, None


def dropout_backward(dout, mask):
    """The gradient flows only through the units kept in the forward pass."""
    return dout * mask
