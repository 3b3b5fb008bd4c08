"""Running a quiz: choosing the questions, then asking them one at a time in
the terminal, or judging answers read from a file.

Interactive runs record each answer in the history as soon as it is judged.
Ctrl-C or the end of input stops the quiz cleanly: the score so far is shown
and the run exits 0 like a finished one.  Runs from an answers file do not
touch the history unless asked to (``quiz run --answers FILE --history``:
:func:`record_answers`).
"""
from __future__ import annotations

import os
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

import click

from ..i18n import pick, tr
from . import history
from .instance import Instance, make_instance, uses_letters
from .judge import judge
from .model import Bank, QuizError
from .validate import display_path
from .yamltree import Map, Seq, YamlSyntaxError, parse


def select(bank: Bank, seed: int, limit: Optional[int] = None, shuffle: bool = False,
           only: Optional[List[str]] = None) -> List[Instance]:
    """The instances to ask: bank order (or shuffled with ``seed``), only the
    ids in ``only`` when given, at most ``limit`` of them."""
    questions = list(bank.questions)
    if only is not None:
        wanted = set(only)
        questions = [q for q in questions if q.id in wanted]
    if shuffle:
        random.Random(f"shuffle:{seed}").shuffle(questions)
    if limit is not None:
        questions = questions[:limit]
    return [make_instance(q, seed) for q in questions]


# -- answers from a file ----------------------------------------------------

def read_answers(path: Path) -> Tuple[Dict[str, Optional[str]], Dict[str, int]]:
    """Question id -> the answer exactly as typed (no YAML type conversion;
    an empty value is no answer), and the line of each id."""
    name = display_path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise QuizError(tr("{f}: no such answers file", "{f}: 解答ファイルがありません", f=name)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QuizError(tr("{f}: cannot read the answers file ({e})", "{f}: 解答ファイルを読めません（{e}）",
                           f=name, e=exc)) from None
    try:
        tree = parse(text, nulls=("",))
    except YamlSyntaxError as exc:
        raise QuizError(f"{name}:{exc.line}: " + tr("not valid YAML: {m}", "YAML として読めません: {m}",
                                                     m=exc.message)) from None
    if tree is None:
        return {}, {}
    if not isinstance(tree, Map):
        raise QuizError(tr("{f}: the answers file must map question ids to answers (id: answer)",
                           "{f}: 解答ファイルは「問題の id: 答え」のマッピングにしてください", f=name))
    answers: Dict[str, Optional[str]] = {}
    for qid, value in tree.items():
        if isinstance(value, Seq) and all(isinstance(v, str) for v in value):
            value = ", ".join(value)
        elif value is not None and not isinstance(value, str):
            raise QuizError(f"{name}:{tree.line_of(qid)}: " + tr(
                "the answer to {q} must be text or a list such as [1, 3]",
                "{q} の答えは文字列か [1, 3] のようなリストにしてください", q=qid))
        answers[qid] = value
    return answers, dict(tree.lines)


def run_answers(bank: Bank, instances: List[Instance], answers: Dict[str, Optional[str]],
                lang: Optional[str] = None) -> dict:
    """The JSON result of judging ``answers`` (id -> text) on ``instances``:
    ``{"bank", "seed", "score", "total", "results": [{"id", "correct", "given",
    "expected", "params"}]}``.  With the seed and each question's parameter
    values an instructor can draw the same instances again and re-judge."""
    results = []
    for inst in instances:
        given = answers.get(inst.id)
        correct = given is not None and judge(inst, given).correct
        results.append({"id": inst.id, "correct": bool(correct), "given": given,
                        "expected": inst.answer_text(lang), "params": inst.params_text()})
    score = sum(1 for r in results if r["correct"])
    seed = instances[0].seed if instances else None
    return {"bank": bank.name, "seed": seed, "score": score, "total": len(results), "results": results}


def record_answers(bank: Bank, instances: List[Instance], answers: Dict[str, Optional[str]],
                   seed: int, review: bool = False) -> bool:
    """Save an answers file's run to the history as an interactive run would:
    a start line, one line per question (no answer: skipped), an end line.
    False when the history could not be written."""
    session = history.new_session()
    ok = history.start(bank.name, session, seed, [i.id for i in instances], review)
    for inst in instances:
        given = answers.get(inst.id)
        if given is None or given.strip() in SKIP:
            ok = history.record(bank.name, inst, "", False, session, skipped=True) and ok
        else:
            ok = history.record(bank.name, inst, given, judge(inst, given).correct, session) and ok
    return history.end(bank.name, session) and ok


def results_text(result: dict) -> str:
    """A run's result for people: one line per question and the score."""
    lines = []
    for r in result["results"]:
        mark = "ok  " if r["correct"] else "NG  "
        given = "-" if r["given"] is None else r["given"]
        line = f"{mark}{r['id']}: {given}"
        if not r["correct"]:
            line += tr("  (expected {e})", "（正解 {e}）", e=r["expected"])
        lines.append(line)
    lines.append(tr("Score: {s}/{t}", "得点: {s}/{t}", s=result["score"], t=result["total"]))
    return "\n".join(lines)


# -- interactive ----------------------------------------------------------

def _style(text: str, **styles) -> str:
    return text if os.environ.get("NO_COLOR") else click.style(text, **styles)


def _type_hint(inst: Instance) -> str:
    kind = inst.question.type
    if kind == "choice":
        return tr("answer with the option's number or letter", "選択肢の番号か記号で答えてください")
    if kind == "multi":
        return tr("choose every right option, e.g. 1, 3", "正しいものをすべて選んでください（例: 1, 3）")
    if kind == "numeric":
        return tr("a number: 0.25, 1/4 and 2.5e-3 all work", "数で答えてください（0.25、1/4、2.5e-3 など）")
    return tr("a word or a short phrase", "語句で答えてください")


def _show(inst: Instance, number: int, total: int, lang: str) -> None:
    q = inst.question
    head = f"[{number}/{total}]" + (f" {pick(q.section, lang)}" if q.section else "")
    click.echo("")
    click.echo(_style(head, bold=True) + "  " + _style(f"({q.id})", dim=True))
    click.echo(pick(inst.prompt, lang))
    letters = uses_letters(inst)
    for n, choice in enumerate(inst.choices, start=1):
        label = chr(ord("a") + n - 1) if letters else str(n)
        body = pick(choice, lang).replace("\n", "\n     ")
        click.echo(f"  {label}) {body}")
    click.echo(_style("  -> " + _type_hint(inst), dim=True))


def _ask() -> str:
    # click.prompt turns end of input and Ctrl-C into click.Abort.
    return click.prompt(">", default="", show_default=False, prompt_suffix=" ")


@dataclass
class Summary:
    score: int
    answered: int
    total: int
    interrupted: bool


SKIP = ("", "?", "？")


def interactive(bank: Bank, instances: List[Instance], lang: str,
                ask: Callable[[], str] = _ask, record: bool = True,
                ref: Optional[str] = None, session: Optional[str] = None, seed: int = 0,
                review: bool = False) -> Summary:
    """Ask ``instances`` one by one; each answer is recorded at once.  An empty
    answer or ``?`` skips a question.  ``ref`` is how the learner named the bank
    (for the closing hints); ``session`` continues a run (--resume)."""
    if session is None:
        session = history.new_session()
        if record:
            history.start(bank.name, session, seed, [i.id for i in instances], review)
    score = answered = 0
    warned = False
    try:
        for number, inst in enumerate(instances, start=1):
            _show(inst, number, len(instances), lang)
            while True:
                given = ask()
                if given.strip() in SKIP:
                    break
                verdict = judge(inst, given)
                if verdict.understood:
                    break
                click.echo(verdict.note)
            if given.strip() in SKIP:
                click.echo(tr("Skipped.", "スキップしました。"))
                if record:
                    history.record(bank.name, inst, "", False, session, skipped=True)
                continue
            answered += 1
            score += verdict.correct
            if record and not history.record(bank.name, inst, given, verdict.correct, session) and not warned:
                warned = True
                click.echo(tr("(could not write the quiz history; answers are not saved)",
                              "（履歴を書き込めませんでした。解答は保存されません）"), err=True)
            if verdict.correct:
                click.echo(_style(tr("Correct!", "正解！"), fg="green", bold=True))
            else:
                click.echo(_style(tr("Not quite. The answer: {a}", "不正解。正解: {a}",
                                     a=inst.answer_display(lang)), fg="red", bold=True))
            click.echo(pick(inst.explanation, lang))
    except (click.Abort, KeyboardInterrupt, EOFError):
        click.echo("")
        click.echo(tr("Stopped after {a} of {t} questions; your answers so far are saved. To go on: "
                      "quiz run {b} --resume",
                      "{t} 問中 {a} 問で終了しました。ここまでの解答は保存されています。続きから: "
                      "quiz run {b} --resume", a=answered, t=len(instances), b=ref or bank.name))
        _score_line(score, answered)
        return Summary(score, answered, len(instances), True)
    if record:
        history.end(bank.name, session)
    click.echo("")
    _score_line(score, answered)
    if score < answered:
        click.echo(tr("Ask the missed ones again with: quiz run {b} --review",
                      "間違えた問題だけをもう一度: quiz run {b} --review", b=ref or bank.name))
    return Summary(score, answered, len(instances), False)


def _score_line(score: int, answered: int) -> None:
    percent = f" ({100 * score // answered}%)" if answered else ""
    click.echo(_style(tr("Score: {s}/{t}{p}", "得点: {s}/{t}{p}", s=score, t=answered, p=percent), bold=True))


def input_can_come(wait: float = 1.0) -> bool:
    """False when stdin is closed, at its end, or a pipe that brings nothing within
    ``wait`` seconds (a notebook's ! gives one that never does); True for a terminal,
    piped answers, and any stream this cannot look into."""
    import os
    import select
    import sys

    stream = sys.stdin
    if stream is None:
        return False
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return True   # not a real descriptor (a test runner's input): nothing to look at
    if stream.isatty() or os.name != "posix":
        return True
    try:
        ready, _, _ = select.select([fd], [], [], wait)
    except (OSError, ValueError):
        return True
    if not ready:
        return False
    buffer = getattr(stream, "buffer", None)
    try:
        return bool(buffer.peek(1)) if hasattr(buffer, "peek") else True
    except (OSError, ValueError):
        return True
