"""Declaring tasks: the pytest test functions of a check module.

A check module ``grader/checks/<slug>.py`` holds one test function per task::

    @task({"en": "Shapes of c and h", "ja": "c と h の形"}, points=2)
    def test_shapes(sub, ref, rng):
        ...

Fixtures: ``sub`` (the learner's solution), ``ref`` (the reference), both
:class:`grader.impl.Impl`; ``rng`` a NumPy Generator seeded from ``--seed``
and the task's name.  A task marked ``independent=True`` does not compare
with the reference (a numerical gradient, a plain loop): it is first run with
the reference in the place of ``sub``, and when the reference fails it, the
task is not held against the learner.

A task may call :func:`advise` to leave a note for the learner that is shown
even when the task passes (e.g. "your sigmoid overflows for x < -709").

A module also defines ``MISTAKES`` (its catalogue, :mod:`grader.mistakes`),
``ANSWERS`` (blank number -> a right fill of the stub, for the project's own
tests) and ``EQUIVALENTS`` (other right fills that must pass too).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, List, Optional

from grader.i18n import Text


@dataclass(frozen=True)
class TaskInfo:
    name: str
    title: Text
    points: float
    independent: bool = False


def task(title: Text, points: float = 1, independent: bool = False, name: Optional[str] = None) -> Callable:
    """Mark a test function as a graded task worth ``points``."""

    def mark(fn: Callable) -> Callable:
        task_name = name or (fn.__name__[5:] if fn.__name__.startswith("test_") else fn.__name__)
        fn._task = TaskInfo(task_name, title, points, independent)
        return fn

    return mark


_notes: List[str] = []


def advise(message: str) -> None:
    """Leave ``message`` for the learner on the current task, pass or fail."""
    if message not in _notes:
        _notes.append(message)


def take_notes() -> List[str]:
    """The notes left since the last call (the engine calls this per task)."""
    notes = list(_notes)
    _notes.clear()
    return notes
