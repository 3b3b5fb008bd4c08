"""The worker process: confines itself, loads a learner's module and runs calls on it.

Started by :mod:`grader.spawn` from a private copy of these modules, with
``python -I`` and an allow-listed environment.  The first message on stdin is
the setup: the worker confines itself (:mod:`grader.confine`) before it
imports NumPy or reads the learner's file, and answers with what took effect
(``ready``).  Then it reads requests from stdin and writes responses to stdout
(see :mod:`grader.wire`); before any learner code runs, both are moved to
private descriptors, stdin is replaced by an empty stream and file descriptor 1
by stderr, so nothing the learner prints can be taken for a response.  Objects
the learner creates (optimizers) stay here and are named by handles.

Everything in this process is untrusted once the learner's module is loaded:
the grader never unpickles what comes back, checks every reply's size and form,
and compares results itself.
"""
from __future__ import annotations

import importlib.util
import io
import os
import sys
import traceback
from pathlib import Path
from typing import Any, Dict

PRINT_CAP = 4000
MESSAGE_CAP = 2000
RESPONSE_CAP = 64 * 1024 * 1024


class CappedWriter(io.TextIOBase):
    """A text stream that keeps the first ``cap`` characters and drops the rest."""

    def __init__(self, cap: int = PRINT_CAP):
        self.cap = cap
        self.parts: list = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        text = str(text)
        if self.size < self.cap:
            self.parts.append(text[: self.cap - self.size])
        self.size += len(text)
        return len(text)

    def take(self) -> str:
        text = "".join(self.parts)
        if self.size > self.cap:
            text += f"... [{self.size - self.cap} more characters]"
        self.parts, self.size = [], 0
        return text


def _take_protocol_streams():
    proto_in = os.fdopen(os.dup(0), "rb", buffering=0)
    proto_out = os.fdopen(os.dup(1), "wb", buffering=0)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    sys.stdin = open(os.devnull, encoding="utf-8")
    return proto_in, proto_out


def _is_blank(exc: BaseException) -> bool:
    """A NameError for ``___``: a blank reached (NameError.name exists from Python 3.10)."""
    if not isinstance(exc, NameError):
        return False
    name = getattr(exc, "name", None)
    return name == "___" if name is not None else str(exc) == "name '___' is not defined"


class Worker:
    def __init__(self):
        from grader import wire  # numpy is imported here, after the streams moved

        self.wire = wire
        self.module = None
        self.path = None
        self.objects: Dict[int, Any] = {}
        self.out = CappedWriter()
        sys.stdout = sys.stderr = self.out
        self.warned: list = []
        import warnings

        warnings.simplefilter("default")
        warnings.showwarning = self._warned

    # -- helpers -----------------------------------------------------------
    def _warned(self, message, category, filename, lineno, file=None, line=None) -> None:
        """A warning (NumPy's overflow, say): kept with the learner's line it came from."""
        if len(self.warned) < 5:
            ours = self.path is not None and os.path.abspath(str(filename)) == self.path
            self.warned.append([getattr(category, "__name__", "Warning"), str(message)[:300],
                                lineno if ours else None])

    def _store(self, value) -> dict:
        handle = len(self.objects) + 1
        self.objects[handle] = value
        return self.wire.encode(self.wire.Ref(handle))

    def _resolve(self, value):
        wire = self.wire
        if isinstance(value, wire.Ref):
            if value.handle not in self.objects:
                raise LookupError(f"unknown handle {value.handle}")
            return self.objects[value.handle]
        if isinstance(value, list):
            return [self._resolve(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self._resolve(v) for v in value)
        if isinstance(value, dict):
            return {k: self._resolve(v) for k, v in value.items()}
        return value

    def _args(self, msg):
        args = self._resolve(self.wire.decode(msg.get("args", [])))
        kwargs = self._resolve(self.wire.decode(msg.get("kwargs", {"__dict__": {}})))
        return args, kwargs

    def _frames(self, exc: BaseException):
        frames = []
        for frame in traceback.extract_tb(exc.__traceback__):
            if self.path and os.path.abspath(frame.filename) == self.path:
                frames.append([frame.lineno, frame.name, (frame.line or "")[:200]])
        return frames

    def _error(self, exc: BaseException) -> dict:
        frames = self._frames(exc)
        if isinstance(exc, SystemExit):
            return {"kind": "exit", "type": "SystemExit", "message": repr(exc.code)[:MESSAGE_CAP], "frames": frames}
        if _is_blank(exc):
            return {"kind": "blank", "type": "NameError", "message": str(exc), "frames": frames}
        if isinstance(exc, SyntaxError):
            return {"kind": "syntax", "type": type(exc).__name__, "message": str(exc.msg)[:MESSAGE_CAP],
                    "line": exc.lineno, "col": exc.offset, "text": (exc.text or "")[:200], "frames": frames}
        try:
            text = str(exc)
        except BaseException:  # a hostile __str__
            text = "?"
        error = {"kind": "exception", "type": type(exc).__name__, "message": text[:MESSAGE_CAP], "frames": frames}
        if isinstance(exc, OSError) and isinstance(exc.errno, int):
            error["errno"] = exc.errno   # lets the grader name a limit (EFBIG, ENOSPC, EAGAIN)
        return error

    # -- operations --------------------------------------------------------
    def op_load(self, msg):
        self.path = os.path.abspath(msg["path"])
        sys.path.insert(0, os.path.dirname(self.path))
        name = Path(self.path).stem
        spec = importlib.util.spec_from_file_location(name, self.path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        self.module = module
        missing = [n for n in msg.get("require", []) if not callable(getattr(module, n, None))]
        return {"missing": missing}

    def op_call(self, msg):
        args, kwargs = self._args(msg)
        func = getattr(self.module, msg["name"], None)
        if not callable(func):
            raise AttributeError(f"no function named {msg['name']!r}")
        return func(*args, **kwargs)

    def op_new(self, msg):
        return self.op_call(msg)

    def op_method(self, msg):
        args, kwargs = self._args(msg)
        target = self._resolve(self.wire.Ref(msg["handle"]))
        return getattr(target, msg["name"])(*args, **kwargs)

    def op_put(self, msg):
        return self._resolve(self.wire.decode(msg["value"]))

    def op_get(self, msg):
        return self._resolve(self.wire.Ref(msg["handle"]))

    def handle(self, msg: dict) -> dict:
        reply: dict = {"id": msg.get("id")}
        op = getattr(self, "op_" + str(msg.get("op")), None)
        try:
            if op is None:
                raise ValueError(f"unknown operation {msg.get('op')!r}")
            value = op(msg)
        except BaseException as exc:  # learner code may raise anything, SystemExit included
            reply.update(ok=False, error=self._error(exc))
        else:
            try:
                if msg.get("op") == "load":
                    reply.update(ok=True, value=value)
                elif msg.get("keep") or msg.get("op") in ("new", "put"):
                    reply.update(ok=True, value=self._store(value))
                else:
                    size = self.wire.plain_size(value)
                    if size > RESPONSE_CAP // 2:
                        raise self.wire.WireError(f"about {size // 2**20} MB of data (the limit is "
                                                  f"{RESPONSE_CAP // 2**21} MB)")
                    reply.update(ok=True, value=self.wire.encode(value))
            except self.wire.WireError as exc:
                reply.update(ok=False, error={"kind": "output", "type": "", "message": str(exc), "frames": []})
            except BaseException as exc:  # a hostile object met while encoding
                reply.update(ok=False, error=self._error(exc))
        reply["printed"] = self.out.take()
        if self.warned:
            reply["warnings"], self.warned = self.warned, []
        return reply


def _import_path(setup: dict) -> None:
    """The worker's import path: its own copy first, then Python and its packages;
    nothing of the course, whatever an editable install added at startup."""
    runtime = setup["runtime"]
    sys.path[:] = [runtime] + [p for p in setup.get("sys_path", []) if p != runtime]
    marks = tuple(setup.get("finder_marks", ()))

    def ours(hook) -> bool:
        where = getattr(hook, "__module__", "") or ""
        return any(mark in where for mark in marks)

    sys.meta_path[:] = [f for f in sys.meta_path if not ours(f)]
    sys.path_hooks[:] = [h for h in sys.path_hooks if not ours(h)]
    sys.path_importer_cache.clear()
    for name in [n for n in sys.modules if any(mark in n for mark in marks)]:
        del sys.modules[name]


def _setup() -> dict:
    """Read the setup message from stdin without reading past it."""
    from grader import frames

    with os.fdopen(os.dup(0), "rb", buffering=0) as stream:
        setup = frames.read_message(stream, 1 << 20)
    if not setup or setup.get("op") != "setup":
        os._exit(3)
    return setup


def main() -> None:
    serve(_setup())


def serve(setup: dict) -> None:
    """Confine this process as ``setup`` says, then answer requests until the end
    (started by grader.spawn, or forked by the fork server, grader.zygote)."""
    from grader.confine import confine

    facts = confine(setup)          # in the child that runs the learner's code from here on
    _import_path(setup)
    proto_in, proto_out = _take_protocol_streams()
    worker = Worker()
    wire = worker.wire
    wire.write_message(proto_out, {"id": 0, "ready": True, "facts": facts})
    while True:
        try:
            msg = wire.read_message(proto_in, RESPONSE_CAP)
        except wire.WireError:
            break
        if msg is None or msg.get("op") == "exit":
            break
        reply = worker.handle(msg)
        try:
            wire.write_message(proto_out, reply)
        except ValueError:  # e.g. a NaN that slipped into an error text
            reply = {"id": msg.get("id"), "ok": False, "printed": "",
                     "error": {"kind": "output", "type": "", "message": "unencodable reply", "frames": []}}
            wire.write_message(proto_out, reply)
    os._exit(0)


if __name__ == "__main__":
    main()
