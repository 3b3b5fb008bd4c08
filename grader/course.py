"""Finding the course folder: the one holding ``exercises/`` (and ``quizzes/``)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

MARKERS = ("exercises", "quizzes")


def find_course_root(start: Optional[Path] = None, checkout: bool = True) -> Optional[Path]:
    """The nearest folder at or above ``start`` (default: the current folder)
    that holds ``exercises/`` or ``quizzes/``; else (with ``checkout``) the
    folder this package was installed from (an editable install); else None."""
    override = os.environ.get("GRADER_COURSE")
    if override:
        return Path(override).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if any((folder / m).is_dir() for m in MARKERS):
            return folder
    if not checkout:
        return None
    package_parent = Path(__file__).resolve().parent.parent
    if any((package_parent / m).is_dir() for m in MARKERS):
        return package_parent
    return None


def packaged_course() -> Optional[Path]:
    """The copy of the course a wheel carries (``grader/_course``: exercises,
    solutions, quizzes), or None in a source checkout.  ``grade init`` copies it
    out; a notebook grades against its solutions when no course folder is near."""
    folder = Path(__file__).resolve().parent / "_course"
    return folder if (folder / "solutions").is_dir() else None


def shipped_course() -> Optional[Path]:
    """The shipped course's folder: the wheel's copy, else the source checkout's."""
    packaged = packaged_course()
    if packaged is not None:
        return packaged
    checkout = Path(__file__).resolve().parent.parent
    return checkout if (checkout / "exercises").is_dir() and (checkout / "grader").is_dir() else None


def content_root() -> Optional[Path]:
    """The course folder (see :func:`find_course_root`), else the packaged copy."""
    return find_course_root() or packaged_course()


RELEASE_FILE = "release.json"


def release_info(root: Optional[Path] = None) -> Optional[dict]:
    """What ``grade release`` recorded about a student copy, when the course
    folder ``root`` (default: the one found from here) is one; else None.

    Keys: ``toolkit`` (the version that wrote it), ``seeds`` (the public seeds
    recorded), ``quiz_key`` (``quiz key`` and handout answers allowed),
    ``answers_in_hints`` (the answer-giving hints kept)."""
    import json

    root = root if root is not None else find_course_root()
    if root is None:
        return None
    marker = Path(root) / RELEASE_FILE
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        info = {}
    return info if isinstance(info, dict) else {}


def reference_dir(root: Path) -> Path:
    """Where the course folder ``root`` keeps what grades against: solutions/, or in a
    student copy (grade release), which has no references, the recorded results in expected/."""
    return Path(root) / ("expected" if release_info(root) is not None else "solutions")
