"""Language choice for learner-facing text.

Every learner-facing text exists in Japanese and English.  A text is either a
plain string (the same in both languages) or a mapping ``{"ja": ..., "en": ...}``;
:func:`pick` chooses the current language and falls back to the other one when a
text lacks it.  The language defaults from the environment: Japanese where the
locale says ``ja`` (LC_ALL, then LC_MESSAGES, then LANG; the neutral ``C`` and
``POSIX`` locales count as unset), English otherwise.  ``--lang`` overrides it.
"""
from __future__ import annotations

import os
from typing import Mapping, Optional, Union

LANGS = ("ja", "en")
Text = Union[str, Mapping[str, str]]

_current: Optional[str] = None


def detect_lang(environ: Optional[Mapping[str, str]] = None) -> str:
    """Return "ja" or "en" from the locale variables of ``environ``."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = (env.get(var) or "").strip()
        if not value or value.split(".")[0] in ("C", "POSIX"):
            continue
        return "ja" if value.lower().startswith("ja") else "en"
    return "en"


def set_lang(lang: Optional[str]) -> str:
    """Set the current language (None: detect it again) and return it."""
    global _current
    _current = lang if lang in LANGS else detect_lang()
    return _current


def get_lang() -> str:
    """The current language, detected from the environment on first use."""
    return _current if _current is not None else set_lang(None)


def pick(text: Optional[Text], lang: Optional[str] = None) -> str:
    """The text in ``lang`` (default: current), else in the other language."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    lang = lang or get_lang()
    for candidate in (lang, *LANGS):
        value = text.get(candidate)
        if value:
            return str(value)
    return ""


def tr(en: str, ja: str, **fields) -> str:
    """Choose between an English and a Japanese text, then format it with ``fields``."""
    text = ja if get_lang() == "ja" else en
    return text.format(**fields) if fields else text
