"""What can happen to a task besides passing: the exceptions check code sees.

Check code calls the learner's functions through :mod:`grader.sandbox`; what
goes wrong on the learner's side arrives as a :class:`LearnerError` (status
error, blank or timeout).  A wrong answer is a :class:`TaskFailed` raised by
the comparison helpers.  The engine turns each into a task result.
"""
from __future__ import annotations

from typing import Optional


class LearnerError(Exception):
    """The learner's code crashed, exited, hung or returned something unusable."""

    status = "error"

    def __init__(self, message: str, *, kind: str = "exception", error: Optional[dict] = None, limit: str = ""):
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.error = error or {}
        self.limit = limit   # the sandbox limit it reached ("memory", "processes", "files", "cpu"), or ""
        self.ran = True      # False: told again for a call that did not run (the file did not load, the budget was used)


class BlankLeft(LearnerError):
    """The learner's code reached a blank (``___``) that is not filled in."""

    status = "blank"

    def __init__(self, message: str, number: Optional[int], line: Optional[int]):
        super().__init__(message, kind="blank")
        self.number = number
        self.line = line


class LearnerTimeout(LearnerError):
    """The learner's code ran past its time limit or the submission's budget."""

    status = "timeout"

    def __init__(self, message: str):
        super().__init__(message, kind="timeout")


class TaskFailed(AssertionError):
    """A wrong answer: the message says what differs; ``mistake`` names a
    catalogued mistake the answer matches, if any."""

    def __init__(self, message: str, mistake=None):
        super().__init__(message)
        self.message = message
        self.mistake = mistake


class CheckNotApplicable(Exception):
    """The reference itself fails a check that does not compare with it, so the
    check is not held against the learner."""
