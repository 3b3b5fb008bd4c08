"""The pytest plugin that turns each task of a check module into a result.

:class:`Collector` provides the ``sub``, ``ref`` and ``rng`` fixtures, runs every
task, and classifies what happened: passed, failed (a wrong answer, with the
catalogued mistake it matches), or the learner's error, blank or timeout.
Under each task it shows what the learner's code printed during it.  A mistake
recognised from the typed code is named only for a function the task called.
With an instructor's reference (``swapped``), advice that the reference itself
gets is not given to the learner, and catalogued mistakes that behave like the
reference are not named (see :func:`grader.compare.take_like_reference`).

:func:`say_once` shows a problem that stops several tasks (a syntax error, a
blank, the budget used up) once, and the other tasks as not run for it.
"""
from __future__ import annotations

import zlib
from types import ModuleType
from typing import Dict, List, Optional

import numpy as np

from grader.compare import take_like_reference
from grader.i18n import get_lang, pick, tr
from grader.impl import LocalImpl, ReferenceError_
from grader.mistakes import recognise
from grader.recording import ReplayMiss
from grader.outcome import CheckNotApplicable, LearnerError, TaskFailed
from grader.result import Status, TaskResult
from grader.sandbox import clip
from grader.tasks import take_notes

MESSAGE_CAP = 4000   # characters of one task's message: a report of 20 tasks stays far under 1 MB


def task_rng(seed: int, name: str) -> np.random.Generator:
    return np.random.default_rng([int(seed) & 0xFFFFFFFF, zlib.crc32(name.encode())])


class Collector:
    """pytest plugin: fixtures for the checks, and a result for every task."""

    def __init__(self, sub, reference: ModuleType, seed: int, source_exprs, mistakes, swapped: bool = False):
        self.mistakes = mistakes
        self.order: List[str] = []
        self.begin(sub, reference, seed, source_exprs, swapped)

    def begin(self, sub, reference: ModuleType, seed: int, source_exprs, swapped: bool = False) -> None:
        """Start on a submission: the checks collected once run again for each one (grader.session)."""
        self.sub, self.reference, self.seed, self.source_exprs, self.swapped = sub, reference, seed, source_exprs, swapped
        self.results: Dict[str, TaskResult] = {}
        self.reference_problem = ""   # what the reference did wrong (raised, lacked a function), if it did
        self.skipped: List[tuple] = []   # (task, why): checks not held against the learner, the reference fails them
        self.like_reference: list = []
        self.unlike_reference: list = []

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

        def run(sub, ref):
            args = {"sub": sub, "ref": ref, "rng": task_rng(self.seed, info.name)}
            pyfuncitem.obj(**{n: args[n] for n in names if n in args})

        result = TaskResult(info.name, pick(info.title), Status.PASSED, info.points, info.points)
        reference_notes = self._reference_run(run, info.independent, info.name)
        self._clear()
        try:
            if reference_notes is None:
                raise CheckNotApplicable(self._not_applicable)
            run(self.sub, self._ref_impl(info.name))
        except ReplayMiss:   # a student copy: the learner's output was fed back into the reference
            self._fail(result, Status.FAILED, tr(
                "your output differs from the expected one: this check goes on with your output, and the recorded "
                "results of this copy do not cover that",
                "出力が期待される値と違います。このチェックはあなたの出力を使って先へ進みますが、"
                "この配布用の講座に記録された結果はその場合を含みません"), None)
        except CheckNotApplicable as exc:
            self.skipped.append((info.name, str(exc)))
            result.message = tr(
                "not held against you: the reference solution itself does not pass this check ({e})",
                "この課題は評価に含めません。模範解答自体がこのチェックを通りません（{e}）", e=exc)
        except TaskFailed as exc:
            self._fail(result, Status.FAILED, exc.message, exc.mistake)
        except LearnerError as exc:
            self._fail(result, Status(exc.status), exc.message, None,
                       str(exc.error.get("message", ""))[:2000] if exc.status == "error" else None)
            result.limit, result.ran = exc.limit, exc.ran
        except ReferenceError_ as exc:
            self.reference_problem = self.reference_problem or str(exc)
            self._fail(result, Status.ERROR, tr("the reference solution failed, not your code: {e}",
                                                "あなたのコードではなく模範解答が失敗しました: {e}", e=exc), None, None)
        except Exception as exc:  # a bug in a check must never pass a task
            self._fail(result, Status.ERROR, tr("internal error in the grader's check ({t}: {e}); "
                                                "please report it", "採点プログラム内部のエラーです（{t}: {e}）。報告してください",
                                                t=type(exc).__name__, e=exc), None, None)
        result.core = result.message
        notes = [n for n in take_notes() if n not in (reference_notes or [])]
        printed = self._printed()
        if printed:
            notes.append(tr("Output of your code (print and warnings):\n{t}", "あなたのコードの出力（print と警告）:\n{t}", t=printed))
        if notes:
            result.message = "\n".join(filter(None, [result.message, *notes]))
        result.message = clip(result.message, MESSAGE_CAP)
        self._remember(take_like_reference())
        self.results[pyfuncitem.nodeid] = result
        return True

    def _ref_impl(self, task: str):
        """What the checks call ``ref``: the reference, or (grader.recording) its recorded answers."""
        impl_for = getattr(self.reference, "impl_for", None)
        return impl_for(task) if impl_for is not None else LocalImpl(self.reference)

    def _reference_run(self, run, independent: bool, task: str = "") -> Optional[List[str]]:
        """Run the task with the reference in the place of the learner's code where it
        must (a check that does not compare with it), or may change what the learner
        is told (an instructor's reference): the advice the reference itself gets;
        None when the reference fails a check that does not compare with it.  In a
        student copy the outcome is the one recorded."""
        recorded = getattr(self.reference, "recorded_outcome", None)
        if recorded is not None:
            outcome = recorded(task, get_lang()) if independent else None
            if outcome is not None and not outcome.get("ok", True):
                self._not_applicable = outcome.get("why", "")
                return None
            return list(outcome.get("notes", [])) if outcome else []
        if not (independent or self.swapped):
            return []
        module = getattr(self.reference, "module", self.reference)
        take_notes()
        ok, why = True, ""
        try:
            run(LocalImpl(module), LocalImpl(module))
        except (TaskFailed, ReferenceError_) as exc:
            if isinstance(exc, ReferenceError_):
                self.reference_problem = self.reference_problem or str(exc)
            if independent:
                self._not_applicable, ok, why = str(exc), False, str(exc)
        except Exception:   # the comparison of the reference with itself: nothing to learn from it
            pass
        if ok:
            self._remember(take_like_reference())
        notes = take_notes()
        note_outcome = getattr(self.reference, "note_outcome", None)
        if note_outcome is not None and independent:   # grade release records it
            note_outcome(task, get_lang(), ok, why, notes if ok else [])
        return notes if ok else None

    def _remember(self, found) -> None:
        like, unlike = found
        for mistake in like:
            if mistake not in self.like_reference:
                self.like_reference.append(mistake)
        for mistake in unlike:
            if mistake not in self.unlike_reference:
                self.unlike_reference.append(mistake)

    def _clear(self) -> None:
        vars(self.sub).get("called", set()).clear()   # (an Impl answers any other name with a function)
        sandbox = getattr(self.sub, "_sandbox", None)
        if sandbox is not None:
            sandbox.take_printed()

    def _printed(self) -> str:
        sandbox = getattr(self.sub, "_sandbox", None)
        return sandbox.take_printed() if sandbox is not None else ""

    def _fail(self, result: TaskResult, status: Status, message: str, mistake, error_text: Optional[str] = "") -> None:
        result.status, result.score, result.message = status, 0, message
        if mistake is None and error_text is not None:
            called = vars(self.sub).get("called")
            # only a mistake of a function this task called can explain what it saw
            mistakes = [m for m in self.mistakes if not called or m.func is None or m.func in called]
            mistake = recognise(mistakes, self.source_exprs, error_text)
            if mistake is not None:
                result.message = f"{message}\n{mistake.message()}"
        result.mistake = mistake.id if mistake is not None else ""

    def report_notes(self) -> List[str]:
        """What the report says above the tasks: a reference that differs from the course's."""
        like = [m for m in self.like_reference if m not in self.unlike_reference]
        if not (self.swapped and like):
            return []
        titles = "; ".join(pick(m.title) for m in like)
        return [tr("The reference solution used here differs from the course's: it behaves like what the "
                   "course calls a known mistake ({t}), so that is not named as a mistake here.",
                   "ここで使う模範解答は講座のものと異なります。講座で「よくある間違い」としているもの（{t}）と"
                   "同じ振る舞いなので、ここではそれを間違いとして示しません。", t=titles)]


STOPPING = (Status.ERROR, Status.BLANK, Status.TIMEOUT)


def say_once(results: List[TaskResult]) -> List[TaskResult]:
    """A problem that stops several tasks is told under the first; the others say
    they were not run for it (their status stays what it is)."""
    first: Dict[str, TaskResult] = {}
    for result in results:
        core = getattr(result, "core", result.message)
        if result.status not in STOPPING or not core:
            continue
        if core in first:
            shown = result.message[len(core):].lstrip("\n")
            if result.ran:
                said = tr("the same problem as in “{t}” above", "上の「{t}」と同じ問題です", t=first[core].title)
            else:
                said = tr("not run: the same problem as in “{t}” above", "実行していません: 上の「{t}」と同じ問題のためです",
                          t=first[core].title)
            result.message = "\n".join(filter(None, [said, shown]))
        else:
            first[core] = result
    return results


def one_name_per_function(results: List[TaskResult], mistakes) -> List[TaskResult]:
    """Where tasks name different known mistakes of one function, the learner's
    slip is none of them (it matched each on some inputs only): name none."""
    by_id = {m.id: m for m in mistakes}
    named: Dict[object, set] = {}
    for result in results:
        mistake = by_id.get(result.mistake)
        if mistake is not None:
            named.setdefault(mistake.func, set()).add(mistake.id)
    for result in results:
        mistake = by_id.get(result.mistake)
        if mistake is not None and len(named[mistake.func]) > 1:
            result.message = result.message.replace("\n" + mistake.message(), "")
            result.core = result.core.replace("\n" + mistake.message(), "")
            result.mistake = ""
    return results

