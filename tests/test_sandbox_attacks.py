"""Hostile submissions against the sandbox, one or more per kind of attack.

Each asserts what "safe" means for it (tests/sandbox_helpers.py): not passed,
a report within 30 s, no process left, the course byte-identical, no file
outside the scratch folder, no environment variable beyond the allow-list.
Attacks on the grader's own process run against a grader started as a process
of its own, so a protection that failed could never stop or kill pytest.
A test that needs a protection skips, naming it, where this machine lacks it.
"""
from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest

from grader.cli import main
from exercise_helpers import answered, stub_text
from sandbox_helpers import (ALLOWED_ENV, ROOT, Snapshot, cli_runner, marker, one_json, run_grader, running_with,
                             site_listing)

STUB = stub_text("lstm")                                   # blank: never passes by itself
RIGHT = answered("lstm")
WRONG = answered("lstm", {1: "forget_gate * a + input_gate * prev_c"})   # option (4)
PYC = ROOT / "grader" / "checks" / "__pycache__" / f"lstm.{sys.implementation.cache_tag}.pyc"

pytestmark = [pytest.mark.usefixtures("short_limits", "own_tmp"),
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the attacks use Linux /proc")]


@pytest.fixture(scope="module")
def facts():
    from grader.doctor import run

    found = run(ROOT)["sandbox"]
    assert found is not None, "no worker could be started"
    return found


def needs(facts, *keys):
    missing = [k for k in keys if facts.get(k) is None]
    if missing:
        pytest.skip(f"this machine lacks: {', '.join(missing)} (grade doctor)")


def grade_json(tmp_path, text, *extra, name="lstm.py"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = cli_runner().invoke(main, ["exercise", "lstm", "--file", str(path), "--format", "json", *extra])
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    return one_json(result.stdout), result


def env_with_limits():
    return dict(os.environ, GRADER_CALL_TIMEOUT="2", GRADER_LOAD_TIMEOUT="4", GRADER_BUDGET="8")


def statuses(report):
    return {t["status"] for t in report["tests"]}


# -- 1. full marks without solving anything -----------------------------------
FIND_REFERENCE = STUB + r'''
import glob, os
_found = None
try:
    from solutions.lstm import lstm as _found            # the course's own package
except Exception:
    pass
_guesses = [os.path.join(os.path.dirname(os.path.dirname(__import__("grader").__file__)), "solutions", "lstm.py"),
            SOLUTION_PATH]
for _cmdline in glob.glob("/proc/*/cmdline"):               # a private --solutions DIR of another process
    try:
        _args = open(_cmdline, "rb").read().split(b"\0")
    except OSError:
        continue
    if b"--solutions" in _args:
        _guesses.append(os.path.join(_args[_args.index(b"--solutions") + 1].decode(), "lstm.py"))
for _guess in _guesses:
    if _found is None:
        try:
            _ns = {}
            exec(open(_guess, encoding="utf-8").read(), _ns)
            _found = _ns["lstm"]
        except Exception:
            pass
if _found is not None:
    lstm = _found
'''


def test_the_references_cannot_be_imported_or_read(tmp_path, facts):
    needs(facts, "filesystem")
    snap = Snapshot()
    text = FIND_REFERENCE.replace("SOLUTION_PATH", repr(str(ROOT / "solutions" / "lstm.py")))
    report, _ = grade_json(tmp_path, text)
    assert report["passed"] is False and statuses(report) == {"blank"}, report
    snap.check()


def test_a_private_solutions_folder_cannot_be_found_from_proc(tmp_path, facts):
    needs(facts, "filesystem")
    private = tmp_path / "private-solutions"
    private.mkdir()
    (private / "lstm.py").write_bytes((ROOT / "solutions" / "lstm.py").read_bytes())
    text = FIND_REFERENCE.replace("SOLUTION_PATH", repr(str(private / "lstm.py")))
    path = tmp_path / "lstm.py"
    snap = Snapshot()
    result = run_grader(tmp_path, text, ["exercise", "lstm", "--file", str(path), "--solutions", str(private),
                                         "--format", "json"], path, env=env_with_limits())
    report = one_json(result.stdout)
    assert result.returncode == 1 and report["passed"] is False and statuses(report) == {"blank"}, result.stdout
    snap.check()


# -- 2. tampering that lasts ----------------------------------------------------------
TAMPER = STUB + r'''
import os
try:   # a private /dev/shm may be writable: what matters is that the machine's gets nothing
    open("/dev/shm/dl-attack-shm", "w").write("x")
except OSError:
    pass
_results = ""
for _path, _new in TARGETS:
    try:
        with open(_path, "x" if _new else "a"):
            pass
        _results += "1"
    except OSError:
        _results += "0"

def lstm(*args):
    raise RuntimeError("TAMPER " + _results)
'''


def _tamper_targets(tmp_path, other_learner):
    site = Path(__import__("numpy").__file__).resolve().parents[1]
    existing = [ROOT / "solutions" / "lstm.py", ROOT / "grader" / "checks" / "lstm.py", ROOT / "grader" / "registry.yaml",
                ROOT / "exercises" / "lstm.py", ROOT / "quizzes" / "day3.yaml", other_learner]
    new = [site / "dl-attack.pth", Path.home() / "dl-attack", Path.cwd() / "dl-attack", Path("/tmp") / marker("file"),
           other_learner.parent / "planted.py"]
    targets = [(str(p), False) for p in existing] + [(str(p), True) for p in new]
    targets.append((str(PYC), not PYC.exists()))
    return targets, new


def test_nothing_outside_the_scratch_folder_can_be_written(tmp_path, facts):
    needs(facts, "filesystem")
    other = tmp_path / "class" / "bob" / "lstm.py"
    other.parent.mkdir(parents=True)
    other.write_text(RIGHT, encoding="utf-8")
    targets, new = _tamper_targets(tmp_path, other)
    pyc_before = PYC.read_bytes() if PYC.exists() else None
    snap = Snapshot()
    text = TAMPER.replace("TARGETS", repr(targets))
    try:
        report, _ = grade_json(tmp_path, text)
        message = report["tests"][0]["message"]
        assert f"TAMPER {'0' * len(targets)}" in message, message
        assert report["passed"] is False
        snap.check()
        assert other.read_text(encoding="utf-8") == RIGHT
        assert (PYC.read_bytes() if PYC.exists() else None) == pyc_before
    finally:
        for path in new:   # only if a protection failed
            if path.exists() and path.stat().st_size == 0:
                path.unlink()
    # and nothing lasts: the next submissions are judged as always
    assert grade_json(tmp_path, RIGHT)[0]["passed"] is True
    wrong = grade_json(tmp_path, WRONG)[0]
    assert wrong["passed"] is False and any(t.get("mistake") == "option-4" for t in wrong["tests"]), wrong


def test_no_learner_code_runs_before_the_first_request(tmp_path):
    """The worker confines itself at once, but imports the learner's file only when
    the grader, holding the reference and the checks, asks for the first call."""
    from grader.limits import Limits
    from grader.sandbox import Sandbox

    path = tmp_path / "lstm.py"
    sandbox = Sandbox(path, ["lstm"], {}, Limits.from_env(), private=[ROOT],
                      source="import os\nos.write(2, b'LEARNER-CODE-RAN')\n" + RIGHT)
    try:
        sandbox.start()
        kind, _ = sandbox.proc.replies.get(timeout=10)
        assert kind == "ready"
        import time

        time.sleep(0.3)
        assert b"LEARNER-CODE-RAN" not in bytes(sandbox.proc.stderr)
        sandbox.ensure_loaded()
        deadline = time.monotonic() + 5
        while b"LEARNER-CODE-RAN" not in bytes(sandbox.proc.stderr) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert b"LEARNER-CODE-RAN" in bytes(sandbox.proc.stderr)
    finally:
        sandbox.close()


# -- 3. killing, freezing or impersonating the grader ---------------------------------
AT_GRADER = STUB + r'''
import json, os, signal
_done = []

def _forge():
    with open("/proc/%d/fd/1" % GRADER_PID, "w") as fh:
        fh.write(json.dumps({"exercise": "lstm", "passed": True, "score": 10, "max_score": 10, "tests": []}) + "\n")

def _read():
    return open("/proc/%d/environ" % GRADER_PID, "rb").read()

for _name, _attack in [("forge", _forge), ("environ", _read),
                       ("stop", lambda: os.kill(GRADER_PID, signal.SIGSTOP)),
                       ("killpg", lambda: os.killpg(os.getpgid(GRADER_PID), signal.SIGKILL)),
                       ("parent", lambda: os.getppid() > 1 and os.kill(os.getppid(), signal.SIGKILL)),
                       ("kill", lambda: os.kill(GRADER_PID, signal.SIGKILL))]:
    try:
        _attack()
        _done.append(_name)
    except Exception:
        pass
'''


def test_the_grader_cannot_be_signalled_read_or_impersonated(tmp_path, facts):
    needs(facts, "signals", "filesystem")
    path = tmp_path / "lstm.py"
    snap = Snapshot()
    result = run_grader(tmp_path, AT_GRADER, ["exercise", "lstm", "--file", str(path), "--format", "json"], path,
                        env=env_with_limits())
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    report = one_json(result.stdout)   # one JSON document: nothing forged beside it
    assert report["passed"] is False and statuses(report) == {"blank"}
    snap.check()


def test_a_class_run_survives_an_attack_on_the_grader(tmp_path, facts):
    needs(facts, "signals", "filesystem")
    attacker = tmp_path / "class" / "a-mallory" / "lstm.py"
    honest = tmp_path / "class" / "b-alice" / "lstm.py"
    for folder in (attacker.parent, honest.parent):
        folder.mkdir(parents=True)
    honest.write_text(RIGHT, encoding="utf-8")
    result = run_grader(tmp_path, AT_GRADER, ["class", str(tmp_path / "class"), "--exercise", "lstm",
                                               "--format", "json"], attacker, env=env_with_limits())
    assert result.returncode == 0, result.stderr
    rows = {row["learner"]: row for row in one_json(result.stdout)}
    assert rows["a-mallory"]["passed"] is False
    assert rows["b-alice"]["passed"] is True and rows["b-alice"]["score"] == rows["b-alice"]["max_score"]


# -- 4. escaping the clean-up ----------------------------------------------------------
DAEMON = STUB + r'''
import os, sys

def _daemon():
    pid = os.fork()
    if pid == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv(sys.executable, [sys.executable, "-c", "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True: time.sleep(1)", "MARKER"])
        os._exit(0)
    os.waitpid(pid, 0)

_daemon()
'''


def test_a_double_forked_daemon_is_ended_and_never_waited_for(tmp_path):
    tag = marker("daemon")
    snap = Snapshot()
    report, _ = grade_json(tmp_path, DAEMON.replace("MARKER", tag))
    assert report["passed"] is False
    snap.check(markers=[tag])


def test_a_daemon_costs_only_its_own_row_in_a_class_run(tmp_path):
    tag = marker("class-daemon")
    for name, text in (("a-mallory", DAEMON.replace("MARKER", tag)), ("b-alice", RIGHT)):
        (tmp_path / "class" / name).mkdir(parents=True)
        (tmp_path / "class" / name / "lstm.py").write_text(text, encoding="utf-8")
    snap = Snapshot()
    result = cli_runner().invoke(main, ["class", str(tmp_path / "class"), "--exercise", "lstm", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {row["learner"]: row for row in one_json(result.stdout)}
    assert rows["a-mallory"]["passed"] is False and rows["b-alice"]["passed"] is True
    snap.check(markers=[tag])


# -- 5. limits -------------------------------------------------------------------------------
def test_memory_is_limited_and_named(tmp_path, facts):
    needs(facts, "memory")
    report, _ = grade_json(tmp_path, STUB + "\n_hold = np.ones(4 * 2**30 // 8)\n")
    assert report["passed"] is False and statuses(report) == {"error"}
    first = report["tests"][0]
    assert first["limit"] == "memory" and "GRADER_MEMORY_MB" in first["message"], first


def test_memory_of_many_processes_is_limited_in_all(tmp_path, facts):
    needs(facts, "memory")
    if "in all" not in facts["memory"]:
        pytest.skip("no cgroup memory controller here: memory is limited per process only")
    text = STUB + r'''
import os
for _ in range(4):
    if os.fork() == 0:
        _block = bytearray(1536 * 2**20)     # 1.5 GiB each, touched
        import time
        time.sleep(30)
        os._exit(0)
'''
    snap = Snapshot()
    report, _ = grade_json(tmp_path, text)
    assert report["passed"] is False
    snap.check()


def test_processes_are_limited_before_the_fact(tmp_path, facts):
    needs(facts, "processes")
    tag = marker("procs")
    text = STUB + f'''
import subprocess, sys
_kids = [subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)", {tag!r}]) for _ in range(200)]
'''
    snap = Snapshot()
    report, _ = grade_json(tmp_path, text)
    first = report["tests"][0]
    assert first["status"] == "error" and first["limit"] == "processes", first
    assert "GRADER_MAX_PROCESSES" in first["message"]
    snap.check(markers=[tag])


def test_files_are_limited_and_the_temporary_folder_is_closed(tmp_path, facts):
    needs(facts, "files", "filesystem")
    snap = Snapshot()
    text = STUB + r'''
import os, tempfile
try:
    open("/tmp/dl-attack-big", "wb")
    _tmp = "open"
except OSError:
    _tmp = "refused"
with open(os.path.join(tempfile.gettempdir(), "big"), "wb") as _fh:     # the scratch folder (TMPDIR)
    for _ in range(1024):
        _fh.write(b"x" * 2**20)
'''
    report, _ = grade_json(tmp_path, text)
    first = report["tests"][0]
    assert first["status"] == "error" and first["limit"] == "files", first
    assert not Path("/tmp/dl-attack-big").exists()
    snap.check()


NETWORK = STUB + r'''
import socket
_out = []
for _family, _kind, _address in TARGETS:
    try:
        _s = socket.socket(_family, _kind)
        _s.settimeout(1)
        if _kind == socket.SOCK_DGRAM:
            _s.sendto(b"leak", _address)
        else:
            _s.connect(_address)
            _s.sendall(b"leak")
        _out.append("1")
    except OSError:
        _out.append("0")

def lstm(*args):
    raise RuntimeError("NET " + "".join(_out))
'''


def test_no_network_tcp_udp_or_unix_socket(tmp_path, facts):
    needs(facts, "network", "syscalls")
    tcp = socket.socket()
    tcp.bind(("127.0.0.1", 0))
    tcp.listen(4)
    tcp.setblocking(False)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    udp.settimeout(0.3)
    unix_path = str(tmp_path / "service.sock")
    unix = socket.socket(socket.AF_UNIX)
    unix.bind(unix_path)
    unix.listen(4)
    unix.setblocking(False)
    targets = [(socket.AF_INET, socket.SOCK_STREAM, tcp.getsockname()), (socket.AF_INET, socket.SOCK_DGRAM,
               udp.getsockname()), (socket.AF_UNIX, socket.SOCK_STREAM, unix_path),
               (socket.AF_INET, socket.SOCK_STREAM, ("1.1.1.1", 80))]
    text = NETWORK.replace("TARGETS", repr([(int(f), int(k), a) for f, k, a in targets]))
    try:
        report, _ = grade_json(tmp_path, text)
        assert "NET 0000" in report["tests"][0]["message"], report["tests"][0]["message"]
        for server in (tcp, unix):
            with pytest.raises(BlockingIOError):
                server.accept()
        with pytest.raises(socket.timeout):
            udp.recv(16)
    finally:
        for s in (tcp, udp, unix):
            s.close()


def test_the_environment_is_the_allow_list(tmp_path, monkeypatch):
    secret = "s3cr3t-" + marker("env")
    monkeypatch.setenv("GRADER_TEST_SECRET", secret)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", secret)
    text = STUB + r'''
import os
_names = sorted(os.environ)
_block = open("/proc/self/environ", "rb").read().decode("utf-8", "replace")

def lstm(*args):
    raise RuntimeError("ENV " + ",".join(_names) + " leaked=%d" % ("s3cr3t" in _block + str(os.environ)))
'''
    report, result = grade_json(tmp_path, text)
    message = report["tests"][0]["message"]
    names = set(message.split("ENV ", 1)[1].split()[0].split(","))
    assert names <= ALLOWED_ENV | {n for n in names if n.startswith("LC_")}, names
    assert "leaked=0" in message and secret not in result.output


# -- 6. caps on the grader's side ---------------------------------------------------------
POISON = RIGHT + r'''
import struct, sys
_wire = sys.modules["grader.wire"]
_real = _wire.write_message

def _poisoned(stream, message):
    if "ready" in message:
        return _real(stream, message)
    body = BODY
    stream.write(struct.pack(">I", len(body)) + body)
    stream.flush()

_wire.write_message = _poisoned
'''
POISONS = {
    "deeply nested": 'b\'{"id": 1, "ok": true, "value": \' + b"[" * 200000 + b"]" * 200000 + b"}"',
    "huge shape": 'b\'{"id": %d, "ok": true, "value": {"__nd__": ["<f8", [1099511627776, 1099511627776], ""]}}\' '
                  '% message["id"]',
    "huge number": 'b\'{"id": %d, "ok": true, "value": \' % message["id"] + b"9" * 5000000 + b"}"',
    "huge texts": '(\'{"id": %d, "ok": false, "error": {"kind": "exception", "type": "%s", "message": "%s", '
                  '"frames": [[1, "f", "%s"]]}}\' % (message["id"], "T" * 100000, "m" * 5000000, "z" * 100000)).encode()',
    "over the size limit": 'b\'{"id": 1, "ok": true, "value": "\' + b"x" * (40 * 2**20) + b\'"}\'',
    "not JSON": 'b"\\xff\\xfe not json at all"',
}


@pytest.mark.parametrize("poison", sorted(POISONS))
def test_a_hostile_reply_is_that_tasks_error(tmp_path, poison):
    report, result = grade_json(tmp_path, POISON.replace("BODY", POISONS[poison]))
    assert report["passed"] is False
    assert statuses(report) == {"error"}, [(t["name"], t["status"], t["message"][:80]) for t in report["tests"]]
    assert len(result.stdout.encode()) < 1_000_000


def test_learner_texts_are_cut_and_the_report_stays_small(tmp_path):
    text = RIGHT + r'''
class _Long(Exception):
    pass

_Long.__name__ = "L" * 100000

def lstm(*args):
    print("p" * 10_000_000)
    raise _Long("x" * 1500 + "\n" * 100000)
'''
    report, result = grade_json(tmp_path, text)
    assert report["passed"] is False and statuses(report) == {"error"}
    assert all(len(t["message"]) < 2000 for t in report["tests"]), [len(t["message"]) for t in report["tests"]]
    assert len(result.stdout.encode()) < 1_000_000


def test_site_packages_listing_helper_sees_numpy():
    # the snapshot's site-packages check must look at a real folder
    assert "numpy" in site_listing()


def test_running_with_finds_a_live_process():
    import subprocess
    import time

    tag = marker("self-check")
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)", tag])
    try:
        deadline = time.monotonic() + 5
        while not running_with(tag) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert running_with(tag) == [proc.pid]
    finally:
        proc.kill()
        proc.wait()
    assert running_with(tag) == []


# -- every attack above, first in a class run: the honest learner after it keeps full marks --
def _class_attacks(tmp_path, honest):
    targets, _new = _tamper_targets(tmp_path, honest)
    return {
        "references": FIND_REFERENCE.replace("SOLUTION_PATH", repr(str(ROOT / "solutions" / "lstm.py"))),
        "tampering": TAMPER.replace("TARGETS", repr(targets)),
        "the grader's process": AT_GRADER,
        "daemon": DAEMON.replace("MARKER", marker("class-all")),
        "memory": STUB + "\n_hold = np.ones(4 * 2**30 // 8)\n",
        "processes": STUB + "\nimport os\nwhile True:\n    os.fork()\n",
        "files": STUB + "\nwith open('big', 'wb') as _fh:\n    while True:\n        _fh.write(b'x' * 2**20)\n",
        "network": NETWORK.replace("TARGETS", repr([(2, 1, ("127.0.0.1", 9)), (2, 2, ("127.0.0.1", 9))])),
        "hostile reply": POISON.replace("BODY", POISONS["deeply nested"]),
        "endless loop": STUB + "\nwhile True:\n    pass\n",
    }


CLASS_ATTACKS = ["references", "tampering", "the grader's process", "daemon", "memory", "processes", "files",
                 "network", "hostile reply", "endless loop"]


@pytest.mark.parametrize("attack", CLASS_ATTACKS)
def test_an_honest_learner_after_an_attacker_keeps_full_marks(tmp_path, facts, attack):
    needs(facts, "filesystem", "signals", "processes")
    attacker = tmp_path / "class" / "a-mallory" / "lstm.py"
    honest = tmp_path / "class" / "b-alice" / "lstm.py"
    for folder in (attacker.parent, honest.parent):
        folder.mkdir(parents=True)
    honest.write_text(RIGHT, encoding="utf-8")
    snap = Snapshot()
    result = run_grader(tmp_path, _class_attacks(tmp_path, honest)[attack],
                        ["class", str(tmp_path / "class"), "--exercise", "lstm", "--format", "json"], attacker,
                        env=env_with_limits())
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    rows = {row["learner"]: row for row in one_json(result.stdout)}
    assert rows["a-mallory"]["passed"] is False
    assert rows["b-alice"]["passed"] is True and rows["b-alice"]["score"] == rows["b-alice"]["max_score"]
    assert honest.read_text(encoding="utf-8") == RIGHT
    snap.check()


def test_the_import_path_and_the_limits_inside_the_worker(tmp_path):
    text = STUB + r'''
import resource, sys
# (a virtual environment inside the course folder is Python's own: it stays on the path)
_paths = [p for p in sys.path if (p == COURSE or p.startswith(COURSE + "/")) and not p.startswith(sys.prefix)]
_finders = [repr(f) for f in sys.meta_path if "editable" in repr(f)]
_limits = [resource.getrlimit(r)[0] for r in (resource.RLIMIT_CORE, resource.RLIMIT_DATA, resource.RLIMIT_FSIZE)]
_blas = float((np.ones((600, 600)) @ np.ones((600, 600)))[0, 0])      # BLAS works under the limits

def lstm(*args):
    raise RuntimeError("INSIDE %d %d %s %g" % (len(_paths), len(_finders), _limits, _blas))
'''.replace("COURSE", repr(str(ROOT)))
    report, _ = grade_json(tmp_path, text)
    message = report["tests"][0]["message"]
    assert f"INSIDE 0 0 [0, {2048 * 2**20}, {64 * 2**20}] 600" in message, message


def test_a_crash_by_a_signal_is_named(tmp_path):
    report, _ = grade_json(tmp_path, RIGHT.replace("    return c, h", "    import ctypes\n    ctypes.string_at(0)\n"
                                                                       "    return c, h"))
    first = report["tests"][0]
    assert first["status"] == "error" and "SIGSEGV" in first["message"] and "crash" in first["message"], first


def test_honest_code_still_runs_in_the_sandbox(tmp_path, facts):
    """What a learner may legitimately do: threads, a process pool, a child Python
    with NumPy, temporary files, files in the working folder, /dev/null."""
    text = RIGHT + r'''
import os, subprocess, sys, tempfile, threading
_done = []
_t = threading.Thread(target=lambda: _done.append("thread"))
_t.start()
_t.join()
subprocess.run([sys.executable, "-c", "import numpy"], check=True)
_done.append("child")
with tempfile.NamedTemporaryFile() as _fh:
    _fh.write(b"x")
_done.append("tempfile")
with open("notes.txt", "w") as _fh:
    _fh.write("x")
os.rename("notes.txt", "notes2.txt")
_done.append("files")
with open(os.devnull, "w") as _fh:
    _fh.write("x")
_done.append("devnull")
if POOL:
    import multiprocessing
    with multiprocessing.Pool(2) as _pool:
        assert _pool.map(abs, [-1, -2]) == [1, 2]
    _done.append("pool")
assert len(_done) == 5 + POOL, _done
'''.replace("POOL", str(int(facts["containment"] == "pid namespace")))
    report, _ = grade_json(tmp_path, text)
    assert report["passed"] is True, [t["message"][:300] for t in report["tests"]]


FLOOD = STUB + r'''
import fcntl, os, stat, struct, threading

def _flood():
    outs = [fd for fd in range(3, 64) if _is_pipe_out(fd)]
    frame = b'{"id": 999999, "ok": true, "value": 1}'
    frame = struct.pack(">I", len(frame)) + frame
    while True:
        for fd in outs:
            try:
                os.write(fd, frame * 64)
            except OSError:
                pass

def _is_pipe_out(fd):
    try:
        return stat.S_ISFIFO(os.fstat(fd).st_mode) and fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY
    except OSError:
        return False

threading.Thread(target=_flood, daemon=True).start()
'''


def test_a_flood_of_forged_replies_changes_no_verdict(tmp_path):
    """Forged replies (a thread writing frames into the protocol pipe) are ignored,
    and the bounded queue holds the flood back without filling the grader's memory."""
    snap = Snapshot()
    report, _ = grade_json(tmp_path, FLOOD)
    assert statuses(report) == {"blank"}, [t["message"][:100] for t in report["tests"]]
    right, _ = grade_json(tmp_path, FLOOD.replace(STUB, RIGHT))
    assert right["passed"] is True, [t["message"][:100] for t in right["tests"]]
    snap.check()


def test_threads_count_against_the_process_limit(tmp_path, facts):
    needs(facts, "processes")
    text = STUB + r'''
import threading, time
_threads = [threading.Thread(target=time.sleep, args=(20,), daemon=True) for _ in range(200)]
for _t in _threads:
    _t.start()
'''
    report, _ = grade_json(tmp_path, text)
    first = report["tests"][0]
    assert first["status"] == "error" and first["limit"] == "processes", first
