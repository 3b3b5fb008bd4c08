"""Catalogues of known mistakes.

Each exercise's check module lists its known mistakes in ``MISTAKES``: the
wrong options of the original multiple-choice blank first, then other likely
slips.  A mistake is recognised by one of

- ``predict``: our own implementation of the mistake, with the signature of the
  learner's function ``func``; when the learner's output matches its output
  (and not the reference's), the task's message names the mistake;
- ``code``: the expression as a learner would type it into a blank; matched as
  a whole expression in the learner's file (spaces and parentheses do not
  matter), used when the output alone does not tell (it cannot run, say);
- ``error``: a regular expression matched against the learner's error message.

``example`` says how the project's tests reproduce the mistake: a mapping of
blank number to the text typed there (default: blank 1 gets ``code[0]``), or a
list of (old, new) text replacements applied to the stub with the answers
filled in.  Every catalogued mistake must have one: the tests prove each fails
and is named.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple, Union

from grader.blanks import typed_any
from grader.i18n import Text, pick, tr

Example = Union[Dict[int, str], List[Tuple[str, str]]]


@dataclass(frozen=True)
class Mistake:
    id: str
    title: Text
    hint: Text
    func: Optional[str] = None
    predict: Optional[Callable] = None
    code: Tuple[str, ...] = ()
    error: Optional[str] = None
    example: Optional[Example] = None

    def message(self) -> str:
        return tr("This is a known mistake: {title}. Hint: {hint}",
                  "よくある間違いに一致しました: {title}。ヒント: {hint}",
                  title=pick(self.title), hint=pick(self.hint))

    def test_example(self) -> Optional[Example]:
        if self.example is not None:
            return self.example
        return {1: self.code[0]} if self.code else None


def predictions(mistakes: Sequence[Mistake], func: str, args: Sequence, kwargs: dict) -> List[tuple]:
    """(mistake, its output) for each mistake of ``func`` that can run on these inputs."""
    found = []
    for mistake in mistakes:
        if mistake.predict is None or (mistake.func is not None and mistake.func != func):
            continue
        try:
            found.append((mistake, mistake.predict(*args, **kwargs)))
        except Exception:  # an option that cannot run on these inputs
            continue
    return found


def recognise(mistakes: Sequence[Mistake], source_exprs, error_text: str = "") -> Optional[Mistake]:
    """The first mistake whose typed code is in the file (in the function or
    class ``func`` it concerns, when it names one), or whose error pattern
    matches ``error_text``; None when none does."""
    for mistake in mistakes:
        if mistake.code and typed_any(source_exprs, mistake.code, mistake.func):
            if mistake.error is None or not error_text or re.search(mistake.error, error_text):
                return mistake
    if error_text:
        for mistake in mistakes:
            if mistake.error and not mistake.code and re.search(mistake.error, error_text):
                return mistake
    return None


def bilingual(mid: str, func: Optional[str], en: str, ja: str, hint_en: str, hint_ja: str,
              predict: Optional[Callable] = None, **kw) -> Mistake:
    """A mistake of ``func`` whose title and hint are given in English and Japanese."""
    return Mistake(mid, func=func, title={"en": en, "ja": ja}, hint={"en": hint_en, "ja": hint_ja},
                   predict=predict, **kw)


def ids_unique(mistakes: Sequence[Mistake]) -> bool:
    ids = [m.id for m in mistakes]
    return len(ids) == len(set(ids))


__all__ = ["Mistake", "bilingual", "predictions", "recognise", "ids_unique"]
