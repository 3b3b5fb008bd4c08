"""report.html: a class run as one page to look at, built from results.jsonl alone.

One self-contained file: inline CSS and inline SVG, no script, no font or image to
fetch, so it opens from disk and prints.  A header (class size, exercises, mean
total), an overview of the pass rates, then per exercise the score distribution,
the pass rate, the mean, the named mistakes (with who made them) and the failures
no mistake names, grouped by task and message; last a table of learners.

Every learner-controlled text (names, messages) is escaped.  The numbers sit in
stable data attributes (``data-exercise``, ``data-pass-rate``, ``data-mean``,
``data-learner``, ``data-total``, ...) so tests and scripts can read them.  Which
failures count as unnamed is said in docs/class.md.
"""
from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from grader import registry
from grader.class_rows import Grid, Outcome, STATUSES, Table, first_line, grid, message_key, number, total
from grader.i18n import pick

WORDS = {"passed": ("passed", "合格"), "failed": ("failed", "不正解"), "error": ("error", "エラー"),
         "timeout": ("timeout", "時間切れ"), "blank": ("blank", "空欄"), "missing": ("missing", "未提出")}

CSS = """
:root{--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--accent:#0969da;
--passed:#1a7f37;--failed:#cf222e;--error:#8250df;--timeout:#9a6700;--blank:#bf8700;--missing:#818b98}
*{box-sizing:border-box}
body{margin:0;color:var(--ink);background:#fff;font:15px/1.55 system-ui,-apple-system,"Segoe UI","Noto Sans CJK JP",
"Noto Sans JP","Hiragino Sans","Yu Gothic","Meiryo",sans-serif;-webkit-print-color-adjust:exact;print-color-adjust:exact}
main{max-width:1180px;margin:0 auto;padding:32px 24px 48px}
h1{font-size:28px;margin:0 0 4px}h2{font-size:20px;margin:0}h3{font-size:15px;margin:18px 0 6px;color:var(--muted)}
.sub{color:var(--muted);margin:0 0 24px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:28px}
.card{flex:1 1 160px;border:1px solid var(--line);border-radius:10px;padding:12px 16px;background:var(--soft)}
.card b{display:block;font-size:26px;font-variant-numeric:tabular-nums}.card span{color:var(--muted);font-size:13px}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{font-size:13px;color:var(--muted);font-weight:600}
td.num,th.num{text-align:right;white-space:nowrap}
.bar{display:block;position:relative;height:10px;margin-top:4px;min-width:120px;background:#eaeef2;border-radius:5px;overflow:hidden}
.bar i{position:absolute;left:0;top:0;bottom:0;background:var(--passed);border-radius:5px}
section.exercise{border:1px solid var(--line);border-radius:12px;padding:18px 20px;margin:22px 0;break-inside:avoid}
.head{display:flex;flex-wrap:wrap;align-items:baseline;gap:8px 16px}.slug{font-family:ui-monospace,monospace;color:var(--muted)}
.stats{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start;margin-top:12px}
.figure{flex:0 0 auto}.facts{flex:1 1 300px}.facts .bar{max-width:360px}
.chips{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0}
.chip{border-radius:999px;padding:1px 10px;font-size:13px;color:#fff;white-space:nowrap}
.s-passed{background:var(--passed)}.s-failed{background:var(--failed)}.s-error{background:var(--error)}
.s-timeout{background:var(--timeout)}.s-blank{background:var(--blank)}.s-missing{background:var(--missing)}
.who{color:var(--muted);font-size:13px}.none{color:var(--muted);font-style:italic}
.msg{font-family:ui-monospace,monospace;font-size:12.5px;white-space:pre-wrap;word-break:break-word;width:38%}
td.task{width:20%}td.who{font-size:12.5px}
.scroll{overflow-x:auto}
table.grid{width:auto}table.grid td,table.grid th{min-width:34px;padding:3px 5px;font-size:12.5px;text-align:center;border:1px solid #fff}
table.grid th.v{writing-mode:vertical-rl;white-space:nowrap;vertical-align:bottom;text-align:left;padding:6px 2px}
table.grid th:first-child{text-align:left;vertical-align:bottom}table.grid td.name{text-align:left;white-space:nowrap;font-weight:600}
table.grid td.total{font-weight:700;background:var(--soft)}
.c-passed{background:#dafbe1}.c-failed{background:#ffebe9}.c-error{background:#fbefff}
.c-timeout,.c-blank{background:#fff8c5}
.c-missing{color:var(--missing);background:repeating-linear-gradient(45deg,#f6f8fa 0 4px,#eaeef2 4px 8px)}
.legend{display:flex;flex-wrap:wrap;gap:10px;font-size:13px;margin:8px 0}.legend span{padding:1px 8px;border-radius:4px}
footer{color:var(--muted);font-size:12px;margin-top:32px}
@media print{body{font-size:11px}main{padding:0;max-width:none}.scroll{overflow:visible}
section.exercise{border-color:#999}table.grid td,table.grid th{font-size:9px}}
"""


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _fmt(x: float) -> str:
    return f"{number(x):g}"


@dataclass
class _Exercise:
    slug: str
    title: str
    max_score: float
    outcomes: List[Outcome] = field(default_factory=list)

    @property
    def counts(self) -> Counter:
        return Counter(o.status for o in self.outcomes)

    @property
    def pass_rate(self) -> float:
        return self.counts["passed"] / len(self.outcomes) if self.outcomes else 0.0

    @property
    def mean(self) -> float:
        return sum(o.score for o in self.outcomes) / len(self.outcomes) if self.outcomes else 0.0


def _exercise_facts(slugs: List[str], cells: Dict[Tuple[str, str], Outcome], lang: str) -> List[_Exercise]:
    facts = []
    for slug in slugs:
        outcomes = [o for (_l, s), o in cells.items() if s == slug]
        outcomes.sort(key=lambda o: o.learner)
        try:
            title = pick(registry.get(slug).title, lang)
        except KeyError:
            title = slug
        facts.append(_Exercise(slug, title, number(max((o.max_score for o in outcomes), default=0)), outcomes))
    return facts


def mistake_titles(slug: str, lang: str) -> Dict[str, str]:
    """id -> title of the exercise's catalogued mistakes (empty where its checks do not load)."""
    try:
        from grader import registry

        checks = registry.checks_module(registry.get(slug))
        return {m.id: pick(m.title, lang) for m in getattr(checks, "MISTAKES", ())}
    except Exception:   # the page is still worth having with the ids alone
        return {}


def named_mistakes(ex: _Exercise) -> List[Tuple[str, List[str]]]:
    """(mistake id, learners who made it) by count, most frequent first."""
    who: Dict[str, List[str]] = {}
    for o in ex.outcomes:
        for mid in o.mistakes:
            who.setdefault(mid, []).append(o.learner)
    return sorted(who.items(), key=lambda item: (-len(item[1]), item[0]))


@dataclass
class Group:
    task: str          # task name ("" for a grading that could not finish)
    title: str
    status: str
    example: str
    learners: List[str] = field(default_factory=list)
    varies: bool = False


def unnamed_failures(ex: _Exercise) -> List[Group]:
    """A learner's row that did not pass and names no mistake counts once, under its
    first task that did not pass (or its error), grouped by task and message line
    with the numbers taken out; largest groups first."""
    groups: Dict[Tuple[str, str], Group] = {}
    for o in ex.outcomes:
        if o.missing or o.status == "passed" or o.mistakes:
            continue
        task = o.first_problem
        line = first_line(task.message) if task else first_line(o.error)
        key = (task.name if task else "", message_key(line))
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(key[0], task.title if task else "", task.status if task else "error", line)
        group.learners.append(o.learner)
        group.varies = group.varies or line != group.example
    return sorted(groups.values(), key=lambda g: (-len(g.learners), g.task, g.example))


def histogram(ex: _Exercise, t) -> str:
    """An SVG bar chart of the scores: a bar per point (or ten bins), the missing files
    stacked grey on the 0 bar, the count over each bar."""
    top = ex.max_score
    whole = float(top).is_integer() and 0 < top <= 20
    if top <= 0:
        edges = [0.0]
    else:   # the last bar is full marks alone
        edges = [float(i) for i in range(int(top) + 1)] if whole else [top * i / 10 for i in range(11)]
    graded, missing = [0] * len(edges), [0] * len(edges)
    for o in ex.outcomes:
        index = max(i for i, lo in enumerate(edges) if o.score >= lo or i == 0)
        (missing if o.missing else graded)[index] += 1
    width, height, left, bottom = 360, 150, 8, 22
    step = (width - 2 * left) / len(edges)
    tallest = max([g + m for g, m in zip(graded, missing)] + [1])
    scale = (height - bottom - 18) / tallest
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
             f'role="img" aria-label="{_e(t("Score distribution", "得点の分布"))}" class="histogram">',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" y2="{height - bottom}" stroke="#8c959f"/>']
    for i, lo in enumerate(edges):
        hi = edges[i + 1] if i + 1 < len(edges) else top
        x, base = left + i * step + 2, height - bottom
        g_h, m_h = graded[i] * scale, missing[i] * scale
        colour = "#1a7f37" if lo == top and top > 0 else "#0969da"
        label = _fmt(lo) if whole or lo == hi else f"{_fmt(lo)}–{_fmt(hi)}"
        tip = t("{n} learners scored {s}", "{s} 点: {n} 人", n=graded[i], s=label)
        parts.append(f'<rect x="{x:.1f}" y="{base - g_h:.1f}" width="{step - 4:.1f}" height="{g_h:.1f}" fill="{colour}" '
                     f'rx="2" data-bin-low="{_fmt(lo)}" data-bin-high="{_fmt(hi)}" data-count="{graded[i]}">'
                     f'<title>{_e(tip)}</title></rect>')
        if missing[i]:
            parts.append(f'<rect x="{x:.1f}" y="{base - g_h - m_h:.1f}" width="{step - 4:.1f}" height="{m_h:.1f}" '
                         f'fill="#afb8c1" rx="2" data-missing="{missing[i]}"><title>'
                         f'{_e(t("{n} files missing", "未提出 {n} 人", n=missing[i]))}</title></rect>')
        count = graded[i] + missing[i]
        if count:
            parts.append(f'<text x="{x + (step - 4) / 2:.1f}" y="{base - g_h - m_h - 4:.1f}" font-size="11" '
                         f'text-anchor="middle" fill="#1f2328">{count}</text>')
        if whole and len(edges) > 11 and i % 2 and lo != top:
            continue
        parts.append(f'<text x="{x + (step - 4) / 2:.1f}" y="{height - 7}" font-size="{10 if whole else 8}" '
                     f'text-anchor="middle" fill="#59636e">{_e(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _who(names: List[str], lang: str) -> str:
    return ("、" if lang == "ja" else ", ").join(f"<span>{_e(n)}</span>" for n in names)


def _section(ex: _Exercise, t, lang: str) -> str:
    counts, rate = ex.counts, ex.pass_rate
    chips = "".join(f'<span class="chip s-{s}" data-status="{s}" data-count="{counts[s]}">'
                    f'{_e(t(*WORDS[s]))} {counts[s]}</span>'
                    for s in STATUSES if counts[s])
    out = [f'<section class="exercise" id="ex-{_e(ex.slug)}" data-exercise="{_e(ex.slug)}" '
           f'data-pass-rate="{rate:.4f}" data-mean="{ex.mean:.4f}" data-max-score="{_fmt(ex.max_score)}" '
           f'data-learners="{len(ex.outcomes)}" data-passed="{counts["passed"]}">',
           f'<div class="head"><h2>{_e(ex.title)}</h2><span class="slug">{_e(ex.slug)}</span></div>',
           '<div class="stats"><div class="figure">', histogram(ex, t), '</div><div class="facts">',
           f'<p><b>{_e(t("pass rate", "合格率"))}</b> {rate * 100:.0f}% ({counts["passed"]}/{len(ex.outcomes)})'
           f'<span class="bar"><i style="width:{rate * 100:.1f}%"></i></span></p>',
           f'<p><b>{_e(t("mean", "平均"))}</b> {ex.mean:.1f} / {_fmt(ex.max_score)}</p>',
           f'<div class="chips">{chips}</div></div></div>']
    mistakes = named_mistakes(ex)
    out.append(f'<h3>{_e(t("Named mistakes", "よくある間違い"))}</h3>')
    if mistakes:
        titles = mistake_titles(ex.slug, lang)
        out.append(f'<table><tr><th>{_e(t("mistake", "間違い"))}</th><th class="num">{_e(t("learners", "人数"))}</th>'
                   f'<th>{_e(t("who", "受講者"))}</th></tr>')
        for mid, names in mistakes:
            name = f'{_e(titles[mid])} <span class="slug">{_e(mid)}</span>' if mid in titles else f'<span class="slug">{_e(mid)}</span>'
            out.append(f'<tr data-mistake="{_e(mid)}" data-count="{len(names)}"><td>{name}</td>'
                       f'<td class="num">{len(names)}</td><td class="who">{_who(names, lang)}</td></tr>')
        out.append("</table>")
    else:
        out.append(f'<p class="none">{_e(t("none", "なし"))}</p>')
    groups = unnamed_failures(ex)
    out.append(f'<h3>{_e(t("Other problems, by task and message", "その他の不合格（課題とメッセージごと）"))}</h3>')
    if groups:
        out.append(f'<table><tr><th>{_e(t("task", "課題"))}</th><th>{_e(t("message", "メッセージ"))}</th>'
                   f'<th class="num">{_e(t("learners", "人数"))}</th><th>{_e(t("who", "受講者"))}</th></tr>')
        for g in groups:
            task = (f'{_e(g.title or g.task)} <span class="slug">{_e(g.task)}</span>' if g.task
                    else _e(t("grading did not finish", "採点が完了しなかった")))
            varies = f' <span class="none">{_e(t("(numbers vary)", "（数値は人により異なる）"))}</span>' if g.varies else ""
            out.append(f'<tr data-task="{_e(g.task)}" data-count="{len(g.learners)}"><td class="task">{task} '
                       f'<span class="chip s-{g.status}">{_e(t(*WORDS[g.status]))}</span></td>'
                       f'<td class="msg">{_e(g.example)}{varies}</td><td class="num">{len(g.learners)}</td>'
                       f'<td class="who">{_who(g.learners, lang)}</td></tr>')
        out.append("</table>")
    else:
        out.append(f'<p class="none">{_e(t("none", "なし"))}</p>')
    out.append("</section>")
    return "".join(out)


def _learner_table(people: List[str], exercises: List[_Exercise], cells, t, lang: str) -> str:
    slugs = [ex.slug for ex in exercises]
    head = "".join(f'<th class="v" title="{_e(ex.title)}">{_e(ex.slug)}</th>' for ex in exercises)
    rows = []
    for learner in people:
        tds = []
        for slug in slugs:
            o = cells.get((learner, slug))
            if o is None:
                tds.append(f'<td data-exercise="{_e(slug)}" data-status="none"></td>')
                continue
            shown = "—" if o.missing else _fmt(o.score)
            word = t(*WORDS[o.status])
            tds.append(f'<td class="c-{o.status}" data-exercise="{_e(slug)}" data-score="{_fmt(o.score)}" '
                       f'data-status="{o.status}" title="{_e(word)}">{shown}</td>')
        learner_total = total(cells, learner, slugs)
        rows.append(f'<tr data-learner="{_e(learner)}" data-total="{_fmt(learner_total)}"><td class="name">{_e(learner)}</td>'
                    f'{"".join(tds)}<td class="total">{_fmt(learner_total)}</td></tr>')
    legend = "".join(f'<span class="c-{s}">{_e(t(*WORDS[s]))}</span>' for s in STATUSES)
    return (f'<h2 id="learners">{_e(t("Learners", "受講者ごとの得点"))}</h2><div class="legend">{legend}</div>'
            f'<div class="scroll"><table class="grid"><tr><th>{_e(t("learner", "受講者"))}</th>{head}'
            f'<th class="v">{_e(t("total", "合計"))}</th></tr>{"".join(rows)}</table></div>')


def render(table: Table, lang: str = "en", read: Optional[Grid] = None) -> str:
    """The class report of ``table`` (grader.results.latest) as one HTML page in ``lang``
    (``read``: the table's grid where it has been read already)."""
    lang = "ja" if lang == "ja" else "en"

    def t(en: str, ja: str, **fields) -> str:
        text = ja if lang == "ja" else en
        return text.format(**fields) if fields else text

    people, slugs, cells = read or grid(table)
    exercises = _exercise_facts(slugs, cells, lang)
    max_total = number(sum(ex.max_score for ex in exercises))
    totals = [total(cells, learner, slugs) for learner in people]
    mean_total = sum(totals) / len(totals) if totals else 0.0
    missing = sum(ex.counts["missing"] for ex in exercises)
    cards = [(len(people), t("learners", "受講者"), "learners"), (len(exercises), t("exercises", "演習"), "exercises"),
             (f"{mean_total:.1f} / {_fmt(max_total)}", t("mean total", "合計点の平均"), "mean-total"),
             (missing, t("files missing", "未提出"), "missing")]
    values = {"learners": len(people), "exercises": len(exercises), "mean-total": f"{mean_total:.4f}", "missing": missing}
    card_html = "".join(f'<div class="card" data-{key}="{values[key]}"><b>{_e(shown)}</b><span>{_e(label)}</span></div>'
                        for shown, label, key in cards)
    overview = [f'<table class="overview"><tr><th>{_e(t("exercise", "演習"))}</th><th>{_e(t("pass rate", "合格率"))}</th>'
                f'<th class="num">%</th><th class="num">{_e(t("mean", "平均"))}</th></tr>']
    for ex in exercises:
        overview.append(f'<tr data-overview="{_e(ex.slug)}" data-pass-rate="{ex.pass_rate:.4f}"><td><a href="#ex-{_e(ex.slug)}">'
                        f'{_e(ex.title)}</a> <span class="slug">{_e(ex.slug)}</span></td>'
                        f'<td><span class="bar"><i style="width:{ex.pass_rate * 100:.1f}%"></i></span></td>'
                        f'<td class="num">{ex.pass_rate * 100:.0f}%</td><td class="num">{ex.mean:.1f} / {_fmt(ex.max_score)}</td></tr>')
    overview.append("</table>")
    title = t("Class report", "クラスの採点結果")
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{_e(title)}</title><style>{CSS}</style></head><body><main>'
            f'<h1>{_e(title)}</h1><p class="sub">{_e(t("Built from results.jsonl: the last result of each learner and exercise.", "results.jsonl から作成（受講者と演習ごとに最後の結果）"))}</p>'
            f'<div class="cards">{card_html}</div>{"".join(overview)}'
            f'{"".join(_section(ex, t, lang) for ex in exercises)}'
            f'{_learner_table(people, exercises, cells, t, lang)}'
            f'<footer>{_e(t("Statuses: passed only when every task passed; a missing file scores 0.", "状態: すべての課題に合格したときだけ合格。未提出は 0 点。"))}</footer>'
            f'</main></body></html>\n')
