"""The text format of a report, for people: a line per task, the message under
each task that did not pass, a total; colour only on a terminal without NO_COLOR."""
from __future__ import annotations

import os
import sys
import unicodedata
from typing import TextIO

import click

from grader import protections
from grader.i18n import tr
from grader.result import Report, Status

_COLOURS = {Status.PASSED: "green", Status.FAILED: "red", Status.ERROR: "magenta",
            Status.TIMEOUT: "yellow", Status.BLANK: "yellow"}


def status_word(status: Status) -> str:
    words = {Status.PASSED: ("PASS", "合格"), Status.FAILED: ("FAIL", "不正解"), Status.ERROR: ("ERROR", "エラー"),
             Status.TIMEOUT: ("TIMEOUT", "時間切れ"), Status.BLANK: ("BLANK", "空欄")}
    en, ja = words[status]
    return tr(en, ja)


def use_colour(stream: TextIO = None) -> bool:
    stream = stream or sys.stdout
    return "NO_COLOR" not in os.environ and hasattr(stream, "isatty") and stream.isatty()


def pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (wide characters count two)."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - shown, 0)


def _points(x: float) -> str:
    return f"{x:g}"


def render(report: Report, colour: bool = False) -> str:
    def style(text: str, **kw) -> str:
        return click.style(text, **kw) if colour else text

    lines = [style(f"{report.exercise}: {report.title}", bold=True)]
    lines += [style(note, fg="yellow") for note in report.notes]
    width = 8
    for t in report.tests:
        mark = style(pad(status_word(t.status), width), fg=_COLOURS[t.status], bold=t.status is not Status.PASSED)
        lines.append(f"  {mark}  {_points(t.score):>3}/{_points(t.max_score):<3} {t.title}")
        if t.message:
            for text in t.message.splitlines():
                lines.append(f"        {text}")
    total = tr("total: {s}/{m} points", "合計: {s}/{m} 点", s=_points(report.score), m=_points(report.max_score))
    lines.append(style(total, bold=True))
    if report.passed:
        lines.append(style(tr("All tasks passed. Well done!", "すべての課題に合格しました。お見事です!"), fg="green"))
    else:
        lines.append(tr("Fix the first task that did not pass, then run the same command again. "
                        "`grade hint {slug}` gives a hint.",
                        "合格していない最初の課題から直して、同じコマンドをもう一度実行してください。"
                        "ヒントは `grade hint {slug}` で表示できます。", slug=report.exercise))
    warning = protections.warning(report.sandbox)
    if warning:
        lines.append(style(warning, fg="yellow"))
    return "\n".join(lines)
