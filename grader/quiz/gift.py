"""Moodle's GIFT text format.

Per Moodle's GIFT documentation: questions are separated by a blank line;
``::name::`` names a question and ``[markdown]`` sets its text format; the
answers are in braces: ``=right ~wrong`` for multiple choice, ``~%50%`` for
weighted options of a multiple-answer question, ``{=a =b}`` for short answer,
``{#answer:tolerance}`` for numerical; ``####`` starts the general feedback
(our explanation).  ``~ = # { } :`` are escaped with a backslash, a backslash
is doubled, and a newline is written ``\\n`` so no blank line splits a
question.
"""
from __future__ import annotations

from typing import List, Sequence

from ..i18n import pick
from .export import accepted_texts, md, instance_name, multi_weights, number_text, tolerance_of
from .instance import Instance
from .model import Bank

SPECIAL = "~=#{}:"


def escape(text: str) -> str:
    """``text`` safe inside a GIFT question."""
    text = text.replace("\\", "\\\\")
    for char in SPECIAL:
        text = text.replace(char, "\\" + char)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\n", "\\n")


def question(inst: Instance, lang: str) -> str:
    """One question in GIFT (no trailing blank line)."""
    q = inst.question
    head = f"::{escape(instance_name(inst))}::[markdown]{escape(md(pick(inst.prompt, lang)))}"
    feedback = f"\t####{escape(md(pick(inst.explanation, lang)))}"
    if q.type == "numeric":
        answer = f"{number_text(inst.expected)}:{number_text(tolerance_of(inst))}"
        return f"{head}{{#{answer}\n{feedback}\n}}"
    lines: List[str] = []
    if q.type == "choice":
        for n, choice in enumerate(inst.choices, start=1):
            mark = "=" if n == q.answer else "~"
            lines.append(f"\t{mark}{escape(md(pick(choice, lang)))}")
    elif q.type == "multi":
        weights = multi_weights(len(inst.choices), len(q.answer))
        for n, choice in enumerate(inst.choices, start=1):
            lines.append(f"\t~%{weights[n in q.answer]}%{escape(md(pick(choice, lang)))}")
    else:
        for text in accepted_texts(inst, lang):
            lines.append(f"\t={escape(text)}")
    return head + "{\n" + "\n".join(lines) + "\n" + feedback + "\n}"


def to_gift(bank: Bank, instances: Sequence[Instance], lang: str, seeds: Sequence[int] = ()) -> str:
    """The whole export: a comment, the bank's category, then each question."""
    parts = [f"// {bank.name}: {pick(bank.title, lang)}".replace("\n", " "),
             f"$CATEGORY: $course$/{bank.name}"]
    body = "\n\n".join(question(inst, lang) for inst in instances)
    return "\n".join(parts) + "\n\n" + body + "\n"
