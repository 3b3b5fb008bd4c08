"""Reference: initial weights for sigmoid/tanh (Xavier) and ReLU (He) networks (DL1 6.2)."""
import numpy as np


def xavier_std(n_in):
    """Standard deviation of Xavier (Glorot) initialization: 1 / sqrt(n_in)."""
    return 1.0 / np.sqrt(n_in)


def he_std(n_in):
    """Standard deviation of He initialization: sqrt(2 / n_in)."""
    return np.sqrt(2.0 / n_in)


def init_weight(n_in, n_out, method, seed):
    """An (n_in, n_out) array of standard normals times the method's std.

    method: "xavier" or "he"; seed: the seed of the random generator (same seed, same weights).
    """
    rng = np.random.default_rng(seed)
    if method == "xavier":
        std = xavier_std(n_in)
    elif method == "he":
        std = he_std(n_in)
    else:
        raise ValueError(f"unknown method {method!r}")
    return rng.standard_normal((n_in, n_out)) * std
