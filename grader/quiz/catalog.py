"""Finding banks: ``<course>/quizzes/<bank>.yaml``, or a path to a YAML file."""
from __future__ import annotations

import difflib
from pathlib import Path
from typing import List, Optional

from ..course import find_course_root
from ..i18n import tr
from .model import QuizError

SUFFIXES = (".yaml", ".yml")


class BankNotFound(QuizError):
    """No bank by that name or path."""


def quizzes_dir() -> Optional[Path]:
    """The course's ``quizzes/`` folder, or None when there is no course."""
    root = find_course_root()
    if root is None:
        return None
    folder = root / "quizzes"
    return folder if folder.is_dir() else None


def bank_paths(folder: Optional[Path] = None) -> List[Path]:
    """Every bank file in ``folder`` (default: the course's), sorted by name."""
    folder = folder if folder is not None else quizzes_dir()
    if folder is None:
        return []
    try:
        return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())
    except OSError:
        return []


def looks_like_path(name: str) -> bool:
    return name.endswith(SUFFIXES) or "/" in name or "\\" in name


def resolve(name: str) -> Path:
    """The file of bank ``name`` (a bank name or a path to a YAML file)."""
    if looks_like_path(name) or Path(name).is_file():
        path = Path(name)
        if not path.is_file():
            raise BankNotFound(tr("{p}: no such file", "{p}: ファイルがありません", p=name))
        return path
    folder = quizzes_dir()
    if folder is None:
        raise BankNotFound(tr(
            "no quizzes/ folder found from {here}: run this inside the course folder, "
            "or give a path to a bank's YAML file",
            "{here} から quizzes/ フォルダが見つかりません。コースのフォルダの中で実行するか、"
            "バンクの YAML ファイルのパスを指定してください", here=Path.cwd()))
    for suffix in SUFFIXES:
        path = folder / f"{name}{suffix}"
        if path.is_file():
            return path
    names = [p.stem for p in bank_paths(folder)]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    hint = tr(" Did you mean '{c}'?", "「{c}」のことですか？", c=close[0]) if close else ""
    raise BankNotFound(tr(
        "no bank named '{n}' in {d}.{h} Banks: {all} (see `quiz list`).",
        "{d} に「{n}」というバンクはありません。{h} バンク: {all}（`quiz list` で一覧）",
        n=name, d=folder, h=hint, all=", ".join(names) or "-"))
