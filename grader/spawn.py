"""Starting and ending a worker process, from the grader's side.

Each worker gets a folder of its own under the system's temporary folder:
``run/`` holds a private copy of the worker's modules and of the learner's
files (readable, never writable, by the worker), ``work/`` is its scratch
folder (its working folder, HOME and TMPDIR).  It is started with
``python -I`` (no PYTHON* variables, no user site, no current folder on the
import path) and an allow-listed environment, then sent its setup (what it may
read, what is private, its limits) before any learner code exists in it; see
:mod:`grader.confine` for what the worker does with it.

The grader never blocks on the worker: replies are read and requests written
by threads, a process limit is set before the fact (a cgroup, a user
namespace's RLIMIT_NPROC or a Windows job object), and :meth:`WorkerProcess.kill`
ends the whole tree (the PID namespace, the subreaper's orphans, the cgroup,
the job), waits until it is gone, and deletes the folder.
"""
from __future__ import annotations

import os
import queue
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional

from grader import frames, view
from grader.cgroup import _pid_alive
from grader.limits import Limits

PACKAGE = Path(__file__).resolve().parent
WORKER_MODULES = ("worker.py", "wire.py", "frames.py", "confine.py", "landlock.py", "syscalls.py")
BOOT = "import sys; sys.path.insert(0, sys.argv[1]); import {entry} as m; m.main()"
STDERR_CAP = 16 * 1024
THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
               "NUMEXPR_NUM_THREADS")
WINDOWS_VARS = ("SYSTEMROOT", "WINDIR", "PATHEXT", "COMSPEC")


def allowed_env(scratch: str) -> Dict[str, str]:
    """The worker's whole environment: PATH, the locale, one BLAS/OpenMP thread,
    HOME and the temporary folder in its scratch folder; nothing else."""
    env = {"PATH": os.environ.get("PATH", os.defpath)}
    for name, value in os.environ.items():
        if name in ("LANG", "LANGUAGE", "TZ") or name.startswith("LC_"):
            env[name] = value
        elif os.name == "nt" and name.upper() in WINDOWS_VARS:
            env[name] = value
    env.update({name: "1" for name in THREAD_VARS})
    env.update(HOME=scratch, TMPDIR=scratch, TEMP=scratch, TMP=scratch, USERPROFILE=scratch)
    return env


@lru_cache(maxsize=None)
def _module_bytes(names: tuple) -> Dict[str, bytes]:
    return {name: (PACKAGE / name).read_bytes() for name in names}


def _descendants(pid: int) -> List[int]:
    """Child processes of ``pid``, recursively (Linux /proc; elsewhere none)."""
    children: Dict[int, List[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_tree(proc: subprocess.Popen, wait: float = 2.0) -> None:
    """SIGKILL ``proc`` and everything it started that can still be traced (its
    process group, its descendants on Linux), then wait until they are gone;
    ``taskkill /T`` on Windows."""
    if os.name == "posix":
        pids = _descendants(proc.pid)
        for target in (lambda: os.killpg(proc.pid, signal.SIGKILL),
                       *[(lambda p=p: os.kill(p, signal.SIGKILL)) for p in pids]):
            try:
                target()
            except OSError:
                pass
    else:
        pids = []
        try:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=10)
        except (OSError, subprocess.SubprocessError):
            pass
    try:
        proc.kill()
    except OSError:
        pass
    try:
        proc.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        pass
    end = time.monotonic() + wait
    while pids and time.monotonic() < end:
        pids = [p for p in pids if _pid_alive(p)]
        if pids:
            time.sleep(0.002)


def _remove_tree(folder: str) -> None:
    def retry(func, path, _info):
        try:
            os.chmod(os.path.dirname(path), stat.S_IRWXU)
            os.chmod(path, stat.S_IRWXU)
            func(path)
        except OSError:
            pass

    shutil.rmtree(folder, onerror=retry)


@lru_cache(maxsize=None)
def sweep_folders() -> int:
    """Delete the worker folders a grader that was killed left behind in the
    temporary folder (once per process); the number deleted."""
    removed, base = 0, tempfile.gettempdir()
    try:
        names = os.listdir(base)
    except OSError:
        return 0
    for name in names:
        parts = name.split("-")
        if len(parts) >= 4 and name.startswith("dl-grader-") and parts[2].isdigit() and \
                not _pid_alive(int(parts[2])):
            path = os.path.join(base, name)
            try:
                if os.stat(path).st_uid == os.getuid():
                    _remove_tree(path)
                    removed += 1
            except OSError:
                pass
    return removed


class WorkerProcess:
    """One worker process: its folder, its setup, and threads for its pipes.

    ``files`` are the learner's files (name -> text) copied into ``run/``;
    ``private`` the paths that must stay unreadable; ``entry`` the module to run.
    """

    def __init__(self, files: Dict[str, str], limits: Limits, private: List[str],
                 entry: str = "grader.worker", modules: tuple = WORKER_MODULES):
        self.limits = limits
        sweep_folders()
        self.folder = tempfile.mkdtemp(prefix=f"dl-grader-{os.getpid()}-")
        self.runtime = os.path.join(self.folder, "run")
        self.scratch = os.path.join(self.folder, "work")
        os.mkdir(self.scratch, 0o700)
        os.mkdir(self.runtime, 0o700)
        self._modules = tuple(modules)
        for name, text in files.items():
            with open(os.path.join(self.runtime, name), "w", encoding="utf-8") as fh:
                fh.write(text)
        self.paths = {name: os.path.join(self.runtime, name) for name in files}
        # bounded: a worker that floods the grader with forged replies is held back by
        # the pipe, and never fills the grader's memory
        self.replies: "queue.Queue" = queue.Queue(maxsize=8)
        self.stderr = bytearray()
        self.facts: Optional[dict] = None
        self.grader_facts: Dict[str, str] = {"environment": "allow-list", "scratch": "private folder, deleted after"}
        self._outbox: "queue.Queue" = queue.Queue()
        self._stopped = threading.Event()
        self.killed = False
        self._entry = entry
        self._start(entry, private)

    # -- starting ------------------------------------------------------------
    def _start(self, entry: str, private: List[str]) -> None:
        from grader import cgroup

        kwargs: Dict = {}
        lifeline_r = -1
        if os.name == "posix":
            lifeline_r, self._lifeline = os.pipe()
            kwargs.update(start_new_session=True, pass_fds=(lifeline_r,))
        else:
            self._lifeline = -1
            kwargs["creationflags"] = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
        self.cgroup = None
        if "cgroup" not in self.limits.off and sys.platform.startswith("linux") and cgroup.available():
            self.cgroup = cgroup.take(self.limits.processes + 1, (self.limits.memory_mb + 256) << 20)
        self.job = None
        setup = {"op": "setup", "runtime": self.runtime, "scratch": self.scratch,
                 "read": view.read_roots(private), "hide": private, "sys_path": view.import_path(private),
                 "finder_marks": [view.DIST_MARK], "limits": self.limits.for_worker(), "off": self.limits.off,
                 "lifeline_fd": lifeline_r, "cgroup": self.cgroup.join() if self.cgroup else None,
                 "grader_pid": os.getpid()}
        if self._fork(setup, lifeline_r):
            return   # a forked worker has its modules already
        self._copy_modules()
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-B", "-c", BOOT.format(entry=entry), self.runtime],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=self.scratch,
                env=allowed_env(self.scratch), bufsize=0, **kwargs)
        finally:
            if lifeline_r >= 0:
                os.close(lifeline_r)
        if os.name == "nt":
            from grader.winjob import Job

            self.job = Job(self.limits.processes + 1, self.limits.memory_mb << 20)
            if self.job.add(int(self.proc._handle)):  # type: ignore[attr-defined]
                self.grader_facts.update(self.job.facts)
        self.send(setup)
        self._threads()

    def _copy_modules(self) -> None:
        package = os.path.join(self.runtime, "grader")
        for name, data in _module_bytes(self._modules).items():
            target = os.path.join(package, name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as fh:
                fh.write(data)
        with open(os.path.join(package, "__init__.py"), "w") as fh:
            fh.write('"""The worker\'s private copy of its modules."""\n')

    def _fork(self, setup: dict, lifeline_r: int) -> bool:
        """Fork the worker from the fork server, where one is enabled (grader.forkserver)."""
        if self._entry != "grader.worker" or lifeline_r < 0:
            return False
        from grader import forkserver

        server = forkserver.current(self.limits.off)
        child = server.spawn(setup, allowed_env(self.scratch)) if server is not None else None
        if child is None:
            return False
        os.close(lifeline_r)
        os.close(self._lifeline)
        self._lifeline = child.lifeline
        self.proc = child
        self.grader_facts["start"] = "forked from a fork server"
        self._threads()
        return True

    def _threads(self) -> None:
        for target in (self._read_replies, self._drain_stderr, self._write_requests):
            threading.Thread(target=target, daemon=True).start()

    # -- the pipes -----------------------------------------------------------
    def _chunks(self, stream):
        """Bytes from ``stream`` until its end, or until the worker was killed
        (a process that escaped the kill may keep the pipe open: never wait on it)."""
        fd = stream.fileno()
        try:
            while True:
                if os.name == "posix":
                    ready, _, _ = select.select([fd], [], [], 0.2)
                    if not ready:
                        if self._stopped.is_set():
                            return
                        continue
                chunk = os.read(fd, 65536)
                if not chunk:
                    return
                yield chunk
        except (OSError, ValueError):
            return
        finally:
            try:
                stream.close()
            except OSError:
                pass

    def _put(self, item) -> bool:
        """Queue ``item`` for the sandbox, waiting while the queue is full, unless the worker was killed."""
        while not self._stopped.is_set():
            try:
                self.replies.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def _read_replies(self) -> None:
        decoder = frames.Decoder(self.limits.reply_bytes)
        for chunk in self._chunks(self.proc.stdout):
            try:
                messages = decoder.feed(chunk)
            except frames.WireError as exc:
                self._put(("bad", str(exc)))
                return
            for msg in messages:
                if self.facts is None and msg.get("id") == 0 and msg.get("ready") is True:
                    facts = msg.get("facts")
                    self.facts = facts if isinstance(facts, dict) else {}
                    ok = self._put(("ready", None))
                else:
                    ok = self._put(("msg", msg))
                if not ok:
                    return
        self._put(("eof", None))

    def _drain_stderr(self) -> None:
        for chunk in self._chunks(self.proc.stderr):
            room = STDERR_CAP - len(self.stderr)
            if room > 0:
                self.stderr.extend(chunk[:room])

    def _write_requests(self) -> None:
        while True:
            data = self._outbox.get()
            if data is None:
                break
            try:
                view_ = memoryview(data)
                while view_:
                    view_ = view_[self.proc.stdin.write(view_) or 0:]
            except (OSError, ValueError):
                break
        try:
            self.proc.stdin.close()
        except OSError:
            pass

    def send(self, msg: dict) -> None:
        """Queue a message for the worker; never blocks (a writer thread sends it)."""
        if not self.killed:
            self._outbox.put(frames.encode_message(msg))

    # -- ending --------------------------------------------------------------
    def exit_code(self) -> Optional[int]:
        try:
            return self.proc.wait(timeout=1)
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        """End the worker and everything it started; wait until it is gone; delete its folder."""
        if self.killed:
            return
        self.killed = True
        self._outbox.put(None)
        if self._lifeline >= 0:
            os.close(self._lifeline)
            self._lifeline = -1
        kill_tree(self.proc)
        if self.job is not None:
            self.job.close()
        if self.cgroup is not None:
            from grader import cgroup

            cgroup.give_back(self.cgroup)
        self._stopped.set()
        _remove_tree(self.folder)

    def memory_killed(self) -> bool:
        return self.cgroup is not None and self.cgroup.oom_killed()
