"""Language choice for learner-facing text.

Every learner-facing text exists in Japanese and English.  A text is either a
plain string (the same in both languages) or a mapping ``{"ja": ..., "en": ...}``;
:func:`pick` chooses the current language and falls back to the other one when a
text lacks it.  The language defaults from the environment: Japanese where the
locale says ``ja`` (LC_ALL, then LC_MESSAGES, then LANG; the neutral ``C`` and
``POSIX`` locales count as unset), English otherwise.  A setting that lasts comes
first: ``GRADER_LANG=ja|en``, then ``grade config lang ja`` (stored in the state
folder); on Windows the user's UI language is read where no locale variable is
set.  ``--lang`` overrides all of these.
"""
from __future__ import annotations

import os
from typing import Mapping, Optional, Union

LANGS = ("ja", "en")
Text = Union[str, Mapping[str, str]]

_current: Optional[str] = None


CONFIG_FILE = "config.json"


def stored_lang() -> Optional[str]:
    """The language ``grade config lang`` stored in the state folder, if any."""
    from grader.state import load_json

    settings = load_json(CONFIG_FILE, {})
    value = settings.get("lang") if isinstance(settings, dict) else None
    return value if value in LANGS else None


def _windows_ui_lang() -> Optional[str]:
    """Japanese where the Windows user interface is (LANG is rarely set there)."""
    try:
        import ctypes

        langid = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return None
    return "ja" if langid & 0x3FF == 0x11 else "en"


def detect_lang(environ: Optional[Mapping[str, str]] = None) -> str:
    """Return "ja" or "en": GRADER_LANG, else the stored setting (``grade config lang``),
    else the locale variables of ``environ``, else the Windows UI language."""
    env = os.environ if environ is None else environ
    chosen = (env.get("GRADER_LANG") or "").strip().lower()
    if chosen in LANGS:
        return chosen
    if environ is None:
        stored = stored_lang()
        if stored:
            return stored
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = (env.get(var) or "").strip()
        if not value or value.split(".")[0] in ("C", "POSIX"):
            continue
        return "ja" if value.lower().startswith("ja") else "en"
    if environ is None and os.name == "nt":
        return _windows_ui_lang() or "en"
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
