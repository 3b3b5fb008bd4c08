"""The `grade` command: list the exercises, grade one, give hints.

Exit codes: 0 every task passed (or the command succeeded), 1 some task did
not pass, 2 a usage error (unknown exercise, missing file, unreadable
solutions folder) with a one-line message.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Optional

import click

from grader import registry
from grader.course import find_course_root
from grader.helptext import Group
from grader.i18n import pick, set_lang, tr
from grader.progress import RESULTS_FILE
from grader.report_text import pad
from grader.state import load_json, save_json



from grader.cli_common import (UsageProblem, _course, _exercise, _results_key, _solutions_dir, lang_option,
                               reference_folder)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dl-course-toolkit")
def main() -> None:
    """Auto-graded deep-learning exercises (Rabbit Challenge Day 3/4, ゼロから作るDeep Learning ch. 6-7).

    Fill in the blanks (___) of exercises/NAME.py, then run `grade exercise NAME`.
    """


@main.command("list")
@lang_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
def list_cmd(lang: Optional[str], fmt: str) -> None:
    """Every exercise with its title, section, points and your last result."""
    set_lang(lang)
    root = find_course_root()
    last = load_json(RESULTS_FILE, {}).get(_results_key(root), {}) if root else {}
    rows = []
    for ex in registry.load().values():
        result = last.get(ex.slug)
        rows.append({"exercise": ex.slug, "title": pick(ex.title), "section": ex.section, "points": ex.points,
                     "last": result, "origin": ex.origin, "replaces": ex.replaces})
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        result = row["last"]
        if result is None:
            last_text = tr("not graded yet", "未採点")
        else:
            last_text = f"{result['score']:g}/{result['max_score']:g}" + (" ✓" if result["passed"] else "")
        # padded by display width: a full-width character takes two columns
        click.echo(f"{pad(row['exercise'], 18)} {pad(row['section'], 10)} {row['points']:>4g} pt  "
                   f"{pad(last_text, 16)} {row['title']}")
    for ex in registry.load().values():
        if ex.replaces:
            click.echo(tr("note: {s} is the course's own version ({w}); it replaces the shipped exercise",
                          "注: {s} は講座独自の版です（{w}）。同梱の演習の代わりに使われます", s=ex.slug, w=ex.where))


@main.command("exercise")
@click.argument("name")
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Grade this file (.py, or a notebook .ipynb) instead of exercises/NAME.py.")
@click.option("--solutions", type=click.Path(path_type=Path), default=None,
              help="Folder of reference solutions (default: $GRADER_SOLUTIONS, else solutions/).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the random test inputs.")
@lang_option
def exercise_cmd(name: str, file: Optional[Path], solutions: Optional[Path], fmt: str, seed: int,
                 lang: Optional[str]) -> None:
    """Grade exercises/NAME.py (or --file PATH) against the reference solution.

    Exit code 0 when every task passed, 1 when any did not, 2 for a usage error.
    """
    set_lang(lang)
    exercise, file, solutions, root = _what_to_grade(name, file, solutions)
    sys.exit(_grade_and_show(exercise, file, solutions, root, fmt, seed).exit_code)


def _what_to_grade(name: str, file: Optional[Path], solutions: Optional[Path]):
    """The exercise, its file, (the folder of its reference, the solutions folder named) and the course
    folder; UsageProblem when one is missing."""
    exercise = _exercise(name)
    root = find_course_root()
    if file is None:
        if root is None:
            _course()
        file = root / "exercises" / f"{exercise.slug}.py"
    if not file.is_file():
        raise UsageProblem(tr("no such file: {f}", "ファイルがありません: {f}", f=file))
    named = _solutions_dir(solutions)   # stays unreadable to the learner's code, whichever reference grades
    return exercise, file, (reference_folder(exercise.slug, named), named), root


def _grade_and_show(exercise: registry.Exercise, file: Path, solutions: tuple, root: Optional[Path], fmt: str,
                    seed: int):
    """Grade ``file``, remember the result when it is the course's own file, print the report; the report."""
    name = exercise.slug
    from grader.submissions import SubmissionProblem, read_source

    try:
        source = read_source(file, name)   # a notebook (.ipynb): the code of its cells, named by cell and line
    except SubmissionProblem as exc:
        raise UsageProblem(str(exc)) from None

    from grader.sandbox import start_sandbox

    # the worker starts now, and confines itself and imports NumPy while the grader
    # imports its own modules and loads the reference and the checks
    solutions, named = solutions
    sandbox = start_sandbox(exercise, file, source, solutions, private=[named])
    try:
        from grader.engine import ReferenceProblem, grade

        try:
            report = grade(name, file, solutions, seed=seed, sandbox=sandbox)
        except ReferenceProblem as exc:
            raise UsageProblem(str(exc)) from None
    finally:
        sandbox.close()
    if root is not None and file.resolve() == (root / "exercises" / f"{name}.py").resolve():
        _remember(root, report)
    if fmt == "json":
        click.echo(json.dumps(report.as_json(), ensure_ascii=False))
    else:
        from grader.report_text import render, use_colour

        click.echo(render(report, colour=use_colour()))
    return report


@main.command("watch")
@click.argument("name")
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Watch this file instead of exercises/NAME.py.")
@click.option("--solutions", type=click.Path(path_type=Path), default=None,
              help="Folder of reference solutions (default: $GRADER_SOLUTIONS, else solutions/).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the random test inputs.")
@lang_option
def watch_cmd(name: str, file: Optional[Path], solutions: Optional[Path], seed: int, lang: Optional[str]) -> None:
    """Grade exercises/NAME.py now, and again each time you save it, until Ctrl-C."""
    set_lang(lang)
    exercise, file, solutions, root = _what_to_grade(name, file, solutions)

    def stamp():
        try:
            info = file.stat()
            return info.st_mtime_ns, info.st_size
        except OSError:
            return None

    last = stamp()
    try:
        while True:
            _grade_and_show(exercise, file, solutions, root, "text", seed)
            click.echo(tr("Watching {f}: save it to grade again, Ctrl-C to stop.",
                          "{f} を見ています。保存するともう一度採点します。Ctrl-C で終了します。", f=file.name))
            while True:
                time.sleep(0.3)
                now = stamp()
                if now is not None and now != last:
                    time.sleep(0.1)   # the editor may still be writing
                    last = stamp()
                    click.echo("")
                    break
    except KeyboardInterrupt:
        click.echo(tr("\nStopped watching.", "\n監視を終了しました。"))


def _remember(root: Path, report) -> None:
    try:
        results = load_json(RESULTS_FILE, {})
        results.setdefault(_results_key(root), {})[report.exercise] = {
            "score": report.score, "max_score": report.max_score, "passed": report.passed,
            "when": time.strftime("%Y-%m-%dT%H:%M:%S")}
        save_json(RESULTS_FILE, results)
    except OSError:
        pass  # the result is still printed; only the history is not kept


@main.command("hint")
@click.argument("name")
@click.option("--reset", is_flag=True, help="Start again from the first hint.")
@lang_option
def hint_cmd(name: str, reset: bool, lang: Optional[str]) -> None:
    """Show the next hint for exercise NAME (gentle first, then more explicit)."""
    set_lang(lang)
    from grader.hints import next_hint

    click.echo(next_hint(_exercise(name).slug, reset=reset))


@main.command("doctor")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
@lang_option
def doctor_cmd(fmt: str, lang: Optional[str]) -> None:
    """Show which protections keep learner code in its sandbox on this machine.

    Starts a probe worker as for a submission, prints what took effect (file
    system, network, signals, processes, memory, files, user, environment) and
    what is missing, and what the probe's attempts to get out met.  Exit 0;
    1 when no worker could be started at all.
    """
    set_lang(lang)
    from grader import protections
    from grader.doctor import run

    outcome = run(find_course_root())
    facts = outcome["sandbox"]
    if fmt == "json":
        click.echo(json.dumps(outcome, ensure_ascii=False))
    elif facts is None:
        click.echo(tr("No worker process could be started here:", "ここでは作業プロセスを起動できませんでした:"))
    else:
        click.echo(protections.summary(facts))
        click.echo("\n".join(protections.lines(facts)))
    if fmt == "text":
        if outcome["attempts"]:
            click.echo(tr("What a probe inside the sandbox tried:", "サンドボックスの中から試したこと:"))
        for row in outcome["attempts"]:
            mark = tr("refused", "拒否") if row["refused"] else tr("ALLOWED", "許可")
            click.echo(f"  {mark:<8} {row['attempt']}" + ("" if row["refused"] else f"  ({row['outcome']})"))
    sys.exit(0 if facts is not None else 1)


@main.command("status")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
@lang_option
def status_cmd(fmt: str, lang: Optional[str]) -> None:
    """Your progress per section: points and exercises passed (from your last results)."""
    set_lang(lang)
    from grader.progress import by_section

    rows = by_section(_course())
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        click.echo(f"{pad(row['section'], 10)} {row['score']:>6g}/{row['points']:<4g} "
                   + tr("points   {p}/{n} exercises passed", "点   合格 {p}/{n} 演習", p=row["passed"], n=row["exercises"]))
    total, points = sum(r["score"] for r in rows), sum(r["points"] for r in rows)
    click.echo(tr("total: {s}/{m} points", "合計: {s}/{m} 点", s=f"{total:g}", m=f"{points:g}"))


@main.command("next")
@lang_option
def next_cmd(lang: Optional[str]) -> None:
    """The next exercise to do, in course order, and the command to grade it."""
    set_lang(lang)
    from grader.progress import next_exercise

    exercise = next_exercise(_course())
    if exercise is None:
        click.echo(tr("Every exercise is passed. Well done! Try the quizzes: `quiz list`.",
                      "すべての演習に合格しました。お見事です！ 確認テストもどうぞ: `quiz list`"))
        return
    click.echo(tr("Next: {slug} ({section}): {title}\n  edit exercises/{slug}.py, then: grade exercise {slug}",
                  "次は {slug}（{section}）: {title}\n  exercises/{slug}.py を編集してから: grade exercise {slug}",
                  slug=exercise.slug, section=exercise.section, title=pick(exercise.title)))


@main.command("config")
@click.argument("key", type=click.Choice(["lang"]))
@click.argument("value", required=False, type=click.Choice(["ja", "en", "auto"]))
def config_cmd(key: str, value: Optional[str]) -> None:
    """Show or set a setting that lasts: `grade config lang ja` (or en, or auto: from the locale).

    GRADER_LANG, when set, still wins; --lang wins for one command.
    """
    from grader.i18n import CONFIG_FILE, detect_lang, stored_lang

    if value is None:
        click.echo(stored_lang() or "auto")
        return
    settings = load_json(CONFIG_FILE, {})
    settings = settings if isinstance(settings, dict) else {}
    if value == "auto":
        settings.pop("lang", None)
    else:
        settings["lang"] = value
    try:
        save_json(CONFIG_FILE, settings)
    except OSError as exc:
        raise UsageProblem(tr("cannot write the setting: {e}", "設定を書き込めません: {e}", e=exc.strerror)) from None
    set_lang(None)
    click.echo(tr("language: {l}", "言語: {l}", l=detect_lang()))


@main.command("notebook")
@click.argument("names", nargs=-1)
@click.option("--all", "every", is_flag=True, help="A notebook for every exercise.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("notebooks"), show_default=True,
              help="Folder to write the notebooks into.")
@click.option("--install-from", "spec", default=None,
              help="What the first cell installs where the toolkit is missing (default: the project's repository).")
@lang_option
def notebook_cmd(names, every: bool, out: Path, spec: Optional[str], lang: Optional[str]) -> None:
    """Write a ready-to-use Jupyter/Colab notebook NAME.ipynb per exercise.

    Each has a first cell that loads the toolkit (installing it on Colab), a
    bilingual introduction, the stub's code in a %%grade NAME cell and a hint cell.
    """
    set_lang(lang)
    slugs = registry.slugs() if every else [_exercise(n).slug for n in names]
    if not slugs:
        raise UsageProblem(tr("name an exercise, or --all", "演習の名前か --all を指定してください"))
    from grader.course import content_root
    from grader.make_notebook import write

    root = content_root()
    if root is None:
        _course()
    for path in write(slugs, root / "exercises", out, spec):
        click.echo(str(path))


@main.command("init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=Path("dl-course"))
@lang_option
def init_cmd(folder: Path, lang: Optional[str]) -> None:
    """Write a working course folder FOLDER (exercises/, solutions/, quizzes/) to learn in.

    Then `cd FOLDER` and `grade list`, `grade exercise lstm`, `quiz list`.
    """
    set_lang(lang)
    import shutil

    from grader.course import content_root

    source = content_root()
    if source is None or not (source / "exercises").is_dir():
        raise UsageProblem(tr("this installation carries no course to copy", "このインストールには講座の内容が含まれていません"))
    if folder.exists() and any(folder.iterdir()):
        raise UsageProblem(tr("{d} exists and is not empty: name a new folder", "{d} は空ではありません。新しいフォルダを指定してください",
                              d=folder))
    for part in ("exercises", "solutions", "quizzes"):
        if (source / part).is_dir():
            shutil.copytree(source / part, folder / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (folder / "README.md").write_text(tr(
        "# Your course folder\n\nFill in the blanks (___) of exercises/NAME.py, then run `grade exercise NAME` "
        "in this folder. `grade list` shows the exercises, `quiz list` the quizzes.\n",
        "# 講座のフォルダ\n\nexercises/NAME.py の空欄（___）を埋めて、このフォルダで `grade exercise NAME` を"
        "実行してください。演習の一覧は `grade list`、確認テストは `quiz list` です。\n"), encoding="utf-8")
    click.echo(tr("A course folder is ready in {d}. Start with:\n  cd {d}\n  grade list\n  grade exercise rnn",
                  "講座のフォルダを {d} に作りました。次のように始めてください:\n  cd {d}\n  grade list\n  grade exercise rnn",
                  d=folder))


main.help_key = "grade"   # the Japanese help is kept under the program's name (grader.helptext)


def _add_lab() -> None:
    from grader.class_cli import class_cmd
    from grader.lab.cli import lab_group
    from grader.verify_cli import verify_cmd

    main.add_command(lab_group)
    main.add_command(class_cmd)
    main.add_command(verify_cmd)
    from grader.authoring_cli import COMMANDS as authoring

    for command in authoring:
        main.add_command(command)


_add_lab()


def _add_report() -> None:
    from grader.report_cli import report_cmd

    main.add_command(report_cmd)


_add_report()


def _add_platforms() -> None:
    from grader.gradescope_cli import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_add_platforms()


if __name__ == "__main__":
    main()
