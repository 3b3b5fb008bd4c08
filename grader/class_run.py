"""A class run: every learner's file for every exercise, graded in parallel,
each result kept the moment it is known.

``--jobs`` grading processes (grader.class_job) take the files one at a time,
in course order, so consecutive files of an exercise share a pytest session.
Each result is a row of ``RESULTS_DIR/results.jsonl`` (grader.results), written
and flushed as it arrives: a ``kill -9`` loses only the gradings in flight, a
Ctrl-C (or SIGTERM) stops the run with everything finished kept.  ``resume``
skips a learner × exercise whose last row was graded from the same content
(:func:`content_hash`: the file, the reference, the toolkit's code and version,
the seed) and grades again what changed.

A grading process that dies, or takes far longer than any grading may, costs
only the file it had: that file gets an error row and a new process takes the
next.  Learner code runs in each file's own worker, never in these processes.
"""
from __future__ import annotations

import hashlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, List, Optional

from grader import registry, results
from grader.class_job import PREFIX

PACKAGE = Path(__file__).resolve().parent
BOOT = "import sys; sys.path.insert(0, sys.argv[1]); from grader.class_job import main; main()"
SLACK = 60.0   # seconds past a grading's own budget before its process counts as stuck


class ReferenceBroken(Exception):
    """The reference of an exercise cannot be used: the run stops (a usage error)."""


class Interrupted(Exception):
    """Ctrl-C or SIGTERM: the run stopped; what was done is kept."""


@lru_cache(maxsize=None)
def toolkit_fingerprint() -> str:
    """The toolkit's version and the hash of its code and registry: a changed check grades again."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    try:
        digest.update(version("dl-course-toolkit").encode())
    except PackageNotFoundError:
        digest.update(b"source")
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".yaml", ".ini") and "__pycache__" not in path.parts and "_course" not in path.parts:
            digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _digest_of(digest, path: Optional[Path]):
    try:
        digest.update(path.read_bytes() if path is not None else b"\0missing\0")
    except OSError:
        digest.update(b"\0unreadable\0")
    digest.update(b"\0")
    return digest


def reference_digest(slug: str, solutions: Path, seed: int):
    """The hash of what every file of ``slug`` is graded with: the toolkit, the seed, the reference."""
    start = hashlib.sha256(f"{toolkit_fingerprint()}\0{slug}\0{seed}\0".encode())
    return _digest_of(start, Path(solutions) / f"{slug}.py")


def content_hash(slug: str, file: Optional[Path], solutions: Path, seed: int, base=None) -> str:
    """The hash of one learner's file graded as ``slug`` (``base``: :func:`reference_digest`, read once per exercise)."""
    base = base if base is not None else reference_digest(slug, solutions, seed)
    return _digest_of(base.copy(), file).hexdigest()[:32]


@dataclass
class Job:
    learner: str
    exercise: str
    file: Optional[Path]
    hash: str
    solutions: Path = Path(".")   # the folder of its reference
    id: int = 0
    started: float = field(default=0.0, compare=False)

    def row(self, class_dir: Path, **fields) -> dict:
        head = {"learner": self.learner, "exercise": self.exercise}
        if self.file is not None:
            try:
                head["file"] = self.file.relative_to(class_dir).as_posix()
            except ValueError:
                head["file"] = str(self.file)
        return {**head, **fields, "hash": self.hash}


class Runner:
    """One grading process and the tasks it has (the first is being graded; the
    next is there so that its worker can start while the first is graded)."""

    WINDOW = 2

    def __init__(self, inbox: "queue.Queue", env: Dict[str, str]):
        self.proc = subprocess.Popen([sys.executable, "-c", BOOT, str(PACKAGE.parent)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                                     start_new_session=True, text=True, encoding="utf-8", bufsize=1)
        self.jobs: List[Job] = []
        self.since = time.monotonic()   # when the first of its tasks began
        threading.Thread(target=self._read, args=(inbox,), daemon=True).start()

    def _read(self, inbox: "queue.Queue") -> None:
        for line in self.proc.stdout:
            if line.startswith(PREFIX):
                try:
                    inbox.put((self, json.loads(line[len(PREFIX):])))
                except ValueError:
                    continue
        inbox.put((self, None))

    def room(self) -> bool:
        return len(self.jobs) < self.WINDOW

    def give(self, job: Job, task: dict) -> bool:
        if not self.jobs:
            self.since = time.monotonic()
        self.jobs.append(job)
        try:
            self.proc.stdin.write(json.dumps(task, ensure_ascii=False) + "\n")
            self.proc.stdin.flush()
            return True
        except (OSError, ValueError):
            return False

    def done(self, job_id) -> Optional[Job]:
        """The job ``job_id`` answered: taken off this runner's list."""
        for job in self.jobs:
            if job.id == job_id:
                self.jobs.remove(job)
                self.since = time.monotonic()
                return job
        return None

    def stop(self, kill: bool = False) -> None:
        try:
            self.proc.stdin.close()
        except (OSError, ValueError):
            pass
        if kill:
            from grader.spawn import kill_tree

            kill_tree(self.proc)
            return
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            from grader.spawn import kill_tree

            kill_tree(self.proc)


class ClassRun:
    """The state of one run: what to grade, who grades it, where rows go."""

    def __init__(self, class_dir: Path, jobs: List[Job], seed: int, private: List[str],
                 writer: Optional[results.Writer], workers: int, progress: Optional[Callable[[dict, int, int], None]]):
        self.class_dir, self.todo, self.seed = class_dir, jobs, seed
        self.private, self.writer, self.workers, self.progress = private, writer, max(1, workers), progress
        self.rows: List[dict] = []
        self.done = 0
        self.total = len(jobs)
        self.failures: List[str] = []   # files whose grading process gave no report
        from grader.limits import Limits

        self.budget = Limits.from_env().budget

    def keep(self, row: dict) -> None:
        self.rows.append(row)
        if self.writer is not None:
            self.writer.append(row)
        self.done += 1
        if self.progress:
            self.progress(row, self.done, self.total)

    def _task(self, job: Job) -> dict:
        return {"id": job.id, "exercise": job.exercise, "file": str(job.file), "solutions": str(job.solutions),
                "seed": self.seed, "private": self.private}

    def _lost(self, job: Job, why: str, counted: bool = True) -> None:
        points = registry.get(job.exercise).points
        if counted:
            self.failures.append(f"{job.learner}/{job.exercise}")
        self.keep(job.row(self.class_dir, exercise=job.exercise, passed=False, score=0, max_score=points, tests=[],
                          error=why))

    def run(self) -> None:
        for job in self.todo:
            if job.file is None:
                self.keep(job.row(self.class_dir, missing=True))
        self.pending = [job for job in reversed(self.todo) if job.file is not None]   # pop() takes course order
        self.retried: set = set()
        self.inbox: "queue.Queue" = queue.Queue()
        self.env = dict(os.environ)
        self.runners: List[Runner] = []
        try:
            for _ in range(min(self.workers, len(self.pending))):
                self.runners.append(Runner(self.inbox, self.env))
            finished = False
            while self.pending or any(r.jobs for r in self.runners):
                self._hand_out()
                try:
                    runner, msg = self.inbox.get(timeout=1.0)
                except queue.Empty:
                    self._watch()
                    continue
                if runner not in self.runners:
                    continue
                if msg is None:   # the process ended: a new one takes its files
                    self._replace(runner, "the grading process ended unexpectedly")
                    continue
                job = runner.done(msg.get("id"))
                if job is None:
                    continue
                if "reference" in msg:
                    raise ReferenceBroken(msg["reference"])
                if "unreadable" in msg:   # the learner's own doing: their result, not a lost grading
                    self._lost(job, str(msg["unreadable"])[:500], counted=False)
                elif "error" in msg:
                    self._lost(job, str(msg["error"])[:500])
                else:
                    self.keep(job.row(self.class_dir, **(msg.get("report") or {})))
            finished = True
        finally:
            # at the end each process ends its workers and its fork server and deletes
            # their folders; when stopped, they are killed and what they left is swept
            for runner in self.runners:
                runner.stop(kill=not finished)
            if not finished:
                sweep_leftovers()

    def _hand_out(self) -> None:
        """Fill every runner's window, the least busy first."""
        while self.pending:
            runner = min((r for r in self.runners if r.room()), key=lambda r: len(r.jobs), default=None)
            if runner is None:
                return
            job = self.pending.pop()
            if not runner.give(job, self._task(job)):
                self._replace(runner, "the grading process could not be reached")

    def _replace(self, runner: Runner, why: str) -> None:
        """End ``runner``; its files go to the others once (then they count as lost); a new process joins."""
        self.runners.remove(runner)
        runner.stop(kill=True)
        for job in reversed(runner.jobs):
            if job.id in self.retried:
                self._lost(job, why)
            else:
                self.retried.add(job.id)
                self.pending.append(job)
        if self.pending or not self.runners:
            self.runners.append(Runner(self.inbox, self.env))

    def _watch(self) -> None:
        """A process stuck on one file far past its budget is ended; that file gets an error row."""
        now = time.monotonic()
        for runner in list(self.runners):
            if runner.jobs and now - runner.since > self.budget + SLACK:
                stuck = runner.jobs.pop(0)
                self._lost(stuck, "the grading took far longer than its time budget")
                self._replace(runner, "the grading took far longer than its time budget")


def sweep_leftovers() -> None:
    """Delete the folders and cgroups of grading processes killed just now (their
    folders are named for them; their workers end with them as their lifelines close)."""
    from grader import cgroup, spawn

    spawn.sweep_folders.__wrapped__()
    cgroup.sweep.__wrapped__()


def plan(files: Dict[str, Dict[str, Optional[Path]]], slugs: List[str], references: Dict[str, Path], seed: int,
         done: Dict) -> List[Job]:
    """The jobs of a run, in course order (exercise by exercise, learners in order),
    each with the folder of its reference (``references``: slug -> folder); those
    whose last row in ``done`` has the same content hash are left out."""
    jobs = []
    for slug in slugs:
        base = reference_digest(slug, references[slug], seed)   # the reference is read once, not once a learner
        for learner, found in files.items():
            job = Job(learner, slug, found.get(slug), "", references[slug])
            job.hash = content_hash(slug, job.file, job.solutions, seed, base)
            old = done.get((learner, slug))
            if old is not None and old.get("hash") == job.hash and "error" not in old:
                continue
            job.id = len(jobs) + 1
            jobs.append(job)
    return jobs


def stop_on_signals() -> Callable[[], None]:
    """SIGTERM (and SIGHUP) stop a run as Ctrl-C does; the old handlers, to put back."""
    def raise_interrupt(_signum, _frame):
        raise Interrupted()

    saved = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            try:
                saved[number] = signal.signal(number, raise_interrupt)
            except (ValueError, OSError):
                pass

    def restore() -> None:
        for number, handler in saved.items():
            signal.signal(number, handler)

    return restore
