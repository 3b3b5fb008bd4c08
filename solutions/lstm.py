"""Reference: one step of an LSTM cell (Rabbit Challenge Day 3)."""
import numpy as np


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _activation(x):
    # The original challenge wraps lstm_in in `_activation(...)`; here it is the identity.
    return x


def lstm(x, prev_h, prev_c, W, U, b):
    """x (N, D), prev_h (N, H), prev_c (N, H), W (4H, D), U (4H, H), b (4H,).

    Returns (c, h), both (N, H).  Gate order in lstm_in: a, i, f, o.
    """
    lstm_in = _activation(x.dot(W.T) + prev_h.dot(U.T) + b)
    a, i, f, o = np.hsplit(lstm_in, 4)
    a = np.tanh(a)
    input_gate = _sigmoid(i)
    forget_gate = _sigmoid(f)
    output_gate = _sigmoid(o)
    c = input_gate * a + forget_gate * prev_c
    h = output_gate * np.tanh(c)
    return c, h
