"""Reference: word2vec's CBOW forward pass and skip-gram loss (Rabbit Challenge Day 3, DL2 ch. 3)."""
import numpy as np


def _softmax(s):
    """Row-wise softmax of s (N, V); each row's maximum is subtracted first so exp cannot overflow."""
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def cbow_forward(contexts, W_in, W_out):
    """contexts (N, C) int64 word ids, W_in (V, H), W_out (H, V).

    Returns probs (N, V): row n is the softmax of h[n] @ W_out, where h[n] is the
    mean of the rows of W_in for the C context words of example n.
    """
    h = W_in[contexts].mean(axis=1)          # (N, C, H) -> (N, H)
    s = h @ W_out                            # (N, V)
    return _softmax(s)


def skipgram_loss(target, contexts, W_in, W_out):
    """target (N,) int64 ids, contexts (N, C) int64 ids, W_in (V, H), W_out (H, V).

    h = W_in[target], p = softmax(h @ W_out) (N, V); the loss is, summed over the
    context positions c, the mean over the batch of -log p[n, contexts[n, c]].
    Returns a float.
    """
    h = W_in[target]                         # (N, H)
    p = _softmax(h @ W_out)                  # (N, V)
    N, C = contexts.shape
    rows = np.arange(N)
    loss = 0.0
    for c in range(C):
        loss += -np.log(p[rows, contexts[:, c]]).mean()
    return float(loss)
