"""The fork server of class runs: its workers are as clean and as confined as fresh ones."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader import forkserver, results, view
from grader.limits import Limits
from grader.spawn import WorkerProcess

from exercise_helpers import ROOT
from sandbox_helpers import cli_runner, running_with

RIGHT = (ROOT / "solutions" / "lstm.py").read_text(encoding="utf-8")
linux_only = pytest.mark.skipif(not forkserver.usable(), reason="the fork server is for Linux")


def class_of(tmp_path: Path, files: dict) -> Path:
    for name, text in files.items():
        (tmp_path / "class" / name).mkdir(parents=True)
        (tmp_path / "class" / name / "lstm.py").write_text(text, encoding="utf-8")
    return tmp_path / "class"


def run_class(tmp_path: Path, class_dir: Path, *extra: str, env=None):
    from grader.cli import main

    out = tmp_path / "results"
    result = cli_runner().invoke(main, ["class", str(class_dir), "--out", str(out), "--exercise", "lstm", *extra],
                                 env=env)
    assert result.exit_code == 0, result.output
    return results.latest(out)


# What a forked worker may see of the process it came from: learner code looks
# for it at import (a failed assertion makes the file an error, not passed).
LOOK = '''
import gc as _gc, os as _os, sys as _sys
_mine = "only-in-the-learner-file"   # a constant of this file: in its code object's tuple of constants
_texts = [o for o in _gc.get_objects() if isinstance(o, (str, tuple))]
def _anywhere(text):
    return any(text in o if isinstance(o, str) else any(isinstance(x, str) and text in x for x in o) for o in _texts)
assert _anywhere(_mine), "the scan works"
assert not _anywhere("-".join(["MARKER", "OF", "THE", "REFERENCE"])), "the reference is in the worker's memory"
assert not [m for m in _sys.modules if "checks" in m or "_reference" in m or "solutions" in m], list(_sys.modules)
with open("/proc/self/environ", "rb") as _fh:
    _block = _fh.read()
assert b"GRADER_TEST_SECRET" not in _block and "GRADER_TEST_SECRET" not in _os.environ, _block
assert _os.environ.get("HOME") == _os.getcwd(), (_os.environ.get("HOME"), _os.getcwd())
import numpy as _np
_DRAW = float(_np.random.random())
'''


@linux_only
def test_a_forked_worker_holds_no_reference_check_or_secret(tmp_path, monkeypatch):
    solutions = tmp_path / "solutions"
    shutil.copytree(ROOT / "solutions", solutions)
    with open(solutions / "lstm.py", "a", encoding="utf-8") as fh:
        fh.write('\n_MARK = "MARKER-OF-THE-REFERENCE"\n')
    monkeypatch.setenv("GRADER_TEST_SECRET", "hunter2")
    class_dir = class_of(tmp_path, {f"learner{i}": RIGHT + LOOK for i in range(3)})
    table = run_class(tmp_path, class_dir, "--solutions", str(solutions), "--jobs", "1")
    for (learner, _), row in table.items():
        assert row["passed"] is True, (learner, [t["message"] for t in row["tests"]])
        assert row["sandbox"]["containment"] == "pid namespace" or row["sandbox"]["missing"]


@linux_only
def test_the_scan_of_a_forked_worker_can_fail(tmp_path, monkeypatch):
    """The same file fails where the secret is in its own environment (so the check above can fail)."""
    text = RIGHT + LOOK.replace('"GRADER_TEST_SECRET" not in _os.environ', '"HOME" not in _os.environ')
    class_dir = class_of(tmp_path, {"learner": text})
    table = run_class(tmp_path, class_dir)
    assert table[("learner", "lstm")]["passed"] is False


@linux_only
def test_forked_workers_are_confined_like_fresh_ones_and_end_with_the_run(tmp_path):
    limits = Limits()
    private = view.private_paths([ROOT])
    fresh = WorkerProcess({"x.py": "pass"}, limits, private)
    assert fresh.replies.get(timeout=30)[0] == "ready"
    forkserver.enable()
    try:
        forked = WorkerProcess({"x.py": "pass"}, limits, private)
        assert forked.replies.get(timeout=30)[0] == "ready"
        assert forked.grader_facts.get("start") == "forked from a fork server"
        assert isinstance(forked.proc, forkserver.Forked) and not isinstance(fresh.proc, forkserver.Forked)
        assert forked.facts == fresh.facts   # the same protections took effect, as facts
        server = forkserver.current()
        forked.kill()
        assert forked.proc.wait(timeout=5) is not None   # its end is known through the server
        assert server.alive()
    finally:
        fresh.kill()
        forkserver.stop()
        forkserver.enable(False)
    assert not server.alive() and not Path(server.folder).exists()


@linux_only
def test_no_fork_server_outlives_a_class_run(tmp_path):
    class_dir = class_of(tmp_path, {"a": RIGHT, "b": RIGHT})
    before = set(running_with("grader.zygote"))
    table = run_class(tmp_path, class_dir, "--jobs", "2")
    assert all(row["passed"] for row in table.values())
    end = time.monotonic() + 10
    while set(running_with("grader.zygote")) - before and time.monotonic() < end:
        time.sleep(0.1)
    assert set(running_with("grader.zygote")) - before == set()


@linux_only
def test_siblings_do_not_share_numpy_random_state(tmp_path):
    draw = '\nimport numpy as _np\nprint("draw", _np.random.random())\n'
    # the draw is printed at import: the first task shows what the learner's code printed
    class_dir = class_of(tmp_path, {f"l{i}": RIGHT + draw for i in range(4)})
    table = run_class(tmp_path, class_dir, "--jobs", "1")
    draws = set()
    for row in table.values():
        text = "\n".join(t["message"] for t in row["tests"])
        draws.update(line for line in text.splitlines() if line.startswith("draw"))
    assert len(draws) == 4, draws


KILL_THE_SERVER = '''
import os, signal
def _ancestors():
    pid, found = os.getpid(), []
    while pid > 1:
        with open(f"/proc/{pid}/stat") as fh:
            pid = int(fh.read().rsplit(")", 1)[1].split()[1])
        found.append(pid)
    return found
_errors = []
for _pid in _ancestors():
    try:
        os.kill(_pid, signal.SIGKILL)
    except OSError as exc:
        _errors.append(exc.errno)
'''


# The run is started by a throw-away process, itself orphaned, so that a
# protection that fails kills that chain, never this test's own process.
DETACHED = r"""
import os, subprocess, sys
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        with open(sys.argv[1] + ".out", "w") as out:
            code = subprocess.call(sys.argv[2:], stdout=out, stderr=subprocess.STDOUT)
        with open(sys.argv[1], "w") as fh:
            fh.write(str(code))
    os._exit(0)
os.wait()
"""


@linux_only
def test_without_namespaces_or_landlock_a_worker_cannot_kill_any_ancestor(tmp_path):
    """seccomp alone keeps every ancestor of a worker out of reach by pid: the fork
    server, the grading process, the class run and what started it."""
    class_dir = class_of(tmp_path, {"a-attacker": RIGHT + KILL_THE_SERVER + "\nprint('refused', _errors)\n",
                                    "b-honest": RIGHT, "c-honest": RIGHT})
    done = tmp_path / "exit-code"
    env = dict(os.environ, GRADER_SANDBOX_OFF="namespaces,landlock")
    subprocess.run([sys.executable, "-c", DETACHED, str(done), sys.executable, "-m", "grader.cli", "class",
                    str(class_dir), "--out", str(tmp_path / "results"), "--exercise", "lstm", "--jobs", "1"],
                   env=env, cwd=str(ROOT), timeout=30)
    end = time.monotonic() + 120
    while not done.exists() and time.monotonic() < end:
        time.sleep(0.2)
    assert done.exists(), "the class run was killed: " + Path(str(done) + ".out").read_text()[-2000:]
    assert done.read_text() == "0"
    table = results.latest(tmp_path / "results")
    assert table[("b-honest", "lstm")]["passed"] is True and table[("c-honest", "lstm")]["passed"] is True
    attacker = table[("a-attacker", "lstm")]
    assert attacker["sandbox"]["containment"] != "pid namespace"
    refused = [line for t in attacker["tests"] for line in t["message"].splitlines() if line.startswith("refused")]
    assert refused, attacker
    errnos = eval(refused[0].split(" ", 1)[1])
    assert len(errnos) >= 4 and set(errnos) == {1}, errnos   # EPERM for each: the server, the grader, the run, ...
