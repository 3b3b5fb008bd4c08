"""Grading many submissions of one exercise with pytest set up once.

``grade`` (grader.engine) starts pytest for each submission: reading its
configuration, loading its plugins and collecting the checks cost more than
running them.  A class run grades hundreds of files of each exercise, so
:func:`grade_each` starts pytest once per exercise and, inside its test loop,
runs the collected tasks again for each submission: a fresh worker, the
reference loaded again, the same :class:`grader.collector.Collector` started
over (:meth:`Collector.begin`).  Every task of a submission goes through
pytest's own run protocol, the last one with no next item, so fixtures are set
up and torn down for each submission exactly as in a run of its own.

Nothing here runs learner code: that happens in each submission's worker.
"""
from __future__ import annotations

import contextlib
import importlib
import io
import os
import time
from pathlib import Path
from typing import Callable, Iterable, Iterator, List, Optional

from grader import registry
from grader.blanks import statement_expressions
from grader.collector import Collector
from grader.engine import NO_PLUGINS, ReferenceProblem, _swapped, build_report, load_reference
from grader.impl import LearnerImpl
from grader.result import Report
from grader.sandbox import start_sandbox
from grader.submissions import SubmissionProblem, read_source


class Submission:
    """One file to grade: ``tag`` is the caller's (returned with its report)."""

    def __init__(self, tag, path: Path, private: Iterable = ()):
        self.tag, self.path, self.private = tag, Path(path), list(private)


# what `emit` receives for a submission: its report, or the text of what went
# wrong outside the learner's code and what it was ("submission": a file that
# cannot be read as code; "reference": a reference that cannot be used; "": the grader)
Emit = Callable[[Submission, Optional[Report], str, str], None]


class _Null(io.TextIOBase):
    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        return len(text)


class _Loop:
    """pytest plugin: the test loop that grades every submission in turn."""

    def __init__(self, exercise: registry.Exercise, solutions: Path, seed: int, collector: Collector,
                 submissions: Iterator[Submission], emit: Emit):
        self.exercise, self.solutions, self.seed = exercise, solutions, seed
        self.collector, self.submissions, self.emit = collector, submissions, emit
        self.swapped = _swapped(solutions)
        self.graded = 0

    def pytest_runtestloop(self, session) -> bool:
        items = [item for item in session.items if hasattr(item, "function")]
        for submission in self.submissions:
            kind = ""
            try:
                report, problem = self._grade(items, submission), ""
            except ReferenceProblem as exc:
                report, problem, kind = None, str(exc), "reference"
            except SubmissionProblem as exc:   # a notebook that is not JSON: one line naming the file
                report, problem, kind = None, str(exc), "submission"
            except Exception as exc:   # never lose the other submissions for one
                report, problem = None, f"{type(exc).__name__}: {exc}"
            self.graded += 1
            self.emit(submission, report, problem, kind)
        return True

    def _grade(self, items: List, submission: Submission) -> Report:
        started = time.monotonic()
        source = read_source(submission.path, self.exercise.slug)   # a notebook: its code cells, named by cell and line
        sandbox = start_sandbox(self.exercise, submission.path, source, self.solutions, submission.private)
        try:
            reference = load_reference(self.exercise.slug, self.solutions)
            self.collector.begin(LearnerImpl(sandbox), reference, self.seed, statement_expressions(source),
                                 swapped=self.swapped)
            for index, item in enumerate(items):
                following = items[index + 1] if index + 1 < len(items) else None
                item.ihook.pytest_runtest_protocol(item=item, nextitem=following)
        finally:
            sandbox.close()
        return build_report(self.exercise, self.collector, sandbox, self.seed, started)


def grade_each(slug: str, solutions: Path, submissions: Iterable[Submission], emit: Emit, seed: int = 0) -> int:
    """Grade every submission of exercise ``slug`` in one pytest session; each
    result goes to ``emit`` as soon as it is known.  The number graded."""
    exercise = registry.get(slug)
    reference = load_reference(slug, solutions)   # a reference that cannot be used stops here, before any worker
    checks = importlib.import_module(f"grader.checks.{slug}")
    collector = Collector(None, reference, seed, [], getattr(checks, "MISTAKES", ()))
    loop = _Loop(exercise, Path(solutions), seed, collector, iter(submissions), emit)
    check_file = exercise.checks
    args = [str(check_file), "-c", str(check_file.with_name("pytest.ini")), "--rootdir", str(check_file.parent),
            "-p", "no:terminal", "--assert=plain", "--capture=no", *NO_PLUGINS,
            "--import-mode=importlib", "-o", "python_functions=test_*", "-o", "python_files=*.py"]
    import pytest

    saved = os.environ.pop("PYTEST_ADDOPTS", None)
    os.environ.setdefault("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    sink = _Null()
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            pytest.main(args, plugins=[collector, loop])
    finally:
        if saved is not None:
            os.environ["PYTEST_ADDOPTS"] = saved
    return loop.graded
