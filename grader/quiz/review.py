"""``quiz review``: the questions that are due, across banks, on a Leitner
schedule worked out from the quiz history (:mod:`.leitner`).

A question missed (or skipped) anywhere (quiz run, quiz exam, quiz review)
is due at once; each right answer to a due question puts it one box later,
due again after 1, 3, 7 and then every 21 days.  Questions never answered are
not due.  The review asks the due ones, the longest overdue first, with a
verdict and the explanation after each answer (as quiz run does), and saves
every answer to the history at once, so the schedule moves as it goes.
"""
from __future__ import annotations

import datetime as _dt
import json
import random
from pathlib import Path
from typing import Callable, List, Optional, Sequence

import click

from ..helptext import JA, Command
from ..i18n import pick, set_lang, tr
from .exam import _need_input
from . import catalog, history, leitner
from .crossbank import (ANSWERS_OPTIONS_JA, Item, answers_options, check_answers_flags, judge_items, make_items,
                        open_banks, read_named_answers, record, record_results, text_of_results)
from .judge import judge
from .model import Bank
from .session import SKIP, _ask, _show, _style


def cards_of(banks: Sequence[Bank]):
    """The schedule of the questions of ``banks`` that still exist."""
    names = {b.name: b for b in banks}
    cards = leitner.schedule(history.entries())
    return {key: card for key, card in cards.items()
            if key[0] in names and names[key[0]].question(key[1]) is not None}


def due_items(banks: Sequence[Bank], at: _dt.datetime, seed: int, limit: Optional[int] = None) -> List[Item]:
    """Items for the questions due at ``at``, the longest overdue first."""
    cards = leitner.due(cards_of(banks), at)[:limit]
    by_name = {b.name: b for b in banks}
    items: List[Item] = []
    for card in cards:            # one bank at a time would lose the order: make them one by one
        items += make_items([(by_name[card.bank], [card.id])], seed)
    return items


def nothing_due_text(banks: Sequence[Bank], at: _dt.datetime) -> str:
    """What to say when nothing is due: when the next question is, if any."""
    upcoming = leitner.next_due(cards_of(banks), at)
    if upcoming is None:
        return tr("Nothing to review yet: the questions you answer in quiz run or quiz exam come back here "
                  "on a schedule (a missed one at once).",
                  "まだ復習する問題はありません。quiz run や quiz exam で解いた問題が、予定に沿ってここに戻ってきます"
                  "（間違えた問題はすぐに）。")
    count, unit = leitner.wait_text(upcoming.due - at)
    wait = {"days": tr("{n} day(s)", "{n} 日", n=count), "hours": tr("{n} hour(s)", "{n} 時間", n=count),
            "minutes": tr("{n} minute(s)", "{n} 分", n=count)}[unit]
    when = upcoming.due.astimezone().strftime("%Y-%m-%d %H:%M")
    return tr("Nothing is due for review. The next question, {q}, is due in {w} ({t}).",
              "いま復習する問題はありません。次の問題 {q} は {w}後（{t}）です。", q=upcoming.name, w=wait, t=when)


def ask_due(items: Sequence[Item], lang: str, ask: Callable[[], str] = _ask) -> tuple:
    """Ask ``items`` with a verdict after each, recording every answer; (right, answered)."""
    session = history.new_session()
    score = answered = 0
    try:
        for number, item in enumerate(items, start=1):
            _show(item.inst, number, len(items), lang)
            click.echo(_style(f"  {item.name}", dim=True))
            while True:
                given = ask()
                if given.strip() in SKIP:
                    break
                verdict = judge(item.inst, given)
                if verdict.understood:
                    break
                click.echo(verdict.note)
            if given.strip() in SKIP:
                click.echo(tr("Skipped: it stays due.", "スキップしました（復習の対象に残ります）。"))
                record(item, None, False, session)
                continue
            answered += 1
            score += verdict.correct
            record(item, given, verdict.correct, session)
            if verdict.correct:
                click.echo(_style(tr("Correct!", "正解！"), fg="green", bold=True))
            else:
                click.echo(_style(tr("Not quite. The answer: {a}", "不正解。正解: {a}",
                                     a=item.inst.answer_display(lang)), fg="red", bold=True))
            click.echo(pick(item.inst.explanation, lang))
    except (click.Abort, KeyboardInterrupt, EOFError):
        click.echo("")
        click.echo(tr("Stopped; your answers so far are saved.", "終了しました。ここまでの解答は保存されています。"))
    return score, answered


@click.command("review", cls=Command)
@catalog.bank_dir_option
@click.option("--banks", default=None, metavar="A,B,...",
              help="Review these banks only, separated by commas (default: every bank of the course).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Ask at most this many questions.")
@click.option("--seed", type=int, default=None,
              help="Seed for the numbers of parametrized questions. Default: random when interactive, "
                   "0 with --answers.")
@answers_options
@click.option("--history", "save", is_flag=True,
              help="With --answers: save the judged answers to your quiz history (the schedule moves).")
def review_cmd(banks: Optional[str], limit: Optional[int], seed: Optional[int], lang: Optional[str],
               answers_file: Optional[Path], fmt: str, save: bool) -> None:
    """Review the questions that are due, across the banks, from your quiz
    history: a question you missed is due at once; each right answer moves
    it to a later box, due again after 1, 3, 7 and then 21 days.  Questions
    you have never answered are not due.  Each answer is saved at once, so
    the schedule moves as you go.  With nothing due, says when the next
    question is.

    With --answers FILE nothing is asked: the due questions are judged with
    the answers in FILE (bank/id: answer) and the result printed (--format
    json: {"score", "total", "results": [{"bank", "id", ...}]}); the history
    is not touched unless --history is given."""
    lang = set_lang(lang)
    check_answers_flags(fmt, answers_file, save, {"en": "a review", "ja": "復習"})
    chosen = open_banks(banks)
    if seed is None:
        seed = 0 if answers_file is not None else random.randrange(10_000)
    at = history.now()
    items = due_items(chosen, at, seed, limit)
    if answers_file is not None:
        answers = read_named_answers(answers_file, items, chosen, lambda text: click.echo(text, err=True))
        results = judge_items(items, answers, lang)
        if save and not record_results(items, results, history.new_session()):
            click.echo(tr("(could not write the quiz history)", "（履歴を書き込めませんでした）"), err=True)
        score = sum(1 for r in results if r["correct"])
        if not items:
            click.echo(nothing_due_text(chosen, at), err=True)
        if fmt == "json":
            click.echo(json.dumps({"score": score, "total": len(results), "results": results}, ensure_ascii=False))
        else:
            click.echo(text_of_results(results, score, len(results)))
        return
    if not items:
        click.echo(nothing_due_text(chosen, at))
        return
    _need_input("review")
    click.echo(tr("Review: {n} question(s) due. An empty answer or ? skips; Ctrl-C stops.",
                  "復習: 対象は {n} 問です。空のまま Enter か ? でスキップ、Ctrl-C で終了します。", n=len(items)))
    score, answered = ask_due(items, lang)
    click.echo("")
    percent = f" ({100 * score // answered}%)" if answered else ""
    click.echo(_style(tr("Score: {s}/{t}{p}", "得点: {s}/{t}{p}", s=score, t=answered, p=percent), bold=True))
    left = leitner.due(cards_of(chosen), history.now())
    if left:
        click.echo(tr("{n} question(s) still due: quiz review goes on with them.",
                      "まだ {n} 問が復習の対象です。quiz review で続けられます。", n=len(left)))
    else:
        click.echo(nothing_due_text(chosen, history.now()))


JA["quiz review"] = {
    "help": "確認テストの履歴から、いま復習する問題をバンクをまたいで出題します。間違えた問題はすぐに対象になり、"
            "正解するたびに次の箱へ進んで 1 日、3 日、7 日、その後は 21 日ごとに戻ってきます。解いたことのない問題は"
            "対象になりません。解答はその都度保存されるので、予定もその場で進みます。対象がなければ、次の問題が"
            "いつかを表示します。\n\n"
            "--answers FILE を付けると出題せず、対象の問題を FILE（bank/id: 解答）で判定して結果を表示します"
            "（--format json: {\"score\", \"total\", \"results\": [{\"bank\", \"id\", ...}]}）。--history が"
            "なければ履歴は変わりません。",
    "options": {"--banks": "このバンクだけを復習します（カンマ区切り。既定: 講座のすべてのバンク）。",
                "--limit": "出題する問題の数の上限。",
                "--seed": "数値が変わる問題の seed。既定: 対話ではランダム、--answers では 0。",
                **ANSWERS_OPTIONS_JA, "--bank-dir": catalog.BANK_DIR_JA,
                "--history": "--answers のとき、判定した解答を確認テストの履歴に保存します（予定が進みます）。"},
}
