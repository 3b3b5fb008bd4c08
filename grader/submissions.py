"""Finding and reading learners' submissions: which file in a learner's folder is
which exercise, and the Python source a file holds.

A class folder holds one subfolder per learner.  :func:`class_files` maps each
learner to a file per exercise (or None: missing) and lists the files that
matched no exercise; :func:`read_source` gives the code to grade.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple


class SubmissionProblem(Exception):
    """A submission that cannot be read as code (one line, naming the file)."""


@dataclass
class ClassFiles:
    learners: Dict[str, Dict[str, Optional[Path]]] = field(default_factory=dict)   # learner -> slug -> file
    unmatched: List[Path] = field(default_factory=list)


def learner_file(folder: Path, slug: str) -> Optional[Path]:
    for candidate in (folder / f"{slug}.py", folder / "exercises" / f"{slug}.py"):
        if candidate.is_file():
            return candidate
    return None


def folder_files(folder: Path, slugs: List[str]) -> Tuple[Dict[str, Optional[Path]], List[Path]]:
    """One learner's folder: its file for each slug (None: missing), and the files that matched no exercise."""
    return {slug: learner_file(folder, slug) for slug in slugs}, []


def class_files(class_dir: Path, slugs: List[str]) -> ClassFiles:
    """Every learner folder of ``class_dir`` (sorted by name) and its file for each slug."""
    found = ClassFiles()
    for folder in sorted(p for p in Path(class_dir).iterdir() if p.is_dir() and not p.name.startswith(".")):
        found.learners[folder.name], unmatched = folder_files(folder, slugs)
        found.unmatched.extend(unmatched)
    return found


def read_source(path: Path) -> str:
    """The Python source of ``path``."""
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise SubmissionProblem(f"cannot read {path}: {exc.strerror}") from None
