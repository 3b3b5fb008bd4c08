"""One concrete question: parameters picked from a seed, texts filled in, the
expected answer computed.  Also a bank's answer key at a seed.

The values of a parametrized question depend only on the seed and the
question's id, so the same ``--seed`` gives the same numbers whatever the
order, ``--limit`` or ``--shuffle`` of a run, in ``quiz run``, ``quiz key``
and ``quiz export`` alike.  So does the order of a shuffled question's
options (a bank with ``shuffle: true``), drawn from a generator of its own
so that shuffling does not change the numbers.  An instance's ``question``
is the question with its options in the order shown: its ``answer``
numbers count in that order, and ``order`` says which option of the file
is shown at each place.  ``{choiceN}`` in a text is the label option N of
the file is shown with.
"""
from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple

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


def letters_needed(choices: Sequence[Text]) -> bool:
    """Label options a) b) c) when a number would read as an option's text."""
    return any(option_label(list(choices), n) != str(n) for n in range(1, len(choices) + 1))


def uses_letters(inst: "Instance") -> bool:
    """Whether ``inst``'s options are shown as a) b) c) rather than 1) 2) 3)."""
    return letters_needed(inst.choices)


def shown_label(number: int, letters: bool) -> str:
    """The label option ``number`` (as shown) is displayed with."""
    return chr(ord("a") + number - 1) if letters else str(number)


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
    order: Tuple[int, ...] = ()   # the file's option number shown at each place (1-based)

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


def option_order(question: Question, seed: Optional[int]) -> Tuple[int, ...]:
    """The file's option numbers in the order shown at ``seed``: shuffled from
    the seed and the id when the question shuffles, else 1, 2, 3, ..."""
    order = list(range(1, len(question.choices) + 1))
    if question.shuffle and len(order) > 1:
        rng = random.Random(f"{seed}:{question.id}:options") if seed is not None else random.Random()
        rng.shuffle(order)
    return tuple(order)


def _as_shown(question: Question, order: Tuple[int, ...]) -> Question:
    """``question`` with its options in ``order`` and its answer renumbered to match."""
    if order == tuple(range(1, len(order) + 1)):
        return question
    place = {number: at for at, number in enumerate(order, start=1)}
    if question.type == "choice":
        answer: Any = place[question.answer]
    else:
        answer = tuple(sorted(place[n] for n in question.answer))
    return dataclasses.replace(question, choices=[question.choices[n - 1] for n in order], answer=answer)


def make_instance(question: Question, seed: Optional[int] = 0) -> Instance:
    """``question`` with its parameters picked (and its options shuffled, when it
    shuffles) for ``seed`` (None: at random)."""
    rng = _rng(seed, question.id)
    values = {name: rng.choice(options) for name, options in question.params.items()}
    texts = {name: p.text for name, p in values.items()}
    order = option_order(question, seed)
    question = _as_shown(question, order)
    expected: Any = question.answer
    if question.type == "numeric":
        expected = snap(question.answer.evaluate({n: p.value for n, p in values.items()}))
    if order:
        # {choiceN}: first as numbers, to see whether the options need letters, then as shown.
        place = {f"choice{number}": at for at, number in enumerate(order, start=1)}
        draft = [render_text(c, {**texts, **{k: str(v) for k, v in place.items()}}) for c in question.choices]
        letters = letters_needed(draft)
        texts = {**texts, **{k: shown_label(v, letters) for k, v in place.items()}}
    prompt = render_text(question.prompt, texts)
    choices = [render_text(c, texts) for c in question.choices]
    inst = Instance(question, seed, values, prompt, choices, "", expected, order)
    inst.explanation = render_text(question.explanation, {**texts, "answer": inst.answer_display("en")})
    if isinstance(question.explanation, dict):
        inst.explanation = {lang: render_text(text, {**texts, "answer": inst.answer_display(lang)})
                            for lang, text in question.explanation.items()}
    return inst


def answer_key(bank: Bank, seed: int = 0, lang: Optional[str] = None) -> Dict[str, str]:
    """Question id -> the answer as typed, for every question at ``seed``."""
    return {q.id: make_instance(q, seed).answer_text(lang) for q in bank.questions}
