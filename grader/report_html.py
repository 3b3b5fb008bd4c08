"""The HTML format of a report, for notebooks: a table of tasks with status and
points, the message and named mistake under each task that did not pass, the
total; the same content as the text format (grader.report_text)."""
from __future__ import annotations

import html

from grader import protections
from grader.i18n import tr
from grader.report_text import status_word
from grader.result import Report, Status

_COLOURS = {Status.PASSED: "#1a7f37", Status.FAILED: "#cf222e", Status.ERROR: "#8250df",
            Status.TIMEOUT: "#9a6700", Status.BLANK: "#9a6700"}


def _text(value: str) -> str:
    return html.escape(value).replace("\n", "<br>")


def render_html(report: Report) -> str:
    rows = []
    for t in report.tests:
        colour = _COLOURS[t.status]
        rows.append(f'<tr><td style="color:{colour};font-weight:bold">{_text(status_word(t.status))}</td>'
                    f'<td style="text-align:right">{t.score:g}/{t.max_score:g}</td><td>{_text(t.title)}</td></tr>')
        if t.message:
            rows.append(f'<tr><td></td><td></td><td><pre style="white-space:pre-wrap;margin:0">'
                        f'{html.escape(t.message)}</pre></td></tr>')
    notes = "".join(f'<p style="color:#9a6700">{_text(n)}</p>' for n in report.notes)
    total = tr("total: {s}/{m} points", "合計: {s}/{m} 点", s=f"{report.score:g}", m=f"{report.max_score:g}")
    if report.passed:
        after = f'<p style="color:#1a7f37">{_text(tr("All tasks passed. Well done!", "すべての課題に合格しました。お見事です!"))}</p>'
    else:
        after = "<p>" + _text(tr("Fix the first task that did not pass, then run the cell again. "
                                 "%grade_hint {slug} gives a hint.",
                                 "合格していない最初の課題から直して、セルをもう一度実行してください。"
                                 "ヒントは %grade_hint {slug} で表示できます。", slug=report.exercise)) + "</p>"
    warning = protections.warning(report.sandbox)
    if warning:
        after += f'<p style="color:#9a6700">{_text(warning)}</p>'
    return (f'<div class="dl-grader-report"><p><b>{_text(report.exercise)}: {_text(report.title)}</b></p>{notes}'
            f'<table>{"".join(rows)}</table><p><b>{_text(total)}</b></p>{after}</div>')
