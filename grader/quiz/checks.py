"""Checks shared by a bank's top level and its questions: reporting a
problem, unknown and repeated keys, and texts (a string or {ja:, en:})."""
from __future__ import annotations

import difflib
from typing import Any, List, Optional, Sequence

from ..i18n import Text, tr
from .model import Problem
from .yamltree import Map, Seq

LANG_KEYS = ("ja", "en")


def kind(value: Any) -> str:
    if value is None:
        return tr("nothing", "空")
    if isinstance(value, Map):
        return tr("a mapping", "マッピング")
    if isinstance(value, Seq):
        return tr("a list", "リスト")
    return repr(value)


class Checker:
    """Collects the problems of one file."""

    def __init__(self, file: str):
        self.file = file
        self.problems: List[Problem] = []

    def add(self, line: int, qid: Optional[str], en: str, ja: str, **fields) -> None:
        problem = Problem(self.file, line, qid, tr(en, ja, **fields))
        if problem not in self.problems:  # the same slip in both languages: say it once
            self.problems.append(problem)

    # -- shared checks ------------------------------------------------------
    def keys(self, mapping: Map, allowed: Sequence[str], qid: Optional[str]) -> None:
        for key, line in mapping.duplicates:
            self.add(line, qid, "'{k}:' is given twice (first on line {first}); keep one",
                     "「{k}:」が二度あります（最初は {first} 行目）。一つにしてください",
                     k=key, first=mapping.line_of(key))
        for key in mapping:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = tr(" (did you mean '{c}'?)", "（「{c}」の誤り？）", c=close[0]) if close else ""
                self.add(mapping.line_of(key), qid,
                         "unknown key '{k}'{h}; allowed here: {a}",
                         "不明なキー「{k}」{h}。ここで使えるのは {a}",
                         k=key, h=hint, a=", ".join(allowed))

    def flag(self, mapping: Map, key: str, qid: Optional[str]) -> Optional[bool]:
        """``key:`` as true or false; None when absent (or wrong, reported)."""
        if key not in mapping:
            return None
        value = mapping[key]
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        self.add(mapping.line_of(key), qid, "'{k}:' must be true or false, not {v}",
                 "「{k}:」は true か false にしてください（いまは {v}）", k=key, v=kind(value))
        return None

    def text(self, mapping: Map, key: str, qid: Optional[str], required: bool) -> Optional[Text]:
        if key not in mapping or mapping[key] is None:
            if required:
                self.add(mapping.line_of(key), qid, "missing '{k}:' (a text, or {{ja: ..., en: ...}})",
                         "「{k}:」がありません（文字列か {{ja: ..., en: ...}}）", k=key)
            return None
        return self.text_value(mapping[key], mapping.line_of(key), qid, key)

    def text_value(self, value: Any, line: int, qid: Optional[str], what: str) -> Optional[Text]:
        if isinstance(value, str):
            if not value.strip():
                self.add(line, qid, "{w} is empty", "{w} が空です", w=what)
                return None
            return value
        if isinstance(value, Map):
            self.keys(value, LANG_KEYS, qid)
            result = {}
            for lang in LANG_KEYS:
                if lang in value:
                    item = value[lang]
                    if not isinstance(item, str) or not item.strip():
                        self.add(value.line_of(lang), qid, "{w}: the '{l}' text is empty or not text",
                                 "{w}: 「{l}」の文が空か文字列ではありません", w=what, l=lang)
                    else:
                        result[lang] = item
            if not any(lang in value for lang in LANG_KEYS):
                self.add(line, qid, "{w} gives no 'ja' or 'en' text", "{w} に ja も en もありません", w=what)
            return result or None
        self.add(line, qid, "{w} must be a text or {{ja: ..., en: ...}}, not {k}",
                 "{w} は文字列か {{ja: ..., en: ...}} にしてください（いまは {k}）", w=what, k=kind(value))
        return None
