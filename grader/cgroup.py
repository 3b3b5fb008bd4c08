"""A cgroup per worker, where the grader may make one (Linux, usually as root).

The ``pids`` controller limits the worker's processes before the fact (root
ignores RLIMIT_NPROC, and a uid's limit would count every worker of a
parallel run); the ``memory`` controller caps the worker's memory in all, its
children included.  Both cgroup v1 (one hierarchy per controller) and v2
(one unified hierarchy whose root has the controller) are handled.  A worker's
cgroup is created under the grader's own, joined by the worker before it
starts any learner code (:meth:`Cgroup.join`), emptied with SIGKILL when grading ends, and kept
for the grader's next worker (:func:`take`, :func:`give_back`) until the grader exits.
"""
from __future__ import annotations

import atexit
import itertools
import os
import signal
import time
from functools import lru_cache
from typing import Dict, List, Optional

_counter = itertools.count(1)


@lru_cache(maxsize=None)
def _mounts() -> Dict[str, str]:
    """Controller -> the folder of this process's cgroup in it, for pids and memory."""
    found: Dict[str, str] = {}
    try:
        with open("/proc/self/cgroup") as fh:
            lines = fh.read().splitlines()
        with open("/proc/self/mountinfo") as fh:
            mounts = fh.read().splitlines()
    except OSError:
        return found
    mine = {}
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) == 3:
            for controller in (parts[1].split(",") if parts[1] else [""]):
                mine[controller] = parts[2]
    for line in mounts:
        fields = line.split(" - ")
        if len(fields) != 2:
            continue
        point = fields[0].split()[4]
        fstype, _source, options = (fields[1].split() + ["", ""])[:3]
        if fstype == "cgroup":
            for controller in ("pids", "memory"):
                if controller in options.split(",") and controller in mine:
                    found.setdefault(controller, point + mine[controller].rstrip("/"))
        elif fstype == "cgroup2" and "" in mine:
            try:
                with open(os.path.join(point, "cgroup.subtree_control")) as fh:
                    enabled = fh.read().split()
            except OSError:
                continue
            for controller in ("pids", "memory"):
                if controller in enabled and mine[""] == "/":
                    found.setdefault(controller, point)
    return {c: p for c, p in found.items() if os.access(p, os.W_OK)}


def _pid_alive(pid: int) -> bool:
    """Whether ``pid`` runs; a zombie (ended, its new parent has not reaped it yet) does not."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
    except (OSError, IndexError):
        return True   # no /proc (macOS): kill(pid, 0) is all there is


@lru_cache(maxsize=None)
def sweep() -> int:
    """Remove the empty cgroups a grader that was killed left behind (once per
    process); the number removed."""
    removed = 0
    for parent in set(_mounts().values()):
        try:
            names = os.listdir(parent)
        except OSError:
            continue
        for name in names:
            parts = name.split("-")
            if len(parts) == 4 and name.startswith("dl-grader-") and parts[2].isdigit() \
                    and not _pid_alive(int(parts[2])):
                try:
                    os.rmdir(os.path.join(parent, name))
                    removed += 1
                except OSError:
                    pass
    return removed


class Cgroup:
    """The worker's cgroups (one per controller, or one in v2)."""

    def __init__(self, processes: int, memory_bytes: int):
        sweep()
        self.dirs: List[str] = []
        self.facts: Dict[str, str] = {}
        name = f"dl-grader-{os.getpid()}-{next(_counter)}"
        made: Dict[str, str] = {}
        for controller, parent in _mounts().items():
            path = os.path.join(parent, name)
            try:
                if path not in made.values():
                    os.mkdir(path)
                    self.dirs.append(path)
                made[controller] = path
                if controller == "pids":
                    _write(path, "pids.max", str(processes))
                    self.facts["processes"] = f"at most {processes - 1} (cgroup pids)"
                else:
                    limit_file = "memory.limit_in_bytes" if os.path.exists(
                        os.path.join(path, "memory.limit_in_bytes")) else "memory.max"
                    _write(path, limit_file, str(memory_bytes))
                    self.facts["memory"] = f"{memory_bytes >> 20} MiB in all (cgroup memory)"
            except OSError:
                continue
        self.limits = (processes, memory_bytes)
        self.oom_base = 0

    def join(self) -> dict:
        """What the worker needs to join these cgroups itself (see grader.confine),
        which it does before it starts anything: moving a process into a cgroup
        can take milliseconds, and the worker does it while the grader gets ready."""
        return {"dirs": list(self.dirs), "facts": dict(self.facts)}

    def pids(self) -> List[int]:
        found = set()
        for path in self.dirs:
            try:
                with open(os.path.join(path, "cgroup.procs")) as fh:
                    found.update(int(x) for x in fh.read().split())
            except (OSError, ValueError):
                pass
        return sorted(found)

    def oom_kills(self) -> int:
        """How many processes the memory controller has killed in these cgroups."""
        total = 0
        for path in self.dirs:
            for name, key in (("memory.oom_control", "oom_kill"), ("memory.events", "oom_kill")):
                try:
                    with open(os.path.join(path, name)) as fh:
                        for line in fh:
                            parts = line.split()
                            if len(parts) == 2 and parts[0] == key:
                                total += int(parts[1])
                except (OSError, ValueError):
                    continue
        return total

    def oom_killed(self) -> bool:
        """Whether the memory controller killed a process of the worker (since it took these cgroups)."""
        return self.oom_kills() > self.oom_base

    def remove(self, wait: float = 2.0) -> None:
        """SIGKILL whatever is left in the cgroups, then remove them."""
        end = time.monotonic() + wait
        while self.dirs:
            for pid in self.pids():
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            for path in list(self.dirs):
                try:
                    os.rmdir(path)
                    self.dirs.remove(path)
                except OSError:
                    pass
            if not self.dirs or time.monotonic() > end:
                return
            time.sleep(0.005)


# The first process moved into a new cgroup costs about 12 ms here (the kernel
# makes a new css_set); the next ones 0.3 ms.  So a worker's cgroups, once empty,
# are kept for the next worker of this grader, and removed when it exits.
_free: List[Cgroup] = []


def take(processes: int, memory_bytes: int) -> Cgroup:
    """Cgroups for a new worker: an empty one of this grader with the same limits, or new ones."""
    for index, group in enumerate(_free):
        if group.limits == (processes, memory_bytes):
            del _free[index]
            group.oom_base = group.oom_kills()
            return group
    return Cgroup(processes, memory_bytes)


def give_back(group: Cgroup) -> None:
    """SIGKILL what is left in ``group``; keep it for the next worker once empty, else remove it."""
    end = time.monotonic() + 2.0
    while group.pids() and time.monotonic() < end:
        for pid in group.pids():
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.002)
    if group.dirs and not group.pids() and len(_free) < 64:
        _free.append(group)
    else:
        group.remove()


@atexit.register
def _remove_free() -> None:
    while _free:
        _free.pop().remove(wait=0.5)


def _write(folder: str, name: str, text: str) -> None:
    with open(os.path.join(folder, name), "w") as fh:
        fh.write(text)


def available(off: Optional[List[str]] = None) -> List[str]:
    """The controllers a worker cgroup can use here."""
    if off and "cgroup" in off:
        return []
    return sorted(_mounts())
