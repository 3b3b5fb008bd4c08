"""The ``quiz`` command: take, check, grade and export quiz banks.

Exit codes: 0 when the command did its job (whatever the score of a quiz,
and also when a learner stops a quiz with Ctrl-C or end of input), 2 for a
usage error, a missing file or an invalid bank (one message on stderr that
names the file and line, never a traceback).
"""
from __future__ import annotations

import json
import random
from pathlib import Path
from typing import List, Optional, Tuple

import click

from ..helptext import JA, Group
from ..report_text import pad
from ..i18n import pick, set_lang, tr
from . import catalog, history
from .instance import answer_key
from .model import Bank, InvalidBank, QuizError
from .session import interactive, read_answers, record_answers, results_text, run_answers, select
from .validate import display_path, load_bank, validate_file

LANGS = click.Choice(["ja", "en"])
for _name in ("quiz list", "quiz run", "quiz validate", "quiz key", "quiz export", "quiz class"):
    JA.setdefault(_name, {}).setdefault("options", {})["--bank-dir"] = catalog.BANK_DIR_JA
JA.setdefault("quiz run", {}).setdefault("options", {})["--history"] = (
    "--answers のとき、判定した解答を確認テストの履歴にも保存します（--review で使えます）。")
JA["quiz run"]["help"] = ("確認テスト BANK を解きます。1 問ずつ出題し、解答ごとに正誤と解説、最後に得点を表示します。"
                          "解答はその都度、確認テストの履歴に保存されます。\n\n"
                          "--answers FILE を付けると出題せず、FILE の解答を判定して結果を表示します"
                          "（--format json: {\"bank\", \"seed\", \"score\", \"total\", \"results\": "
                          "[{\"id\", \"correct\", \"given\", \"expected\", \"params\"}]}）。"
                          "--history を付けないかぎり履歴は変わりません。")
JA.setdefault("quiz key", {})["help"] = ("BANK の解答を、ある seed で、解答ファイルの形で表示します。"
                                         "`grade release` で --with-quiz-key なしに作った受講者用コピーでは"
                                         "使えません（終了コード 2）。")


from .session import input_can_come as _input_can_come  # noqa: E402  (a test may replace it here)


class UsageFailure(click.ClickException):
    """An expected failure: one message, exit code 2."""

    exit_code = 2


def _lang_option(func):
    return click.option("--lang", type=LANGS, default=None,
                        help="Language of the texts: ja or en (default: from LANG / LC_ALL).")(func)


def _open_bank(ref: str) -> Bank:
    try:
        return catalog.open_bank(ref)
    except QuizError as exc:
        raise UsageFailure(exc.message) from None


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Quizzes in the terminal: take a bank's questions, check banks, grade
    answer files and export banks for Moodle or as a handout.

    A BANK is a bank name from the course's quizzes/ folder (see `quiz list`)
    or a path to a bank's YAML file."""


@main.command("list")
@_lang_option
@catalog.bank_dir_option
def list_banks(lang: Optional[str]) -> None:
    """List the course's banks with title, question count and last score."""
    set_lang(lang)
    folder = catalog.quizzes_dir()
    if folder is None:
        raise UsageFailure(tr("no quizzes/ folder found: run this inside the course folder",
                              "quizzes/ フォルダが見つかりません。コースのフォルダの中で実行してください"))
    paths = catalog.bank_paths(folder)
    if not paths:
        click.echo(tr("No banks in {d}.", "{d} にバンクがありません。", d=display_path(folder)))
        return
    width = max(len(p.stem) for p in paths)
    for path in paths:
        try:
            bank = load_bank(path)
        except InvalidBank as exc:
            click.echo(f"{path.stem:<{width}}  " + tr(
                "(invalid: {n} problem(s); see `quiz validate {b}`)",
                "（不正: 問題点 {n} 件。`quiz validate {b}` を参照）", n=len(exc.problems), b=path.stem))
            continue
        count = tr("{n} questions", "{n} 問", n=len(bank.questions))
        line = f"{pad(bank.name, width)}  {pad(count, 14)} {pick(bank.title)}"   # by display width
        runs = history.full_runs(bank.name)
        if runs:
            best = max(runs, key=lambda r: (r[0] / r[1] if r[1] else 0, r[1]))
            line += tr("  (best {b}/{bt}, last {s}/{t})", "（最高 {b}/{bt}、前回 {s}/{t}）",
                       b=best[0], bt=best[1], s=runs[-1][0], t=runs[-1][1])
        click.echo(line)


main.help_key = "quiz"   # the Japanese help is kept under the program's name (grader.helptext)


@main.command()
@click.argument("bank")
@_lang_option
@catalog.bank_dir_option
@click.option("--seed", type=int, default=None,
              help="Seed for the numbers of parametrized questions (and --shuffle). "
                   "Default: random when interactive, 0 with --answers.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Ask at most this many questions.")
@click.option("--shuffle", is_flag=True, help="Ask the questions in a random order.")
@click.option("--review", is_flag=True, help="Ask only the questions you got wrong last time.")
@click.option("--resume", is_flag=True, help="Go on with your last unfinished run of BANK.")
@click.option("--answers", "answers_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Judge the answers in this YAML file (question id: answer) instead of asking.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="Output of an --answers run: text for people, json for tools.")
@click.option("--history", "save", is_flag=True,
              help="With --answers: save the judged answers to your quiz history too (for --review).")
def run(bank: str, lang: Optional[str], seed: Optional[int], limit: Optional[int], shuffle: bool,
        review: bool, resume: bool, answers_file: Optional[Path], fmt: str, save: bool) -> None:
    """Take the quiz BANK: one question at a time, a verdict and an
    explanation after each answer, the score at the end.  Every answer is
    saved to your quiz history as soon as it is given.

    With --answers FILE nothing is asked: the answers in FILE are judged and
    the result printed (--format json: {"bank", "seed", "score", "total",
    "results": [{"id", "correct", "given", "expected", "params"}]}); the
    history is not touched unless --history is given."""
    lang = set_lang(lang)
    if fmt == "json" and answers_file is None:
        raise UsageFailure(tr("--format json needs --answers FILE", "--format json には --answers FILE が必要です"))
    if save and answers_file is None:
        raise UsageFailure(tr("--history is for --answers FILE runs (a quiz you take is always saved)",
                              "--history は --answers FILE 用です（解いた確認テストは常に保存されます）"))
    quiz = _open_bank(bank)
    if seed is None:
        seed = 0 if answers_file is not None else random.randrange(10_000)
    only = None
    if review:
        only = history.to_review(quiz.name)
        if not only and answers_file is None:
            click.echo(tr("Nothing to review in {b}: no question's last answer was wrong.",
                          "{b} に復習する問題はありません（直近の解答がすべて正解か、未解答です）。", b=bank))
            return
    session = None
    if resume and answers_file is None:
        run_left = history.unfinished(quiz.name)
        if run_left is None:
            click.echo(tr("No unfinished run of {b} to go on with: `quiz run {b}` starts a new one.",
                          "続きから解ける {b} の途中の回はありません。`quiz run {b}` で新しく始められます。", b=bank))
            return
        session, seed = run_left["session"], int(run_left["seed"])
        order = {qid: n for n, qid in enumerate(run_left["left"])}
        instances = sorted(select(quiz, seed, only=run_left["left"]), key=lambda i: order.get(i.id, 0))
    else:
        instances = select(quiz, seed, limit=limit, shuffle=shuffle, only=only)
    if answers_file is not None:
        try:
            answers, lines = read_answers(answers_file)
        except QuizError as exc:
            raise UsageFailure(exc.message) from None
        for qid in answers:
            if quiz.question(qid) is None:
                click.echo(f"{display_path(answers_file)}:{lines.get(qid, 0)}: " + tr(
                    "no question '{q}' in bank {b}; ignored", "バンク {b} に問題「{q}」はありません（無視します）",
                    q=qid, b=quiz.name), err=True)
        result = run_answers(quiz, instances, answers, lang)
        if save and not record_answers(quiz, instances, answers, seed, review):
            click.echo(tr("(could not write the quiz history; answers are not saved)",
                          "（履歴を書き込めませんでした。解答は保存されません）"), err=True)
        if fmt == "json":
            click.echo(json.dumps(result, ensure_ascii=False))
        else:
            click.echo(results_text(result))
        return
    header = f"{pick(quiz.title, lang)}: " + tr("{n} questions", "{n} 問", n=len(instances))
    if any(i.question.parametrized for i in instances):
        header += tr(" (seed {s}: --seed {s} asks the same numbers again)",
                     "（seed {s}。--seed {s} で同じ数値をもう一度）", s=seed)
    if not _input_can_come():
        raise UsageFailure(tr(
            "quiz run asks its questions on the terminal, but there is no input here (as under ! in a notebook): "
            "run it in a terminal, pipe the answers in, use --answers FILE, or %quiz {b} in a notebook",
            "quiz run は端末で質問しますが、ここには入力がありません（ノートブックの ! の下など）。端末で実行するか、"
            "解答をパイプで渡すか、--answers FILE を使うか、ノートブックでは %quiz {b} を使ってください", b=bank))
    click.echo(header)
    click.echo(tr("Ctrl-C or Ctrl-D stops; answers are saved as you go.",
                  "Ctrl-C / Ctrl-D で終了できます。解答はその都度保存されます。"))
    interactive(quiz, instances, lang, ref=bank, session=session, seed=seed, review=review)


@main.command()
@click.argument("paths", nargs=-1)
@_lang_option
@catalog.bank_dir_option
def validate(paths: Tuple[str, ...], lang: Optional[str]) -> None:
    """Check banks against the format (default: every bank of the course).

    PATHS may be bank names, YAML files or folders.  Each problem is printed
    as FILE:LINE: [QUESTION-ID] message.  Exit 0 when every bank is valid,
    2 otherwise."""
    set_lang(lang)
    files: List[Path] = []
    if not paths:
        folder = catalog.quizzes_dir()
        if folder is None:
            raise UsageFailure(tr("no quizzes/ folder found: run this inside the course folder or name the banks",
                                  "quizzes/ フォルダが見つかりません。コースの中で実行するかバンクを指定してください"))
        files = catalog.bank_paths(folder)
    for ref in paths:
        if Path(ref).is_dir():
            files += catalog.bank_paths(Path(ref))
            continue
        try:
            files.append(catalog.resolve(ref))
        except QuizError:
            files.append(Path(ref))  # reported below as a missing file
    invalid = 0
    for path in files:
        problems = validate_file(path)
        if problems:
            invalid += 1
            for problem in problems:
                click.echo(str(problem))
        else:
            click.echo(tr("ok  {f}", "OK  {f}", f=display_path(path)))
    click.echo(tr("{n} bank(s) checked, {b} invalid.", "{n} 件のバンクを確認、不正 {b} 件。", n=len(files), b=invalid))
    if invalid:
        raise click.exceptions.Exit(2)


@main.command()
@click.argument("bank")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the parametrized questions.")
@_lang_option
@catalog.bank_dir_option
def key(bank: str, seed: int, lang: Optional[str]) -> None:
    """Print BANK's answer key at a seed, as an answers file for
    `quiz run BANK --answers FILE --seed N` (instructors).  Off in a student
    copy made by `grade release` without --with-quiz-key (exit 2)."""
    lang = set_lang(lang)
    if not catalog.answer_keys_allowed():
        raise UsageFailure(catalog.keys_off())
    quiz = _open_bank(bank)
    click.echo(f"# {quiz.name} seed {seed}: quiz run {bank} --answers FILE --seed {seed}")
    for qid, answer in answer_key(quiz, seed, lang).items():
        click.echo(f"{qid}: {json.dumps(answer, ensure_ascii=False)}")


def _add_class() -> None:
    from .classrun import class_cmd
    from .exportcmd import export_cmd

    main.add_command(class_cmd)
    main.add_command(export_cmd)


_add_class()


def _add_exam_review() -> None:
    from .exam import exam_cmd
    from .review import review_cmd

    main.add_command(exam_cmd)
    main.add_command(review_cmd)


_add_exam_review()

if __name__ == "__main__":  # pragma: no cover
    main()
