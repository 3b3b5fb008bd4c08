"""The fork server's own side: a process that has imported NumPy and the
worker's modules, and forks one clean worker per submission.

Started by :mod:`grader.forkserver` exactly as a worker is (``python -I``, the
allow-listed environment, a private copy of the worker's modules), so what a
forked worker inherits holds no reference, no check, no secret and no part of
the grader's environment (a fork keeps its parent's environment block, which
``/proc/self/environ`` shows).  It never loads a learner's file and never
confines itself: each forked child does that first (:func:`grader.worker.serve`),
before it loads the learner's file.

Its control socket (``SOCK_SEQPACKET``) carries one request per worker: the
worker's setup as JSON, with its stdin, stdout, stderr and lifeline as passed
descriptors.  It answers ``{"pid": N}`` once forked, and ``{"exit": N,
"status": S}`` when that worker ends (a wait status, as ``os.waitpid`` gives
it).  It ends when the socket closes or its parent does.
"""
from __future__ import annotations

import json
import os
import select
import socket
import sys

MAX_SETUP = 1 << 20
_wake = (-1, -1)


def _send(sock: socket.socket, msg: dict) -> None:
    try:
        sock.send(json.dumps(msg).encode())
    except OSError:
        os._exit(0)   # the grader is gone


def _child(sock: socket.socket, setup: dict, fds: list) -> None:
    """In the forked child: take the worker's pipes and environment, then serve."""
    try:
        import signal

        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for fd in _wake:
            os.close(fd)
        sock.close()
        stdin, stdout, stderr, lifeline = fds
        for fd, target in ((stdin, 0), (stdout, 1), (stderr, 2)):
            os.dup2(fd, target)
            os.close(fd)
        os.set_inheritable(lifeline, False)
        setup["lifeline_fd"] = lifeline
        os.setsid()
        os.environ.clear()
        os.environ.update(setup.pop("env", {}))
        os.chdir(setup["scratch"])
        import numpy

        numpy.random.seed()   # as a fresh process would be: not its siblings' random state
        from grader.worker import serve

        serve(setup)
    finally:
        os._exit(3)


def _reap(sock: socket.socket) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        _send(sock, {"exit": pid, "status": status})


def main() -> None:
    sock = socket.socket(fileno=int(sys.argv[2]))
    if sys.platform.startswith("linux"):
        from grader import syscalls

        try:
            syscalls.prctl(syscalls.PR_SET_PDEATHSIG, 9)
        except OSError:
            pass
    # what every worker needs, imported once: NumPy, and the worker's modules
    # (a forked worker can read only its own copy of them, which it never needs)
    import numpy  # noqa: F401

    from grader import confine, frames, landlock, syscalls, wire, worker  # noqa: F401

    import signal

    global _wake
    wake_r, wake_w = _wake = os.pipe()   # a worker that ended wakes the loop at once
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    _send(sock, {"ready": True, "pid": os.getpid()})
    while True:
        try:
            ready, _, _ = select.select([sock, wake_r], [], [], 1.0)
        except InterruptedError:
            ready = []
        if wake_r in ready:
            os.read(wake_r, 512)
        _reap(sock)
        if sock not in ready:
            continue
        try:
            data, fds, _flags, _addr = socket.recv_fds(sock, MAX_SETUP, 8)
        except OSError:
            break
        if not data:
            break
        try:
            setup = json.loads(data)
            if len(fds) != 4:
                raise ValueError("four descriptors expected")
        except ValueError:
            for fd in fds:
                os.close(fd)
            _send(sock, {"pid": None})
            continue
        setup["zygote_pid"] = os.getpid()
        pid = os.fork()
        if pid == 0:
            _child(sock, setup, fds)
        for fd in fds:
            os.close(fd)
        _send(sock, {"pid": pid})
    os._exit(0)
