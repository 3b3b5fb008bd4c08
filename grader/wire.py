"""Plain data between the grader and the worker process.

Values cross the process boundary as JSON, never as pickles: NumPy arrays of a
numeric or bool dtype (base64 of their bytes), numbers, strings, bool, None, and
lists, tuples and dicts (string keys) of these.  A value kept inside the worker
(a learner's object with state) crosses as a :class:`Ref`.  Decoding accepts only
these forms, so nothing the worker sends can run code in the grader.

Messages are framed as a 4-byte big-endian length and the UTF-8 JSON text.
"""
from __future__ import annotations

import base64
import json
import re
import struct
from dataclasses import dataclass
from typing import Any, BinaryIO, Optional

import numpy as np

MAX_DEPTH = 32
_DTYPE = re.compile(r"^[<>|=]?[biuf][1248]$")


class WireError(ValueError):
    """A value that cannot cross the boundary, or a malformed message."""


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
    if not (isinstance(spec, list) and len(spec) == 3):
        raise WireError("malformed array")
    dtype_str, shape, data = spec
    if not (isinstance(dtype_str, str) and _DTYPE.match(dtype_str)):
        raise WireError(f"refused dtype {dtype_str!r}")
    if not (isinstance(shape, list) and all(type(n) is int and n >= 0 for n in shape)):
        raise WireError("malformed shape")
    if not isinstance(data, str):
        raise WireError("malformed array data")
    dtype = np.dtype(dtype_str)
    raw = base64.b64decode(data.encode("ascii"), validate=True)
    count = int(np.prod(shape, dtype=np.int64)) if shape else 1
    if len(raw) != count * dtype.itemsize:
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


def copy_plain(value: Any) -> Any:
    """A deep copy of plain data, made by a round trip through the encoding."""
    return decode(json.loads(json.dumps(encode(value))))


def write_message(stream: BinaryIO, message: dict) -> None:
    body = json.dumps(message, allow_nan=False, separators=(",", ":")).encode("utf-8")
    stream.write(struct.pack(">I", len(body)) + body)
    stream.flush()


def _read_exact(stream: BinaryIO, size: int) -> Optional[bytes]:
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_message(stream: BinaryIO, limit: int) -> Optional[dict]:
    """The next message, or None at end of stream.  WireError when it exceeds
    ``limit`` bytes or is not a JSON object."""
    head = _read_exact(stream, 4)
    if head is None:
        return None
    (size,) = struct.unpack(">I", head)
    if size > limit:
        raise WireError(f"a message of {size} bytes (the limit is {limit})")
    body = _read_exact(stream, size)
    if body is None:
        return None
    try:
        message = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise WireError(f"malformed message: {exc}") from None
    if not isinstance(message, dict):
        raise WireError("malformed message")
    return message
