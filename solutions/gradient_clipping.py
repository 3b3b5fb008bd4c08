"""Reference: gradient clipping by the global norm (Rabbit Challenge Day 3)."""
import numpy as np


def gradient_clipping(grad, threshold):
    """Rescale ``grad`` so its norm is at most ``threshold``.

    grad: array of any shape; threshold: positive float.
    The norm is taken over the whole array.  A zero gradient stays zero.
    """
    norm = np.linalg.norm(grad)
    rate = threshold / norm if norm > 0 else np.inf
    if rate < 1:
        return grad * rate
    return grad
