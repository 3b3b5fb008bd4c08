"""``grade doctor``: which protections a worker gets on this machine, measured.

A probe worker is started exactly as for a submission.  Its facts say what
took effect when it confined itself; then probe code inside it tries what an
attacker would (read the course, write outside its scratch folder, open a
connection, signal the grader) and the table says what was refused.
"""
from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from grader.i18n import tr
from grader.limits import Limits
from grader.outcome import LearnerError
from grader.sandbox import Sandbox

PROBE = '''
import os, signal, socket


def attempt(kind, target):
    try:
        if kind == "read":
            with open(target, "rb") as fh:
                fh.read(1)
        elif kind == "write":
            with open(target, "a") as fh:
                fh.write("")
        elif kind == "connect":
            host, port = target.rsplit(":", 1)
            with socket.create_connection((host, int(port)), timeout=1):
                pass
        elif kind == "signal":
            os.kill(int(target), 0)
        elif kind == "environ":
            with open(f"/proc/{target}/environ", "rb") as fh:
                fh.read(1)
    except Exception as exc:
        return "refused: " + type(exc).__name__
    return "allowed"
'''


def _listener() -> Tuple[Optional[socket.socket], str]:
    try:
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        return server, f"127.0.0.1:{server.getsockname()[1]}"
    except OSError:
        return None, ""


def _attempts(course: Optional[Path]) -> List[Tuple[str, str, str]]:
    """(label, kind, target): what the probe tries, each of which must be refused."""
    tries = []
    if course is not None:
        for name in ("solutions", "grader", "exercises"):
            folder = course / name
            files = sorted(folder.glob("*.py")) if folder.is_dir() else []
            if files:
                tries.append((tr("read the course's {n}", "講座の {n} を読む", n=f"{name}/{files[0].name}"), "read",
                              str(files[0])))
                break
    home_file = next((p for p in sorted(Path.home().glob(".*")) if p.is_file()), None)
    if home_file is not None:
        tries.append((tr("read a file in HOME", "HOME のファイルを読む"), "read", str(home_file)))
    tries.append((tr("write beside the grader", "採点プログラムの横に書く"), "write",
                  str(Path.cwd() / ".grade-doctor-probe")))
    if os.name == "posix":
        tries.append((tr("signal the grader", "採点プログラムにシグナルを送る"), "signal", str(os.getpid())))
    if Path("/proc/self").exists():
        tries.append((tr("read the grader's environment", "採点プログラムの環境変数を読む"), "environ", str(os.getpid())))
    return tries


def run(course: Optional[Path]) -> Dict:
    """The facts of a probe worker and the outcome of each attempt; raises
    LearnerError when no worker could be started at all."""
    folder = Path(os.environ.get("TMPDIR", "/tmp"))
    server, address = _listener()
    tries = _attempts(course)
    if address:
        tries.append((tr("connect to a local server", "ローカルのサーバーに接続する"), "connect", address))
    probe_file = folder / "grade_doctor_probe.py"
    sandbox = Sandbox(probe_file, ["attempt"], {}, Limits.from_env(), private=[p for p in (course,) if p],
                      source=PROBE)
    results = []
    marker = Path.cwd() / ".grade-doctor-probe"
    existed = marker.exists()
    try:
        sandbox.start()
        for label, kind, target in tries:
            try:
                outcome = sandbox.request("call", "attempt", name="attempt", args=[kind, target], kwargs={})
            except LearnerError as exc:
                outcome = "error: " + exc.message
            results.append({"attempt": label, "outcome": str(outcome)[:80],
                            "refused": str(outcome).startswith("refused")})
        facts = sandbox.protections()
    finally:
        sandbox.close()
        if server is not None:
            server.close()
        if marker.exists() and not existed:
            marker.unlink()
    return {"sandbox": facts, "attempts": results}
