"""Numerical gradients for checks that do not trust the reference.

:func:`numerical_gradient` takes central differences of a scalar function of
one array; :func:`relative_error` is the CS231n-style measure
``|a - b| / max(|a|, |b|)`` taken elementwise (with a floor so tiny entries
do not blow it up), whose maximum a check compares with a threshold
(about 1e-7 is excellent for float64, above 1e-4 is wrong for smooth losses).
"""
from __future__ import annotations

from typing import Callable

import numpy as np


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """d f / d x by central differences; ``x`` is not changed."""
    x = np.array(x, dtype=np.float64, copy=True)
    grad = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        saved = x[idx]
        x[idx] = saved + h
        plus = float(f(x))
        x[idx] = saved - h
        minus = float(f(x))
        x[idx] = saved
        grad[idx] = (plus - minus) / (2 * h)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray, floor: float = 1e-8) -> float:
    """The largest elementwise relative error between ``a`` and ``b``."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    scale = np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)
    return float(np.max(np.abs(a - b) / scale))
