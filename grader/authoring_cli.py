"""`grade new` and `grade release`: an instructor's own exercises, and student copies without the answers."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import click

from grader import registry
from grader.cli_common import UsageProblem, lang_option
from grader.course import find_course_root
from grader.helptext import JA, Command
from grader.i18n import set_lang, tr

JA["grade new"] = {
    "help": "新しい演習 NAME の 4 つのファイルを、動く例（アフィン変換: 形の課題 1 つ、値の課題 1 つ、よくある間違い 1 つ、"
            "日英のヒント）入りで作ります: exercises/NAME.py（スタブ）、solutions/NAME.py（模範解答）、"
            "checks/NAME.py（チェック）、講座のフォルダの registry.yaml への追記。作った直後に `grade verify NAME` が"
            "通るので、そこから書き換えてください（docs/authoring.md）。\n\n"
            "講座のフォルダ（exercises/ のあるフォルダ、なければ現在のフォルダ）に書きます。ファイルがすでにあれば何も書かず"
            "終了コード 2。",
    "options": {"--course": "書き込む講座のフォルダ（既定: ここから上にたどって見つかる講座のフォルダ、なければ現在のフォルダ）。",
                "--lang": "表示する言語（既定: GRADER_LANG、grade config lang、ロケールの順）。"}}


@click.command("new", cls=Command)
@click.argument("name")
@click.option("--course", "course", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The course folder to write to (default: the one found from here upward, else this folder).")
@lang_option
def new_cmd(name: str, course: Optional[Path], lang: Optional[str]) -> None:
    """Scaffold a new exercise NAME with a working example you edit from there.

    Writes exercises/NAME.py (the stub), solutions/NAME.py (the reference),
    checks/NAME.py (the checks) and adds NAME to the course folder's
    registry.yaml.  The example is an affine layer with one shape task, one
    value task, one catalogued mistake and hints in Japanese and English, so
    `grade verify NAME` passes at once.  See docs/authoring.md.

    Exit 0 when the files are written, 2 when NAME is taken or a file exists.
    """
    set_lang(lang)
    from grader.scaffold import ScaffoldProblem, scaffold

    if not registry.SLUG.match(name):
        raise UsageProblem(tr("{n} cannot name an exercise: use lower-case letters, digits and _, starting with a "
                              "letter (it is a Python module name)",
                              "{n} は演習の名前に使えません。英小文字・数字・_ で、英字から始めてください（Python のモジュール名になります）",
                              n=name))
    root = (course or find_course_root(checkout=False) or Path.cwd()).resolve()   # never the toolkit's own checkout
    exercises = registry.load(root)   # this course's exercises, with the shipped ones
    if name in exercises:
        raise UsageProblem(tr("{n} is already an exercise ({w}); pick another name",
                              "{n} はすでに演習にあります（{w}）。別の名前にしてください",
                              n=name, w=exercises[name].where))
    try:
        written = scaffold(root, name)
    except ScaffoldProblem as exc:
        raise UsageProblem(str(exc)) from None
    for path in written:
        click.echo(tr("wrote {p}", "{p} を書きました", p=path))
    click.echo(tr("Next: grade verify {n}   (then edit the four files; see docs/authoring.md)",
                  "次に: grade verify {n}   （そのあと 4 つのファイルを書き換えます。docs/authoring.md を参照）", n=name))


JA["grade release"] = {
    "help": "受講者に配るための講座のフォルダを OUT に書きます（OUT は存在しないか空のフォルダ）。exercises/（スタブ）、"
            "quizzes/、すべての演習の registry.yaml と checks/（ANSWERS・EQUIVALENTS・間違いの example を除いたもの）、"
            "公開 seed での模範解答の出力の記録 expected/ を入れ、solutions/ は入れません。OUT の中では記録した結果で"
            "採点し、記録していない seed は断ります。答えを教えるヒントは --with-answers-in-hints のときだけ残します。"
            "書く前に、模範解答の行と答えのテキストが OUT のどのファイル（quizzes/ を除く）にもないことを確かめます。\n\n"
            "終了コード: 0 書いた、2 使い方の誤り（OUT が空でない、模範解答が自分のチェックを通らない、答えが漏れる）。",
    "options": {"--solutions": "模範解答のフォルダ（既定: $GRADER_SOLUTIONS、なければ solutions/。ない演習は講座の模範解答）。",
                "--seeds": "記録する公開 seed（カンマ区切り、0 を含む。既定: 0,1,2）。",
                "--with-answers-in-hints": "答えを教えるヒント（registry.yaml の answer: true）も残します。",
                "--with-quiz-key": "配布先でも quiz key と配布用 Markdown の解答を使えるようにします。",
                "--lang": "表示する言語（既定: GRADER_LANG、grade config lang、ロケールの順）。"}}


def _seeds(text: str):
    try:
        seeds = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise UsageProblem(tr("--seeds takes numbers separated by commas, such as 0,1,2",
                              "--seeds にはカンマ区切りの数を指定します（例: 0,1,2）")) from None
    if 0 not in seeds or any(s < 0 for s in seeds):
        raise UsageProblem(tr("--seeds must include the default seed 0 (and no negative seed)",
                              "--seeds には既定の seed 0 を含めてください（負の seed は使えません）"))
    return seeds


@click.command("release", cls=Command)
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--solutions", type=click.Path(path_type=Path), default=None,
              help="Folder of reference solutions (default: $GRADER_SOLUTIONS, else solutions/; an exercise it lacks "
                   "uses the course's own).")
@click.option("--seeds", "seeds_text", default="0,1,2", show_default=True,
              help="The public seeds to record, separated by commas; must include 0.")
@click.option("--with-answers-in-hints", is_flag=True, help="Keep the hints that give the answer (answer: true).")
@click.option("--with-quiz-key", is_flag=True, help="Allow `quiz key` and the handout's answers in the copy.")
@lang_option
def release_cmd(out: Path, solutions: Optional[Path], seeds_text: str, with_answers_in_hints: bool,
                with_quiz_key: bool, lang: Optional[str]) -> None:
    """Write a student copy of the course into OUT (a new or empty folder).

    OUT gets exercises/ (the stubs), quizzes/, a registry.yaml and checks/ of
    every exercise (without ANSWERS, EQUIVALENTS or mistake examples), and
    expected/: what the reference returned to every call of the checks at the
    public seeds.  No solutions/.  Grading inside OUT uses those recorded
    results and refuses any other seed; your own copy grades on any seed.
    Hints that give the answer are left out unless --with-answers-in-hints.
    Before writing, every file of OUT but quizzes/ is searched for the lines of
    the references and the answer texts.

    Exit 0 when OUT is written, 2 for a usage error (OUT not empty, a reference
    failing its own checks, an answer that would leak).
    """
    set_lang(lang)
    from grader.cli_common import _solutions_dir, reference_folder
    from grader.release import ReleaseProblem, make

    seeds = _seeds(seeds_text)
    named = _solutions_dir(solutions)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageProblem(tr("{d} is not an empty folder: name a new one",
                              "{d} は空のフォルダではありません。新しいフォルダを指定してください", d=out))
    try:
        info = make(out, lambda slug: reference_folder(slug, named), seeds=seeds,
                    with_answers_in_hints=with_answers_in_hints, with_quiz_key=with_quiz_key,
                    progress=lambda slug: click.echo(tr("recording {s}", "{s} を記録しています", s=slug), err=True))
    except ReleaseProblem as exc:
        raise UsageProblem(str(exc)) from None
    click.echo(tr("A student copy of {n} exercise(s) is in {d} (recorded seeds: {s}; no solutions).",
                  "演習 {n} 問の配布用フォルダを {d} に書きました（記録した seed: {s}。模範解答は含みません）。",
                  n=len(info["exercises"]), d=out, s=", ".join(map(str, seeds))))


COMMANDS = [new_cmd, release_cmd]
