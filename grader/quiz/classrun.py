"""``quiz class CLASS_DIR BANK``: every learner's answers file judged, one CSV.

A class folder holds one folder per learner (as for ``grade class``); a
learner's answers for bank ``day3`` are ``LEARNER/day3.yaml`` (the name in any
case, ``-`` or a space taken for ``_``; ``.yml`` and ``.json`` count too, in that
order after ``.yaml``), read exactly as ``quiz run day3 --answers FILE`` reads
them and judged the same way, every learner at the same ``--seed``.

The CSV has the columns ``learner``, ``score``, ``total``, then one per
question id in bank order: 1 right, 0 wrong or not answered.  A learner without
an answers file, or whose file cannot be read, gets a row of zeros and a
warning on stderr (the file and line of the problem); the class goes on.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Callable, List, Optional, Tuple

import click

from ..cli_common import UsageProblem
from ..helptext import Command
from ..i18n import set_lang, tr
from ..submissions import SubmissionProblem, learner_folders, no_learners, normal
from . import catalog
from .model import Bank, InvalidBank, QuizError
from .session import read_answers, run_answers, select
from .validate import display_path, load_bank

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")
SHOWN = 8


def answers_files(folder: Path, bank: str) -> List[Path]:
    """The files of ``folder`` that are answers to ``bank``, the one to judge first."""
    try:
        files = [p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")]
    except OSError:
        return []
    wanted = normal(bank)
    found = [p for p in files if p.suffix.lower() in ANSWER_SUFFIXES and normal(p.stem) == wanted]
    return sorted(found, key=lambda p: (ANSWER_SUFFIXES.index(p.suffix.lower()), p.name))


def _listed(names: List[str]) -> str:
    more = len(names) - SHOWN
    return ", ".join(names[:SHOWN]) + (tr(" and {n} more", " ほか {n} 件", n=more) if more > 0 else "")


def _judged(bank: Bank, instances, path: Path, lang: str, warn: Callable[[str], None]) -> Optional[dict]:
    """The result of one learner's answers file, or None (after a warning) when it cannot be judged."""
    try:
        answers, lines = read_answers(path)
    except QuizError as exc:
        warn(exc.message + tr(" (this learner scores 0)", "（この受講者は 0 点です）"))
        return None
    unknown = [qid for qid in answers if bank.question(qid) is None]
    if unknown:
        warn(f"{display_path(path)}:{lines.get(unknown[0], 0)}: " + tr(
            "no question {q} in bank {b}; ignored", "バンク {b} に問題 {q} はありません（無視します）",
            q=", ".join(unknown[:SHOWN]), b=bank.name))
    try:
        return run_answers(bank, instances, answers, lang)
    except Exception as exc:   # one learner's answers must never stop the class
        warn(tr("{f}: the answers could not be judged ({e}); this learner scores 0",
                "{f}: 解答を判定できませんでした（{e}）。この受講者は 0 点です",
                f=display_path(path), e=f"{type(exc).__name__}: {exc}"[:200]))
        return None


def judge_class(bank: Bank, class_dir: Path, seed: int, lang: str,
                warn: Callable[[str], None]) -> Tuple[List[str], List[List]]:
    """The CSV header and one row per learner (sorted by folder name)."""
    instances = select(bank, seed)
    ids = [inst.id for inst in instances]
    folders = learner_folders(class_dir)
    if not folders:
        raise SubmissionProblem(no_learners(class_dir))
    rows, without = [], []
    for folder in folders:
        files = answers_files(folder, bank.name)
        if len(files) > 1:
            warn(tr("warning: {f} judged; not {o}", "注意: {f} を判定しました（{o} は判定していません）",
                    f=display_path(files[0]), o=", ".join(display_path(p) for p in files[1:])))
        result = _judged(bank, instances, files[0], lang, warn) if files else None
        if not files:
            without.append(folder.name)
        right = {r["id"] for r in result["results"] if r["correct"]} if result else set()
        rows.append([folder.name, len(right), len(ids), *[1 if qid in right else 0 for qid in ids]])
    if without:
        warn(tr("warning: no answers file {b}.yaml from {n} learner(s), who score 0: {names}",
                "注意: {n} 人の受講者に解答ファイル {b}.yaml がありません（0 点）: {names}",
                b=bank.name, n=len(without), names=_listed(without)))
    return ["learner", "score", "total", *ids], rows


def _open(ref: str) -> Bank:
    try:
        return load_bank(catalog.resolve(ref))
    except InvalidBank as exc:
        raise UsageProblem(tr("{r} is not a valid bank: {p}", "{r} は正しいバンクではありません: {p}",
                              r=ref, p=exc.message.splitlines()[0] if exc.message else "")) from None
    except QuizError as exc:
        raise UsageProblem(exc.message) from None


@click.command("class", cls=Command)
@click.argument("class_dir", type=click.Path(path_type=Path))
@click.argument("bank")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the parametrized questions (the same for every learner).")
@click.option("--lang", type=click.Choice(["ja", "en"]), default=None, help="Language of the messages.")
@catalog.bank_dir_option
def class_cmd(class_dir: Path, bank: str, seed: int, lang: Optional[str]) -> None:
    """Judge every learner's answers to BANK in CLASS_DIR (one folder per learner,
    answers in LEARNER/BANK.yaml as for `quiz run BANK --answers FILE`).

    Prints a CSV: learner, score, total, then one column per question id
    (1 right, 0 wrong or missing).  Problems with a learner's file go to
    stderr and cost that learner only.  Exit 0; 2 for a usage error (no such
    folder, no learner folders, an unknown bank)."""
    lang = set_lang(lang)
    if not class_dir.is_dir():
        raise UsageProblem(tr("no such folder: {d}", "フォルダがありません: {d}", d=class_dir))
    quiz = _open(bank)
    try:
        header, rows = judge_class(quiz, class_dir, seed, lang, lambda text: click.echo(text, err=True))
    except SubmissionProblem as exc:
        raise UsageProblem(str(exc)) from None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    click.echo(out.getvalue(), nl=False)
