"""Recorded reference results: grading in a student copy, which has no references.

``grade release`` runs each exercise's checks with the reference in the
learner's place, at each public seed, and records what the reference answered
to every call the checks made of it (``ref.f(...)``, ``ref.new``, methods,
``put``/``get``), in order, per task, with a fingerprint of the arguments; and,
for a task that does not compare with the reference (``independent``), whether
the reference passes it.  The file ``expected/<slug>.json.gz`` is plain data:
JSON with arrays in :mod:`grader.wire`'s form, never a pickle.

Grading in the copy replays it: the i-th call a task makes of ``ref`` gets the
i-th recorded answer, after its name and its arguments' fingerprint (shapes,
dtypes, sums, tolerant to rounding) are found to match.  The checks call the
reference with inputs drawn from the seed, so a right submission makes the same
calls; a call that does not match means the learner's output already differed
and was fed back (:class:`ReplayMiss`): the task fails and says so.
"""
from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional

import numpy as np

from grader import wire
from grader.i18n import tr
from grader.impl import Impl, LocalImpl, Obj, ReferenceError_, _refs

FORMAT = 1
SUFFIX = ".json.gz"
INDEX = "index.json"   # in the folder of recordings: {"format", "seeds", "exercises"}


class ReplayMiss(Exception):
    """A call of the reference that was not recorded (the learner's output fed back into it)."""


def fingerprint(value: Any) -> Any:
    """A small, JSON-able stand-in for plain data that survives rounding: shapes,
    dtypes and sums of arrays, numbers, strings, handles."""
    if isinstance(value, Obj):
        value = value.ref
    if isinstance(value, wire.Ref):
        return {"r": value.handle}
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "biuf":
            data = value.astype(np.float64)
            finite = data[np.isfinite(data)]
            return {"a": list(value.shape), "d": value.dtype.str, "s": float(finite.sum()),
                    "q": float(np.abs(finite).sum()), "f": int(finite.size)}
        return {"a": list(value.shape), "d": value.dtype.str}
    if isinstance(value, (bool, np.bool_)) or value is None or isinstance(value, str):
        return value if not isinstance(value, np.bool_) else bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        return {"n": number if np.isfinite(number) else str(number)}
    if isinstance(value, tuple):
        return {"t": [fingerprint(v) for v in value]}
    if isinstance(value, list):
        return [fingerprint(v) for v in value]
    if isinstance(value, dict):
        return {"m": {str(k): fingerprint(v) for k, v in value.items()}}
    return {"?": type(value).__name__}


def _close(a: float, b: float, scale: float) -> bool:
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), scale) + 1e-9


def matches(recorded: Any, now: Any) -> bool:
    """Whether two fingerprints are of the same data, up to rounding."""
    if isinstance(recorded, dict) and isinstance(now, dict):
        if set(recorded) != set(now):
            return False
        if "n" in recorded:
            a, b = recorded["n"], now["n"]
            return a == b if isinstance(a, str) or isinstance(b, str) else _close(a, b, 0.0)
        if "a" in recorded:
            if recorded["a"] != now["a"] or recorded["d"] != now["d"] or recorded.get("f") != now.get("f"):
                return False
            return "s" not in recorded or (_close(recorded["s"], now["s"], recorded["q"])
                                           and _close(recorded["q"], now["q"], 0.0))
        return all(matches(recorded[k], now[k]) for k in recorded)
    if isinstance(recorded, list) and isinstance(now, list):
        return len(recorded) == len(now) and all(matches(a, b) for a, b in zip(recorded, now))
    return recorded == now


class RecordingImpl(LocalImpl):
    """The reference, called as usual, with every call written to ``log``."""

    def __init__(self, module, log: List[dict]):
        super().__init__(module)
        self._log = log

    def _entry(self, op, name, handle, args, kwargs, result):
        self._log.append({"op": op, "name": name, "handle": handle,
                          "args": fingerprint([list(_refs(args)), _refs(kwargs)]), "result": result})

    def call(self, name, *args, **kwargs):
        value = super().call(name, *args, **kwargs)
        self._entry("call", name, None, args, kwargs, wire.encode(value))
        return value

    def new(self, cls, *args, **kwargs):
        obj = super().new(cls, *args, **kwargs)
        self._entry("new", cls, None, args, kwargs, {"ref": obj.ref.handle})
        return obj

    def method(self, obj, name, *args, **kwargs):
        value = super().method(obj, name, *args, **kwargs)
        self._entry("method", name, obj.ref.handle, args, kwargs, wire.encode(value))
        return value

    def put(self, value):
        obj = super().put(value)
        self._entry("put", "", None, (value,), {}, {"ref": obj.ref.handle})
        return obj

    def get(self, obj):
        value = super().get(obj)
        self._entry("get", "", obj.ref.handle, (), {}, wire.encode(value))
        return value


class ReplayImpl(Impl):
    """The recorded answers of one task at one seed, given back in order."""

    def __init__(self, calls: List[dict], where: str):
        self._calls, self._next, self._where = calls, 0, where

    def _take(self, op, name, handle, args, kwargs) -> dict:
        index = self._next
        entry = self._calls[index] if index < len(self._calls) else None
        if (entry is None or entry["op"] != op or entry["name"] != name or entry["handle"] != handle
                or not matches(entry["args"], fingerprint([list(_refs(args)), _refs(kwargs)]))):
            raise ReplayMiss(f"{self._where}, call {index + 1} ({op} {name})")
        self._next += 1
        return entry["result"]

    def _value(self, result):
        try:
            return wire.decode(result)
        except wire.WireError as exc:
            raise ReferenceError_(f"the recorded result at {self._where} is damaged ({exc})") from None

    def call(self, name, *args, **kwargs):
        return self._value(self._take("call", name, None, args, kwargs))

    def new(self, cls, *args, **kwargs):
        return Obj(self, wire.Ref(self._take("new", cls, None, args, kwargs)["ref"]), cls)

    def method(self, obj, name, *args, **kwargs):
        return self._value(self._take("method", name, obj.ref.handle, args, kwargs))

    def put(self, value):
        return Obj(self, wire.Ref(self._take("put", "", None, (value,), {})["ref"]), "value")

    def get(self, obj):
        return self._value(self._take("get", "", obj.ref.handle, (), {}))


class Recorder:
    """Stands for the reference in a :class:`grader.collector.Collector` while
    ``grade release`` records it: ``tasks`` fills in as the checks run."""

    def __init__(self, module=None):
        self.module = module   # the reference module (set by whoever loads it)
        self.tasks: Dict[str, dict] = {}

    def impl_for(self, task: str) -> LocalImpl:
        entry = self.tasks.setdefault(task, {"calls": []})
        entry["calls"] = []
        return RecordingImpl(self.module, entry["calls"])

    def note_outcome(self, task: str, lang: str, ok: bool, why: str, notes: List[str]) -> None:
        entry = self.tasks.setdefault(task, {"calls": []})
        entry.setdefault("outcome", {})[lang] = {"ok": ok, "why": why, "notes": notes}


class Replay:
    """Stands for the reference in a Collector when grading in a student copy."""

    module = None

    def __init__(self, tasks: Dict[str, dict], where: str):
        self.tasks, self.where = tasks, where

    def impl_for(self, task: str) -> Impl:
        return ReplayImpl(self.tasks.get(task, {}).get("calls", []), f"{self.where}, task {task}")

    def recorded_outcome(self, task: str, lang: str) -> Optional[dict]:
        outcome = self.tasks.get(task, {}).get("outcome") or {}
        return outcome.get(lang) or next(iter(outcome.values()), None)


def checks_digest(exercise) -> str:
    """A digest of a shipped exercise's checks and the helper modules beside them."""
    return _digest(str(exercise.checks))


@lru_cache(maxsize=None)
def _digest(checks: str) -> str:   # the installed toolkit's files: read once per process
    import hashlib

    digest = hashlib.sha256()
    for path in [Path(checks), *sorted(Path(checks).parent.glob("_*.py"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def is_recordings(folder: Optional[Path]) -> bool:
    """Whether ``folder`` holds recorded results (a student copy's expected/), not references."""
    return folder is not None and (Path(folder) / INDEX).is_file()


def index(folder: Path) -> dict:
    try:
        info = json.loads((Path(folder) / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def write(folder: Path, slug: str, seeds: Dict[int, Dict[str, dict]]) -> Path:
    """Write the recording of ``slug``: seed -> task -> {"calls", "outcome"}."""
    path = Path(folder) / f"{slug}{SUFFIX}"
    data = {"format": FORMAT, "exercise": slug, "seeds": {str(s): tasks for s, tasks in seeds.items()}}
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
    return path


class NotRecorded(Exception):
    """No recording for this exercise, or not at this seed: one line for the learner."""


def load(folder: Path, slug: str, seed: int) -> Replay:
    """The recorded answers of ``slug`` at ``seed``; NotRecorded when there are none."""
    path = Path(folder) / f"{slug}{SUFFIX}"
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise NotRecorded(tr("this student copy has no recorded results for {s} ({p})",
                             "この配布用の講座には {s} の記録された結果がありません（{p}）", s=slug, p=path)) from None
    except (OSError, ValueError, EOFError) as exc:
        raise NotRecorded(tr("the recorded results {p} cannot be read ({e})", "記録された結果 {p} を読めません（{e}）",
                             p=path, e=exc)) from None
    from grader import registry

    exercise, recorded = registry.get(slug), index(folder)
    if exercise.origin == "shipped" and recorded.get("checks", {}).get(slug) != checks_digest(exercise):
        raise NotRecorded(tr("this student copy was recorded with the checks of toolkit {v}, and the installed toolkit's "
                             "checks of {s} differ: install that version (pip install dl-course-toolkit=={v}) or ask "
                             "for a new copy",
                             "この配布用の講座はツールキット {v} のチェックで記録されていますが、インストールされている {s} の"
                             "チェックは異なります。そのバージョンを入れる（pip install dl-course-toolkit=={v}）か、"
                             "新しい配布用フォルダを頼んでください", v=recorded.get("toolkit", "?"), s=slug))
    seeds = data.get("seeds", {}) if isinstance(data, dict) else {}
    if str(seed) not in seeds:
        known = ", ".join(sorted(seeds, key=int))
        raise NotRecorded(tr("seed {n} is not recorded in this student copy: grade with one of the recorded seeds ({k})",
                             "seed {n} はこの配布用の講座に記録されていません。記録された seed（{k}）で採点してください",
                             n=seed, k=known))
    return Replay(seeds[str(seed)], f"{slug} seed {seed}")
