"""Framing of the messages between the grader and the worker.

A message is a 4-byte big-endian length and that many bytes of UTF-8 JSON, an
object at the top.  The grader reads what the worker sends as untrusted input:
the length is checked before anything is buffered, and the JSON text is parsed
with bounded numbers and nesting, so a hostile reply is a :class:`WireError`,
never an exception that escapes or a parse that runs for minutes.

Standard library only: the worker uses this before it imports anything else.
"""
from __future__ import annotations

import json
import math
import struct
from typing import BinaryIO, List, Optional

MAX_NUMBER_DIGITS = 400     # an int or float literal longer than this is refused


class WireError(ValueError):
    """A value that cannot cross the boundary, or a malformed message."""


def encode_message(message: dict) -> bytes:
    body = json.dumps(message, allow_nan=False, separators=(",", ":")).encode("utf-8")
    return struct.pack(">I", len(body)) + body


def write_message(stream: BinaryIO, message: dict) -> None:
    stream.write(encode_message(message))
    stream.flush()


def _number(kind):
    def parse(text: str):
        if len(text) > MAX_NUMBER_DIGITS:
            raise WireError(f"a number of {len(text)} digits")
        value = kind(text)
        if kind is float and not math.isfinite(value):
            raise WireError("a number out of range")   # inf and nan cross as {"__float__": ...}
        return value

    return parse


def _no_constant(name: str):
    raise WireError(f"{name} is not allowed in a message")


def parse_body(body: bytes) -> dict:
    """The JSON object in ``body``; WireError for anything else."""
    try:
        message = json.loads(body.decode("utf-8"), parse_int=_number(int), parse_float=_number(float),
                             parse_constant=_no_constant)
    except WireError:
        raise
    except RecursionError:
        raise WireError("malformed message: nested too deeply") from None
    except (UnicodeDecodeError, ValueError, TypeError) as exc:
        raise WireError(f"malformed message: {str(exc)[:200]}") from None
    if not isinstance(message, dict):
        raise WireError("malformed message: not an object")
    return message


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
    return parse_body(body)


class Decoder:
    """Messages out of a byte stream fed in pieces (the grader's reader thread)."""

    def __init__(self, limit: int):
        self.limit = limit
        self.buffer = bytearray()

    def feed(self, chunk: bytes) -> List[dict]:
        """The whole messages completed by ``chunk``; WireError on a bad one
        (after which the stream cannot be trusted to be in step)."""
        self.buffer += chunk
        out = []
        while len(self.buffer) >= 4:
            (size,) = struct.unpack(">I", self.buffer[:4])
            if size > self.limit:
                raise WireError(f"a message of {size} bytes (the limit is {self.limit})")
            if len(self.buffer) < 4 + size:
                break
            body = bytes(self.buffer[4:4 + size])
            del self.buffer[:4 + size]
            out.append(parse_body(body))
        return out
