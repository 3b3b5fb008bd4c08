"""What every `grade` subcommand shares: the usage error, the --lang option,
finding the course, the exercise a name means, the solutions folder.

Command modules (grader/cli.py, grader/class_cli.py, ...) import from here;
this module imports none of them.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import click

from grader import registry
from grader.course import find_course_root
from grader.i18n import tr


class UsageProblem(click.ClickException):
    """An expected error: one line on stderr, exit code 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(tr("Error: {m}", "エラー: {m}", m=self.format_message()), err=True)


def lang_option(f):
    return click.option("--lang", type=click.Choice(["ja", "en"]), default=None,
                        help="Language of the messages (default: from LANG).")(f)


def _course() -> Path:
    root = find_course_root()
    if root is None:
        raise UsageProblem(tr("no course folder here: run grade inside the folder that holds exercises/, make one "
                              "with `grade init DIR`, or name one with GRADER_COURSE=DIR",
                              "講座のフォルダが見つかりません。exercises/ のあるフォルダの中で grade を実行するか、"
                              "`grade init DIR` で作るか、GRADER_COURSE=DIR で指定してください"))
    return root


def _exercise(name: str) -> registry.Exercise:
    """The exercise ``name`` means (LSTM, lstm.py and exercises/lstm.py are lstm)."""
    from grader.names import resolve

    try:
        return registry.get(resolve(name))
    except KeyError as exc:
        raise UsageProblem(exc.args[0]) from None


def _solutions_dir(flag: Optional[Path]) -> Path:
    """--solutions, else $GRADER_SOLUTIONS, else the course's solutions/; must be readable."""
    solutions = flag or (Path(os.environ["GRADER_SOLUTIONS"]) if os.environ.get("GRADER_SOLUTIONS") else None)
    if solutions is None:
        from grader.course import reference_dir

        solutions = reference_dir(_course())
    if not solutions.is_dir() or not os.access(solutions, os.R_OK | os.X_OK):
        raise UsageProblem(tr("cannot read the solutions folder {d}", "模範解答のフォルダ {d} を読めません", d=solutions))
    return solutions


def _results_key(root: Path) -> str:
    return str(root.resolve())


def shipped_solutions(slug: str) -> Optional[Path]:
    """The folder of the course's own reference of ``slug``: the course folder's solutions/,
    else the shipped course's (the wheel's copy, or the source checkout's); None when neither has it."""
    from grader.course import shipped_course

    for root in (find_course_root(), shipped_course()):
        if root is not None and (root / "solutions" / f"{slug}.py").is_file():
            return root / "solutions"
    return None


def reference_folder(slug: str, solutions: Path) -> Path:
    """The folder whose ``<slug>.py`` is the reference: ``solutions`` when it has one,
    else the course's own (said in one line on stderr); UsageProblem when neither has."""
    from grader.recording import is_recordings

    if (solutions / f"{slug}.py").is_file() or is_recordings(solutions):   # recorded results never fall back
        return solutions
    shipped = shipped_solutions(slug)
    if shipped is not None:
        click.echo(tr("Note: the solutions folder {d} has no {n}.py: {n} is graded against the course's own reference.",
                      "注意: 模範解答のフォルダ {d} に {n}.py がないため、{n} は講座の模範解答で採点します。",
                      d=solutions, n=slug), err=True)
        return shipped
    raise UsageProblem(tr("the solutions folder {d} has no {n}.py", "模範解答のフォルダ {d} に {n}.py がありません",
                          d=solutions, n=slug))
