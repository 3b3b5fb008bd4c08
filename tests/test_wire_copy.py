"""wire.copy_plain copies directly, and gives exactly what a round trip through
the encoding gives: the same types, dtypes, values and refusals."""
import json
import math
import warnings

import numpy as np
import pytest

from grader import wire


def _through_text(value):
    return wire.decode(json.loads(json.dumps(wire.encode(value))))


def _same(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and a.flags.c_contiguous == b.flags.c_contiguous \
            and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    if isinstance(a, np.generic):
        return a.dtype == b.dtype and (a == b or (np.isnan(a) and np.isnan(b)))
    if isinstance(a, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b) or (math.isnan(a) and math.isnan(b))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return a == b


def _matrix():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        return np.matrix([[1.0, 2.0]])


VALUES = [_matrix(), 
    None, True, False, 0, -7, 2 ** 80, 0.25, -0.0, float("nan"), float("inf"), float("-inf"), "", "山田",
    np.float64(1.5), np.float32(2.5), np.int64(-3), np.uint8(200), np.bool_(True), np.float16(0.5),
    np.arange(6.0).reshape(2, 3), np.arange(6.0).reshape(2, 3).T, np.arange(12)[::3], np.array(2.0),
    np.zeros((0, 3)), np.array([True, False]), np.array([1.5, -2.0], dtype=">f4"), np.ones(3, dtype=np.int8),
    np.array([np.nan, np.inf, -np.inf]), np.ma.masked_array([1.0, 2.0], mask=[True, False]),
    None, [], (), {}, [1, (2.5, [None])], (np.eye(2), {"a": [np.int32(3)]}),
    {"k": {"l": (np.zeros(2), "s")}}, wire.Ref(4), [wire.Ref(1), {"r": wire.Ref(2)}],
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_copy_equals_the_round_trip(value):
    assert _same(wire.copy_plain(value), _through_text(value))


def test_a_copy_shares_no_array_with_the_original():
    a = np.arange(4.0)
    nested = {"a": a, "t": (a, [a])}
    back = wire.copy_plain(nested)
    a[0] = 99
    assert back["a"][0] == 0 and back["t"][0][0] == 0 and back["t"][1][0][0] == 0
    assert back["a"] is not back["t"][0]


class _Str(str):
    pass


class _Int(int):
    pass


REFUSED = [object(), np.array(["a"]), np.array([1 + 2j]), np.array([object()], dtype=object), {1: 2},
           {_Str("k"): 1}, _Str("s"), _Int(3), lambda: 0, {1, 2}, np.datetime64("2020-01-01"),
           np.array([1.0], dtype=np.longdouble) if np.dtype(np.longdouble).itemsize > 8 else np.array(["x"]),
           frozenset(), bytearray(b"x"), b"bytes"]


@pytest.mark.parametrize("value", REFUSED, ids=lambda v: type(v).__name__)
def test_refuses_what_the_encoding_refuses(value):
    with pytest.raises(wire.WireError):
        _through_text(value)
    with pytest.raises(wire.WireError):
        wire.copy_plain(value)


def test_depth_limit_is_the_encodings():
    deep_ok, deep_bad = [], []
    inner = deep_ok
    for _ in range(wire.MAX_DEPTH):
        inner.append([])
        inner = inner[0]
    inner = deep_bad
    for _ in range(wire.MAX_DEPTH + 1):
        inner.append([])
        inner = inner[0]
    assert _same(wire.copy_plain(deep_ok), _through_text(deep_ok))
    for value in (deep_bad, ):
        with pytest.raises(wire.WireError):
            _through_text(value)
        with pytest.raises(wire.WireError):
            wire.copy_plain(value)
