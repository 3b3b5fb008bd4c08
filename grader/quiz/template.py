"""``{name}`` placeholders in a question's texts.

In every text of a question (prompt, choices, explanation) ``{name}`` is the
value of parameter ``name``, ``{{`` and ``}}`` are literal braces, and any
other brace is a mistake the validator reports.  The explanation may also use
``{answer}``: the expected answer of this instance.
"""
from __future__ import annotations

import re
from typing import List, Mapping, Tuple

from ..i18n import Text

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def scan(text: str) -> Tuple[List[str], List[str]]:
    """(names used, mistakes) in ``text``; a mistake is a message."""
    names: List[str] = []
    mistakes: List[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        inner = match.group(1)
        if inner is None:
            mistakes.append(
                f"a lone '{token}' at column {match.start() + 1}: "
                f"write '{token * 2}' for a literal brace")
        elif _NAME.match(inner.strip() or "-") and inner == inner.strip():
            if inner not in names:
                names.append(inner)
        else:
            mistakes.append(
                f"'{token}' is not a placeholder: use {{name}} for a parameter, "
                f"or '{{{{' and '}}}}' for literal braces")
    return names, mistakes


def render(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each ``{name}`` replaced by ``values[name]`` and doubled
    braces undoubled.  Unknown names stay as typed (validation catches them)."""

    def replace(match: "re.Match[str]") -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        inner = match.group(1)
        if inner is not None and inner in values:
            return values[inner]
        return token

    return _TOKEN.sub(replace, text)


def render_text(text: Text, values: Mapping[str, str]) -> Text:
    """:func:`render` applied to a plain string or to each language of a mapping."""
    if text is None:
        return text
    if isinstance(text, str):
        return render(text, values)
    return {lang: render(value, values) for lang, value in text.items()}


_OPTION_NUMBER = re.compile(r"(?:\boption|\bchoice|選択肢)\s*[(（]?\s*[0-9]+[)）]?", re.IGNORECASE)


def option_numbers(text: str) -> List[str]:
    """Places where ``text`` names an option by a fixed number ("option (2)",
    "選択肢 3"), which a shuffle would make wrong; ``{choiceN}`` is not one."""
    bare = re.sub(r"\{choice[0-9]+\}", "", text)
    return [m.group(0) for m in _OPTION_NUMBER.finditer(bare)]


def variants(text: Text) -> List[str]:
    """Every language's version of ``text`` (one for a plain string)."""
    if text is None:
        return []
    if isinstance(text, str):
        return [text]
    return [v for v in text.values() if isinstance(v, str)]
