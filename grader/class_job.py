"""A grading process of a class run: grades the files it is sent, one at a time.

``grade class`` (grader.class_run) starts ``--jobs`` of these.  Each reads
tasks from stdin, one JSON object a line (``id``, ``exercise``, ``file``,
``solutions``, ``seed``, ``private``), and answers on stdout, one JSON object a
line: ``{"id": N, "report": {...}}`` (the report of ``grade exercise --format
json``), ``{"id": N, "error": "..."}`` (a file that could not be graded), or
``{"id": N, "unreadable": "..."}`` (the learner's file is not code: a notebook
that is not JSON), or ``{"id": N, "reference": "..."}`` (the reference cannot
be used: the run stops).  Consecutive tasks of one exercise share one pytest session
(grader.session) and every worker is forked from this process's fork server
(grader.forkserver).  It ends at the end of its stdin, and ignores Ctrl-C: the
class run decides what a Ctrl-C ends.

Learner code never runs here: each file runs in its own sandboxed worker.
"""
from __future__ import annotations

import json
import os
import select
import signal
import sys
from pathlib import Path
from typing import Iterator, Optional

PREFIX = "@class-job "   # what marks an answer line (anything else on stdout is ignored)


class _Tasks:
    """The tasks on stdin, handed out one exercise at a time; the next one can be
    looked at without waiting for it (:meth:`upcoming`)."""

    def __init__(self, fd: int):
        self.fd = fd
        self.buffer = b""
        self.pending: Optional[dict] = None
        self.taken = None   # the id of the task handed out and not answered yet
        self.ended = False

    def _line(self, block: bool) -> Optional[bytes]:
        while b"\n" not in self.buffer:
            if self.ended:
                line, self.buffer = self.buffer, b""
                return line or None
            if not block and not select.select([self.fd], [], [], 0)[0]:
                return None
            data = os.read(self.fd, 1 << 16)
            if not data:
                self.ended = True
            self.buffer += data
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line

    def peek(self, block: bool = True) -> Optional[dict]:
        while self.pending is None:
            line = self._line(block)
            if line is None:
                break
            try:
                task = json.loads(line)
            except ValueError:
                continue
            if isinstance(task, dict) and isinstance(task.get("exercise"), str):
                self.pending = task
        return self.pending

    @staticmethod
    def _key(task: dict):
        return task["exercise"], task.get("solutions"), task.get("seed", 0)

    @staticmethod
    def _submission(task: dict):
        from grader.session import Submission

        return Submission(task.get("id"), Path(task["file"]), task.get("private") or [])

    def of(self, key) -> Iterator:
        while True:
            task = self.peek()
            if task is None or self._key(task) != key:
                return
            self.pending, self.taken = None, task.get("id")
            yield self._submission(task)

    def upcoming(self, key):
        """The next task's submission if it is here already and of the same exercise, without taking it."""
        task = self.peek(block=False)
        return self._submission(task) if task is not None and self._key(task) == key else None


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):   # the run was killed: so is this process, at once
        from grader import syscalls

        try:
            syscalls.prctl(syscalls.PR_SET_PDEATHSIG, signal.SIGKILL)
        except OSError:
            pass
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)   # nothing else written to stdout can be taken for an answer
    os.close(null)
    from grader import forkserver
    from grader.engine import ReferenceProblem
    from grader.session import grade_each

    from grader.limits import Limits

    forkserver.enable()
    forkserver.current(Limits.from_env().off)   # the fork server imports NumPy while this process imports pytest

    tasks = _Tasks(sys.stdin.fileno())

    def answer(msg: dict) -> None:
        if msg.get("id") == tasks.taken:
            tasks.taken = None
        answers.write(PREFIX + json.dumps(msg, ensure_ascii=False) + "\n")
        answers.flush()

    def emit(submission, report, problem: str, kind: str) -> None:
        if report is not None:
            answer({"id": submission.tag, "report": report.as_json()})
        elif kind in ("reference", "unreadable"):
            answer({"id": submission.tag, kind: problem})
        elif kind == "submission":
            answer({"id": submission.tag, "unreadable": problem})
        else:
            answer({"id": submission.tag, "error": problem})

    while True:
        task = tasks.peek()
        if task is None:
            break
        key = exercise, solutions, seed = tasks._key(task)
        try:
            grade_each(exercise, Path(solutions), tasks.of(key), emit, seed=seed,
                       upcoming=lambda: tasks.upcoming(key))
        except Exception as exc:   # a reference that cannot be used, or a broken exercise: its tasks, never the others
            key = "reference" if isinstance(exc, ReferenceProblem) else "error"
            text = str(exc) if key == "reference" else f"{type(exc).__name__}: {exc}"
            if tasks.taken is not None:
                answer({"id": tasks.taken, key: text})
            for rest in tasks.of(key):
                answer({"id": rest.tag, key: text})
    forkserver.stop()
    answers.close()


if __name__ == "__main__":
    main()
