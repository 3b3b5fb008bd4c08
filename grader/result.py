"""The result model: a status per task, a result per task, a report per submission.

Kept apart from the CLI: the engine builds a :class:`Report`, the CLI renders
it as text or as the JSON of the contract (:meth:`Report.as_json`).
A wrong answer (failed) is kept apart from an error (a crash), a timeout and a
blank left unfilled; none of these ever counts as passed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import List, Optional


class Status(str, Enum):
    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    TIMEOUT = "timeout"
    BLANK = "blank"


@dataclass
class TaskResult:
    name: str            # stable id of the task, e.g. "values"
    title: str           # learner-facing title in the chosen language
    status: Status
    score: float
    max_score: float
    message: str = ""
    mistake: str = ""    # id of the catalogued mistake the answer matched, if any
    limit: str = ""      # the sandbox limit the learner's code reached ("memory", "processes", ...), if any
    core: str = field(default="", repr=False, compare=False)   # the message before notes and printed output
    ran: bool = field(default=True, repr=False, compare=False)   # False: the learner's code was not called

    def as_json(self) -> dict:
        data = {"name": self.name, "status": self.status.value, "score": self.score,
                "max_score": self.max_score, "message": self.message, "title": self.title}
        if self.mistake:
            data["mistake"] = self.mistake
        if self.limit:
            data["limit"] = self.limit
        return data


@dataclass
class Report:
    exercise: str
    title: str = ""
    tests: List[TaskResult] = field(default_factory=list)
    seed: int = 0
    seconds: float = 0.0
    sandbox: Optional[dict] = None   # what confined the learner's code (grader.protections facts)
    notes: List[str] = field(default_factory=list)   # said above the tasks (a reference unlike the course's)

    @property
    def passed(self) -> bool:
        return bool(self.tests) and all(t.status is Status.PASSED for t in self.tests)

    @property
    def score(self) -> float:
        return _number(sum(t.score for t in self.tests))

    @property
    def max_score(self) -> float:
        return _number(sum(t.max_score for t in self.tests))

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1

    # how a notebook shows a report: HTML, with the text of `grade exercise` as the plain form
    def _repr_html_(self) -> str:
        from grader.report_html import render_html

        return render_html(self)

    def _repr_pretty_(self, printer, cycle) -> None:
        from grader.report_text import render

        printer.text(render(self))

    def as_json(self) -> dict:
        """The JSON object of the CLI contract (extra fields: title, seed, seconds,
        sandbox, notes; per test: title and, where matched, mistake and limit)."""
        data = {"exercise": self.exercise, "passed": self.passed, "score": self.score,
                "max_score": self.max_score, "tests": [t.as_json() for t in self.tests],
                "title": self.title, "seed": self.seed, "seconds": round(self.seconds, 3)}
        if self.sandbox is not None:
            data["sandbox"] = self.sandbox
        if self.notes:
            data["notes"] = list(self.notes)
        return data


def _number(x: float):
    return int(x) if float(x).is_integer() else round(x, 6)
