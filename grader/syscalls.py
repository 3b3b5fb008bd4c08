"""The Linux calls the worker confines itself with, through ctypes: namespaces,
mounts, prctl, capabilities and a seccomp filter.

Standard library only: this runs in the worker before anything else is
imported.  Every function raises OSError when the kernel refuses.
"""
from __future__ import annotations

import ctypes
import os
import platform
import struct

CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWUSER = 0x00020000, 0x08000000, 0x10000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_BIND, MS_REC, MS_PRIVATE = 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_SET_SECCOMP = 1, 24, 22
PR_SET_CHILD_SUBREAPER, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT = 36, 38, 47
PR_CAP_AMBIENT_CLEAR_ALL = 4
SECCOMP_MODE_FILTER = 2

_libc = None


def libc():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    return _libc


def _check(result: int, what: str) -> int:
    if result < 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")
    return result


def unshare(flags: int) -> None:
    _check(libc().unshare(ctypes.c_int(flags)), "unshare")


def mount(source, target: str, fstype, flags: int, data=None) -> None:
    enc = (lambda s: s.encode() if isinstance(s, str) else s)
    _check(libc().mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)), f"mount {target}")


def prctl(option: int, arg2: int = 0, arg3=None) -> int:
    arg3 = ctypes.c_ulong(0) if arg3 is None else arg3
    return _check(libc().prctl(ctypes.c_int(option), ctypes.c_ulong(arg2), arg3, ctypes.c_ulong(0),
                               ctypes.c_ulong(0)), f"prctl {option}")


# -- capabilities --------------------------------------------------------------
_CAPSET = {"x86_64": 126, "aarch64": 91}


def drop_capabilities() -> None:
    """Empty the bounding, ambient, permitted, effective and inheritable sets."""
    for cap in range(64):
        try:
            prctl(PR_CAPBSET_DROP, cap)
        except OSError:
            break   # past the last capability the kernel knows
    try:
        prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, ctypes.c_ulong(0))
    except OSError:
        pass
    number = _CAPSET.get(platform.machine())
    if number is None:
        raise OSError(0, "capset: unknown architecture")
    header = ctypes.create_string_buffer(struct.pack("=Ii", 0x20080522, 0), 8)   # _LINUX_CAPABILITY_VERSION_3
    data = ctypes.create_string_buffer(bytes(24), 24)
    _check(libc().syscall(ctypes.c_long(number), header, data), "capset")


# -- seccomp ---------------------------------------------------------------------
# Calls learner code never needs and that reach past the sandbox: new sockets
# (a UNIX socket path of a local service, or any network), other processes'
# memory, kernel keyrings, io_uring (which can open sockets on its own), BPF,
# perf, new namespaces and mounts, kernel modules.
_DENIED = {
    "x86_64": (0xC000003E, [41, 101, 310, 311, 248, 249, 250, 321, 298, 323, 425, 426, 427, 272, 308, 165, 166,
                            155, 161, 303, 304, 312, 246, 320, 175, 313, 176, 172, 173, 167, 168, 169, 103, 163,
                            179, 428, 429, 430, 431, 432, 433, 442]),
    "aarch64": (0xC00000B7, [198, 117, 270, 271, 217, 218, 219, 280, 241, 282, 425, 426, 427, 97, 268, 40, 39, 41,
                             51, 264, 265, 272, 104, 294, 105, 273, 106, 224, 225, 142, 116, 89, 60, 428, 429,
                             430, 431, 432, 433, 442]),
}
_LD_W_ABS, _JEQ_K, _JGE_K, _RET_K = 0x20, 0x15, 0x35, 0x06
_ALLOW, _ERRNO = 0x7FFF0000, 0x00050000
_EPERM = 1


def _op(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("=HBBI", code, jt, jf, k)


# Calls that name a process by its pid in their first argument: refused for the
# protected pids (the grader, the supervisor, their process groups, -1 for
# "every process") where no PID namespace hides them and Landlock cannot scope signals.
_BY_PID = {"x86_64": [62, 200, 234, 129, 297, 434], "aarch64": [129, 130, 131, 138, 240, 434]}


def seccomp_program(machine: str, protect=()) -> bytes:
    """The BPF filter for ``machine``: EPERM for the denied calls, for another
    architecture's calls and for x32 calls, and for a signal (kill, tgkill, ...,
    pidfd_open) to one of the ``protect`` pids; everything else allowed."""
    arch, numbers = _DENIED[machine]
    code = [(_LD_W_ABS, None, None, 4),                     # the architecture
            (_JEQ_K, None, "deny", arch),
            (_LD_W_ABS, None, None, 0)]                     # the call's number
    if machine == "x86_64":
        code.append((_JGE_K, "deny", None, 0x40000000))     # x32 calls
    code += [(_JEQ_K, "deny", None, n) for n in numbers]
    if protect:
        code += [(_JEQ_K, "by-pid", None, n) for n in _BY_PID[machine]]
    code.append((_RET_K, None, None, _ALLOW))
    labels = {}
    if protect:
        labels["by-pid"] = len(code)
        code.append((_LD_W_ABS, None, None, 16))           # the low half of the first argument
        code += [(_JEQ_K, "deny", None, pid & 0xFFFFFFFF) for pid in protect]
        code.append((_RET_K, None, None, _ALLOW))
    labels["deny"] = len(code)
    code.append((_RET_K, None, None, _ERRNO | _EPERM))
    out = []
    for index, (op, jt, jf, k) in enumerate(code):
        hop = [0 if label is None else labels[label] - index - 1 for label in (jt, jf)]
        out.append(_op(op, hop[0], hop[1], k))
    return b"".join(out)


def install_seccomp(protect=()) -> int:
    """Install the filter on this process (needs no_new_privs); the number of denied calls."""
    machine = platform.machine()
    if machine not in _DENIED:
        raise OSError(0, f"seccomp: no filter for {machine}")
    code = seccomp_program(machine, protect)
    filters = ctypes.create_string_buffer(code, len(code))
    prog = struct.pack("HP", len(code) // 8, ctypes.addressof(filters))   # struct sock_fprog
    buf = ctypes.create_string_buffer(prog, len(prog))
    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.cast(buf, ctypes.c_void_p))
    return len(_DENIED[machine][1])
