"""`grade verify`: check a course before learners see it (grader.verify does the checking)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import click

from grader import registry
from grader.cli_common import UsageProblem, _course, _exercise, _solutions_dir, lang_option, reference_folder
from grader.helptext import JA, Command
from grader.i18n import set_lang, tr
from grader.report_text import pad

JA["grade verify"] = {
    "help": "講座を受講者に配る前に確かめます。演習ごとに: 模範解答が N 個の seed で自分のチェックを通ること（模範解答と比べない"
            "チェックも含む）、スタブが未記入と判定されること、ANSWERS と EQUIVALENTS が合格すること、よくある間違いが"
            "すべて不合格になりそれぞれ自分の id で示されること、配点の合計、スタブと模範解答のシグネチャ。\n\n"
            "表を出力し、問題があれば 1 行ずつ示して終了コード 1。すべて通れば 0、使い方の誤りは 2。",
    "options": {"--solutions": "模範解答のフォルダ（既定: $GRADER_SOLUTIONS、なければ solutions/）。",
                "--seeds": "模範解答を確かめる seed の数（0 から N-1）。",
                "--thorough": "間違い・同等の解答・スタブもすべての seed で採点します（既定は seed 0 のみ）。",
                "--lang": "表示する言語（既定: GRADER_LANG、grade config lang、ロケールの順）。"}}


@click.command("verify", cls=Command)
@click.argument("names", nargs=-1)
@click.option("--solutions", type=click.Path(path_type=Path), default=None,
              help="Folder of reference solutions (default: $GRADER_SOLUTIONS, else solutions/).")
@click.option("--seeds", type=click.IntRange(1, 10000), default=50, show_default=True,
              help="How many seeds (0 to N-1) the reference is checked at.")
@click.option("--thorough", is_flag=True, help="Grade the mistakes, equivalents and stub at every seed too (default: seed 0).")
@lang_option
def verify_cmd(names, solutions: Optional[Path], seeds: int, thorough: bool, lang: Optional[str]) -> None:
    """Check a course before learners see it, for each exercise NAME (default: all).

    The reference passes its own checks at seeds 0 to N-1 (the checks that do not
    compare with it too); the untouched stub is blank; the stub with its ANSWERS
    and every listed equivalent pass; every catalogued mistake fails and is named
    by its own id; the points add up; the stub and the reference have the same
    signatures.  Prints a table, then each problem on a line.

    Exit 0 when everything holds, 1 on any problem, 2 for a usage error.
    """
    set_lang(lang)
    from grader.verify import PARTS, verify

    slugs = [_exercise(n).slug for n in names] or registry.slugs()
    named = _solutions_dir(solutions)
    course = _course()
    verdicts = []
    for slug in slugs:
        try:
            folder = reference_folder(slug, named)
        except UsageProblem:
            folder = named   # verify says it: no reference
        verdicts.append(verify(slug, folder, course, seeds=seeds, thorough=thorough))
        click.echo(tr("checked {s}", "{s} を確認しました", s=slug), err=True)
    header = [tr("exercise", "演習")] + list(PARTS) + [tr("result", "結果")]
    widths = [max(len(header[0]), *(len(v.slug) for v in verdicts))] + [max(len(p), 12) for p in PARTS] + [6]
    click.echo("  ".join(pad(h, w) for h, w in zip(header, widths)))
    for v in verdicts:
        cells = [v.slug] + [v.counts.get(p, "-") for p in PARTS] + [tr("ok", "OK") if v.ok else tr("PROBLEM", "問題あり")]
        click.echo("  ".join(pad(c, w) for c, w in zip(cells, widths)))
    problems = [p for v in verdicts for p in v.problems]
    for problem in problems:
        click.echo(problem)
    if problems:
        click.echo(tr("{n} problem(s) in {e} exercise(s).", "{e} 個の演習に {n} 件の問題があります。",
                      n=len(problems), e=sum(not v.ok for v in verdicts)), err=True)
        raise SystemExit(1)
    click.echo(tr("All {n} exercise(s) hold.", "{n} 個の演習すべてに問題はありません。", n=len(verdicts)), err=True)
