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
import io
import os
import queue
import threading
import time
from pathlib import Path
from typing import Callable, Iterable, Iterator, List, Optional

from grader import registry
from grader.blanks import statement_expressions
from grader.collector import Collector
from grader.engine import NO_PLUGINS, ReferenceProblem, _reference, _swapped, build_report
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


class _Closer:
    """Ends finished workers on a thread of its own, so the next grading need not wait."""

    def __init__(self):
        self.queue: "queue.Queue" = queue.Queue()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            sandbox = self.queue.get()
            if sandbox is None:
                return
            try:
                sandbox.close()
            except Exception:   # a worker that cannot be ended cleanly is ended by its lifeline
                pass

    def close(self, sandbox) -> None:
        self.queue.put(sandbox)

    def finish(self) -> None:
        self.queue.put(None)
        self.thread.join()


class _Loop:
    """pytest plugin: the test loop that grades every submission in turn.

    While one submission is graded, the worker of the next (when ``upcoming``
    names it already) starts and confines itself; it loads the learner's file
    only at its first request, when its own grading begins."""

    def __init__(self, exercise: registry.Exercise, solutions: Path, seed: int, collector: Collector,
                 submissions: Iterator[Submission], emit: Emit, upcoming: Optional[Callable[[], Optional[Submission]]]):
        self.exercise, self.solutions, self.seed = exercise, solutions, seed
        self.collector, self.submissions, self.emit, self.upcoming = collector, submissions, emit, upcoming
        self.swapped = _swapped(solutions)
        self.graded = 0
        self.started: dict = {}   # tag -> (source, sandbox) or the SubmissionProblem
        self.closer = _Closer()

    def pytest_runtestloop(self, session) -> bool:
        items = [item for item in session.items if hasattr(item, "function")]
        try:
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
        finally:
            for ready in self.started.values():
                if not isinstance(ready, Exception):
                    self.closer.close(ready[1])
            self.closer.finish()
        return True

    def _start(self, submission: Submission):
        try:
            source = read_source(submission.path, self.exercise.slug)   # a notebook: its code cells, by cell and line
        except SubmissionProblem as exc:
            return exc
        return source, start_sandbox(self.exercise, submission.path, source, self.solutions, submission.private)

    def _grade(self, items: List, submission: Submission) -> Report:
        started = time.monotonic()
        ready = self.started.pop(submission.tag, None) or self._start(submission)
        following = self.upcoming() if self.upcoming is not None else None
        if following is not None and following.tag not in self.started:
            self.started[following.tag] = self._start(following)
        if isinstance(ready, Exception):
            raise ready
        source, sandbox = ready
        sandbox.started = time.monotonic()   # a worker started early: its budget starts now
        sandbox.deadline = sandbox.started + sandbox.limits.budget
        try:
            reference = _reference(self.exercise.slug, self.solutions, self.seed)   # in a student copy: recorded
            self.collector.begin(LearnerImpl(sandbox), reference, self.seed, statement_expressions(source),
                                 swapped=self.swapped)
            for index, item in enumerate(items):
                following_item = items[index + 1] if index + 1 < len(items) else None
                item.ihook.pytest_runtest_protocol(item=item, nextitem=following_item)
            report = build_report(self.exercise, self.collector, sandbox, self.seed, started)
        finally:
            self.closer.close(sandbox)
        return report


def grade_each(slug: str, solutions: Path, submissions: Iterable[Submission], emit: Emit, seed: int = 0,
               upcoming: Optional[Callable[[], Optional[Submission]]] = None) -> int:
    """Grade every submission of exercise ``slug`` in one pytest session; each
    result goes to ``emit`` as soon as it is known.  ``upcoming``, when given,
    names the submission that comes next if it is known already (its worker is
    started early), without taking it.  The number graded."""
    exercise = registry.get(slug)
    reference = _reference(slug, solutions, seed)   # a reference that cannot be used stops here, before any worker
    checks = registry.checks_module(exercise)
    collector = Collector(None, reference, seed, [], getattr(checks, "MISTAKES", ()))
    loop = _Loop(exercise, Path(solutions), seed, collector, iter(submissions), emit, upcoming)
    check_file = exercise.checks
    args = [str(check_file), "-c", str(registry.CHECKS_DIR / "pytest.ini"), "--rootdir", str(check_file.parent),
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
