"""The worker confines itself before any learner code runs.

Started by :mod:`grader.spawn`, the worker process (the *supervisor*) reads its
setup, enters new namespaces where the platform allows (user, PID, network,
mount, IPC), then forks the process that will run the learner's code.  That
child is PID 1 of its own PID namespace, so when it ends every process the
learner started ends with it; the supervisor waits for it, ends it when the
grader goes away (the *lifeline* pipe closes), and is never visible to it.

The child then, in this order: mounts a private /proc, a size-capped tmpfs as
its scratch folder and empty folders over private files inside the readable
trees; sets the resource limits; restricts itself with Landlock to reading
Python, its packages and its own copies and writing only its scratch folder;
installs a seccomp filter; drops every capability.  What took effect is
returned as *facts* (see :mod:`grader.protections`), and nothing is claimed
that did not.

Standard library only, and nothing here trusts the learner: it all happens
before the learner's file is read.
"""
from __future__ import annotations

import os
import select
import signal
import sys
from typing import Dict, List

from grader import landlock, syscalls

MiB = 1024 * 1024
LINUX = sys.platform.startswith("linux")


def _write(path: str, text: str) -> None:
    with open(path, "w") as fh:
        fh.write(text)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _join_cgroup(cgroup, facts: Dict) -> None:
    """Move this process into the cgroups the grader made for it (before it forks)."""
    if not cgroup:
        return
    try:
        for folder in cgroup["dirs"]:
            _write(os.path.join(folder, "cgroup.procs"), str(os.getpid()))
    except OSError as exc:
        facts["notes"].append(f"cgroup: {exc.strerror}")
        return
    for key, text in cgroup["facts"].items():
        facts[key].append(text)


def enter_namespaces(facts: Dict, off: List[str]) -> Dict[str, bool]:
    """unshare() into new user, PID, network, mount and IPC namespaces; which took."""
    got = {"user": False, "pid": False, "net": False, "mount": False, "outer_uid": os.getuid() if LINUX else -1}
    if not LINUX or "namespaces" in off:
        return got
    uid, gid = os.getuid(), os.getgid()
    flags = syscalls.CLONE_NEWPID | syscalls.CLONE_NEWNET | syscalls.CLONE_NEWNS | syscalls.CLONE_NEWIPC
    try:
        syscalls.unshare(syscalls.CLONE_NEWUSER | flags)
        got["user"] = True
    except OSError as exc:
        facts["notes"].append(f"user namespace: {exc.strerror}")
        if uid != 0:
            return got
        try:   # root can have the other namespaces without a user namespace
            syscalls.unshare(flags)
        except OSError as exc2:
            facts["notes"].append(f"namespaces: {exc2.strerror}")
            return got
    if got["user"]:
        try:
            _write("/proc/self/setgroups", "deny")
            _write("/proc/self/uid_map", f"65534 {uid} 1")
            _write("/proc/self/gid_map", f"65534 {gid} 1")
        except OSError as exc:
            facts["notes"].append(f"user namespace ids: {exc.strerror}")
    got.update(pid=True, net=True, mount=True)
    return got


def supervise(child: int, lifeline: int, scan: bool) -> None:
    """The supervisor's life: wait for the child; end it if the grader goes away;
    exit as the child did.  Orphans of the child, where there is no PID
    namespace, come here (a subreaper) and are ended too."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):   # the protocol pipes and stderr belong to the child alone
        os.dup2(null, fd)
    os.close(null)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    status = None
    while status is None:
        try:
            ready, _, _ = select.select([lifeline, wake_r], [], [], 1.0)
        except InterruptedError:
            ready = []
        if wake_r in ready:
            os.read(wake_r, 512)
        if lifeline in ready and not os.read(lifeline, 512):
            _kill_children(child, scan)
        try:
            pid, code = os.waitpid(child, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == child:
            status = code
    _kill_children(child, scan)
    if status is not None and os.WIFSIGNALED(status):
        signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
        os.kill(os.getpid(), os.WTERMSIG(status))
    os._exit(os.WEXITSTATUS(status) if status is not None and os.WIFEXITED(status) else 1)


def _kill_children(child: int, scan: bool) -> None:
    """SIGKILL the child and, with ``scan`` (no PID namespace to do it), every
    other child of this process, until there is none."""
    try:
        os.kill(child, signal.SIGKILL)
    except OSError:
        pass
    me = os.getpid()
    for _ in range(50 if scan else 0):
        kids = []
        try:
            for entry in os.listdir("/proc"):
                if entry.isdigit():
                    try:
                        with open(f"/proc/{entry}/stat", "rb") as fh:
                            if int(fh.read().rsplit(b")", 1)[1].split()[1]) == me:
                                kids.append(int(entry))
                    except (OSError, ValueError, IndexError):
                        continue
        except OSError:
            return
        if not kids:
            return
        for pid in kids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        for pid in kids:
            try:
                os.waitpid(pid, 0)
            except OSError:
                pass


def _mounts(setup: Dict, facts: Dict, ns: Dict) -> List[str]:
    """Private mounts in the child; the hidden paths that are now masked."""
    masked: List[str] = []
    if not ns["mount"]:
        return masked
    try:
        syscalls.mount(None, "/", None, syscalls.MS_REC | syscalls.MS_PRIVATE)
    except OSError as exc:
        facts["notes"].append(str(exc))
        ns["mount"] = False
        return masked
    limits = setup["limits"]
    try:
        syscalls.mount("tmpfs", setup["scratch"], "tmpfs", syscalls.MS_NOSUID | syscalls.MS_NODEV,
                       f"size={limits['files_mb']}m,nr_inodes=16384,mode=0700")
        facts["files"].append(f"{limits['files_mb']} MiB in all (a private tmpfs scratch folder)")
    except OSError as exc:
        facts["notes"].append(str(exc))
    if ns["pid"]:
        try:
            syscalls.mount("proc", "/proc", "proc", syscalls.MS_NOSUID | syscalls.MS_NODEV | syscalls.MS_NOEXEC)
            ns["proc"] = True
        except OSError as exc:
            facts["notes"].append(str(exc))
    if os.path.isdir("/dev/shm"):
        try:   # a private /dev/shm: multiprocessing's semaphores work, and nothing reaches the host's
            syscalls.mount("tmpfs", "/dev/shm", "tmpfs", syscalls.MS_NOSUID | syscalls.MS_NODEV | syscalls.MS_NOEXEC,
                           f"size={limits['files_mb']}m,nr_inodes=1024,mode=1777")
            ns["shm"] = True
        except OSError as exc:
            facts["notes"].append(str(exc))
    for path in setup["hide"]:
        if not any(_inside(path, root) and path != root for root in setup["read"]):
            continue   # not inside anything readable: Landlock alone keeps it out
        try:
            if os.path.isdir(path):
                syscalls.mount("tmpfs", path, "tmpfs", syscalls.MS_RDONLY | syscalls.MS_NOSUID | syscalls.MS_NODEV,
                               "size=4k,nr_inodes=1,mode=0555")
            elif os.path.exists(path):
                syscalls.mount("/dev/null", path, None, syscalls.MS_BIND)
            masked.append(path)
        except OSError as exc:
            facts["notes"].append(str(exc))
    return masked


def _rlimits(setup: Dict, facts: Dict, ns: Dict) -> None:
    import resource

    limits = setup["limits"]

    def cap(which, value) -> bool:
        try:
            resource.setrlimit(which, (value, value))
            return True
        except (ValueError, OSError):
            return False

    if cap(resource.RLIMIT_DATA, limits["memory_mb"] * MiB):
        facts["memory"].insert(0, f"{limits['memory_mb']} MiB per process (RLIMIT_DATA)")
    if cap(resource.RLIMIT_FSIZE, limits["files_mb"] * MiB):
        facts["files"].append(f"{limits['files_mb']} MiB per file (RLIMIT_FSIZE)")
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # a write past it fails with EFBIG instead
    cap(resource.RLIMIT_CORE, 0)
    cap(resource.RLIMIT_CPU, int(limits["cpu_s"]))
    if ns["user"] and ns["outer_uid"] != 0:
        if cap(resource.RLIMIT_NPROC, limits["processes"] + 1):
            facts["processes"].append(f"at most {limits['processes']} (RLIMIT_NPROC of a user namespace)")
    elif LINUX and ns["outer_uid"] > 0:
        # the uid's count is shared with everything else the user runs: allow that many more
        running = tasks_of(ns["outer_uid"])
        if running and cap(resource.RLIMIT_NPROC, running + limits["processes"] + 1):
            facts["processes"].append(f"at most {limits['processes']} more than this user already runs "
                                      "(RLIMIT_NPROC, shared by the user's processes)")


def tasks_of(uid: int) -> int:
    """Processes and threads whose real uid is ``uid`` (what RLIMIT_NPROC counts); 0 when unknown."""
    count = 0
    try:
        entries = os.listdir("/proc")
    except OSError:
        return 0
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", "rb") as fh:
                fields = dict(line.split(b":", 1) for line in fh.read().splitlines() if b":" in line)
            if int(fields[b"Uid"].split()[0]) == uid:
                count += int(fields[b"Threads"].strip())
        except (OSError, KeyError, ValueError, IndexError):
            continue
    return count


def _view(setup: Dict, facts: Dict, masked: List[str], ns: Dict) -> None:
    """Landlock: read Python, its packages and the runtime copy; write the scratch folder."""
    version = landlock.abi() if "landlock" not in setup["off"] else 0
    if not version:
        return
    hidden = [h for h in setup["hide"] if h not in masked]
    rules = landlock.Ruleset(version)
    for root in setup["read"]:
        _allow_except(rules, root, hidden)
    rules.allow(setup["runtime"], landlock.READ)
    rules.allow(setup["scratch"], rules.fs)
    if ns.get("shm"):
        rules.allow("/dev/shm", rules.fs)
    rules.allow("/dev/null", landlock.READ_FILE | landlock.WRITE_FILE)
    rules.allow_all(("/dev/zero", "/dev/urandom", "/dev/random", "/sys/devices/system/cpu", "/etc/localtime",
                     "/etc/ld.so.cache", "/usr/share/zoneinfo"), landlock.READ)
    rules.allow("/proc" if ns.get("proc") else os.path.realpath("/proc/self"),
                landlock.READ_FILE | landlock.READ_DIR)
    rules.restrict()
    facts["filesystem"] = f"landlock ABI {version} ({rules.rules} rules)"
    if rules.net:
        facts["network"].append("landlock TCP")
    if rules.scoped:
        facts["signals"].append("landlock scope")


def _allow_except(rules, path: str, hidden: List[str]) -> None:
    """Allow reading ``path`` but not the hidden paths inside it: the folders on
    the way may be listed, everything beside them read.  A link into or around
    a hidden path is left out."""
    inside = [h for h in hidden if _inside(h, path)]
    if not inside:
        rules.allow(path, landlock.READ)
        return
    if path in inside or not os.path.isdir(path):
        return
    rules.allow(path, landlock.READ_DIR)
    try:
        entries = list(os.scandir(path))
    except OSError:
        return
    for entry in entries:
        if not entry.is_symlink():
            if any(_inside(h, entry.path) for h in inside):
                _allow_except(rules, entry.path, hidden)
            else:
                rules.allow(entry.path, landlock.READ)
            continue
        real = os.path.realpath(entry.path)
        if not any(_inside(real, h) or _inside(h, real) for h in hidden):
            rules.allow(real, landlock.READ)


def _ancestors(pid: int, most: int = 32) -> List[int]:
    """The parent of ``pid``, its parent, and so on up to (not including) pid 1 (Linux /proc)."""
    found: List[int] = []
    while pid > 1 and len(found) < most:
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                pid = int(fh.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
        if pid > 1:
            found.append(pid)
    return found


def _protected_pids(setup: Dict) -> List[int]:
    """The grader, the fork server, the supervisor and every other ancestor (the
    class run, the shell that started it), their process groups (as negative
    pids), and -1."""
    pids = [setup.get("grader_pid"), setup.get("zygote_pid"), os.getppid(), *_ancestors(os.getppid())]
    found = [-1]
    for pid in pids:
        if isinstance(pid, int) and pid > 1:
            found.append(pid)
            try:
                found.append(-os.getpgid(pid))
            except OSError:
                pass
    return sorted(set(found))


def confine(setup: Dict) -> Dict:
    """Run in the worker process first thing; returns in the child that runs the
    learner's code (the supervisor never returns) with the facts."""
    off = setup.get("off", [])
    facts: Dict = {"notes": [], "network": [], "signals": [], "memory": [], "processes": [], "files": [],
                   "containment": "process group"}
    if os.name == "posix":
        import resource

        try:   # no core files, from the supervisor either
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        except (ValueError, OSError):
            pass
    _join_cgroup(setup.get("cgroup"), facts)
    ns = enter_namespaces(facts, off)
    if LINUX and not ns["pid"]:
        try:
            syscalls.prctl(syscalls.PR_SET_CHILD_SUBREAPER, 1)
            facts["containment"] = "subreaper"
        except OSError:
            pass
    lifeline = setup.get("lifeline_fd", -1)
    if os.name == "posix":   # macOS too: the supervisor ends the child when the grader goes away
        child = os.fork()
        if child:
            supervise(child, lifeline, scan=LINUX and not ns["pid"])
        if LINUX:
            syscalls.prctl(syscalls.PR_SET_PDEATHSIG, signal.SIGKILL)
        if lifeline >= 0:
            os.close(lifeline)
    if ns["pid"]:
        facts["containment"] = "pid namespace"
        facts["signals"].append("pid namespace")
    if ns["net"]:
        facts["network"].append("network namespace")
    if ns["user"]:
        facts["user"] = "nobody (a user namespace)"
    masked = _mounts(setup, facts, ns)
    if os.name == "posix":
        _rlimits(setup, facts, ns)
    if LINUX:
        try:
            syscalls.prctl(syscalls.PR_SET_NO_NEW_PRIVS, 1)
        except OSError as exc:
            facts["notes"].append(str(exc))
        try:
            _view(setup, facts, masked, ns)
        except OSError as exc:
            facts["notes"].append(f"landlock: {exc}")
        if "seccomp" not in off:
            # without a PID namespace the grader is in reach by pid: refuse signals to it
            protect = [] if ns["pid"] else _protected_pids(setup)
            try:
                count = syscalls.install_seccomp(protect)
                facts["syscalls"] = f"seccomp: {count} calls refused"
                facts["network"].append("no new sockets")
                if protect:
                    facts["signals"].append("seccomp: none to the grader")
            except OSError as exc:
                facts["notes"].append(str(exc))
        try:
            syscalls.drop_capabilities()
        except OSError as exc:
            facts["notes"].append(str(exc))
    os.chdir(setup["scratch"])
    return facts
