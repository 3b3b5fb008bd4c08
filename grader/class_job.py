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
import signal
import sys
from pathlib import Path
from typing import Iterator, Optional

PREFIX = "@class-job "   # what marks an answer line (anything else on stdout is ignored)


class _Tasks:
    """The tasks on stdin, handed out one exercise at a time."""

    def __init__(self, stream):
        self.stream = stream
        self.pending: Optional[dict] = None
        self.taken = None   # the id of the task handed out and not answered yet
        self.ended = False

    def peek(self) -> Optional[dict]:
        while self.pending is None and not self.ended:
            line = self.stream.readline()
            if not line:
                self.ended = True
                break
            try:
                task = json.loads(line)
            except ValueError:
                continue
            if isinstance(task, dict) and isinstance(task.get("exercise"), str):
                self.pending = task
        return self.pending

    def of(self, exercise: str, solutions: str, seed: int) -> Iterator:
        from grader.session import Submission

        while True:
            task = self.peek()
            if task is None or (task["exercise"], task.get("solutions"), task.get("seed", 0)) != (exercise, solutions, seed):
                return
            self.pending, self.taken = None, task.get("id")
            yield Submission(task.get("id"), Path(task["file"]), task.get("private") or [])


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

    forkserver.enable(os.environ.get("GRADER_FORK", "1") != "0")
    forkserver.current()   # the fork server imports NumPy while this process imports pytest

    tasks = _Tasks(sys.stdin)

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
        exercise, solutions, seed = task["exercise"], task.get("solutions"), task.get("seed", 0)
        try:
            grade_each(exercise, Path(solutions), tasks.of(exercise, solutions, seed), emit, seed=seed)
        except Exception as exc:   # a reference that cannot be used, or a broken exercise: its tasks, never the others
            key = "reference" if isinstance(exc, ReferenceProblem) else "error"
            text = str(exc) if key == "reference" else f"{type(exc).__name__}: {exc}"
            if tasks.taken is not None:
                answer({"id": tasks.taken, key: text})
            for rest in tasks.of(exercise, solutions, seed):
                answer({"id": rest.tag, key: text})
    forkserver.stop()
    answers.close()


if __name__ == "__main__":
    main()
