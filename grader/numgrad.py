"""Numerical gradients for checks that do not trust the reference.

:func:`numerical_gradient` takes central differences of a scalar function of
one array; :func:`relative_error` is the CS231n-style measure
``|a - b| / max(|a|, |b|)`` taken elementwise (with a floor so tiny entries
do not blow it up), whose maximum a check compares with a threshold
(about 1e-7 is excellent for float64, above 1e-4 is wrong for smooth losses).

:func:`numerical_gradient_stacked` gives the same gradient from one call on
every perturbed copy at once (a function that works on a batch), and
:func:`remembered` keeps a gradient for the learner's run of a task after the
reference's run computed it on the same inputs.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Callable, Sequence

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


def numerical_gradient_stacked(f_each: Callable[[np.ndarray], Sequence[float]], x: np.ndarray,
                               h: float = 1e-5) -> np.ndarray:
    """What :func:`numerical_gradient` gives, with every perturbed copy of ``x``
    evaluated in one call: ``f_each(xs)``, for ``xs`` of shape ``(K,) + x.shape``
    (copy k is ``x`` with one entry moved by +h or -h), returns the K values of
    f.  The copies hold the values numerical_gradient makes (x[idx] + h and
    x[idx] - h, every other entry as it is), so an ``f_each`` that computes each
    value as f would gives the same gradient, bit for bit, in far fewer calls."""
    x = np.array(x, dtype=np.float64, copy=True)
    n = x.size
    steps = np.zeros((n, n))
    np.fill_diagonal(steps, h)
    steps = steps.reshape((n,) + x.shape)
    plus = np.asarray(f_each(x + steps), dtype=np.float64)
    minus = np.asarray(f_each(x - steps), dtype=np.float64)
    return ((plus - minus) / (2 * h)).reshape(x.shape)


_REMEMBERED: "OrderedDict[tuple, object]" = OrderedDict()
KEEP = 32   # gradients remembered at most (the newest)


def _key_part(value):
    if isinstance(value, np.ndarray):
        return ("nd", value.dtype.str, value.shape, value.tobytes())
    if isinstance(value, (tuple, list)):
        return (type(value).__name__,) + tuple(_key_part(v) for v in value)
    if isinstance(value, (str, int, float, bool, type(None), np.generic)):
        return (type(value).__name__, value)
    raise TypeError(f"cannot remember by a {type(value).__name__}")


def _copy(value):
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, tuple):
        return tuple(_copy(v) for v in value)
    return value


def remembered(key: Sequence, compute: Callable[[], object]) -> object:
    """``compute()``, or a copy of what it returned for an equal ``key`` before in
    this process.  ``key`` (strings, numbers, arrays, tuples of these) must hold
    everything the result depends on: for a numerical gradient of our own
    functions of a task's inputs, which the task computes once for the reference
    and once for the learner's code on the same inputs."""
    full = _key_part(tuple(key))
    if full in _REMEMBERED:
        _REMEMBERED.move_to_end(full)
        return _copy(_REMEMBERED[full])
    value = compute()
    _REMEMBERED[full] = _copy(value)
    while len(_REMEMBERED) > KEEP:
        _REMEMBERED.popitem(last=False)
    return value


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
