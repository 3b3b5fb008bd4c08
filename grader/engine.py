"""Grading one submission: pytest runs the exercise's checks in this process,
the learner's code runs in the sandbox's worker process.

The reference solution is imported here; the learner's file never is.  Each
task's outcome is classified by :class:`_Collector`, a pytest plugin that also
provides the ``sub``, ``ref`` and ``rng`` fixtures.
"""
from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import time
import zlib
from pathlib import Path
from types import ModuleType
from typing import Dict, Iterable, List, Optional

import numpy as np

from grader import registry
from grader.blanks import blank_lines, statement_expressions
from grader.i18n import pick, tr
from grader.impl import LearnerImpl, LocalImpl, ReferenceError_
from grader.mistakes import recognise
from grader.outcome import CheckNotApplicable, LearnerError, TaskFailed
from grader.result import Report, Status, TaskResult
from grader.limits import Limits
from grader.sandbox import Sandbox, clip, start_sandbox
from grader.tasks import take_notes


MESSAGE_CAP = 4000   # characters of one task's message: a report of 20 tasks stays far under 1 MB


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


def _rng(seed: int, name: str) -> np.random.Generator:
    return np.random.default_rng([int(seed) & 0xFFFFFFFF, zlib.crc32(name.encode())])


class _Collector:
    """pytest plugin: fixtures for the checks, and a result for every task."""

    def __init__(self, sub, reference: ModuleType, seed: int, source_exprs, mistakes):
        self.sub = sub
        self.reference = reference
        self.seed = seed
        self.source_exprs = source_exprs
        self.mistakes = mistakes
        self.results: Dict[str, TaskResult] = {}
        self.order: List[str] = []

    # The checks' arguments are passed by pytest_pyfunc_call below; these
    # fixtures only declare the names to pytest.
    import pytest as _pytest

    @_pytest.fixture(name="sub")
    def _sub_fixture(self):
        return self.sub

    @_pytest.fixture(name="ref")
    def _ref_fixture(self):
        return LocalImpl(self.reference)

    @_pytest.fixture(name="rng")
    def _rng_fixture(self):
        return None

    del _pytest

    def pytest_collection_modifyitems(self, items):
        self.order = [item.nodeid for item in items if hasattr(item, "function")]

    def pytest_pyfunc_call(self, pyfuncitem):
        info = getattr(pyfuncitem.function, "_task", None)
        if info is None:
            return None
        names = pyfuncitem._fixtureinfo.argnames
        fixtures = {"sub": self.sub, "ref": LocalImpl(self.reference)}

        def run(sub):
            args = dict(fixtures, sub=sub, rng=_rng(self.seed, info.name))
            pyfuncitem.obj(**{n: args[n] for n in names if n in args})

        title = pick(info.title)
        result = TaskResult(info.name, title, Status.PASSED, info.points, info.points)
        try:
            if info.independent:
                try:
                    run(LocalImpl(self.reference))
                except (TaskFailed, ReferenceError_) as exc:
                    raise CheckNotApplicable(str(exc)) from None
                finally:
                    take_notes()  # notes about the reference are not the learner's
            run(self.sub)
        except CheckNotApplicable as exc:
            result.message = tr(
                "not held against you: the reference solution itself does not pass this check ({e})",
                "この課題は評価に含めません。模範解答自体がこのチェックを通りません（{e}）", e=exc)
        except TaskFailed as exc:
            self._fail(result, Status.FAILED, exc.message, exc.mistake)
        except LearnerError as exc:
            self._fail(result, Status(exc.status), exc.message, None,
                       str(exc.error.get("message", ""))[:2000] if exc.status == "error" else None)
            result.limit = exc.limit
        except ReferenceError_ as exc:
            self._fail(result, Status.ERROR, tr("the reference solution failed, not your code: {e}",
                                                "あなたのコードではなく模範解答が失敗しました: {e}", e=exc), None, None)
        except Exception as exc:  # a bug in a check must never pass a task
            self._fail(result, Status.ERROR, tr("internal error in the grader's check ({t}: {e}); "
                                                "please report it", "採点プログラム内部のエラーです（{t}: {e}）。報告してください",
                                                t=type(exc).__name__, e=exc), None, None)
        notes = take_notes()
        if notes:
            result.message = "\n".join(filter(None, [result.message, *notes]))
        result.message = clip(result.message, MESSAGE_CAP)
        self.results[pyfuncitem.nodeid] = result
        return True

    def _fail(self, result: TaskResult, status: Status, message: str, mistake, error_text: Optional[str] = "") -> None:
        result.status, result.score, result.message = status, 0, message
        if mistake is None and error_text is not None:
            mistake = recognise(self.mistakes, self.source_exprs, error_text)
            if mistake is not None:
                result.message = f"{message}\n{mistake.message()}"
        result.mistake = mistake.id if mistake is not None else ""


# Plugins the checks do not use: skipping them keeps grading fast and leaves
# no trace (cache folders, pdb) in the learner's folder.
_NO_PLUGINS = [arg for name in ("cacheprovider", "stepwise", "warnings", "debugging", "doctest", "junitxml",
                                "pastebin", "unraisableexception", "threadexception", "faulthandler",
                                "setuponly", "setupplan")
               for arg in ("-p", f"no:{name}")]


def _run_pytest(check_file: Path, plugin: _Collector) -> None:
    import pytest

    saved = os.environ.pop("PYTEST_ADDOPTS", None)
    os.environ.setdefault("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    args = [str(check_file), "-c", str(check_file.with_name("pytest.ini")), "--rootdir", str(check_file.parent),
            "-q", "--assert=plain", "--capture=no", *_NO_PLUGINS,
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
    source = Path(submission).read_text(encoding="utf-8", errors="replace")
    own = sandbox is None
    sandbox = sandbox or start_sandbox(exercise, Path(submission), source, solutions, private)
    try:
        reference = load_reference(slug, solutions)
        import importlib

        checks = importlib.import_module(f"grader.checks.{slug}")
        plugin = _Collector(LearnerImpl(sandbox), reference, seed, statement_expressions(source),
                            getattr(checks, "MISTAKES", ()))
        _run_pytest(exercise.checks, plugin)
    finally:
        if own:
            sandbox.close()
    report = Report(exercise=slug, title=pick(exercise.title), seed=seed)
    report.tests = [plugin.results[n] for n in plugin.order if n in plugin.results]
    if not report.tests:
        raise ReferenceProblem(f"no tasks ran for {slug}: the checks in {exercise.checks} are broken")
    report.sandbox = sandbox.protections()
    report.seconds = time.monotonic() - started
    return report
