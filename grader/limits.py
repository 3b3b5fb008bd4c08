"""The limits of one submission: time, and what its worker may use.

Each has a default and an environment variable to change it:

==================  ======================  =======
limit               variable                default
==================  ======================  =======
one call            GRADER_CALL_TIMEOUT     5 s
the import          GRADER_LOAD_TIMEOUT     10 s
whole submission    GRADER_BUDGET           24 s
memory              GRADER_MEMORY_MB        2048 MiB
processes           GRADER_MAX_PROCESSES    32
files written       GRADER_FILES_MB         64 MiB
==================  ======================  =======

``GRADER_SANDBOX_OFF`` (a comma list of ``namespaces``, ``landlock``,
``seccomp``, ``cgroup``) turns protections off, to test how the grader
degrades where a platform lacks them; ``grade doctor`` and every report say
what was active.  ``fork`` in that list starts every worker of a class run as
a fresh process instead of forking it from the fork server (grader.forkserver).
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import List

OFF_NAMES = ("namespaces", "landlock", "seccomp", "cgroup", "fork")


@dataclass
class Limits:
    call: float = 5.0       # seconds for one call
    load: float = 10.0      # seconds to start the worker and import the file
    budget: float = 24.0    # seconds for the whole submission
    reply_bytes: int = 32 * 1024 * 1024
    memory_mb: int = 2048
    processes: int = 32
    files_mb: int = 64
    off: List[str] = field(default_factory=list)

    @property
    def cpu_s(self) -> int:
        """CPU seconds: a backstop past the budget for anything left spinning."""
        return int(self.budget * 2 + 10)

    @classmethod
    def from_env(cls) -> "Limits":
        limits = cls()
        for name, var, low in (("call", "GRADER_CALL_TIMEOUT", 0.1), ("load", "GRADER_LOAD_TIMEOUT", 0.1),
                               ("budget", "GRADER_BUDGET", 0.1), ("memory_mb", "GRADER_MEMORY_MB", 64),
                               ("processes", "GRADER_MAX_PROCESSES", 2), ("files_mb", "GRADER_FILES_MB", 1)):
            value = os.environ.get(var)
            if not value:
                continue
            try:
                number = max(low, float(value))
            except ValueError:
                continue
            if not math.isfinite(number):
                continue
            setattr(limits, name, type(getattr(cls, name))(number))
        off = os.environ.get("GRADER_SANDBOX_OFF", "")
        limits.off = [word.strip() for word in off.split(",") if word.strip() in OFF_NAMES]
        return limits

    def for_worker(self) -> dict:
        return {"memory_mb": self.memory_mb, "processes": self.processes, "files_mb": self.files_mb,
                "cpu_s": self.cpu_s}
