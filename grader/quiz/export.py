"""Exporting a bank for other tools: Moodle GIFT, Moodle XML, a Markdown
handout with the answers at the end, and a JSON dump.

Every export is in one language, of the whole bank or of a subset (some
sections, some ids: :func:`subset`).  A parametrized question is exported once
per seed asked for (``--seed`` is repeatable; without it, seed 0), named
``<id> (seed N)``; a question without parameters is exported once.  The
numeric tolerance written is the bank's ``tolerance``, else 0 for an integer
answer, else 1% of the answer (the rule ``quiz run`` judges by).
"""
from __future__ import annotations

import dataclasses
import difflib
import json
import re
from typing import Callable, Dict, List, Optional, Sequence

from ..i18n import pick, tr
from .instance import Instance, make_instance, uses_letters
from .judge import RELATIVE, text_key
from .model import Bank, QuizError
from .template import variants

FORMATS = ("gift", "moodle-xml", "markdown", "json")


def md(text: str) -> str:
    """``text`` for a Markdown renderer: each single line break kept as a hard
    break (two spaces before it), since Markdown joins the lines of a paragraph."""
    return re.sub(r"(?<![\n ])\n(?!\n)", "  \n", text.replace("\r\n", "\n"))


def subset(bank: Bank, sections: Sequence[str] = (), ids: Sequence[str] = ()) -> Bank:
    """``bank`` with only the questions in one of ``sections`` (a section's name in
    either language, case and spaces aside) or named in ``ids``, in bank order;
    the whole bank when both are empty.  QuizError for a name that matches nothing."""
    if not sections and not ids:
        return bank
    known = [q.id for q in bank.questions]
    for qid in ids:
        if qid not in known:
            close = difflib.get_close_matches(qid, known, n=1, cutoff=0.6)
            hint = tr(" (did you mean '{c}'?)", "（「{c}」の誤り？）", c=close[0]) if close else ""
            raise QuizError(tr("--id {q}: no such question in bank {b}{h}", "--id {q}: バンク {b} にない問題です{h}",
                               q=qid, b=bank.name, h=hint))
    names = {}
    for q in bank.questions:
        for variant in variants(q.section):
            names.setdefault(text_key(variant), variant)
    shown = list(dict.fromkeys(pick(q.section) for q in bank.questions if q.section))
    wanted = set()
    for section in sections:
        if text_key(section) not in names:
            raise QuizError(tr("--section {s}: no such section in bank {b}; sections: {all}",
                               "--section {s}: バンク {b} にないセクションです。セクション: {all}",
                               s=section, b=bank.name, all=", ".join(shown) or "-"))
        wanted.add(text_key(section))
    chosen = [q for q in bank.questions
              if q.id in ids or any(text_key(v) in wanted for v in variants(q.section))]
    return dataclasses.replace(bank, questions=chosen)


def export_instances(bank: Bank, seeds: Sequence[int] = ()) -> List[Instance]:
    """One instance per question, or per seed for a parametrized question."""
    seeds = list(dict.fromkeys(seeds)) or [0]
    out: List[Instance] = []
    for q in bank.questions:
        for seed in (seeds if q.parametrized else seeds[:1]):
            out.append(make_instance(q, seed))
    return out


def instance_name(inst: Instance) -> str:
    """The name an exported question gets: its id, plus the seed if parametrized."""
    if inst.question.parametrized:
        return f"{inst.id} (seed {inst.seed})"
    return inst.id


def tolerance_of(inst: Instance) -> float:
    """The absolute margin a numeric answer is judged with."""
    q = inst.question
    if q.tolerance is not None:
        return q.tolerance
    if float(inst.expected).is_integer():
        return 0.0
    return RELATIVE * abs(inst.expected)


def number_text(value: float) -> str:
    """A number as plain digits (no 'inf', no 'nan'), precise to 10 digits."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.10g}"


def multi_weights(count: int, right: int) -> Dict[bool, str]:
    """Percent weights for a multi question: right options share 100, wrong
    options share -100 (as in the GIFT documentation's example)."""
    def fmt(x: float) -> str:
        return f"{x:.5f}".rstrip("0").rstrip(".")
    wrong = count - right
    return {True: fmt(100 / right), False: fmt(-100 / wrong) if wrong else "0"}


def accepted_texts(inst: Instance, lang: Optional[str]) -> List[str]:
    """A text question's accepted answers, the chosen language's first."""
    out: List[str] = []
    for text in inst.question.answer:
        values = [pick(text, lang)] + (list(text.values()) if isinstance(text, dict) else [])
        for value in values:
            if value and value not in out:
                out.append(value)
    return out


def to_json(bank: Bank, instances: List[Instance], lang: str, seeds: Sequence[int]) -> str:
    questions = []
    for inst in instances:
        q = inst.question
        item = {
            "id": q.id,
            "name": instance_name(inst),
            "type": q.type,
            "section": pick(q.section, lang) if q.section else None,
            "seed": inst.seed if q.parametrized else None,
            "params": inst.params_text(),
            "prompt": pick(inst.prompt, lang),
            "choices": [pick(c, lang) for c in inst.choices],
            "answer": inst.answer_text(lang),
            "explanation": pick(inst.explanation, lang),
            "source": pick(q.source, lang) if q.source else None,
        }
        if q.type == "choice":
            item["correct"] = [q.answer]
        elif q.type == "multi":
            item["correct"] = list(q.answer)
        elif q.type == "numeric":
            item["value"] = inst.expected
            item["tolerance"] = tolerance_of(inst)
        else:
            item["accept"] = accepted_texts(inst, lang)
        questions.append(item)
    data = {"bank": bank.name, "title": pick(bank.title, lang), "lang": lang,
            "seeds": list(dict.fromkeys(seeds)) or [0], "questions": questions}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_markdown(bank: Bank, instances: List[Instance], lang: str, seeds: Sequence[int],
                answers: bool = True) -> str:
    """A handout: the questions, then (unless ``answers`` is False) the answers
    with their explanations."""
    lines = [f"# {pick(bank.title, lang)}", ""]
    if bank.description:
        lines += [pick(bank.description, lang), ""]
    for number, inst in enumerate(instances, start=1):
        q = inst.question
        head = f"## {number}."
        if q.section:
            head += f" {pick(q.section, lang)}"
        lines += [head, "", md(pick(inst.prompt, lang)), ""]
        letters = uses_letters(inst)
        for n, choice in enumerate(inst.choices, start=1):
            label = chr(ord("a") + n - 1) if letters else str(n)
            lines.append(f"- ({label}) " + md(pick(choice, lang)).replace("\n", "\n  "))
        if inst.choices:
            lines.append("")
        if q.type == "multi":
            lines += [tr("_Choose every right option._", "_正しいものをすべて選べ。_"), ""]
    if not answers:
        return "\n".join(lines).rstrip() + "\n"
    lines += ["---", "", "# " + tr("Answers", "解答と解説"), ""]
    for number, inst in enumerate(instances, start=1):
        answer = inst.answer_display(lang)
        if inst.question.type in ("choice", "multi") and uses_letters(inst):
            answer = inst.answer_text(lang) + ": " + answer
        explanation = md(pick(inst.explanation, lang)).replace("\n", "\n   ")
        lines += [f"{number}. **{answer}**  ", f"   {explanation}", ""]
    return "\n".join(lines).rstrip() + "\n"


def export(bank: Bank, fmt: str, lang: str, seeds: Sequence[int] = (), answers: bool = True) -> str:
    """``bank`` in format ``fmt`` (one of :data:`FORMATS`) and language ``lang``;
    ``answers`` False leaves the answers out of a Markdown handout."""
    from .gift import to_gift
    from .moodlexml import to_moodle_xml

    writers: Dict[str, Callable[..., str]] = {
        "gift": to_gift, "moodle-xml": to_moodle_xml, "markdown": to_markdown, "json": to_json,
    }
    instances = export_instances(bank, seeds)
    if fmt == "markdown":
        return to_markdown(bank, instances, lang, seeds, answers=answers)
    return writers[fmt](bank, instances, lang, seeds)
