"""The Python API, for notebooks and scripts: grade code given as text, take a quiz.

    import grader
    report = grader.check("lstm", source)      # the same sandbox and checks as `grade exercise`
    report.passed, report.score, report.as_json()
    grader.quiz("day3")                       # asks with input(), one question at a time

The code is graded in a sandboxed worker outside the calling process, so a
crash or an endless loop in it cannot hang or kill a notebook's kernel.  The
reference is the course folder's (found from the current folder upward, or
GRADER_COURSE), else the copy of the course the installed package carries.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Optional

from grader.i18n import set_lang, tr


class UsageError(ValueError):
    """A problem with what the caller asked for (an unknown exercise, no reference)."""


def _exercise(slug: str):
    from grader import registry
    from grader.names import resolve

    try:
        return registry.get(resolve(slug))
    except KeyError as exc:
        raise UsageError(str(exc.args[0]) if exc.args else slug) from None


def _solutions(solutions) -> Path:
    from grader.course import content_root

    if solutions is not None:
        folder = Path(solutions)
    else:
        root = content_root()
        if root is None:
            raise UsageError(tr("no course here and no packaged course: pass solutions=DIR",
                                "講座のフォルダも、パッケージに含まれる講座もありません。solutions=DIR を渡してください"))
        from grader.course import reference_dir

        folder = reference_dir(root)
    if not folder.is_dir():
        raise UsageError(tr("cannot read the solutions folder {d}", "模範解答のフォルダ {d} を読めません", d=folder))
    return folder


def check(slug: str, source: str, *, seed: int = 0, solutions=None, lang: Optional[str] = None):
    """Grade ``source`` as the submission of exercise ``slug``; the Report.

    The report has ``passed``, ``score``, ``max_score``, ``tests``, ``as_json()``,
    shows itself as HTML in a notebook and as the text of ``grade exercise``
    elsewhere; ``imported`` says whether the code loaded without crashing,
    exiting or timing out (a notebook runs it in the kernel only then)."""
    if lang is not None:
        set_lang(lang)
    exercise = _exercise(slug)
    folder = _solutions(solutions)
    from grader.engine import ReferenceProblem, grade
    from grader.sandbox import start_sandbox

    with tempfile.TemporaryDirectory(prefix="dl-grader-cell-") as tmp:
        path = Path(tmp) / f"{exercise.slug}.py"
        path.write_text(source, encoding="utf-8")
        sandbox = start_sandbox(exercise, path, source, folder)
        try:
            report = grade(exercise.slug, path, folder, seed=seed, sandbox=sandbox)
        except ReferenceProblem as exc:
            raise UsageError(str(exc)) from None
        finally:
            report_imported = sandbox.loaded and sandbox.load_error is None and not sandbox.timed_out
            sandbox.close()
    report.imported = report_imported
    return report


def quiz(bank: str, *, lang: Optional[str] = None, seed: Optional[int] = None, limit: Optional[int] = None,
         shuffle: bool = False, review: bool = False, ask=None):
    """Take the quiz ``bank`` here, asking with ``input()`` (a notebook shows an
    answer box); every answer is saved to the quiz history as it is given.
    Returns the summary (score, answered, total, interrupted)."""
    import random

    from grader.quiz import catalog, history
    from grader.quiz.model import InvalidBank, QuizError
    from grader.quiz.session import interactive, select
    from grader.quiz.validate import load_bank

    lang = set_lang(lang)
    try:
        quiz_bank = load_bank(catalog.resolve(bank))
    except (InvalidBank, QuizError) as exc:
        raise UsageError(getattr(exc, "message", str(exc))) from None
    only = history.to_review(quiz_bank.name) if review else None
    seed = random.randrange(10_000) if seed is None else seed
    instances = select(quiz_bank, seed, limit=limit, shuffle=shuffle, only=only)
    return interactive(quiz_bank, instances, lang, ask=ask or (lambda: input("> ")), ref=bank, seed=seed,
                       review=review)
