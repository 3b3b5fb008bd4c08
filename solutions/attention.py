"""Reference: dot-product attention of a decoder state over encoder states
(Rabbit Challenge Day 3, DL2 ch. 8)."""
import numpy as np


def attention(hs, h):
    """hs (N, T, H) encoder states, h (N, H) decoder state.

    scores[n, t] = hs[n, t] . h[n]; weights = softmax of scores over t (N, T);
    context[n] = sum over t of weights[n, t] * hs[n, t] (N, H).
    Returns (context, weights).
    """
    scores = np.einsum("nth,nh->nt", hs, h)                      # (N, T)
    e = np.exp(scores - scores.max(axis=1, keepdims=True))      # stable: exp <= 1
    weights = e / e.sum(axis=1, keepdims=True)                   # (N, T)
    context = np.einsum("nt,nth->nh", weights, hs)               # (N, H)
    return context, weights
