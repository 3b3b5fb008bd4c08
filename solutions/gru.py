"""Reference: one step of a GRU cell (Rabbit Challenge Day 3, as in DL2)."""
import numpy as np


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def gru(x, h, W_r, U_r, W_z, U_z, W, U):
    """x (N, D), h (N, H); W_r, W_z, W (H, D); U_r, U_z, U (H, H).  No biases.

    r is the reset gate, z the update gate, h_bar the candidate (the reset is applied
    to h before the product with U).  Returns h_new (N, H) = (1 - z) * h + z * h_bar:
    z is the share of the candidate (PyTorch's GRUCell gives z the opposite role).
    """
    r = _sigmoid(x.dot(W_r.T) + h.dot(U_r.T))
    z = _sigmoid(x.dot(W_z.T) + h.dot(U_z.T))
    h_bar = np.tanh(x.dot(W.T) + (r * h).dot(U.T))
    h_new = (1 - z) * h + z * h_bar
    return h_new
