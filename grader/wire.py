"""Plain data between the grader and the worker process.

Values cross the process boundary as JSON, never as pickles: NumPy arrays of a
numeric or bool dtype (base64 of their bytes), numbers, strings, bool, None, and
lists, tuples and dicts (string keys) of these.  A value kept inside the worker
(a learner's object with state) crosses as a :class:`Ref`.  Decoding accepts only
these forms, so nothing the worker sends can run code in the grader.

Messages are framed by :mod:`grader.frames`.
"""
from __future__ import annotations

import base64
import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.frames import WireError, read_message, write_message  # noqa: F401  (one import for both sides)

MAX_DEPTH = 32
MAX_NDIM = 32
MAX_ELEMENTS = 1 << 28      # more than any reply that fits in a message
_DTYPE = re.compile(r"^[<>|=]?(b1|[iu][1248]|f[248])$")


@dataclass(frozen=True)
class Ref:
    """A value kept inside the worker, named by its handle."""

    handle: int


def _type_name(value: Any) -> str:
    cls = type(value)
    return cls.__name__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__name__}"


def encode(value: Any, depth: int = 0) -> Any:
    """Turn plain data into JSON-ready data; raise WireError for anything else."""
    if depth > MAX_DEPTH:
        raise WireError("nested too deeply")
    if value is None or type(value) in (bool, str):
        return value
    if type(value) is int:
        return value
    if type(value) is float:
        return value if np.isfinite(value) else {"__float__": repr(value)}
    if isinstance(value, Ref):
        return {"__ref__": value.handle}
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        arr = np.array(value, order="C", subok=False)
        if arr.dtype.kind not in "biuf":
            raise WireError(f"an array of dtype {arr.dtype} (only numeric or bool arrays can be graded)")
        kind = "__nd__" if isinstance(value, np.ndarray) else "__np__"
        return {kind: [arr.dtype.str, list(arr.shape), base64.b64encode(arr.tobytes()).decode("ascii")]}
    if type(value) in (list, tuple):
        items = [encode(v, depth + 1) for v in value]
        return items if type(value) is list else {"__tuple__": items}
    if type(value) is dict:
        out = {}
        for key, item in value.items():
            if type(key) is not str:
                raise WireError(f"a dict with a key of type {_type_name(key)} (only str keys)")
            out[key] = encode(item, depth + 1)
        return {"__dict__": out}
    raise WireError(f"an object of type {_type_name(value)}")


def plain_size(value: Any, depth: int = 0) -> int:
    """About how many bytes ``value`` takes on the wire (before base64)."""
    if depth > MAX_DEPTH:
        return 0
    if isinstance(value, (np.ndarray, np.generic)):
        return int(getattr(value, "nbytes", 8))
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (list, tuple)):
        return sum(plain_size(v, depth + 1) for v in value) + 2
    if isinstance(value, dict):
        return sum(plain_size(v, depth + 1) + len(str(k)) for k, v in value.items()) + 2
    return 8


def _decode_array(spec: Any) -> np.ndarray:
    """An array from its [dtype, shape, base64] spec; every size is checked
    before anything is allocated."""
    if not (isinstance(spec, list) and len(spec) == 3):
        raise WireError("malformed array")
    dtype_str, shape, data = spec
    if not (isinstance(dtype_str, str) and _DTYPE.match(dtype_str)):
        raise WireError(f"refused dtype {str(dtype_str)[:40]!r}")
    if not (isinstance(shape, list) and len(shape) <= MAX_NDIM
            and all(type(n) is int and 0 <= n <= MAX_ELEMENTS for n in shape)):
        raise WireError("malformed shape")
    if not isinstance(data, str):
        raise WireError("malformed array data")
    dtype = np.dtype(dtype_str)
    count = math.prod(shape)
    if count > MAX_ELEMENTS:
        raise WireError(f"an array of {count} elements")
    nbytes = count * dtype.itemsize
    if len(data) != 4 * ((nbytes + 2) // 3):
        raise WireError("array data does not match its shape")
    try:
        raw = base64.b64decode(data.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise WireError("malformed array data") from None
    if len(raw) != nbytes:
        raise WireError("array data does not match its shape")
    return np.frombuffer(raw, dtype=dtype).reshape(tuple(shape)).copy()


def decode(data: Any, depth: int = 0) -> Any:
    """Inverse of :func:`encode`; accepts nothing but the forms it produces."""
    if depth > MAX_DEPTH:
        raise WireError("nested too deeply")
    if data is None or type(data) in (bool, str, int, float):
        return data
    if type(data) is list:
        return [decode(v, depth + 1) for v in data]
    if type(data) is dict and len(data) == 1:
        (tag, body), = data.items()
        if tag == "__nd__":
            return _decode_array(body)
        if tag == "__np__":
            return _decode_array(body)[()]
        if tag == "__tuple__" and type(body) is list:
            return tuple(decode(v, depth + 1) for v in body)
        if tag == "__dict__" and type(body) is dict:
            return {str(k): decode(v, depth + 1) for k, v in body.items()}
        if tag == "__ref__" and type(body) is int:
            return Ref(body)
        if tag == "__float__" and body in ("nan", "inf", "-inf"):
            return float(body)
    raise WireError("malformed value")


def _copy_array(value: Any) -> Any:
    arr = np.array(value, order="C", subok=False)   # a copy, as encode makes
    if arr.dtype.kind not in "biuf":
        raise WireError(f"an array of dtype {arr.dtype} (only numeric or bool arrays can be graded)")
    if not _DTYPE.match(arr.dtype.str):
        raise WireError(f"refused dtype {arr.dtype.str[:40]!r}")
    if arr.ndim > MAX_NDIM or arr.size > MAX_ELEMENTS:
        raise WireError(f"an array of {arr.size} elements")
    return arr if isinstance(value, np.ndarray) else arr[()]


def copy_plain(value: Any, depth: int = 0) -> Any:
    """A deep copy of plain data: what a round trip through the encoding gives
    (``decode(encode(value))``, the same types, dtypes and refusals), made without
    the text in between (the reference's big arrays are copied in microseconds)."""
    if depth > MAX_DEPTH:
        raise WireError("nested too deeply")
    if value is None or type(value) in (bool, str, int):
        return value
    if type(value) is float:
        return value if math.isfinite(value) else float(repr(value))
    if isinstance(value, Ref):
        return Ref(value.handle)
    if isinstance(value, (np.ndarray, np.generic)):
        return _copy_array(value)
    if type(value) in (list, tuple):
        items = [copy_plain(v, depth + 1) for v in value]
        return items if type(value) is list else tuple(items)
    if type(value) is dict:
        out = {}
        for key, item in value.items():
            if type(key) is not str:
                raise WireError(f"a dict with a key of type {_type_name(key)} (only str keys)")
            out[key] = copy_plain(item, depth + 1)
        return out
    raise WireError(f"an object of type {_type_name(value)}")
