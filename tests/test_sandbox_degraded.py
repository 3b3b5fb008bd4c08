"""Where a platform lacks a protection the grader still works, says so plainly,
and keeps what it can.  GRADER_SANDBOX_OFF turns protections off here to play
a kernel without user namespaces, without Landlock, without seccomp, or a user
who may not make cgroups."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from grader.cli import main
from exercise_helpers import answered, stub_text
from sandbox_helpers import ROOT, Snapshot, cli_runner, marker

ALL_OFF = "namespaces,landlock,seccomp,cgroup"
RIGHT = answered("lstm")

pytestmark = pytest.mark.usefixtures("short_limits", "own_tmp")
linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="plays Linux kernels without features")


def _grade(tmp_path, text, fmt="json"):
    path = tmp_path / "lstm.py"
    path.write_text(text, encoding="utf-8")
    result = cli_runner().invoke(main, ["exercise", "lstm", "--file", str(path), "--format", fmt])
    assert result.exit_code in (0, 1), result.output
    return result


@linux
def test_without_landlock_the_text_report_ends_with_the_warning(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADER_SANDBOX_OFF", ALL_OFF)
    result = _grade(tmp_path, RIGHT, fmt="text")
    last = result.stdout.strip().splitlines()[-1]
    assert result.exit_code == 0 and "Warning" in last and "grade doctor" in last and "your files" in last
    data = json.loads(_grade(tmp_path, RIGHT).stdout)
    assert data["passed"] is True
    assert data["sandbox"]["user_files_protected"] is False and "filesystem" in data["sandbox"]["missing"]


@linux
def test_the_warning_is_japanese_for_japanese_learners(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADER_SANDBOX_OFF", ALL_OFF)
    path = tmp_path / "lstm.py"
    path.write_text(RIGHT, encoding="utf-8")
    result = cli_runner().invoke(main, ["exercise", "lstm", "--file", str(path), "--lang", "ja"])
    assert "注意" in result.stdout.strip().splitlines()[-1]


def test_with_landlock_there_is_no_warning_and_the_json_says_protected(tmp_path):
    data = json.loads(_grade(tmp_path, RIGHT).stdout)
    if data["sandbox"]["filesystem"] is None:
        pytest.skip("this machine has no Landlock")
    assert data["sandbox"]["user_files_protected"] is True
    text = _grade(tmp_path, RIGHT, fmt="text").stdout
    assert "Warning" not in text and "grade doctor" not in text


@linux
def test_a_class_run_warns_once_at_the_start(tmp_path, monkeypatch):
    for name in ("alice", "bob"):
        (tmp_path / "class" / name).mkdir(parents=True)
        (tmp_path / "class" / name / "lstm.py").write_text(RIGHT, encoding="utf-8")
    monkeypatch.setenv("GRADER_SANDBOX_OFF", ALL_OFF)
    result = cli_runner().invoke(main, ["class", str(tmp_path / "class"), "--exercise", "lstm"])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("grade doctor") == 1
    assert result.stderr.index("grade doctor") < result.stderr.index("alice: lstm")
    monkeypatch.delenv("GRADER_SANDBOX_OFF")
    quiet = cli_runner().invoke(main, ["class", str(tmp_path / "class"), "--exercise", "lstm"])
    facts = json.loads(cli_runner().invoke(main, ["doctor", "--format", "json"]).stdout)["sandbox"]
    if facts["user_files_protected"]:
        assert "grade doctor" not in quiet.stderr


@linux
@pytest.mark.parametrize("off", [ALL_OFF, ""])
def test_doctor_names_each_protection_or_says_it_is_missing(monkeypatch, off):
    monkeypatch.setenv("GRADER_SANDBOX_OFF", off)
    result = cli_runner().invoke(main, ["doctor"])
    assert result.exit_code == 0, result.output
    data = json.loads(cli_runner().invoke(main, ["doctor", "--format", "json"]).stdout)
    facts = data["sandbox"]
    for key in ("filesystem", "network", "signals", "processes", "memory", "files", "user", "environment"):
        shown = facts[key] if facts[key] is not None else "MISSING"
        assert shown in result.stdout, (key, result.stdout)
    if off:
        assert "MISSING" in result.stdout and "learner code can read and change every file" in result.stdout
        assert any(not row["refused"] for row in data["attempts"])   # the probe really got out
    elif facts["missing"] == []:
        assert "Every protection is active." in result.stdout
        assert all(row["refused"] for row in data["attempts"]), data["attempts"]


@linux
def test_without_namespaces_landlock_still_hides_the_course_and_the_toolkit(tmp_path, monkeypatch):
    """No mount namespace to mask with: the readable trees are cut around the private paths."""
    monkeypatch.setenv("GRADER_SANDBOX_OFF", "namespaces,cgroup")
    site = Path(__import__("numpy").__file__).resolve().parents[1]
    records = [p for p in site.iterdir() if "dl_course_toolkit" in p.name]
    targets = [str(ROOT / "solutions" / "lstm.py"), str(ROOT / "grader" / "checks" / "lstm.py")]
    targets += [str(next(p.rglob("*"), p)) if p.is_dir() else str(p) for p in records]
    text = stub_text("lstm") + f'''
_seen = ""
for _path in {targets!r}:
    try:
        open(_path, "rb").read(1)
        _seen += "1"
    except OSError:
        _seen += "0"
import numpy.linalg   # the rest of site-packages stays readable

def lstm(*args):
    raise RuntimeError("SEEN " + _seen)
'''
    data = json.loads(_grade(tmp_path, text).stdout)
    if data["sandbox"]["filesystem"] is None:
        pytest.skip("this machine has no Landlock")
    assert f"SEEN {'0' * len(targets)}" in data["tests"][0]["message"], data["tests"][0]["message"]
    assert json.loads(_grade(tmp_path, RIGHT).stdout)["passed"] is True


@linux
def test_what_holds_without_any_kernel_feature(tmp_path, monkeypatch):
    """The allow-listed environment, the memory rlimit, the subreaper's clean-up and
    the grader-side caps do not need namespaces, Landlock or seccomp."""
    monkeypatch.setenv("GRADER_SANDBOX_OFF", ALL_OFF)
    monkeypatch.setenv("GRADER_TEST_SECRET", "s3cr3t-degraded")
    tag = marker("degraded-daemon")
    text = stub_text("lstm") + f'''
import os, sys
_leak = "s3cr3t" in str(os.environ)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(60)", {tag!r}])
    os._exit(0)

def lstm(*args):
    raise RuntimeError("leak=%d" % _leak)
'''
    snap = Snapshot()
    data = json.loads(_grade(tmp_path, text).stdout)
    assert "leak=0" in data["tests"][0]["message"]
    snap.check(markers=[tag])
    memory = json.loads(_grade(tmp_path, stub_text("lstm") + "\n_hold = np.ones(4 * 2**30 // 8)\n").stdout)
    assert memory["tests"][0]["limit"] == "memory"


SIGNALS_ONLY = stub_text("lstm") + r'''
import os, signal
# (not kill(-1): where a protection failed it would end every process of this user, CI included;
# the seccomp filter's refusal of -1 is checked in tests/test_sandbox_units.py)
for _attack in (lambda: os.kill(GRADER_PID, signal.SIGSTOP),
                lambda: os.killpg(os.getpgid(GRADER_PID), signal.SIGKILL), lambda: os.kill(GRADER_PID, signal.SIGKILL)):
    try:
        _attack()
    except OSError:
        pass
'''


@linux
@pytest.mark.parametrize("off", ["namespaces,cgroup", "namespaces,cgroup,landlock"])
def test_without_a_pid_namespace_the_grader_still_cannot_be_signalled(tmp_path, off):
    """Landlock's scope (ABI 6), else the seccomp filter's refusal of signals to the grader's pid."""
    import os

    from sandbox_helpers import one_json, run_grader

    path = tmp_path / "lstm.py"
    env = dict(os.environ, GRADER_SANDBOX_OFF=off, GRADER_CALL_TIMEOUT="2", GRADER_LOAD_TIMEOUT="4",
               GRADER_BUDGET="8")
    result = run_grader(tmp_path, SIGNALS_ONLY, ["exercise", "lstm", "--file", str(path), "--format", "json"],
                        path, env=env)
    assert result.returncode == 1, (result.returncode, result.stderr)
    report = one_json(result.stdout)
    assert report["passed"] is False and "seccomp: none to the grader" in report["sandbox"]["signals"]
