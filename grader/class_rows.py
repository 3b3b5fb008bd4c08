"""What one row of a class run's results.jsonl means, for every output built from it.

A row (see :mod:`grader.results`) is a graded report, a missing file or a grading that
could not finish.  :func:`outcome` reads any of them into an :class:`Outcome`: one
status word, the score and the maximum as numbers, the tasks, the named mistakes and
the first line worth showing.  It never raises: a field of the wrong type (a row
written by hand, by another version) counts as absent, an unknown status as error.

The status of a graded row is its worst task status in the order
error > timeout > blank > failed > passed, so ``passed`` means every task passed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Tuple

from grader import registry

TASK_STATUSES = ("passed", "failed", "error", "timeout", "blank")
STATUSES = TASK_STATUSES + ("missing",)
_SEVERITY = {"passed": 0, "failed": 1, "blank": 2, "timeout": 3, "error": 4}

Table = Dict[Tuple[str, str], dict]


@dataclass
class Task:
    name: str
    title: str
    status: str
    score: float
    max_score: float
    message: str = ""
    mistake: str = ""


@dataclass
class Outcome:
    learner: str
    exercise: str
    status: str                     # one of STATUSES
    score: float
    max_score: float
    tasks: List[Task] = field(default_factory=list)
    error: str = ""                 # why grading could not finish (an "error" row)
    seconds: float = 0.0

    @property
    def missing(self) -> bool:
        return self.status == "missing"

    @property
    def mistakes(self) -> List[str]:
        """The named mistake ids, in task order, each once."""
        seen: List[str] = []
        for t in self.tasks:
            if t.mistake and t.mistake not in seen:
                seen.append(t.mistake)
        return seen

    @property
    def first_problem(self) -> Optional[Task]:
        return next((t for t in self.tasks if t.status != "passed"), None)

    @property
    def message(self) -> str:
        """The first line of the first task that did not pass, else of the row's error."""
        task = self.first_problem
        return first_line(task.message if task and task.message else self.error)


def number(value) -> float:
    """A score as a number: int where whole; anything that is not a finite number is 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value in (float("inf"), float("-inf")):
        return 0
    return int(value) if float(value).is_integer() else round(float(value), 6)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text(value) -> str:
    """A string field, or "" where it is none; without control characters (a terminal's
    colour codes in a message), a lone surrogate (JSON allows one) made "?"."""
    if not isinstance(value, str):
        return ""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    return _CONTROL.sub("", value)


def first_line(message: str) -> str:
    for line in text(message).splitlines():
        if line.strip():
            return line.strip()
    return ""


def _points(slug: str) -> float:
    try:
        return number(registry.get(slug).points)
    except KeyError:
        return 0


def _task(raw) -> Optional[Task]:
    if not isinstance(raw, dict):
        return None
    status = raw.get("status") if raw.get("status") in TASK_STATUSES else "error"
    return Task(name=text(raw.get("name")) or "?", title=text(raw.get("title")), status=status,
                score=number(raw.get("score")), max_score=number(raw.get("max_score")),
                message=text(raw.get("message")), mistake=text(raw.get("mistake")))


def outcome(row: dict) -> Outcome:
    learner, slug = text(row.get("learner")), text(row.get("exercise"))
    if row.get("missing"):
        max_score = number(row.get("max_score")) or _points(slug)
        return Outcome(learner, slug, "missing", 0, max_score)
    raw_tasks = row.get("tests") if isinstance(row.get("tests"), list) else []
    tasks = [t for t in map(_task, raw_tasks) if t is not None]
    max_score = number(row.get("max_score")) or number(sum(t.max_score for t in tasks)) or _points(slug)
    error = text(row.get("error"))
    if not tasks:
        return Outcome(learner, slug, "error", 0, max_score, error=error or "no tasks ran",
                       seconds=number(row.get("seconds")))
    status = max((t.status for t in tasks), key=_SEVERITY.__getitem__)
    return Outcome(learner, slug, status, number(row.get("score")), max_score, tasks, error,
                   number(row.get("seconds")))


def course_order(present: Iterable[str]) -> List[str]:
    """Exercise slugs in course order, then any the registry does not know, sorted."""
    present = set(present)
    known = [s for s in registry.slugs() if s in present]
    return known + sorted(present - set(known))


Grid = Tuple[List[str], List[str], Dict[Tuple[str, str], Outcome]]


def grid(table: Table) -> Grid:
    """(learners sorted, exercises in course order, (learner, exercise) -> Outcome) for a
    results table (:func:`grader.results.latest`)."""
    cells = {}
    for row in table.values():
        o = outcome(row)
        cells[(o.learner, o.exercise)] = o
    return sorted({k[0] for k in cells}), course_order(k[1] for k in cells), cells


def ordered(table: Table, read: Optional[Grid] = None) -> Iterable[Outcome]:
    """Every outcome, learner by learner, each learner's in course order (``read``: the
    table's grid where it has been read already)."""
    people, slugs, cells = read or grid(table)
    for learner in people:
        for slug in slugs:
            if (learner, slug) in cells:
                yield cells[(learner, slug)]


def total(cells: Dict[Tuple[str, str], Outcome], learner: str, slugs: Iterable[str]) -> float:
    return number(sum(cells[(learner, s)].score for s in slugs if (learner, s) in cells))


_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def message_key(line: str) -> str:
    """A message line with its numbers taken out, so that one slip made by many
    learners (each with other values in the message) groups as one."""
    return _NUMBER.sub("#", line)
