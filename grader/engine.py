"""Grading one submission: pytest runs the exercise's checks in this process,
the learner's code runs in the sandbox's worker process.

The reference solution is imported here; the learner's file never is.  Each
task's outcome is classified by :class:`grader.collector.Collector`, a pytest
plugin that also provides the ``sub``, ``ref`` and ``rng`` fixtures.
"""
from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import time
from pathlib import Path
from types import ModuleType
from typing import Iterable, Optional

from grader import recording, registry
from grader.blanks import statement_expressions
from grader.i18n import pick, tr
from grader.collector import Collector, one_name_per_function, say_once
from grader.impl import LearnerImpl
from grader.result import Report
from grader.sandbox import Sandbox, start_sandbox


class ReferenceProblem(Exception):
    """The reference solution cannot be used (missing, or fails to import)."""


def load_reference(slug: str, solutions: Path) -> ModuleType:
    """Import ``solutions/<slug>.py`` under a private module name."""
    path = Path(solutions) / f"{slug}.py"
    if not path.is_file():
        raise ReferenceProblem(tr("no reference solution {p}", "模範解答 {p} がありません", p=path))
    spec = importlib.util.spec_from_file_location(f"_reference_{slug}", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except BaseException as exc:  # an instructor's file: report it, do not crash
        raise ReferenceProblem(tr("the reference solution {p} failed to import: {e}",
                                  "模範解答 {p} の読み込みに失敗しました: {e}", p=path, e=exc)) from None
    return module


def _reference(slug: str, solutions: Path, seed: int):
    """The reference module, or in a student copy (grade release) its recorded answers at ``seed``."""
    if recording.is_recordings(solutions):
        try:
            return recording.load(solutions, slug, seed)
        except recording.NotRecorded as exc:
            raise ReferenceProblem(str(exc)) from None
    return load_reference(slug, solutions)


# Plugins the checks do not use: skipping them keeps grading fast and leaves
# no trace (cache folders, pdb) in the learner's folder.
NO_PLUGINS = [arg for name in ("cacheprovider", "stepwise", "warnings", "debugging", "doctest", "junitxml",
                                "pastebin", "unraisableexception", "threadexception", "faulthandler",
                                "setuponly", "setupplan")
               for arg in ("-p", f"no:{name}")]


def _swapped(solutions: Path) -> bool:
    """Whether ``solutions`` is an instructor's folder rather than the course's own."""
    from grader.course import find_course_root

    if recording.is_recordings(solutions):   # a student copy: the course's references, recorded
        return False
    root = find_course_root()
    try:
        return root is None or Path(solutions).resolve() != (root / "solutions").resolve()
    except OSError:
        return True


def _run_pytest(check_file: Path, plugin: Collector) -> None:
    import pytest

    saved = os.environ.pop("PYTEST_ADDOPTS", None)
    os.environ.setdefault("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    args = [str(check_file), "-c", str(registry.CHECKS_DIR / "pytest.ini"), "--rootdir", str(check_file.parent),
            "-q", "--assert=plain", "--capture=no", *NO_PLUGINS,
            "--import-mode=importlib", "-o", "python_functions=test_*", "-o", "python_files=*.py"]
    sink = io.StringIO()
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            pytest.main(args, plugins=[plugin])
    finally:
        if saved is not None:
            os.environ["PYTEST_ADDOPTS"] = saved


def grade(slug: str, submission: Path, solutions: Path, seed: int = 0, sandbox: Optional[Sandbox] = None,
          private: Iterable = ()) -> Report:
    """Grade ``submission`` against ``solutions/<slug>.py``; the report of every task.

    The registry, the reference and the checks are loaded here before any of
    the learner's code runs (it runs at the first task's first call)."""
    started = time.monotonic()
    exercise = registry.get(slug)
    from grader.submissions import read_source   # a notebook: the code of its cells, named by cell and line

    source = sandbox.source if sandbox is not None and sandbox.source is not None else read_source(submission, slug)
    own = sandbox is None
    sandbox = sandbox or start_sandbox(exercise, Path(submission), source, solutions, private)
    try:
        reference = _reference(slug, solutions, seed)
        checks = registry.checks_module(exercise)
        plugin = Collector(LearnerImpl(sandbox), reference, seed, statement_expressions(source),
                           getattr(checks, "MISTAKES", ()), swapped=_swapped(solutions))
        _run_pytest(exercise.checks, plugin)
    finally:
        if own:
            sandbox.close()
    if plugin.reference_problem:   # the reference itself, or what the learner's code gave it?
        if isinstance(reference, recording.Replay):
            raise ReferenceProblem(plugin.reference_problem)
        trouble = reference_trouble(slug, solutions, seed)
        if trouble:
            raise ReferenceProblem(trouble)
    return build_report(exercise, plugin, sandbox, seed, started)


def build_report(exercise: registry.Exercise, plugin: Collector, sandbox: Sandbox, seed: int,
                 started: float) -> Report:
    """The report of one grading, from what ``plugin`` collected."""
    report = Report(exercise=exercise.slug, title=pick(exercise.title), seed=seed)
    report.tests = one_name_per_function(say_once([plugin.results[n] for n in plugin.order if n in plugin.results]),
                                         plugin.mistakes)
    report.notes = plugin.report_notes()
    if not report.tests:
        raise ReferenceProblem(f"no tasks ran for {exercise.slug}: the checks in {exercise.checks} are broken")
    report.sandbox = sandbox.protections()
    report.seconds = time.monotonic() - started
    return report


def reference_trouble(slug: str, solutions: Path, seed: int = 0) -> str:
    """'' when the reference runs through its own checks at ``seed`` without
    failing itself (raising, lacking a function); else one line naming the file
    and the problem: a usage error, never a learner's result."""
    plugin = _reference_run(slug, solutions, seed)[1]
    if not plugin.reference_problem:
        return ""
    return tr("the reference solution {p} cannot be used: {e}", "模範解答 {p} は使えません: {e}",
              p=Path(solutions) / f"{slug}.py", e=plugin.reference_problem)


def check_reference(slug: str, solutions: Path, seed: int = 0) -> Report:
    """The checks run with the reference in the place of the learner's code, in
    this process (no worker): whether the reference passes its own checks at
    ``seed``.  For ``grade verify`` and the project's tests, never for learner code."""
    return _reference_run(slug, solutions, seed)[0]


def _reference_run(slug: str, solutions: Path, seed: int, stand_in=None):
    """(report, plugin) of the checks run with the reference in the learner's place;
    ``stand_in(module)`` gives what stands for the reference (grade release's recorder)."""
    from grader.impl import LocalImpl

    exercise = registry.get(slug)
    reference = load_reference(slug, solutions)
    checks = registry.checks_module(exercise)
    source = (Path(solutions) / f"{slug}.py").read_text(encoding="utf-8", errors="replace")
    plugin = Collector(LocalImpl(load_reference(slug, solutions)), stand_in(reference) if stand_in else reference,
                       seed, statement_expressions(source), getattr(checks, "MISTAKES", ()))
    _run_pytest(exercise.checks, plugin)
    report = Report(exercise=slug, title=pick(exercise.title), seed=seed)
    report.tests = [plugin.results[n] for n in plugin.order if n in plugin.results]
    report.notes = plugin.report_notes()
    return report, plugin
