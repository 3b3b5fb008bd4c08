"""One concrete question: parameters picked from a seed, texts filled in, the
expected answer computed.  Also a bank's answer key at a seed.

The values of a parametrized question depend only on the seed and the
question's id, so the same ``--seed`` gives the same numbers whatever the
order, ``--limit`` or ``--shuffle`` of a run, in ``quiz run``, ``quiz key``
and ``quiz export`` alike.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from ..i18n import Text, pick
from .judge import numeric_ok, pick_options, resolve_option, snap
from .model import Bank, Param, Question
from .template import render_text


def format_number(value: float, tolerance: Optional[float] = None) -> str:
    """The shortest plain form of ``value`` (at least 4 significant digits)
    that is still judged right."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    for digits in range(4, 18):
        text = f"{value:.{digits}g}"
        if numeric_ok(float(text), value, tolerance):
            return text
    return repr(value)


def option_label(choices: List[Text], number: int) -> str:
    """What to type to pick option ``number``: its number, or its letter, or
    ``(n)`` when an option's text reads like that number."""
    for label in (str(number), chr(ord("a") + number - 1), f"({number})"):
        if resolve_option(choices, label) == number:
            return label
    return pick(choices[number - 1])


def uses_letters(inst: "Instance") -> bool:
    """Label options a) b) c) when a number would read as an option's text."""
    return any(option_label(inst.choices, n) != str(n) for n in range(1, len(inst.choices) + 1))


@dataclass
class Instance:
    """A question ready to ask: ``values`` are the picked parameters."""

    question: Question
    seed: Optional[int]
    values: Dict[str, Param]
    prompt: Text
    choices: List[Text]
    explanation: Text
    expected: Any  # numeric: the float; other types: question.answer

    @property
    def id(self) -> str:
        return self.question.id

    def params_text(self) -> Dict[str, str]:
        return {name: p.text for name, p in self.values.items()}

    def answer_text(self, lang: Optional[str] = None) -> str:
        """The answer as a learner could type it (judged right)."""
        q = self.question
        if q.type == "choice":
            return option_label(self.choices, q.answer)
        if q.type == "multi":
            for labels in ([option_label(self.choices, n) for n in q.answer],
                           [chr(ord("a") + n - 1) for n in q.answer]):
                typed = ", ".join(labels)
                if pick_options(typed, self.choices) == frozenset(q.answer):
                    return typed
            return ", ".join(str(n) for n in q.answer)
        if q.type == "numeric":
            return format_number(self.expected, q.tolerance)
        return pick(q.answer[0], lang)

    def answer_display(self, lang: Optional[str] = None) -> str:
        """The answer for people: options with their text."""
        q = self.question
        if q.type in ("choice", "multi"):
            numbers = [q.answer] if q.type == "choice" else list(q.answer)
            return ", ".join(f"{n}) {pick(self.choices[n - 1], lang)}" for n in numbers)
        return self.answer_text(lang)


def _rng(seed: Optional[int], qid: str) -> random.Random:
    # A string seed is hashed with SHA-512 by random.Random: stable across runs.
    return random.Random(f"{seed}:{qid}") if seed is not None else random.Random()


def make_instance(question: Question, seed: Optional[int] = 0) -> Instance:
    """``question`` with its parameters picked for ``seed`` (None: at random)."""
    rng = _rng(seed, question.id)
    values = {name: rng.choice(options) for name, options in question.params.items()}
    texts = {name: p.text for name, p in values.items()}
    expected: Any = question.answer
    if question.type == "numeric":
        expected = snap(question.answer.evaluate({n: p.value for n, p in values.items()}))
    prompt = render_text(question.prompt, texts)
    choices = [render_text(c, texts) for c in question.choices]
    inst = Instance(question, seed, values, prompt, choices, "", expected)
    inst.explanation = render_text(question.explanation, {**texts, "answer": inst.answer_display("en")})
    if isinstance(question.explanation, dict):
        inst.explanation = {lang: render_text(text, {**texts, "answer": inst.answer_display(lang)})
                            for lang, text in question.explanation.items()}
    return inst


def answer_key(bank: Bank, seed: int = 0, lang: Optional[str] = None) -> Dict[str, str]:
    """Question id -> the answer as typed, for every question at ``seed``."""
    return {q.id: make_instance(q, seed).answer_text(lang) for q in bank.questions}
