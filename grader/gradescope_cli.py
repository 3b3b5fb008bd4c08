"""The platforms' commands: `grade gradescope` (an autograder zip),
`grade gradescope-run` (what its run_autograder calls) and `grade classroom`
(a GitHub Classroom workflow).  The work is in grader.gradescope and
grader.classroom_workflow; see docs/platforms.md.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import click

from grader import registry
from grader.cli_common import UsageProblem, _course, _exercise, _solutions_dir, lang_option
from grader.helptext import JA, Command
from grader.i18n import get_lang, set_lang, tr


@click.command("gradescope", cls=Command)
@click.option("--exercise", "names", multiple=True, help="Grade this exercise (repeatable; default: all).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("autograder.zip"),
              show_default=True, help="The zip to write.")
@click.option("--solutions", type=click.Path(path_type=Path), default=None,
              help="Folder of reference solutions to put in the zip (default: $GRADER_SOLUTIONS, else solutions/).")
@click.option("--hidden", "hidden", multiple=True, metavar="EXERCISE[:TASK]",
              help="Hide this exercise's tasks, or this one task, from learners (repeatable).")
@click.option("--hidden-until", type=click.Choice(["hidden", "after_due_date", "after_published"]), default="hidden",
              show_default=True, help="When hidden tasks are shown: never (hidden), after the due date, after publishing.")
@click.option("--show-mistakes/--hide-mistakes", default=True, show_default=True,
              help="Whether learners see which known mistake their answer matched (the log always has it).")
@click.option("--memory-mb", type=int, default=512, show_default=True,
              help="Memory limit of the learner's code on the platform (keep it under the container's).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the random test inputs.")
@lang_option
def gradescope_cmd(names, out: Path, solutions: Optional[Path], hidden, hidden_until: str, show_mistakes: bool,
                   memory_mb: int, seed: int, lang: Optional[str]) -> None:
    """Build a Gradescope autograder zip that grades the learner's NAME.py (or NAME.ipynb) files.

    Upload the zip as the assignment's autograder (base image Ubuntu 22.04 or later).  It carries
    this toolkit's wheel, the references and the stubs; --lang sets the learners' language.
    """
    set_lang(lang)
    from grader.course import content_root
    from grader.gradescope import BundleProblem, build

    slugs = [_exercise(n).slug for n in names] or registry.slugs()
    solutions = _solutions_dir(solutions)
    course = content_root() or _course()
    click.echo(tr("Building the autograder (the toolkit's wheel, then a check of each reference)...",
                  "自動採点を作成しています（ツールの wheel を作り、模範解答を確かめます）…"), err=True)
    try:
        build(out, slugs, solutions, course, hidden=hidden, hidden_until=hidden_until, show_mistakes=show_mistakes,
              seed=seed, lang=get_lang(), memory_mb=memory_mb)
    except BundleProblem as exc:
        raise UsageProblem(str(exc)) from None
    except OSError as exc:
        raise UsageProblem(tr("cannot write {f}: {e}", "{f} を書き込めません: {e}", f=out, e=exc.strerror)) from None
    points = sum(registry.get(s).points for s in slugs)
    click.echo(tr("{f}: {n} exercises, {p:g} points. Upload it in the assignment's Configure Autograder page.",
                  "{f}: {n} 演習、{p:g} 点。課題の Configure Autograder のページでアップロードしてください。",
                  f=out, n=len(slugs), p=points))


@click.command("gradescope-run", cls=Command)
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The autograder's folder (default: $AUTOGRADER_ROOT, else /autograder).")
def gradescope_run_cmd(root: Optional[Path]) -> None:
    """Grade ROOT/submission with the settings of ROOT/source and write ROOT/results/results.json.

    What an autograder zip's run_autograder calls on Gradescope.  The log (stdout) is for the
    instructor.  Exit 0 once results.json is written, whatever the submission; 1 when it cannot be.
    """
    from grader.gradescope import autograder_root, run

    folder = autograder_root(root)
    try:
        results = run(folder, log=click.echo)
    except OSError as exc:
        click.echo(f"cannot write {folder / 'results' / 'results.json'}: {exc.strerror}", err=True)
        sys.exit(1)
    max_score = sum(t.get("max_score", 0) for t in results.get("tests", []))
    click.echo(f"score: {results.get('score', 0):g}/{max_score:g}")


@click.command("classroom", cls=Command)
@click.option("--exercise", "names", multiple=True, help="Grade this exercise, one step each (repeatable; default: all).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              default=Path(".github/workflows/classroom.yml"), show_default=True, help="The workflow file to write.")
@click.option("--install", default=None,
              help='The command that installs the toolkit (default: pip install from the project\'s repository).')
@click.option("--python", "python_version", default="3.11", show_default=True, help="Python version of the runner.")
@click.option("--solutions", default=None,
              help="Folder of references inside the learner's repository (default: the installed toolkit's own).")
@click.option("--timeout", type=int, default=5, show_default=True, help="Minutes each exercise's step may take.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the random test inputs.")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@lang_option
def classroom_cmd(names, out: Path, install: Optional[str], python_version: str, solutions: Optional[str],
                  timeout: int, seed: int, force: bool, lang: Optional[str]) -> None:
    """Write a GitHub Classroom workflow: one graded step per exercise, then the reporter.

    Each step runs `grade exercise NAME` in the learner's repository and gives the exercise's
    points when it exits 0 (all or nothing).  --lang also sets the language of the feedback.
    """
    set_lang(lang)
    from grader.classroom_workflow import WorkflowProblem, as_yaml, workflow

    slugs = [_exercise(n).slug for n in names] or registry.slugs()
    if out.exists() and not force:
        raise UsageProblem(tr("{f} exists: add --force to replace it", "{f} はすでにあります。置き換えるには --force を付けてください",
                              f=out))
    try:
        text = as_yaml(workflow(slugs, install=install, python=python_version, solutions=solutions, lang=lang,
                                seed=seed, timeout=timeout))
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except WorkflowProblem as exc:
        raise UsageProblem(str(exc)) from None
    except OSError as exc:
        raise UsageProblem(tr("cannot write {f}: {e}", "{f} を書き込めません: {e}", f=out, e=exc.strerror)) from None
    points = sum(registry.get(s).points for s in slugs)
    click.echo(tr("{f}: {n} steps, {p:g} points. Commit it to the assignment's template repository.",
                  "{f}: {n} ステップ、{p:g} 点。課題のテンプレートリポジトリにコミットしてください。",
                  f=out, n=len(slugs), p=points))


COMMANDS = (gradescope_cmd, gradescope_run_cmd, classroom_cmd)

_LANG = "表示する言語（既定: GRADER_LANG、grade config lang、ロケールの順）。"
JA.update({
    "grade gradescope": {
        "help": "受講者の NAME.py（または NAME.ipynb）を採点する Gradescope の自動採点 zip を作ります。\n\n"
                "課題の自動採点としてアップロードしてください（ベースイメージは Ubuntu 22.04 以降）。このツールの wheel、"
                "模範解答、スタブが入ります。--lang は受講者に見せる言語も決めます。",
        "options": {"--exercise": "この演習を採点します（繰り返し指定できます。既定: すべて）。",
                    "--out": "書き出す zip。",
                    "--solutions": "zip に入れる模範解答のフォルダ（既定: $GRADER_SOLUTIONS、なければ solutions/）。",
                    "--hidden": "この演習の課題、またはこの課題 1 つを受講者に見せません（繰り返し指定できます）。",
                    "--hidden-until": "隠した課題を見せる時期: 見せない（hidden）、締め切り後、公開後。",
                    "--show-mistakes": "答えが一致したよくある間違いを受講者に示すかどうか（ログには常に残ります）。",
                    "--memory-mb": "Gradescope 上での受講者のコードのメモリ上限（コンテナの上限より小さく）。",
                    "--seed": "テストのランダムな入力の seed。", "--lang": _LANG}},
    "grade gradescope-run": {
        "help": "ROOT/source の設定で ROOT/submission を採点し、ROOT/results/results.json を書きます。\n\n"
                "Gradescope で自動採点 zip の run_autograder が呼ぶコマンドです。ログ（stdout）は講師向けです。"
                "results.json を書けば提出の内容にかかわらず終了コード 0、書けなければ 1。",
        "options": {"--root": "自動採点のフォルダ（既定: $AUTOGRADER_ROOT、なければ /autograder）。"}},
    "grade classroom": {
        "help": "GitHub Classroom のワークフローを書き出します。演習ごとに採点のステップが 1 つ、最後に集計があります。\n\n"
                "各ステップは受講者のリポジトリで `grade exercise NAME` を実行し、終了コードが 0 ならその演習の点を"
                "与えます（全部か 0 か）。--lang はフィードバックの言語も決めます。",
        "options": {"--exercise": "この演習を採点します。1 演習 1 ステップ（繰り返し指定できます。既定: すべて）。",
                    "--out": "書き出すワークフローのファイル。",
                    "--install": "ツールをインストールするコマンド（既定: プロジェクトのリポジトリから pip install）。",
                    "--python": "ランナーの Python のバージョン。",
                    "--solutions": "受講者のリポジトリの中の模範解答のフォルダ（既定: インストールしたツールに含まれるもの）。",
                    "--timeout": "各演習のステップにかけてよい時間（分）。", "--seed": "テストのランダムな入力の seed。",
                    "--force": "ファイルがあれば置き換えます。", "--lang": _LANG}},
})
