"""A Windows Job Object for the worker: a memory cap per process, a cap on the
number of processes, and the whole tree ended at once when grading ends.

Used by :mod:`grader.spawn` on Windows only; every call that fails leaves the
worker running without that protection, and ``grade doctor`` says so.
"""
from __future__ import annotations

import ctypes
from typing import Dict, Optional

JOB_OBJECT_LIMIT_ACTIVE_PROCESS = 0x0008
JOB_OBJECT_LIMIT_PROCESS_MEMORY = 0x0100
JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION = 0x0400
JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000
JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS = 9


class BasicLimits(ctypes.Structure):
    _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64), ("PerJobUserTimeLimit", ctypes.c_int64),
                ("LimitFlags", ctypes.c_uint32), ("MinimumWorkingSetSize", ctypes.c_size_t),
                ("MaximumWorkingSetSize", ctypes.c_size_t), ("ActiveProcessLimit", ctypes.c_uint32),
                ("Affinity", ctypes.c_size_t), ("PriorityClass", ctypes.c_uint32),
                ("SchedulingClass", ctypes.c_uint32)]


class IoCounters(ctypes.Structure):
    _fields_ = [(name, ctypes.c_uint64) for name in ("ReadOperationCount", "WriteOperationCount",
                                                      "OtherOperationCount", "ReadTransferCount",
                                                      "WriteTransferCount", "OtherTransferCount")]


class ExtendedLimits(ctypes.Structure):
    _fields_ = [("BasicLimitInformation", BasicLimits), ("IoInfo", IoCounters),
                ("ProcessMemoryLimit", ctypes.c_size_t), ("JobMemoryLimit", ctypes.c_size_t),
                ("PeakProcessMemoryUsed", ctypes.c_size_t), ("PeakJobMemoryUsed", ctypes.c_size_t)]


def limits_struct(processes: int, memory_bytes: int) -> ExtendedLimits:
    info = ExtendedLimits()
    info.BasicLimitInformation.LimitFlags = (JOB_OBJECT_LIMIT_ACTIVE_PROCESS | JOB_OBJECT_LIMIT_PROCESS_MEMORY
                                             | JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION
                                             | JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE)
    info.BasicLimitInformation.ActiveProcessLimit = processes
    info.ProcessMemoryLimit = memory_bytes
    return info


class Job:
    """A job object holding the worker's process tree."""

    def __init__(self, processes: int, memory_bytes: int):
        self.handle: Optional[int] = None
        self.facts: Dict[str, str] = {}
        try:
            kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
            kernel32.CreateJobObjectW.restype = ctypes.c_void_p
            handle = kernel32.CreateJobObjectW(None, None)
            if not handle:
                return
            info = limits_struct(processes, memory_bytes)
            if not kernel32.SetInformationJobObject(ctypes.c_void_p(handle),
                                                    JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS,
                                                    ctypes.byref(info), ctypes.sizeof(info)):
                kernel32.CloseHandle(ctypes.c_void_p(handle))
                return
            self.kernel32, self.handle = kernel32, handle
            self.processes, self.memory = processes, memory_bytes
        except (AttributeError, OSError):
            self.handle = None

    def add(self, process_handle: int) -> bool:
        if self.handle is None:
            return False
        if not self.kernel32.AssignProcessToJobObject(ctypes.c_void_p(self.handle), ctypes.c_void_p(process_handle)):
            return False
        self.facts = {"processes": f"at most {self.processes - 1} (a job object)",
                      "memory": f"{self.memory >> 20} MiB per process (a job object)",
                      "containment": "job object"}
        return True

    def close(self) -> None:
        """End every process of the job, then let the job go."""
        if self.handle is None:
            return
        try:
            self.kernel32.TerminateJobObject(ctypes.c_void_p(self.handle), 1)
            self.kernel32.CloseHandle(ctypes.c_void_p(self.handle))
        finally:
            self.handle = None
