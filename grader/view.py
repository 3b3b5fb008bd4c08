"""What the worker may see: Python and its packages, and nothing of the course.

*Read roots* are what learner code needs to run: the interpreter, its standard
library, the installed packages (whatever a learner may import), the system's
shared libraries and programs.  *Private* paths are never readable, even where
they lie inside a read root: the course (its solutions, exercises, quizzes,
checks and registry), this package's own files and install records, the class
folder, the learner's own folder, HOME, the learner's state, the grader's
working folder, the temporary folder (other workers' copies).  :mod:`grader.confine` turns the two lists into Landlock rules
in the worker (a private path inside a read root is masked or cut out).
"""
from __future__ import annotations

import os
import re
import site
import sys
import sysconfig
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Iterable, List, Optional

DIST_MARK = "dl_course_toolkit"
_DIST = re.compile(r"dl[-_]course[-_]toolkit", re.IGNORECASE)
SYSTEM_READ = ("/usr/lib", "/usr/lib64", "/usr/lib32", "/lib", "/lib64", "/lib32", "/usr/bin", "/bin",
               "/usr/libexec")


def _real(path) -> Optional[str]:
    try:
        real = os.path.realpath(os.fspath(path))
    except (OSError, ValueError, TypeError):
        return None
    return real if os.path.exists(real) else None


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


@lru_cache(maxsize=None)
def install_dirs() -> tuple:
    """The interpreter's own folders: kept readable even inside a private folder
    (a virtual environment inside the course folder, a Python under HOME)."""
    found = []
    paths = sysconfig.get_paths()
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        found.append(paths.get(key))
    found += list(getattr(site, "getsitepackages", lambda: [])())
    if site.ENABLE_USER_SITE:
        found.append(site.getusersitepackages())
    found += [os.path.dirname(sys.executable), sys.executable, os.path.join(sys.prefix, "pyvenv.cfg"),
              sysconfig.get_config_var("LIBDIR"), sysconfig.get_config_var("DESTSHARED")]
    return tuple(dict.fromkeys(p for p in map(_real, filter(None, found)) if p))


@lru_cache(maxsize=None)
def _package_files() -> tuple:
    """This package's folder and its install records in every site folder."""
    found = [_real(Path(__file__).resolve().parent)]
    for folder in sys.path:
        real = _real(folder) if folder else None
        if not real or not os.path.isdir(real):
            continue
        try:
            names = os.listdir(real)
        except OSError:
            continue
        found += [_real(os.path.join(real, n)) for n in names
                  if _DIST.search(n) and (n.endswith((".dist-info", ".egg-info", ".egg-link", ".pth", ".py"))
                                          or n.startswith("__editable__"))]
    return tuple(p for p in found if p)


def private_paths(extra: Iterable = ()) -> List[str]:
    """Paths learner code must never read: ``extra`` (the course root, the
    solutions folder, a class folder, the learner's folder) and the fixed ones."""
    from grader.state import state_dir

    # the temporary folder holds every other worker's copies: only a worker's own are allowed
    candidates = list(extra) + [Path.home(), state_dir(), os.getcwd(), tempfile.gettempdir()]
    system = [p for p in map(_real, SYSTEM_READ) if p]
    found = list(_package_files())
    for path in map(_real, candidates):
        # a folder holding the system's libraries ("/" as the working folder) cannot be private
        if path and not any(_inside(s, path) for s in system):
            found.append(path)
    return list(dict.fromkeys(found))


def _python_own(path: str, installs) -> bool:
    """An install folder of this Python, or a site folder another install put on the path
    (a site-packages or dist-packages folder, wherever it lies)."""
    return any(_inside(path, i) for i in installs) or os.path.basename(path) in ("site-packages", "dist-packages")


def read_roots(private: List[str]) -> List[str]:
    """What the worker may read: the install folders, the import path and the
    system libraries, less anything inside a private path that is not itself
    an install folder."""
    installs = install_dirs()
    roots = list(installs)
    for entry in list(sys.path) + list(SYSTEM_READ):
        real = _real(entry) if entry else None
        if not real or real in roots:
            continue
        if any(_inside(real, p) for p in private) and not _python_own(real, installs):
            continue
        roots.append(real)
    # a root inside another is covered by it (and would be cut out of it twice)
    return [r for r in roots if not any(o != r and _inside(r, o) for o in roots)]


def import_path(private: List[str]) -> List[str]:
    """The worker's sys.path: the grader's, without the course or the current folder."""
    installs = install_dirs()
    keep = []
    for entry in sys.path:
        real = _real(entry) if entry else None
        if not real:
            continue
        if any(_inside(real, p) for p in private) and not _python_own(real, installs):
            continue
        keep.append(entry if os.path.isabs(entry) else real)
    return keep
