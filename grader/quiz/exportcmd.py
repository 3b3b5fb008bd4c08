"""``quiz export BANK --format ...``: a bank (or some of its sections and
questions) for Moodle, as a handout, or as JSON (the writers are in
:mod:`.export`, :mod:`.gift` and :mod:`.moodlexml`)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional, Tuple

import click

from ..cli_common import UsageProblem
from ..helptext import JA, Command
from ..i18n import set_lang, tr
from . import catalog
from .export import FORMATS, export as export_bank, subset
from .model import QuizError
from .validate import display_path

JA.setdefault("quiz export", {}).setdefault("options", {}).update({
    "--section": "このセクション（どちらかの言語の名前）の問題だけを書き出します。繰り返し指定できます。",
    "--id": "この問題を書き出します（これだけ、または --section に加えて）。繰り返し指定できます。",
    "--no-answers": "--format markdown で、解答のない配布資料にします。"})
JA["quiz export"]["help"] = ("BANK をほかのツール向けに、1 つの言語で書き出します。バンク全体か、"
                             "--section と --id で指定した問題（バンクの順）です。`grade release` で --with-quiz-key "
                             "なしに作った受講者用コピーでは、配布資料に解答を入れず、解答を含むほかの形式は"
                             "使えません（終了コード 2）。")


def open_bank(ref: str):
    try:
        return catalog.open_bank(ref)
    except QuizError as exc:
        raise UsageProblem(exc.message) from None


@click.command("export", cls=Command)
@click.argument("bank")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="gift or moodle-xml (Moodle), markdown (a handout, answers at the end), json.")
@click.option("--lang", type=click.Choice(["ja", "en"]), default=None,
              help="Language of the texts: ja or en (default: from LANG / LC_ALL).")
@click.option("--seed", "seeds", type=int, multiple=True,
              help="Export parametrized questions at this seed; repeat for more instances (default: 0).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of the standard output.")
@click.option("--section", "sections", multiple=True,
              help="Export only the questions of this section (its name in either language); repeatable.")
@click.option("--id", "ids", multiple=True, help="Export this question too (or only it); repeatable.")
@click.option("--no-answers", is_flag=True, help="With --format markdown: a handout without the answers.")
@catalog.bank_dir_option
def export_cmd(bank: str, fmt: str, lang: Optional[str], seeds: Tuple[int, ...], out: Optional[Path],
               sections: Tuple[str, ...], ids: Tuple[str, ...], no_answers: bool) -> None:
    """Export BANK for other tools, in one language: the whole bank, or the
    questions of the --section and --id given (bank order).  In a student copy
    made by `grade release` without --with-quiz-key the handout has no answers
    and the other formats, which carry them, are refused (exit 2)."""
    lang = set_lang(lang)
    if not catalog.answer_keys_allowed():
        if fmt != "markdown":
            raise UsageProblem(catalog.keys_off())
        no_answers = True
    if no_answers and fmt != "markdown":
        raise UsageProblem(tr("--no-answers is for --format markdown (the other formats carry the answers "
                              "for Moodle or tools)",
                              "--no-answers は --format markdown 用です（ほかの形式は Moodle やツールのために"
                              "解答を含みます）"))
    quiz = open_bank(bank)
    try:
        quiz = subset(quiz, sections, ids)
    except QuizError as exc:
        raise UsageProblem(exc.message) from None
    text = export_bank(quiz, fmt, lang, seeds, answers=not no_answers)
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageProblem(tr("cannot write {f}: {e}", "{f} に書き込めません: {e}",
                              f=out, e=exc.strerror or exc)) from None
    click.echo(tr("wrote {f}", "{f} に書き出しました", f=display_path(out)), err=True)
