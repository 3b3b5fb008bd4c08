"""Reference: the forward pass of a simple RNN (Rabbit Challenge Day 3).

Row vectors, as in the course notebook: u_t = x_t W_in + z_{t-1} W + b.
"""
import numpy as np


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def rnn_forward(X, W_in, W, W_out, b, c):
    """X (N, T, D), W_in (D, H), W (H, H), W_out (H, O), b (H,), c (O,).

    Returns (Z, Y): the hidden states Z (N, T, H) and the outputs Y (N, T, O).
    z_0 = 0; z_t = sigmoid(x_t W_in + z_{t-1} W + b); y_t = sigmoid(z_t W_out + c).
    """
    N, T, _ = X.shape
    H = W.shape[0]
    O = W_out.shape[1]
    Z = np.zeros((N, T, H))
    Y = np.zeros((N, T, O))
    z_prev = np.zeros((N, H))
    for t in range(T):
        x_t = X[:, t]
        u = np.dot(x_t, W_in) + np.dot(z_prev, W) + b
        z = _sigmoid(u)
        y = _sigmoid(np.dot(z, W_out) + c)
        Z[:, t] = z
        Y[:, t] = y
        z_prev = z
    return Z, Y
