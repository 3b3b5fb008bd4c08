"""One interface to call a solution: the learner's (in the worker) or the reference.

Check code receives two :class:`Impl` objects, ``sub`` (the learner's
submission) and ``ref`` (the reference solution), and calls them alike::

    c, h = sub.lstm(x, prev_h, prev_c, W, U, b)      # any module-level function
    opt = sub.new("Adam", lr=0.1)                      # an object kept by the solution
    params = sub.put({"W": W})                         # a value kept by the solution
    opt.update(params, grads)                          # a method call; refs resolve there
    W_now = sub.get(params)["W"]

Arguments are copied on the way in and results on the way out, so neither
side can change the other's data, and both return plain data only.
"""
from __future__ import annotations

import itertools
from types import ModuleType
from typing import Any, Dict

from grader import wire
from grader.i18n import tr
from grader.sandbox import Sandbox


class Obj:
    """An object kept inside a solution; attribute access calls its methods."""

    def __init__(self, impl: "Impl", ref: wire.Ref, label: str):
        self._impl, self.ref, self._label = impl, ref, label

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)

        def method(*args, **kwargs):
            return self._impl.method(self, name, *args, **kwargs)

        return method


class Impl:
    """Common surface of :class:`LearnerImpl` and :class:`LocalImpl`."""

    def call(self, name: str, *args, **kwargs) -> Any:
        raise NotImplementedError

    def new(self, cls: str, *args, **kwargs) -> Obj:
        raise NotImplementedError

    def method(self, obj: Obj, name: str, *args, **kwargs) -> Any:
        raise NotImplementedError

    def put(self, value: Any) -> Obj:
        raise NotImplementedError

    def get(self, obj: Obj) -> Any:
        raise NotImplementedError

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)

        def function(*args, **kwargs):
            return self.call(name, *args, **kwargs)

        function.__name__ = name
        return function


def _refs(value: Any) -> Any:
    """Replace Obj by its Ref inside plain data."""
    if isinstance(value, Obj):
        return value.ref
    if isinstance(value, list):
        return [_refs(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_refs(v) for v in value)
    if isinstance(value, dict):
        return {k: _refs(v) for k, v in value.items()}
    return value


class LearnerImpl(Impl):
    """The learner's file, run in the sandbox's worker process."""

    def __init__(self, sandbox: Sandbox):
        self._sandbox = sandbox
        self.called: set = set()   # the functions and classes called since the engine last cleared it

    def _what(self, name: str) -> str:
        return tr("the call of {name}", "{name} の呼び出し", name=name)

    def call(self, name, *args, **kwargs):
        self.called.add(name)
        return self._sandbox.request("call", self._what(name + "()"), name=name,
                                     args=list(_refs(args)), kwargs=_refs(kwargs))

    def new(self, cls, *args, **kwargs):
        self.called.add(cls)
        ref = self._sandbox.request("new", self._what(cls + "()"), name=cls,
                                    args=list(_refs(args)), kwargs=_refs(kwargs))
        return Obj(self, ref, cls)

    def method(self, obj, name, *args, **kwargs):
        self.called.add(obj._label)
        return self._sandbox.request("method", self._what(f"{obj._label}.{name}()"), handle=obj.ref.handle,
                                     name=name, args=list(_refs(args)), kwargs=_refs(kwargs))

    def put(self, value):
        return Obj(self, self._sandbox.request("put", self._what("put"), value=_refs(value)), "value")

    def get(self, obj):
        return self._sandbox.request("get", self._what("get"), handle=obj.ref.handle)


class ReferenceError_(Exception):
    """The reference solution failed: an instructor's problem, never the learner's."""


class LocalImpl(Impl):
    """A reference module imported in this process."""

    def __init__(self, module: ModuleType):
        self._module = module
        self._objects: Dict[int, Any] = {}
        self._ids = itertools.count(1)

    def _resolve(self, value):
        if isinstance(value, wire.Ref):
            return self._objects[value.handle]
        if isinstance(value, list):
            return [self._resolve(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self._resolve(v) for v in value)
        if isinstance(value, dict):
            return {k: self._resolve(v) for k, v in value.items()}
        return value

    def _keep(self, value, label) -> Obj:
        handle = next(self._ids)
        self._objects[handle] = value
        return Obj(self, wire.Ref(handle), label)

    def _run(self, label, fn, args, kwargs):
        args = self._resolve(wire.copy_plain(list(_refs(args))))
        kwargs = self._resolve(wire.copy_plain(_refs(kwargs)))
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            raise ReferenceError_(f"the reference {self._module.__name__}.{label} raised "
                                  f"{type(exc).__name__}: {exc}") from exc

    def call(self, name, *args, **kwargs):
        fn = getattr(self._module, name, None)
        if not callable(fn):
            raise ReferenceError_(f"the reference has no function {name!r}")
        result = self._run(name, fn, args, kwargs)
        try:
            return wire.copy_plain(result)
        except wire.WireError as exc:
            raise ReferenceError_(f"the reference {name} returned {exc}") from None

    def new(self, cls, *args, **kwargs):
        klass = getattr(self._module, cls, None)
        if not callable(klass):
            raise ReferenceError_(f"the reference has no class {cls!r}")
        return self._keep(self._run(cls, klass, args, kwargs), cls)

    def method(self, obj, name, *args, **kwargs):
        target = self._objects[obj.ref.handle]
        result = self._run(f"{obj._label}.{name}", getattr(target, name), args, kwargs)
        return wire.copy_plain(result)

    def put(self, value):
        return self._keep(self._resolve(wire.copy_plain(_refs(value))), "value")

    def get(self, obj):
        return wire.copy_plain(self._objects[obj.ref.handle])

