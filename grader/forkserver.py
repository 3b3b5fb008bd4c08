"""The fork server, from the grader's side: workers forked from a process that
has imported NumPy already, instead of a fresh Python each (Linux only).

Starting a worker costs a Python start and a NumPy import (about 65 ms of CPU);
forking one from :mod:`grader.zygote` costs a few.  A class run enables it
(:func:`enable`) for its grading processes; :class:`grader.spawn.WorkerProcess`
then asks :func:`current` for a server and falls back to a fresh process where
there is none (macOS and Windows, where forking a process that has loaded
NumPy is not safe; a server that died; GRADER_SANDBOX_OFF=fork).

The server is started like a worker: ``python -I`` in a folder of its own,
with the allow-listed environment, so it holds nothing a learner may not see;
it ends with the process that started it (its socket closes, and the kernel
kills it when its parent dies).
"""
from __future__ import annotations

import contextlib
import json
import os
import queue
import socket
import subprocess
import sys
import tempfile
import threading
from typing import Dict, Optional

from grader import spawn

MODULES = spawn.WORKER_MODULES + ("zygote.py",)
BOOT = "import sys; sys.path.insert(0, sys.argv[1]); import grader.zygote as m; m.main()"
READY_WAIT = 60.0

_enabled = False
_server: Optional["ForkServer"] = None
_lock = threading.Lock()


def enable(on: bool = True) -> None:
    """Use a fork server for the workers this process starts from now on (where it can)."""
    global _enabled
    _enabled = on


@contextlib.contextmanager
def serving():
    """Workers started inside the block are forked from a fork server, which ends with it."""
    global _enabled
    was, _enabled = _enabled, True
    try:
        yield
    finally:
        stop()
        _enabled = was


def usable(off=()) -> bool:
    return sys.platform.startswith("linux") and "fork" not in off and hasattr(socket, "send_fds")


def current(off=()) -> Optional["ForkServer"]:
    """The running fork server (started now if need be), or None."""
    global _server
    if not (_enabled and usable(off)):
        return None
    with _lock:
        if _server is None or not _server.alive():
            if _server is not None:
                _server.close()
            try:
                _server = ForkServer()
            except (OSError, RuntimeError):
                _server = None
        return _server


def stop() -> None:
    global _server
    with _lock:
        if _server is not None:
            _server.close()
            _server = None


class Forked:
    """A forked worker, answering like the part of ``subprocess.Popen`` that
    :class:`grader.spawn.WorkerProcess` uses (its exit status comes from the server)."""

    def __init__(self, server: "ForkServer", pid: int, stdin: int, stdout: int, stderr: int):
        self.server, self.pid = server, pid
        self.stdin = os.fdopen(stdin, "wb", buffering=0)
        self.stdout = os.fdopen(stdout, "rb", buffering=0)
        self.stderr = os.fdopen(stderr, "rb", buffering=0)
        self.returncode: Optional[int] = None
        self.ended = threading.Event()

    def _ended(self, status: int) -> None:
        if os.WIFSIGNALED(status):
            self.returncode = -os.WTERMSIG(status)
        elif os.WIFEXITED(status):
            self.returncode = os.WEXITSTATUS(status)
        else:
            self.returncode = -9
        self.ended.set()

    def poll(self) -> Optional[int]:
        return self.returncode

    def wait(self, timeout: Optional[float] = None) -> int:
        if not self.ended.wait(timeout):
            raise subprocess.TimeoutExpired("worker", timeout)
        return self.returncode

    def kill(self) -> None:
        if not self.ended.is_set():
            try:
                os.kill(self.pid, 9)
            except OSError:
                pass


class ForkServer:
    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix=f"dl-grader-{os.getpid()}-fork-")
        runtime = os.path.join(self.folder, "run")
        scratch = os.path.join(self.folder, "work")
        os.makedirs(os.path.join(runtime, "grader"))
        os.mkdir(scratch, 0o700)
        for name, data in spawn._module_bytes(MODULES).items():
            with open(os.path.join(runtime, "grader", name), "wb") as fh:
                fh.write(data)
        with open(os.path.join(runtime, "grader", "__init__.py"), "w") as fh:
            fh.write('"""The fork server\'s private copy of the worker\'s modules."""\n')
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.sock = ours
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-B", "-c", BOOT, runtime, str(theirs.fileno())],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                cwd=scratch, env=spawn.allowed_env(scratch), pass_fds=(theirs.fileno(),), start_new_session=True)
        finally:
            theirs.close()
        self.replies: "queue.Queue" = queue.Queue()
        self.children: Dict[int, Forked] = {}
        self.early: Dict[int, int] = {}   # exit statuses of workers not yet known by pid
        self.pid: Optional[int] = None
        self._ready = threading.Event()
        self._dead = threading.Event()
        self._spawning = threading.Lock()
        self._table = threading.Lock()   # children and early, between the reader and spawn
        threading.Thread(target=self._read, daemon=True).start()

    def alive(self) -> bool:
        return not self._dead.is_set() and self.proc.poll() is None

    def _read(self) -> None:
        while True:
            try:
                data = self.sock.recv(4096)
            except OSError:
                data = b""
            if not data:
                break
            try:
                msg = json.loads(data)
            except ValueError:
                continue
            if msg.get("ready"):
                self.pid = msg.get("pid")
                self._ready.set()
            elif "exit" in msg:
                with self._table:
                    child = self.children.pop(msg["exit"], None)
                    if child is None:
                        self.early[msg["exit"]] = int(msg.get("status", 9))
                if child is not None:
                    child._ended(int(msg.get("status", 9)))
            else:
                self.replies.put(msg.get("pid"))
        self._dead.set()
        self._ready.set()
        self.replies.put(None)
        with self._table:
            orphans, self.children = list(self.children.values()), {}
        for child in orphans:
            child._ended(9)

    def spawn(self, setup: dict, env: Dict[str, str]) -> Optional[Forked]:
        """Fork a worker that will serve ``setup``; None when the server cannot."""
        if not self._ready.wait(READY_WAIT) or self._dead.is_set():
            return None
        fds = [os.pipe() for _ in range(4)]   # stdin, stdout, stderr, lifeline
        theirs = [fds[0][0], fds[1][1], fds[2][1], fds[3][0]]
        ours = [fds[0][1], fds[1][0], fds[2][0], fds[3][1]]
        with self._spawning:
            try:
                socket.send_fds(self.sock, [json.dumps(dict(setup, env=env)).encode()], theirs)
                pid = self.replies.get(timeout=READY_WAIT)
            except (OSError, queue.Empty):
                pid = None
            finally:
                for fd in theirs:
                    os.close(fd)
            if not isinstance(pid, int):
                for fd in ours:
                    os.close(fd)
                return None
            child = Forked(self, pid, ours[0], ours[1], ours[2])
            child.lifeline = ours[3]
            with self._table:
                status = self.early.pop(pid, None)
                if status is None:
                    self.children[pid] = child
            if status is not None:
                child._ended(status)
            return child

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass
        spawn.kill_tree(self.proc)
        spawn._remove_tree(self.folder)
