"""``quiz exam``: a mock exam across banks, against the clock, without feedback
until the end (the draw and the scoring: :mod:`.examdraw`).

Asking: the remaining time is shown with each question (at the prompt); when
it runs out the exam ends (on POSIX the question being asked is interrupted;
elsewhere an answer typed after the time is not counted), and so does Ctrl-C
or the end of input.  An empty answer or ``?`` skips a question; skipped ones
are asked again at the end while time is left.  What was not answered is
wrong.  Each answer is saved to the history as it is given (no verdict is
shown), like any run; the runs file gets an "exam" line (the plan) and an
"exam-end" one (the score).  At the end: the score, the score per section,
the weakest sections and every missed question with its explanation.
"""
from __future__ import annotations

import contextlib
import json
import random
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Sequence

import click

from ..cli_common import UsageProblem
from ..helptext import JA, Command
from ..i18n import pick, set_lang, tr
from . import catalog, history
from .crossbank import (ANSWERS_OPTIONS_JA, Item, answers_options, check_answers_flags, judge_items, key_lines,
                        open_banks, read_named_answers, record, record_results, text_of_results)
from .examdraw import exam_items, sections, sections_text
from .instance import uses_letters
from .judge import judge
from .session import SKIP, _show, _style, input_can_come

QUESTIONS = 40
MINUTES = 60


# -- asking against the clock ---------------------------------------------

class TimeUp(Exception):
    """The exam's time ran out while a question was being asked."""


@dataclass
class Sitting:
    """What happened in one exam: the answer given to each item (None: none)."""

    given: Dict[str, Optional[str]] = field(default_factory=dict)
    shown: List[str] = field(default_factory=list)
    ended: str = "done"        # done, time, stopped


def clock() -> float:
    """Seconds on a clock that only goes forward (tests put in their own)."""
    return time.monotonic()


def _left_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return tr("{m}:{s:02d} left", "残り {m}:{s:02d}", m=seconds // 60, s=seconds % 60)


def _prompt(seconds: float) -> str:
    return click.prompt(f"[{_left_text(seconds)}] >", default="", show_default=False, prompt_suffix=" ")


@contextlib.contextmanager
def _alarm(seconds: float, waiting: Callable[[], bool]) -> Iterator[None]:
    """On POSIX in the main thread: raise TimeUp in the prompt when ``seconds`` pass."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def ring(signum, frame):
        if waiting():
            raise TimeUp()

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _need_input(command: str) -> None:
    """Refuse to wait for answers that cannot come (as under ! in a notebook)."""
    if not input_can_come():
        raise UsageProblem(tr(
            "quiz {c} asks its questions on the terminal, but there is no input here (as under ! in a notebook): "
            "run it in a terminal, pipe the answers in, or use --answers FILE",
            "quiz {c} は端末で質問しますが、ここには入力がありません（ノートブックの ! の下など）。端末で実行するか、"
            "解答をパイプで渡すか、--answers FILE を使ってください", c=command))


def sit(items: Sequence[Item], minutes: float, lang: str, session: str,
        ask: Callable[[float], str] = _prompt, now: Optional[Callable[[], float]] = None,
        alarm: bool = True, save: bool = True) -> Sitting:
    """Ask ``items`` until done or out of time; no verdicts.  ``ask(seconds_left)``
    reads one answer; ``now`` is the clock (default: :func:`clock`)."""
    now = now or clock
    deadline = now() + minutes * 60
    sitting = Sitting()
    waiting = [False]

    def answer(number: int, item: Item) -> Optional[str]:
        _show(item.inst, number, len(items), lang)
        click.echo(_style(f"  {item.name}", dim=True))
        if item.name not in sitting.shown:
            sitting.shown.append(item.name)
        while True:
            if now() >= deadline:
                raise TimeUp()       # the alarm may have rung while the question was printed
            waiting[0] = True
            try:
                given = ask(deadline - now())
            finally:
                waiting[0] = False
            if now() >= deadline:
                raise TimeUp()       # an answer after the time is not counted
            if given.strip() in SKIP:
                return None
            verdict = judge(item.inst, given)
            if verdict.understood:
                if save and not record(item, given, verdict.correct, session):
                    click.echo(tr("(could not write the quiz history)", "（履歴を書き込めませんでした）"), err=True)
                return given
            click.echo(verdict.note)      # how to type it, not whether it is right

    context = _alarm(deadline - now(), lambda: waiting[0]) if alarm else contextlib.nullcontext()
    try:
        with context:
            for number, item in enumerate(items, start=1):
                sitting.given[item.name] = answer(number, item)
            skipped = [(n, item) for n, item in enumerate(items, start=1) if sitting.given[item.name] is None]
            if skipped:
                click.echo("")
                click.echo(tr("Back to the {n} skipped question(s).", "スキップした {n} 問に戻ります。", n=len(skipped)))
            for number, item in skipped:
                sitting.given[item.name] = answer(number, item)
    except TimeUp:
        sitting.ended = "time"
    except (click.Abort, KeyboardInterrupt, EOFError):
        sitting.ended = "stopped"
    if save:
        for item in items:
            if item.name in sitting.shown and sitting.given.get(item.name) is None:
                record(item, None, False, session)
    return sitting


def missed_text(items: Sequence[Item], results: Sequence[dict], lang: str) -> str:
    """Every missed question: the prompt, the answer given, the right one, the explanation."""
    blocks = []
    for item, r in zip(items, results):
        if r["correct"]:
            continue
        head = _style(f"[{item.name}] {item.section(lang)}", bold=True)
        given = r["given"] if r["given"] is not None else tr("(no answer)", "（解答なし）")
        lines = [head, pick(item.inst.prompt, lang)]
        letters = uses_letters(item.inst)
        for n, choice in enumerate(item.inst.choices, start=1):
            label = chr(ord("a") + n - 1) if letters else str(n)
            lines.append(f"  {label}) " + pick(choice, lang).replace("\n", "\n     "))
        lines.append(tr("Your answer: {g}", "あなたの解答: {g}", g=given))
        lines.append(tr("Right answer: {a}", "正解: {a}", a=item.inst.answer_display(lang)))
        lines.append(pick(item.inst.explanation, lang))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


# -- the command --------------------------------------------------------------

def _warn(text: str) -> None:
    click.echo(text, err=True)


def _report(items: Sequence[Item], results: List[dict], sitting: Sitting, lang: str) -> None:
    score = sum(1 for r in results if r["correct"])
    click.echo("")
    if sitting.ended == "time":
        click.echo(_style(tr("Time is up.", "時間切れです。"), bold=True))
    elif sitting.ended == "stopped":
        click.echo(tr("Exam ended before its time.", "時間の前に試験を終えました。"))
    percent = 100 * score // len(results) if results else 0
    click.echo(_style(tr("Score: {s}/{t} ({p}%)", "得点: {s}/{t}（{p}%）", s=score, t=len(results), p=percent),
                      bold=True))
    click.echo(sections_text(sections(results)))
    missed = missed_text(items, results, lang)
    if missed:
        click.echo("")
        click.echo(_style(tr("Missed questions ({n}):", "間違えた問題（{n} 問）:", n=len(results) - score), bold=True))
        click.echo("")
        click.echo(missed)
        click.echo("")
        click.echo(tr("Practise what you missed with: quiz review", "間違えた問題の復習: quiz review"))


@click.command("exam", cls=Command)
@catalog.bank_dir_option
@click.option("--banks", default=None, metavar="A,B,...",
              help="The banks to draw from, separated by commas (default: every bank of the course).")
@click.option("--questions", type=click.IntRange(min=1), default=QUESTIONS, show_default=True,
              help="How many questions the exam has.")
@click.option("--minutes", type=click.IntRange(min=1), default=MINUTES, show_default=True,
              help="The time limit; when it runs out the exam ends.")
@click.option("--seed", type=int, default=None,
              help="Seed of the draw and of the numbers: the same seed, the same exam. "
                   "Default: random when interactive, 0 with --answers or --key.")
@answers_options
@click.option("--key", "show_key", is_flag=True, help="Print the exam's answer key (bank/id: answer) and stop.")
@click.option("--history", "save", is_flag=True,
              help="With --answers: save the judged answers to your quiz history (for quiz review).")
def exam_cmd(banks: Optional[str], questions: int, minutes: int, seed: Optional[int], lang: Optional[str],
             answers_file: Optional[Path], fmt: str, show_key: bool, save: bool) -> None:
    """A mock exam: questions drawn across the banks in proportion to their
    sections (default 40 questions from every bank, 60 minutes), asked with
    the time left shown and no feedback until the end; then the score per
    section, the weakest sections and a review of every missed question.
    Time running out, Ctrl-C or the end of input ends the exam; what was not
    answered is wrong.  Answers are saved to your quiz history.

    With --answers FILE nothing is asked: FILE (bank/id: answer) is judged
    and the result printed (--format json: {"score", "total", "sections":
    [{"section", "bank", "score", "total"}], "results": [{"bank", "id", ...}]});
    the history is not touched unless --history is given.  --key prints the
    key of the same exam (same --banks, --questions and --seed); it is off in
    a student copy made by `grade release` without --with-quiz-key (exit 2)."""
    lang = set_lang(lang)
    check_answers_flags(fmt, answers_file, save, {"en": "an exam", "ja": "試験"})
    if show_key and answers_file is not None:
        raise UsageProblem(tr("--key and --answers do not go together", "--key と --answers は同時に使えません"))
    if show_key and not catalog.answer_keys_allowed():
        raise UsageProblem(catalog.keys_off())
    chosen = open_banks(banks)
    if seed is None:
        seed = 0 if (answers_file is not None or show_key) else random.randrange(10_000)
    items = exam_items(chosen, questions, seed)
    if show_key:
        options = f"--banks {','.join(b.name for b in chosen)} --questions {questions} --seed {seed}"
        if catalog.bank_dir() is not None:
            options = f"--bank-dir {catalog.bank_dir()} " + options
        click.echo(f"# exam seed {seed}: quiz exam {options} --answers FILE")
        for line in key_lines(items, lang):
            click.echo(line)
        return
    if answers_file is not None:
        answers = read_named_answers(answers_file, items, chosen, _warn)
        results = judge_items(items, answers, lang)
        if save and not record_results(items, results, history.new_session()):
            _warn(tr("(could not write the quiz history)", "（履歴を書き込めませんでした）"))
        score = sum(1 for r in results if r["correct"])
        rows = sections(results)
        if fmt == "json":
            click.echo(json.dumps({"score": score, "total": len(results), "sections": rows, "results": results},
                                  ensure_ascii=False))
        else:
            click.echo(text_of_results(results, score, len(results)))
            click.echo(sections_text(rows))
        return
    _need_input("exam")
    session = history.new_session()
    history.mark("exam", session, seed=seed, minutes=minutes, plan=[item.name for item in items])
    click.echo(tr("Mock exam: {n} questions from {b}, {m} minutes (seed {s}: --seed {s} gives the same exam).",
                  "模擬試験: {b} から {n} 問、{m} 分（seed {s}。--seed {s} で同じ試験）。",
                  n=len(items), b=", ".join(b.name for b in chosen), m=minutes, s=seed))
    click.echo(tr("No verdicts until the end. An empty answer or ? skips (skipped ones come back at the end); "
                  "Ctrl-C ends the exam.",
                  "最後まで正誤は表示しません。空のまま Enter か ? でスキップ（最後にもう一度出ます）。"
                  "Ctrl-C で試験を終了します。"))
    sitting = sit(items, minutes, lang, session, ask=_prompt, now=clock)   # looked up now: tests put in theirs
    results = judge_items(items, {k: v for k, v in sitting.given.items() if v is not None}, lang)
    score = sum(1 for r in results if r["correct"])
    history.mark("exam-end", session, score=score, total=len(results), ended=sitting.ended)
    _report(items, results, sitting, lang)


JA["quiz exam"] = {
    "help": "模擬試験: バンクをまたいで、セクションの大きさに比例して問題を選びます（既定: 講座のすべてのバンクから "
            "40 問、60 分）。残り時間を表示しながら出題し、最後まで正誤は表示しません。最後にセクションごとの得点、"
            "弱いセクション、間違えた問題すべての解説を表示します。時間切れ、Ctrl-C、入力の終わりで試験は終わり、"
            "答えていない問題は不正解です。解答は確認テストの履歴に保存されます。\n\n"
            "--answers FILE を付けると出題せず、FILE（bank/id: 解答）を判定して結果を表示します（--format json: "
            "{\"score\", \"total\", \"sections\": [{\"section\", \"bank\", \"score\", \"total\"}], \"results\": "
            "[{\"bank\", \"id\", ...}]}）。--history がなければ履歴は変わりません。--key は同じ試験"
            "（同じ --banks、--questions、--seed）の解答を表示します（`grade release` で --with-quiz-key なしに作った"
            "受講者用コピーでは使えず、終了コード 2）。",
    "options": {"--banks": "出題するバンク（カンマ区切り。既定: 講座のすべてのバンク）。",
                "--questions": "試験の問題数。", "--minutes": "制限時間（分）。時間切れで試験は終わります。",
                "--seed": "問題の選び方と数値の seed（同じ seed なら同じ試験）。既定: 対話ではランダム、"
                          "--answers と --key では 0。",
                **ANSWERS_OPTIONS_JA, "--bank-dir": catalog.BANK_DIR_JA,
                "--key": "試験の解答（bank/id: 解答）を表示して終わります。",
                "--history": "--answers のとき、判定した解答を確認テストの履歴に保存します（quiz review 用）。"},
}
