"""Finding and reading learners' submissions: which file in a learner's folder is
which exercise, and the Python source a file holds.

A class folder holds one subfolder per learner.  :func:`class_files` maps each
learner to a file per exercise (or None: missing) and lists the files that
matched no exercise; :func:`read_source` gives the code to grade.

Which file is a learner's file for exercise ``slug`` (see docs/class.md), in
the learner's folder or its ``exercises/`` subfolder, names in any case and
``-`` or a space taken for ``_``:

1. ``slug.py``;
2. ``slug.ipynb``;
3. a notebook whose name has the exercise's name as a word (``lstm_yamada.ipynb``,
   ``Copy of LSTM.ipynb``, ``lstm (1).ipynb``; one named for two exercises counts for both);
4. a notebook with a ``%%grade slug`` cell, whatever its name.

Where several files match, the first kind wins, then the learner's folder
before ``exercises/``, then the newest, then the first name; the others are
reported as not graded (:func:`warnings`).  Hidden files, ``__pycache__``,
``.ipynb_checkpoints`` and ``__MACOSX`` are ignored; other subfolders are not
searched, and are listed with the files that matched no exercise.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

from grader.i18n import tr

SUFFIXES = (".py", ".ipynb")
IGNORED = frozenset({"__pycache__", ".ipynb_checkpoints", "__macosx", "thumbs.db", "desktop.ini"})
SHOWN = 8   # files named in one warning line


class SubmissionProblem(Exception):
    """A submission that cannot be read as code (one line, naming the file)."""


class Source(str):
    """The code of a submission, as text; ``where(line)`` names a line of it as
    the learner finds it in the file ("cell 3, line 2" in a notebook), or is
    None for a plain ``.py`` (its lines are the file's).  :func:`grader.sandbox.start_sandbox`
    takes ``where`` from the source it is given."""

    where: Optional[Callable[[int], str]] = None

    def __new__(cls, text: str, where: Optional[Callable[[int], str]] = None) -> "Source":
        made = super().__new__(cls, text)
        made.where = where
        return made


@dataclass
class ClassFiles:
    learners: Dict[str, Dict[str, Optional[Path]]] = field(default_factory=dict)   # learner -> slug -> file
    unmatched: List[Path] = field(default_factory=list)
    shadowed: List[Tuple[Path, Path, str]] = field(default_factory=list)   # (not graded, graded instead, slug)


def normal(name: str) -> str:
    """A file name's stem as compared with exercise and bank names: lower case, ``-`` and spaces as ``_``."""
    return re.sub(r"[-\s]", "_", name.strip().lower())


def _words(name: str) -> List[str]:
    return re.findall(r"[a-z0-9]+", name.lower())


def _contains(words: List[str], part: List[str]) -> bool:
    return any(words[i:i + len(part)] == part for i in range(len(words) - len(part) + 1))


def _ignored(path: Path) -> bool:
    return path.name.startswith((".", "~$")) or path.name.lower() in IGNORED


def _entries(folder: Path) -> Tuple[List[Path], List[Path]]:
    """The files and the subfolders of ``folder`` that count, each sorted (none when it cannot be read)."""
    try:
        children = sorted(p for p in folder.iterdir() if not _ignored(p))
    except OSError:
        return [], []
    return [p for p in children if p.is_file()], [p for p in children if p.is_dir()]


def _kinds(path: Path, slugs: List[str]) -> List[Tuple[str, int]]:
    """(slug, kind) of each exercise ``path`` is a file for; kind 0 to 3 as in the module's text."""
    suffix, stem = path.suffix.lower(), normal(path.stem)
    if suffix not in SUFFIXES:
        return []
    if stem in slugs:
        return [(stem, 0 if suffix == ".py" else 1)]
    if suffix == ".py":
        return []
    words = _words(path.stem)
    named = [s for s in slugs if _contains(words, _words(s))]
    # a name inside a longer one that also matched (gru in gru_cell) is the longer one's
    named = [s for s in named if not any(o != s and _contains(_words(o), _words(s)) for o in named)]
    if named:
        return [(s, 2) for s in named]
    from grader.ipynb import graded_exercises

    return [(s, 3) for s in graded_exercises(path) if s in slugs]


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def choose(folder: Path, slugs: List[str]) -> ClassFiles:
    """One learner's folder: the file for each slug (None: missing), the files that
    matched no exercise, and the files not graded because another came first."""
    folder = Path(folder)
    files, subfolders = _entries(folder)
    places = [(0, files)]
    unmatched: List[Path] = []
    for sub in subfolders:
        if sub.name.lower() == "exercises":
            inner, deeper = _entries(sub)
            places.append((1, inner))
            unmatched.extend(deeper)
        else:
            unmatched.append(sub)
    candidates: Dict[str, List[Tuple[tuple, Path]]] = {}
    for place, paths in places:
        for path in paths:
            kinds = _kinds(path, slugs)
            if not kinds:
                unmatched.append(path)
            for slug, kind in kinds:
                candidates.setdefault(slug, []).append(((kind, place, -_mtime(path), path.name), path))
    found = ClassFiles()
    chosen: Dict[str, Optional[Path]] = {}
    for slug in slugs:
        ranked = [path for _rank, path in sorted(candidates.get(slug, []), key=lambda c: c[0])]
        chosen[slug] = ranked[0] if ranked else None
        found.shadowed.extend((path, ranked[0], slug) for path in ranked[1:])
    found.learners[folder.name] = chosen
    found.unmatched = sorted(unmatched)
    return found


def folder_files(folder: Path, slugs: List[str]) -> Tuple[Dict[str, Optional[Path]], List[Path]]:
    """One learner's folder: its file for each slug (None: missing), and the files that matched no exercise."""
    found = choose(folder, slugs)
    return found.learners[Path(folder).name], found.unmatched


def learner_folders(class_dir: Path) -> List[Path]:
    """The learners' folders of ``class_dir``, sorted by name; SubmissionProblem when it cannot be read."""
    try:
        return sorted(p for p in Path(class_dir).iterdir() if p.is_dir() and not _ignored(p))
    except OSError as exc:
        raise SubmissionProblem(tr("cannot read the class folder {d}: {e}", "クラスのフォルダ {d} を読めません: {e}",
                                   d=class_dir, e=exc.strerror)) from None


def no_learners(class_dir: Path) -> str:
    """The usage error of a class folder with no learner's folder in it."""
    return tr("{d} has no learner folders: a class folder holds one folder per learner (CLASS_DIR/LEARNER/lstm.py)",
              "{d} に受講者のフォルダがありません。クラスのフォルダには受講者ごとのフォルダを置きます（CLASS_DIR/受講者/lstm.py）",
              d=class_dir)


def class_files(class_dir: Path, slugs: List[str]) -> ClassFiles:
    """Every learner folder of ``class_dir`` (sorted by name) and its file for each slug;
    files directly in ``class_dir`` are listed as matching no exercise."""
    found = ClassFiles()
    folders = learner_folders(class_dir)
    found.unmatched = [p for p in _entries(Path(class_dir))[0]]
    for folder in folders:
        one = choose(folder, slugs)
        found.learners.update(one.learners)
        found.unmatched.extend(one.unmatched)
        found.shadowed.extend(one.shadowed)
    return found


def _shown(path: Path, base: Optional[Path]) -> str:
    try:
        text = path.relative_to(base).as_posix() if base is not None else str(path)
    except ValueError:
        text = str(path)
    return text + ("/" if path.is_dir() else "")


def _listed(texts: List[str]) -> str:
    more = len(texts) - SHOWN
    shown = ", ".join(texts[:SHOWN])
    return shown + (tr(" and {n} more", " ほか {n} 件", n=more) if more > 0 else "")


def unmatched_warning(found: ClassFiles, class_dir: Optional[Path] = None) -> Optional[str]:
    """One line naming the files that matched no exercise (at most SHOWN of them), or None."""
    if not found.unmatched:
        return None
    return tr("warning: {n} file(s) matched no exercise and were not graded: {files}",
              "注意: どの演習にも当てはまらず採点しなかったファイルが {n} 件あります: {files}",
              n=len(found.unmatched), files=_listed([_shown(p, class_dir) for p in found.unmatched]))


def shadowed_warning(found: ClassFiles, class_dir: Optional[Path] = None) -> Optional[str]:
    """One line naming the files not graded because another file of the same exercise came first, or None."""
    if not found.shadowed:
        return None
    texts = [tr("{f} ({g} graded for {s})", "{f}（{s} は {g} を採点）", f=_shown(lost, class_dir),
                g=_shown(won, class_dir), s=slug) for lost, won, slug in found.shadowed]
    return tr("warning: {n} file(s) not graded because another file of the same exercise came first: {files}",
              "注意: 同じ演習の別のファイルを優先したため採点しなかったファイルが {n} 件あります: {files}",
              n=len(texts), files=_listed(texts))


def warnings(found: ClassFiles, class_dir: Optional[Path] = None) -> List[str]:
    """The warning lines of a class run's files (print each on stderr)."""
    return [w for w in (unmatched_warning(found, class_dir), shadowed_warning(found, class_dir)) if w]


def read_source(path: Path, slug: Optional[str] = None) -> Source:
    """The Python source of ``path``: a ``.py`` file's text, or the code of a notebook's
    cells to grade as exercise ``slug`` (see :mod:`grader.ipynb`) with the mapping of
    its lines to cells; SubmissionProblem (one line, naming the file) when it cannot be read."""
    path = Path(path)
    if path.suffix.lower() == ".ipynb":
        from grader.ipynb import NotebookProblem, notebook_code

        try:
            code = notebook_code(path, slug)
        except NotebookProblem as exc:
            raise SubmissionProblem(str(exc)) from None
        return Source(code.text, code.where)
    try:
        return Source(path.read_text(encoding="utf-8", errors="replace"))
    except OSError as exc:
        raise SubmissionProblem(tr("cannot read {f}: {e}", "{f} を読めません: {e}", f=path, e=exc.strerror)) from None
