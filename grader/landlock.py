"""Landlock (Linux 5.13 and later) through ctypes: an unprivileged process
restricts itself, and every process it starts, to the files it is allowed.

Only the standard library is used, because this module runs in the worker
before anything else is imported.  The ABI version decides what can be
restricted: files (1; REFER 2, TRUNCATE 3, IOCTL_DEV 5), TCP bind and connect
(4), signals and abstract UNIX sockets to processes outside the sandbox (6).
See https://docs.kernel.org/userspace-api/landlock.html.
"""
from __future__ import annotations

import ctypes
import os
import stat
import struct
import sys
from typing import Iterable, Optional

_CREATE, _ADD_RULE, _RESTRICT = 444, 445, 446     # the same number on every architecture
_VERSION = 1                                      # LANDLOCK_CREATE_RULESET_VERSION
_RULE_PATH_BENEATH = 1

EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
REMOVE_DIR, REMOVE_FILE, MAKE_CHAR, MAKE_DIR = 1 << 4, 1 << 5, 1 << 6, 1 << 7
MAKE_REG, MAKE_SOCK, MAKE_FIFO, MAKE_BLOCK, MAKE_SYM = 1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12
REFER, TRUNCATE, IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
NET_BIND_TCP, NET_CONNECT_TCP = 1 << 0, 1 << 1
SCOPE_ABSTRACT_UNIX, SCOPE_SIGNAL = 1 << 0, 1 << 1

READ = EXECUTE | READ_FILE | READ_DIR
FILE_ONLY = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV


class LandlockError(OSError):
    """A Landlock call failed (the message says which)."""


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _call(libc, number: int, *args) -> int:
    result = libc.syscall(ctypes.c_long(number), *args)
    if result < 0:
        err = ctypes.get_errno()
        raise LandlockError(err, os.strerror(err))
    return result


def abi() -> int:
    """The Landlock ABI version of the running kernel, 0 when there is none."""
    if not sys.platform.startswith("linux"):
        return 0
    try:
        return _call(_libc(), _CREATE, None, ctypes.c_size_t(0), ctypes.c_uint32(_VERSION))
    except (LandlockError, AttributeError, OSError):
        return 0


def handled_fs(version: int) -> int:
    """Every file-system right the ABI knows: whatever is not allowed is denied."""
    rights = (1 << 13) - 1
    if version >= 2:
        rights |= REFER
    if version >= 3:
        rights |= TRUNCATE
    if version >= 5:
        rights |= IOCTL_DEV
    return rights


class Ruleset:
    """Rules being collected; :meth:`restrict` applies them to this process."""

    def __init__(self, version: int):
        self.version = version
        self.fs = handled_fs(version)
        self.net = NET_BIND_TCP | NET_CONNECT_TCP if version >= 4 else 0
        self.scoped = SCOPE_ABSTRACT_UNIX | SCOPE_SIGNAL if version >= 6 else 0
        self.libc = _libc()
        if version >= 6:
            attr = struct.pack("=QQQ", self.fs, self.net, self.scoped)
        elif version >= 4:
            attr = struct.pack("=QQ", self.fs, self.net)
        else:
            attr = struct.pack("=Q", self.fs)
        buf = ctypes.create_string_buffer(attr, len(attr))
        self.fd = _call(self.libc, _CREATE, buf, ctypes.c_size_t(len(attr)), ctypes.c_uint32(0))
        self.rules = 0
        self._attr = ctypes.create_string_buffer(12)     # struct landlock_path_beneath_attr (packed)
        self._fd_arg, self._rule_type, self._zero = ctypes.c_int(self.fd), ctypes.c_int(_RULE_PATH_BENEATH), \
            ctypes.c_uint32(0)

    def allow(self, path: str, access: int) -> bool:
        """Allow ``access`` beneath ``path``; False when the path does not exist."""
        try:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except OSError:
            return False
        try:
            if not stat.S_ISDIR(os.fstat(fd).st_mode):
                access &= FILE_ONLY
            access &= self.fs
            if not access:
                return False
            struct.pack_into("=Qi", self._attr, 0, access, fd)
            _call(self.libc, _ADD_RULE, self._fd_arg, self._rule_type, self._attr, self._zero)
            self.rules += 1
            return True
        finally:
            os.close(fd)

    def allow_all(self, paths: Iterable[str], access: int) -> None:
        for path in paths:
            self.allow(path, access)

    def restrict(self) -> None:
        """Apply the rules to this process and all it starts; cannot be undone."""
        _call(self.libc, _RESTRICT, ctypes.c_int(self.fd), ctypes.c_uint32(0))
        os.close(self.fd)
        self.fd = -1


def describe(version: Optional[int] = None) -> str:
    version = abi() if version is None else version
    return f"landlock ABI {version}" if version else "no landlock"
