"""Reference: gradient clipping by the global norm (Rabbit Challenge Day 3)."""
import numpy as np


def gradient_clipping(grad, threshold):
    """Rescale ``grad`` so its norm is at most ``threshold``.

    grad: array of any shape; threshold: positive float.  Returns an array shaped like grad.
    The norm is taken over the whole array (not per row).  When it exceeds threshold the
    result is grad * threshold / norm; otherwise grad is returned unchanged, so a zero
    gradient stays zero (never NaN) and a norm equal to threshold is left as it is.
    """
    norm = np.linalg.norm(grad)
    rate = threshold / norm if norm > 0 else np.inf
    if rate < 1:
        return grad * rate
    return grad
