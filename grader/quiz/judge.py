"""Judging an answer as a learner types it.

Everything typed is first NFKC-normalized, so full-width digits, letters,
parentheses and spaces from a Japanese IME, circled digits and half-width
katakana read as their plain forms.  Then, by question type:

- numeric: a decimal, scientific notation (``2.5e-3``, ``2.5×10^-3``), a
  fraction (``1/4``) or a number with thousands separators (``16,768``); the
  expected value is matched within ``tolerance`` (absolute), else exactly when
  it is an integer, else within a relative 1e-2;
- choice: the option's own text (so ``0.25`` picks the option that reads
  0.25), else its number in any common form (``3``, ``(3)``, ``3)``, ``３``,
  ``③``, ``3番``) or its letter (``c``, ``(c)``);
- multi: options as above, in any order, separated by commas, ``、``,
  semicolons, slashes or spaces;
- text: the answer or any ``accept`` entry, ignoring case and spaces.

A :class:`Verdict` also says whether the input was *understood*: an
interactive run asks again, instead of marking it wrong, when it was not (a
letter where a number is expected, an option that does not exist).
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import FrozenSet, List, Optional, Sequence

from ..i18n import Text, tr
from .template import variants

RELATIVE = 1e-2
_MINUS = str.maketrans({"\u2212": "-", "\u2010": "-", "\u2011": "-", "\u2012": "-",
                        "\u2013": "-", "\ufe63": "-"})
_NUM = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?"
_NUMBER = re.compile(_NUM)
_FRACTION = re.compile(rf"({_NUM})/({_NUM})")
_TIMES_TEN = re.compile(rf"({_NUM})(?:x|×|\*)10\^([+-]?\d{{1,3}})")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_INDEX = re.compile(r"(?:no\.?|#)?[(\[]?(\d{1,3}|[a-z])[)\].:]?(?:番)?")
_SEPARATORS = re.compile(r"[,、;/]+")


@dataclass(frozen=True)
class Verdict:
    correct: bool
    understood: bool = True
    note: str = ""


def normalize(text: str) -> str:
    """NFKC, surrounding space removed, inner runs of space made one space."""
    text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split())


def text_key(text: str) -> str:
    """The form two texts are compared in: normalized, case-folded, no spaces."""
    return "".join(normalize(text).casefold().split())


def parse_number(text: str) -> Optional[float]:
    """The number ``text`` reads as, or None."""
    t = text_key(text).translate(_MINUS)
    if _THOUSANDS.fullmatch(t):
        t = t.replace(",", "")
    value: Optional[float] = None
    try:
        if _NUMBER.fullmatch(t):
            value = float(t)
        elif _FRACTION.fullmatch(t):
            num, den = _FRACTION.fullmatch(t).groups()  # type: ignore[union-attr]
            value = float(num) / float(den) if float(den) != 0 else None
        elif _TIMES_TEN.fullmatch(t):
            mant, exp = _TIMES_TEN.fullmatch(t).groups()  # type: ignore[union-attr]
            value = float(mant) * 10.0 ** int(exp)
    except (ValueError, OverflowError):
        return None
    if value is None or not math.isfinite(value):
        return None
    return value


def snap(value: float) -> float:
    """``value`` made a whole number when it is one up to rounding noise."""
    nearest = round(value)
    if abs(value - nearest) <= 1e-9 * max(1.0, abs(value)):
        return float(nearest)
    return value


def numeric_ok(given: float, expected: float, tolerance: Optional[float]) -> bool:
    """Whether ``given`` matches ``expected`` under the bank's rule."""
    if tolerance is not None:
        return abs(given - expected) <= tolerance + 1e-12 * max(1.0, abs(expected))
    if float(expected).is_integer():
        return given == expected
    return abs(given - expected) <= RELATIVE * abs(expected)


def judge_numeric(given: str, expected: float, tolerance: Optional[float]) -> Verdict:
    value = parse_number(given)
    if value is None:
        return Verdict(False, False, tr(
            "'{g}' is not a number: type for example 0.25, 1/4 or 2.5e-3.",
            "「{g}」は数として読めません。0.25、1/4、2.5e-3 のように入力してください。",
            g=given.strip()))
    return Verdict(numeric_ok(value, expected, tolerance))


def match_text(choices: Sequence[Text], given: str) -> Optional[int]:
    """The 1-based option whose own text (in any language) ``given`` is."""
    key = text_key(given)
    if not key:
        return None
    for number, choice in enumerate(choices, start=1):
        if any(text_key(v) == key for v in variants(choice)):
            return number
    return None


def resolve_option(choices: Sequence[Text], given: str) -> Optional[int]:
    """The 1-based option ``given`` names (its text first, then its number or
    letter), 0 for a number or letter with no such option, None when it names
    nothing."""
    by_text = match_text(choices, given)
    if by_text:
        return by_text
    match = _INDEX.fullmatch(text_key(given))
    if not match:
        return None
    token = match.group(1)
    number = int(token) if token.isdigit() else ord(token) - ord("a") + 1
    return number if 1 <= number <= len(choices) else 0


def _form_hint(count: int) -> str:
    last = chr(ord("a") + count - 1)
    return tr("Type an option's number (1-{n}), its letter (a-{l}) or its text.",
              "選択肢の番号（1〜{n}）、記号（a〜{l}）、またはその文面を入力してください。",
              n=count, l=last)


def judge_choice(given: str, choices: Sequence[Text], answer: int) -> Verdict:
    picked = resolve_option(choices, given)
    if not picked:
        return Verdict(False, False, _form_hint(len(choices)))
    return Verdict(picked == answer)


def pick_options(given: str, choices: Sequence[Text]) -> Optional[FrozenSet[int]]:
    """The options a multi answer names, or None when a part names nothing."""
    whole = match_text(choices, given)
    if whole:
        return frozenset([whole])
    picked: List[int] = []
    for part in _SEPARATORS.split(normalize(given)):
        by_text = match_text(choices, part)
        if by_text:
            picked.append(by_text)
            continue
        for word in part.split():
            number = resolve_option(choices, word)
            if not number:
                return None
            picked.append(number)
    return frozenset(picked) if picked else None


def judge_multi(given: str, choices: Sequence[Text], answer: Sequence[int]) -> Verdict:
    picked = pick_options(given, choices)
    if picked is None:
        return Verdict(False, False, _form_hint(len(choices)) + " " + tr(
            "Separate several with commas, e.g. 1, 3.", "複数あるときは 1, 3 のように区切ります。"))
    return Verdict(picked == frozenset(answer))


def judge_text(given: str, accepted: Sequence[Text]) -> Verdict:
    key = text_key(given)
    if not key:
        return Verdict(False, False, tr("Type an answer.", "答えを入力してください。"))
    return Verdict(any(text_key(v) == key for t in accepted for v in variants(t)))


def judge(instance, given: str) -> Verdict:
    """Judge ``given`` against an :class:`~grader.quiz.instance.Instance`."""
    q = instance.question
    if q.type == "choice":
        return judge_choice(given, instance.choices, q.answer)
    if q.type == "multi":
        return judge_multi(given, instance.choices, q.answer)
    if q.type == "numeric":
        return judge_numeric(given, instance.expected, q.tolerance)
    return judge_text(given, q.answer)
