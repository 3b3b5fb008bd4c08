"""Reference: backpropagation through time for the linear RNN of Rabbit Challenge Day 3.

h_t = x_t W^T + h_{t-1} U^T (identity activation), y_t = h_t V^T, h_{-1} = 0.
Loss E = sum over t and the batch of 0.5 * ||y_t - ys_t||^2 / N.
"""
import numpy as np


def _activation(x):
    # The challenge's network has no nonlinearity: the identity.
    return x


def rnn_net(xs, W, U, V):
    """xs (N, T, D), W (H, D), U (H, H), V (O, H) -> hiddens (N, T, H), outputs (N, T, O)."""
    N, T, _ = xs.shape
    hiddens = np.zeros((N, T, W.shape[0]))
    outputs = np.zeros((N, T, V.shape[0]))
    h = np.zeros((N, W.shape[0]))
    for t in range(T):
        h = _activation(xs[:, t].dot(W.T) + h.dot(U.T))
        hiddens[:, t] = h
        outputs[:, t] = _activation(h.dot(V.T))
    return hiddens, outputs


def bptt(xs, ys, W, U, V):
    """xs (N, T, D), ys (N, T, O), W (H, D), U (H, H), V (O, H).

    Returns (dW, dU, dV), the gradients of E, shaped like W, U and V.
    """
    hiddens, outputs = rnn_net(xs, W, U, V)
    N, T = ys.shape[:2]
    dW, dU, dV = np.zeros_like(W), np.zeros_like(U), np.zeros_like(V)
    do = outputs - ys
    for t in reversed(range(T)):
        dV += do[:, t].T @ hiddens[:, t] / N
        delta_t = do[:, t] @ V
        for bptt_step in reversed(range(t + 1)):
            h_prev = hiddens[:, bptt_step - 1] if bptt_step > 0 else np.zeros_like(hiddens[:, 0])
            dW += delta_t.T @ xs[:, bptt_step] / N
            dU += delta_t.T @ h_prev / N
            delta_t = delta_t.dot(U)
    return dW, dU, dV
