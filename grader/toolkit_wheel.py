"""A wheel of this very toolkit, for an autograder that installs it elsewhere.

``grade gradescope`` carries the toolkit in its zip so that the platform grades
with exactly the code that built the zip.  Two ways to get that wheel:

- from a source tree (a checkout with ``pyproject.toml``, an editable
  install): the parts the build needs are copied to a temporary folder (so no
  stale ``build/`` of the checkout can leak into it) and ``pip wheel --no-deps``
  builds it there;
- from an installed copy (a wheel or ``pip install .``): the installed files
  listed in the distribution's RECORD are packed again into a wheel, with a new
  RECORD of their hashes.
"""
from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Iterable, List, Optional, Tuple

DISTRIBUTION = "dl-course-toolkit"
_SKIPPED_DIRS = {"__pycache__", ".git", "build", "dist", ".pytest_cache", ".venv"}
# what pip writes into an install's .dist-info that is not part of the wheel
_INSTALL_RECORDS = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}


class WheelProblem(Exception):
    """No wheel could be made (one line for the instructor)."""


def source_tree() -> Optional[Path]:
    """The checkout this package runs from (its pyproject.toml names this distribution), else None."""
    import tomllib

    top = Path(__file__).resolve().parent.parent
    try:
        with open(top / "pyproject.toml", "rb") as fh:
            project = tomllib.load(fh).get("project", {})
    except (OSError, ValueError):
        return None
    return top if project.get("name") == DISTRIBUTION else None


def build(dest: Path) -> Path:
    """A wheel of the running toolkit written into ``dest``; its path."""
    dest.mkdir(parents=True, exist_ok=True)
    tree = source_tree()
    return from_source(tree, dest) if tree is not None else from_installed(dest)


# -- from a source tree ------------------------------------------------------

def _parts(tree: Path) -> List[Path]:
    """What a build of ``tree`` reads: the project files and the package folders pyproject.toml names."""
    import tomllib

    with open(tree / "pyproject.toml", "rb") as fh:
        config = tomllib.load(fh)
    tools = config.get("tool", {}).get("setuptools", {})
    packages, package_dir = tools.get("packages"), tools.get("package-dir", {})
    files = [p for p in tree.iterdir() if p.is_file() and (p.name in ("pyproject.toml", "setup.py", "setup.cfg",
                                                                      "MANIFEST.in")
                                                           or p.name.upper().startswith(("README", "LICENSE")))]
    if not isinstance(packages, list):   # packages found by setuptools itself: the whole tree but its clutter
        return files + [p for p in tree.iterdir() if p.is_dir() and p.name not in _SKIPPED_DIRS
                        and not p.name.startswith(".") and not p.name.endswith(".egg-info")]
    folders = {Path(package_dir.get(name, name.replace(".", "/"))).parts[0] for name in packages}
    return files + [tree / f for f in sorted(folders) if (tree / f).is_dir()]


def _ignore(folder: str, names: Iterable[str]) -> List[str]:
    return [n for n in names if n in _SKIPPED_DIRS or n.endswith((".pyc", ".egg-info")) or n == ".ipynb_checkpoints"]


def _can_build_here() -> bool:
    """Whether this environment's setuptools can build a wheel (else pip fetches a build environment)."""
    import importlib.util

    if importlib.util.find_spec("setuptools") is None:
        return False
    if importlib.util.find_spec("wheel") is not None:
        return True
    try:   # setuptools 70.1 and later build wheels without the wheel package
        return tuple(int(x) for x in importlib.metadata.version("setuptools").split(".")[:2]) >= (70, 1)
    except (ValueError, importlib.metadata.PackageNotFoundError):
        return False


def from_source(tree: Path, dest: Path) -> Path:
    with tempfile.TemporaryDirectory(prefix="toolkit-src-") as tmp:
        copy = Path(tmp) / "src"
        copy.mkdir()
        for part in _parts(tree):
            if part.is_dir():
                shutil.copytree(part, copy / part.name, ignore=_ignore)
            else:
                shutil.copy2(part, copy / part.name)
        out = Path(tmp) / "wheel"
        command = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(copy)]
        if _can_build_here():
            command.insert(5, "--no-build-isolation")
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise WheelProblem(f"pip wheel could not run: {exc}") from None
        wheels = sorted(out.glob("*.whl"))
        if done.returncode != 0 or not wheels:
            lines = done.stderr.strip().splitlines() or ["no wheel was written"]
            last = next((line.strip() for line in reversed(lines) if line.strip().startswith("error:")), lines[-1])
            raise WheelProblem(f"building the toolkit's wheel from {tree} failed: {last}")
        target = dest / wheels[0].name
        shutil.copy2(wheels[0], target)
        return target


# -- from an installed copy --------------------------------------------------

def _hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _installed_files(dist) -> Tuple[str, List[Tuple[str, Path]]]:
    """The .dist-info folder's name and (name in the wheel, file) for each installed file of ``dist``."""
    entries, info = [], None
    for record in dist.files or ():
        name = record.as_posix()
        parts = record.parts
        if name.startswith("..") or "__pycache__" in parts or name.endswith(".pyc"):
            continue   # console scripts (pip makes them again), compiled caches
        if parts[0].endswith(".dist-info"):
            info = parts[0]
            if len(parts) == 2 and parts[1] in _INSTALL_RECORDS:
                continue
        path = Path(dist.locate_file(record))
        if path.is_file():
            entries.append((name, path))
    if info is None or not any(name == "grader/__init__.py" for name, _ in entries):
        raise WheelProblem(f"the installed {DISTRIBUTION} lists no files to pack (an editable install away from "
                           "its source tree?): install it from a wheel, or run from the checkout")
    return info, entries


def from_installed(dest: Path, dist=None) -> Path:
    """The installed distribution packed again as a wheel in ``dest``."""
    try:
        dist = dist or importlib.metadata.distribution(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        raise WheelProblem(f"{DISTRIBUTION} is not installed here, and this is no source tree") from None
    info, entries = _installed_files(dist)
    tag = "py3-none-any"
    wheel_meta = dist.read_text("WHEEL") or ""
    for line in wheel_meta.splitlines():
        if line.startswith("Tag:"):
            tag = line.split(":", 1)[1].strip()
            break
    target = dest / f"{info[:-len('.dist-info')]}-{tag}.whl"
    record = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as whl:
        for name, path in sorted(entries):
            data = path.read_bytes()
            whl.writestr(name, data)
            record.append(f"{name},{_hash(data)},{len(data)}")
        if "WHEEL" not in {Path(n).name for n, _ in entries if n.startswith(info + "/")}:
            text = f"Wheel-Version: 1.0\nGenerator: grader.toolkit_wheel\nRoot-Is-Purelib: true\nTag: {tag}\n"
            whl.writestr(f"{info}/WHEEL", text)
            record.append(f"{info}/WHEEL,{_hash(text.encode())},{len(text.encode())}")
        record.append(f"{info}/RECORD,,")
        whl.writestr(f"{info}/RECORD", "\n".join(record) + "\n")
    return target
