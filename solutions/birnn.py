"""Reference: a bidirectional RNN with a linear output layer (Rabbit Challenge Day 3)."""
import numpy as np


def _rnn(xs, W, U):
    """xs (N, T, D), W (H, D), U (H, H) -> hs (N, T, H); h_t = tanh(x_t W^T + h_{t-1} U^T), h_{-1} = 0."""
    N, T, _ = xs.shape
    H = W.shape[0]
    hs = np.zeros((N, T, H))
    h = np.zeros((N, H))
    for t in range(T):
        h = np.tanh(xs[:, t].dot(W.T) + h.dot(U.T))
        hs[:, t] = h
    return hs


def bidirectional_rnn_net(xs, W_f, U_f, W_b, U_b, V):
    """xs (N, T, D); W_f, W_b (H, D); U_f, U_b (H, H); V (O, 2H).  Returns ys (N, T, O).

    The backward RNN reads each sequence reversed in time; its states are put back in
    forward time order and joined after the forward states: hs (N, T, 2H), ys = hs V^T.
    (Written for all samples at once; the stub joins one sample at a time, with the same result.)
    """
    hs_f = _rnn(xs, W_f, U_f)
    hs_b = _rnn(xs[:, ::-1], W_b, U_b)
    hs = np.concatenate([hs_f, hs_b[:, ::-1]], axis=2)
    return hs.dot(V.T)
