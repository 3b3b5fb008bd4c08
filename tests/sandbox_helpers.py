"""Helpers for the hostile-submission tests of the sandbox: what "safe" means.

After a hostile submission: it did not pass, its report came out within 30 s,
no process it started is left, the course's files are byte-identical, no file
appeared outside its scratch folder (the temporary folder, HOME, the working
folder), and no environment variable beyond the allow-list was visible.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parents[1]
COURSE_PARTS = ("solutions", "exercises", "quizzes", "grader")
ALLOWED_ENV = {"PATH", "LANG", "LANGUAGE", "TZ", "HOME", "TMPDIR", "TEMP", "TMP", "USERPROFILE",
               "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
               "NUMEXPR_NUM_THREADS"}
REPORT_LIMIT = 30.0

# Runs as the grader's own process (exec keeps the pid), after writing that pid
# into the hostile file: the attacker then knows exactly whom to signal.
WRAPPER = r'''
import os, sys
path, template = sys.argv[1], sys.argv[2]
with open(template, encoding="utf-8") as fh:
    text = fh.read()
with open(path, "w", encoding="utf-8") as fh:
    fh.write(text.replace("GRADER_PID", str(os.getpid())))
os.execv(sys.executable, [sys.executable, "-m", "grader.cli"] + sys.argv[3:])
'''


def course_digest() -> Dict[str, str]:
    """sha256 of every file of the course and of this package."""
    found = {}
    for part in COURSE_PARTS:
        for path in sorted((ROOT / part).rglob("*")):
            # bytecode the grader itself writes on a first import is not a change (a
            # hostile .pyc is checked where it would be written)
            if path.is_file() and "__pycache__" not in path.parts:
                found[str(path.relative_to(ROOT))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def site_listing() -> List[str]:
    import numpy

    site = Path(numpy.__file__).resolve().parents[1]
    return sorted(p.name for p in site.iterdir())


def listing(folder: Path) -> List[str]:
    try:
        return sorted(p.name for p in Path(folder).iterdir())
    except OSError:
        return []


class Snapshot:
    """What must not change while a hostile submission is graded.  The tests give
    the grader a temporary folder of its own (the ``own_tmp`` fixture), which must
    be empty again afterwards; the system's /tmp must gain nothing."""

    def __init__(self):
        self.digest = course_digest()
        self.site = site_listing()
        self.tmp = set(listing(Path("/tmp")))
        self.home = listing(Path.home())
        self.cwd = listing(Path.cwd())
        self.shm = listing(Path("/dev/shm"))
        self.started = time.monotonic()

    def new_in_tmp(self) -> List[str]:
        now = set(listing(Path("/tmp")))
        new = [n for n in now - self.tmp if not n.startswith(("pytest-", "tmp"))]
        if Path(tempfile.gettempdir()).resolve() != Path("/tmp").resolve():
            new += [f"(the grader's) {n}" for n in listing(Path(tempfile.gettempdir()))]
        return sorted(new)

    def check(self, markers=()) -> None:
        elapsed = time.monotonic() - self.started
        assert elapsed < REPORT_LIMIT, f"the report took {elapsed:.1f} s"
        assert course_digest() == self.digest, "a course file changed"
        assert site_listing() == self.site, "site-packages changed"
        assert self.new_in_tmp() == [], f"new files in the temporary folder: {self.new_in_tmp()}"
        assert listing(Path.home()) == self.home, "HOME changed"
        assert listing(Path.cwd()) == self.cwd, "the grader's working folder changed"
        assert listing(Path("/dev/shm")) == self.shm, "the machine's /dev/shm changed"
        for marker in markers:
            assert running_with(marker) == [], f"a process with {marker!r} is still running"


def running_with(marker: str) -> List[int]:
    """Pids of live processes whose command line holds ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker.encode() not in (entry / "cmdline").read_bytes():
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state not in ("Z", "X"):
            found.append(int(entry.name))
    return found


def marker(name: str) -> str:
    return f"dl-attack-{name}-{os.getpid()}-{time.time_ns()}"


def run_grader(tmp_path: Path, template: str, args: List[str], file_name: Path, env: Optional[dict] = None,
               timeout: float = 60) -> subprocess.CompletedProcess:
    """Run ``grade ARGS`` as its own process, the hostile file written with that
    process's pid in place of GRADER_PID."""
    tpl = tmp_path / "attack.template"
    tpl.write_text(template, encoding="utf-8")
    return subprocess.run([sys.executable, "-c", WRAPPER, str(file_name), str(tpl), *args],
                          capture_output=True, text=True, timeout=timeout, cwd=str(ROOT),
                          env=dict(os.environ if env is None else env),
                          start_new_session=True)   # its process group is not pytest's


def cli_runner():
    """A CliRunner whose stdout holds stdout only (click 8.1 mixes stderr in by default)."""
    from click.testing import CliRunner

    try:
        return CliRunner(mix_stderr=False)
    except TypeError:   # click 8.2 and later: always apart
        return CliRunner()


def one_json(stdout: str):
    """The one JSON document of a --format json run (nothing else on stdout)."""
    return json.loads(stdout)
