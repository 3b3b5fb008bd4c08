"""Unit tests of the sandbox's parts: message framing, the value encoding, the
limits, the protection facts, the seccomp filter, the Windows job structures,
clip(), the worker's view of the file system and Landlock (in a forked child)."""
from __future__ import annotations

import base64
import ctypes
import io
import json
import os
import struct
import sys
import tempfile
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

import grader
from grader import frames, i18n, landlock, protections, syscalls, view, winjob, wire
from grader.frames import WireError
from grader.limits import Limits
from grader.sandbox import clip

ROOT = Path(__file__).resolve().parents[1]


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


# -- frames ------------------------------------------------------------------------

DEEP = b"[" * 100000 + b"]" * 100000


@pytest.mark.parametrize("body", [b'{"a":' + DEEP + b"}", DEEP, b'{"a":' + b'{"b":' * 50000 + b"1" + b"}" * 50001],
                         ids=["array-in-object", "top-level-array", "objects"])
def test_deep_nesting_is_a_wire_error_not_a_recursion_error(body):
    with pytest.raises(WireError):
        frames.parse_body(body)


@pytest.mark.parametrize("literal", [b"7" * 10000, b"-" + b"7" * 10000, b"1." + b"5" * 10000, b"1e" + b"9" * 10000])
def test_a_number_of_ten_thousand_digits_is_refused(literal):
    with pytest.raises(WireError, match="digits"):
        frames.parse_body(b'{"n":' + literal + b"}")


def test_ordinary_numbers_and_strings_parse():
    assert frames.parse_body('{"i":-12,"f":1.5,"s":"h\u00e9","l":[true,null]}'.encode()) == \
        {"i": -12, "f": 1.5, "s": "h\u00e9", "l": [True, None]}
    assert frames.parse_body(b'{"n":' + b"9" * frames.MAX_NUMBER_DIGITS + b"}")["n"] == int("9" * 400)


@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity", b"1e999", b"-1e999"])
def test_nan_and_infinity_constants_are_refused(constant):
    with pytest.raises(WireError):
        frames.parse_body(b'{"x":' + constant + b"}")


@pytest.mark.parametrize("body", [b"[1,2]", b"1", b'"text"', b"null", b"true"])
def test_a_body_that_is_not_an_object_is_refused(body):
    with pytest.raises(WireError, match="not an object"):
        frames.parse_body(body)


@pytest.mark.parametrize("body", [b'{"a":"\xff"}', b'{"a":"\xc3"}', b"\xfe\xff{}"])
def test_invalid_utf8_is_refused(body):
    with pytest.raises(WireError):
        frames.parse_body(body)


def test_malformed_json_is_refused():
    with pytest.raises(WireError):
        frames.parse_body(b'{"a":')


def test_decoder_joins_a_message_fed_byte_by_byte():
    message = {"a": [1, 2, 3], "s": "h\u00e9llo", "d": {"x": None}}
    data = frames.encode_message(message)
    decoder = frames.Decoder(limit=1 << 20)
    outputs = [decoder.feed(data[i:i + 1]) for i in range(len(data))]
    assert all(out == [] for out in outputs[:-1])
    assert outputs[-1] == [message]
    assert decoder.feed(b"") == []
    assert len(decoder.buffer) == 0


def test_decoder_gives_two_messages_of_one_chunk_in_order():
    first, second = {"n": 1}, {"n": 2, "t": "two"}
    decoder = frames.Decoder(limit=1 << 20)
    assert decoder.feed(frames.encode_message(first) + frames.encode_message(second)) == [first, second]


def test_decoder_keeps_a_partial_second_message_for_later():
    first, second = {"n": 1}, {"n": 2}
    data = frames.encode_message(first) + frames.encode_message(second)
    decoder = frames.Decoder(limit=1 << 20)
    assert decoder.feed(data[:-3]) == [first]
    assert decoder.feed(data[-3:]) == [second]


def test_decoder_refuses_an_oversized_header_before_the_body():
    decoder = frames.Decoder(limit=100)
    assert decoder.feed(struct.pack(">I", 101)[:2]) == []
    with pytest.raises(WireError, match="limit"):
        decoder.feed(struct.pack(">I", 101)[2:])


def test_decoder_accepts_a_message_of_exactly_the_limit():
    message = {"s": "x" * 50}
    data = frames.encode_message(message)
    assert frames.Decoder(limit=len(data) - 4).feed(data) == [message]


def test_encode_and_read_message_round_trip():
    messages = [{"op": "call", "args": [1, 2.5, "s", None, True]}, {"empty": {}}]
    stream = io.BytesIO()
    for message in messages:
        frames.write_message(stream, message)
    stream.seek(0)
    assert frames.read_message(stream, 1 << 20) == messages[0]
    assert frames.read_message(stream, 1 << 20) == messages[1]
    assert frames.read_message(stream, 1 << 20) is None


def test_read_message_refuses_over_the_limit_and_a_cut_body():
    data = frames.encode_message({"s": "x" * 100})
    with pytest.raises(WireError):
        frames.read_message(io.BytesIO(data), 10)
    assert frames.read_message(io.BytesIO(data[:-1]), 1 << 20) is None


def test_encode_message_refuses_nan():
    with pytest.raises(ValueError):
        frames.encode_message({"x": float("nan")})


# -- wire --------------------------------------------------------------------------

def _nd(dtype, shape, data):
    return wire.decode({"__nd__": [dtype, shape, data]})


def _b64(nbytes: int) -> str:
    return base64.b64encode(bytes(nbytes)).decode("ascii")


@pytest.mark.parametrize("shape", [[2 ** 40, 2 ** 40], [2 ** 20] * 4, [2 ** 28, 2 ** 28, 0 + 1]],
                         ids=["huge-dims", "huge-product", "just-past"])
def test_a_huge_shape_is_refused_without_allocating(shape):
    tracemalloc.start()
    try:
        with pytest.raises(WireError):
            _nd("<f8", shape, "")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20


def test_too_many_dimensions_are_refused():
    with pytest.raises(WireError):
        _nd("<f8", [1] * (wire.MAX_NDIM + 1), _b64(8))
    assert _nd("<f8", [1] * wire.MAX_NDIM, _b64(8)).ndim == wire.MAX_NDIM


@pytest.mark.parametrize("shape", [[-1, 3], [3, -1], [True, 3], [2.0, 3], ["2", 3]],
                         ids=["negative", "negative-last", "bool", "float", "str"])
def test_a_dimension_that_is_not_a_natural_int_is_refused(shape):
    with pytest.raises(WireError):
        _nd("<f8", shape, _b64(8 * 3))      # data for a (1, 3) array: only the shape is wrong


@pytest.mark.parametrize("dtype", ["<U4", "|O", "|V8", "<c16", "<M8", "f8,f8", "", 8, None,
                                   "<f1", "f1", "<b2", "<b8", "<f16"])
def test_a_dtype_that_is_not_numeric_is_refused(dtype):
    with pytest.raises(WireError):
        _nd(dtype, [2], _b64(16))


@pytest.mark.parametrize("data", [_b64(48)[:-4], _b64(48) + "AAAA", _b64(47), _b64(49)],
                         ids=["short", "long", "one-byte-short", "one-byte-long"])
def test_base64_whose_length_does_not_match_is_refused(data):
    with pytest.raises(WireError, match="match"):
        _nd("<f8", [2, 3], data)


@pytest.mark.parametrize("data", ["*" * 64, "A" * 63 + "\u00e9", "A=" * 32], ids=["stars", "non-ascii", "padding"])
def test_invalid_base64_of_the_right_length_is_refused(data):
    assert len(data) == len(_b64(48))
    with pytest.raises(WireError):
        _nd("<f8", [2, 3], data)


@pytest.mark.parametrize("spec", [["<f8", [1]], "x", None, ["<f8", [1], _b64(8), "extra"], ["<f8", [1], 8]])
def test_a_malformed_array_spec_is_refused(spec):
    with pytest.raises(WireError):
        wire.decode({"__nd__": spec})


def test_a_right_float64_array_is_accepted():
    expected = np.arange(6.0).reshape(2, 3) - 2.5
    got = _nd("<f8", [2, 3], base64.b64encode(expected.astype("<f8").tobytes()).decode("ascii"))
    assert got.dtype == np.float64 and got.shape == (2, 3)
    np.testing.assert_array_equal(got, expected)
    assert got.flags.writeable


def test_a_big_endian_array_keeps_its_values():
    expected = np.array([1.5, -2.0], dtype=">f4")
    got = _nd(">f4", [2], base64.b64encode(expected.tobytes()).decode("ascii"))
    np.testing.assert_array_equal(got, [1.5, -2.0])


def test_an_empty_array_is_accepted():
    got = _nd("<f8", [0, 5], "")
    assert got.shape == (0, 5) and got.dtype == np.float64


def test_round_trip_of_nested_tuples_dicts_and_lists():
    value = {"a": (1, [2.5, {"b": (None, "s", -3)}]), "c": [(), {}, []], "t": (np.arange(3), True),
             "d": {"e": {"f": ((1,), [(2,)])}}}
    back = wire.copy_plain(value)
    assert type(back["a"]) is tuple and type(back["a"][1]) is list and type(back["a"][1][1]["b"]) is tuple
    assert back["a"][1][1]["b"] == (None, "s", -3)
    assert back["c"] == [(), {}, []] and type(back["c"][0]) is tuple and type(back["c"][1]) is dict
    assert back["d"] == {"e": {"f": ((1,), [(2,)])}} and type(back["d"]["e"]["f"][1][0]) is tuple
    assert type(back["t"]) is tuple and back["t"][1] is True
    np.testing.assert_array_equal(back["t"][0], np.arange(3))
    assert back["t"][0] is not value["t"][0]


# -- limits ------------------------------------------------------------------------

VARS = ("GRADER_CALL_TIMEOUT", "GRADER_LOAD_TIMEOUT", "GRADER_BUDGET", "GRADER_MEMORY_MB",
        "GRADER_MAX_PROCESSES", "GRADER_FILES_MB", "GRADER_SANDBOX_OFF")
DEFAULTS = {"call": 5.0, "load": 10.0, "budget": 24.0, "memory_mb": 2048, "processes": 32, "files_mb": 64}


@pytest.fixture
def clean_env(monkeypatch):
    for var in VARS:
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


def _fields(limits: Limits) -> dict:
    return {name: getattr(limits, name) for name in DEFAULTS}


def test_limit_defaults(clean_env):
    limits = Limits.from_env()
    assert _fields(limits) == DEFAULTS
    assert limits.off == []
    assert _fields(Limits()) == DEFAULTS


@pytest.mark.parametrize("var, name, text, value", [
    ("GRADER_CALL_TIMEOUT", "call", "7.5", 7.5), ("GRADER_LOAD_TIMEOUT", "load", "3", 3.0),
    ("GRADER_BUDGET", "budget", "60", 60.0), ("GRADER_MEMORY_MB", "memory_mb", "512", 512),
    ("GRADER_MAX_PROCESSES", "processes", "8", 8), ("GRADER_FILES_MB", "files_mb", "16.9", 16)])
def test_each_variable_changes_its_own_field(clean_env, var, name, text, value):
    clean_env.setenv(var, text)
    fields = _fields(Limits.from_env())
    assert fields[name] == value and type(fields[name]) is type(DEFAULTS[name])
    assert {k: v for k, v in fields.items() if k != name} == {k: v for k, v in DEFAULTS.items() if k != name}


@pytest.mark.parametrize("var", VARS[:-1])
@pytest.mark.parametrize("text", ["lots", "", "5s", "0x10"])
def test_a_value_that_is_not_a_number_is_ignored(clean_env, var, text):
    clean_env.setenv(var, text)
    assert _fields(Limits.from_env()) == DEFAULTS


@pytest.mark.parametrize("var", VARS[:-1])
@pytest.mark.parametrize("text", ["inf", "1e400"])
def test_an_infinite_value_is_ignored(clean_env, var, text):
    clean_env.setenv(var, text)
    limits = Limits.from_env()
    assert _fields(limits) == DEFAULTS
    assert isinstance(limits.cpu_s, int)


@pytest.mark.parametrize("var, name, text, floor", [
    ("GRADER_CALL_TIMEOUT", "call", "0", 0.1), ("GRADER_LOAD_TIMEOUT", "load", "-5", 0.1),
    ("GRADER_BUDGET", "budget", "0.01", 0.1), ("GRADER_MEMORY_MB", "memory_mb", "1", 64),
    ("GRADER_MAX_PROCESSES", "processes", "0", 2), ("GRADER_FILES_MB", "files_mb", "-1", 1)])
def test_a_value_below_the_floor_is_raised_to_it(clean_env, var, name, text, floor):
    clean_env.setenv(var, text)
    assert getattr(Limits.from_env(), name) == floor


def test_sandbox_off_keeps_known_names_only(clean_env):
    clean_env.setenv("GRADER_SANDBOX_OFF", "landlock, bogus,cgroup")
    assert Limits.from_env().off == ["landlock", "cgroup"]
    clean_env.setenv("GRADER_SANDBOX_OFF", " namespaces ,seccomp,,")
    assert Limits.from_env().off == ["namespaces", "seccomp"]


@pytest.mark.parametrize("budget", [None, "0.1", "100", "1000.5"])
def test_cpu_seconds_are_above_the_budget(clean_env, budget):
    if budget is not None:
        clean_env.setenv("GRADER_BUDGET", budget)
    limits = Limits.from_env()
    assert isinstance(limits.cpu_s, int) and limits.cpu_s > limits.budget
    assert limits.for_worker()["cpu_s"] == limits.cpu_s


# -- protections -------------------------------------------------------------------

def _worker_facts(**changes) -> dict:
    """Facts shaped like grader.confine.confine()'s, with every protection present."""
    facts = {"notes": ["cgroup: Permission denied"], "network": ["network namespace", "landlock TCP", "no new sockets"],
             "signals": ["pid namespace", "landlock scope"], "memory": ["2048 MiB per process (RLIMIT_DATA)"],
             "processes": ["at most 32 (RLIMIT_NPROC of a user namespace)"],
             "files": ["64 MiB in all (a private tmpfs scratch folder)", "64 MiB per file (RLIMIT_FSIZE)"],
             "containment": "pid namespace", "user": "nobody (a user namespace)",
             "filesystem": "landlock ABI 7 (40 rules)", "syscalls": "seccomp: 42 calls refused"}
    for key, value in changes.items():
        if value is None:
            facts.pop(key, None)
        else:
            facts[key] = value
    return facts


GRADER_FACTS = {"environment": "allow-list", "scratch": "private folder, deleted after"}


def test_merge_with_everything_present():
    facts = protections.merge(_worker_facts(), GRADER_FACTS, Limits())
    assert facts["user_files_protected"] is True
    assert facts["missing"] == []
    assert facts["network"] == "network namespace, landlock TCP, no new sockets"
    assert facts["notes"] == ["cgroup: Permission denied"]
    assert protections.warning(facts) is None
    assert "Every protection is active." in protections.lines(facts)


def test_merge_adds_the_grader_job_object_facts():
    worker = _worker_facts(processes=[], memory=[], containment="process group")
    grader_facts = dict(GRADER_FACTS, processes="at most 31 (a job object)", memory="2048 MiB per process (a job object)",
                        containment="job object")
    facts = protections.merge(worker, grader_facts, Limits())
    assert facts["processes"] == "at most 31 (a job object)" and facts["containment"] == "job object"
    assert facts["missing"] == []


def test_merge_without_filesystem():
    facts = protections.merge(_worker_facts(filesystem=None), GRADER_FACTS, Limits())
    assert facts["user_files_protected"] is False
    assert facts["missing"] == ["filesystem"]


def test_warning_mentions_grade_doctor_in_both_languages():
    facts = protections.merge(_worker_facts(filesystem=None), GRADER_FACTS, Limits())
    try:
        i18n.set_lang("en")
        english = protections.warning(facts)
        i18n.set_lang("ja")
        japanese = protections.warning(facts)
    finally:
        i18n.set_lang("en")
    assert english and "`grade doctor`" in english and "Warning" in english
    assert japanese and "`grade doctor`" in japanese and japanese != english
    assert any(0x3040 <= ord(ch) <= 0x30FF for ch in japanese)      # kana
    assert not any(ord(ch) > 0x2E80 for ch in english)


def test_warning_of_no_facts_is_none():
    assert protections.warning(None) is None


def test_lines_name_every_missing_protection():
    worker = _worker_facts(filesystem=None, syscalls=None, network=[], memory=[], files="")
    facts = protections.merge(worker, {}, Limits())
    assert set(facts["missing"]) == {"filesystem", "syscalls", "network", "memory", "files", "environment"}
    out = protections.lines(facts)
    table = out[1:1 + len(protections.KEYS)]
    for key in protections.KEYS:
        row = [line for line in table if line.strip().startswith(protections.label(key))]
        assert len(row) == 1, key
        assert row[0].rstrip().endswith("MISSING") == (key in facts["missing"]), row[0]
    for key in facts["missing"]:
        if key in protections.MISSING_MEANS:
            assert any(line.startswith(f"  - {protections.label(key)}:") for line in out), key
    assert "Every protection is active." not in out


def test_summary_is_one_line():
    facts = protections.merge(_worker_facts(filesystem=None), GRADER_FACTS, Limits())
    text = protections.summary(facts)
    assert "\n" not in text
    parts = text.split(" · ")
    assert len(parts) == 6
    assert parts[0] == "file system: MISSING"
    assert parts[1] == "network: network namespace, landlock TCP, no new sockets"
    assert parts[-1] == "user: nobody"


# -- seccomp -----------------------------------------------------------------------

LD_W_ABS, JEQ_K, JGE_K, RET_K = 0x20, 0x15, 0x35, 0x06
ALLOW, DENY = 0x7FFF0000, 0x00050001
ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
NUMBERS = {  # socket, ptrace, read, write, mmap, clone, execve
    "x86_64": {"socket": 41, "ptrace": 101, "read": 0, "write": 1, "mmap": 9, "clone": 56, "execve": 59},
    "aarch64": {"socket": 198, "ptrace": 117, "read": 63, "write": 64, "mmap": 222, "clone": 220, "execve": 221},
}


def _decode(program: bytes):
    assert len(program) % 8 == 0
    return [struct.unpack_from("=HBBI", program, offset) for offset in range(0, len(program), 8)]


def _run(program: bytes, nr: int, arch: int, arg0: int = 0) -> int:
    """What the filter returns for a call: a small interpreter of the four opcodes it uses."""
    data = struct.pack("=iIQq", nr, arch, 0, arg0) + bytes(40)   # struct seccomp_data
    code = _decode(program)
    pc, acc = 0, 0
    for _ in range(len(code) + 1):
        op, jt, jf, k = code[pc]
        if op == LD_W_ABS:
            (acc,) = struct.unpack_from("=I", data, k)
            pc += 1
        elif op == JEQ_K:
            pc += 1 + (jt if acc == k else jf)
        elif op == JGE_K:
            pc += 1 + (jt if acc >= k else jf)
        elif op == RET_K:
            return k
        else:
            raise AssertionError(f"unexpected opcode {op:#x} at {pc}")
        assert pc < len(code), "jumped past the end"
    raise AssertionError("the filter did not return")


@pytest.mark.parametrize("machine", ["x86_64", "aarch64"])
def test_seccomp_program_structure(machine):
    code = _decode(syscalls.seccomp_program(machine))
    deny = len(code) - 1
    assert code[0] == (LD_W_ABS, 0, 0, 4)
    op, jt, jf, k = code[1]
    assert (op, jt, k) == (JEQ_K, 0, ARCH[machine]) and 2 + jf == deny
    assert code[2] == (LD_W_ABS, 0, 0, 0)
    assert code[-2] == (RET_K, 0, 0, ALLOW)
    assert code[-1] == (RET_K, 0, 0, DENY)
    compared = []
    for index, (op, jt, jf, k) in enumerate(code[3:-2], start=3):
        assert op in (JEQ_K, JGE_K), (index, op)
        assert index + 1 + jt == deny and jf == 0, index
        if op == JEQ_K:
            compared.append(k)
    assert {op for op, *_ in code} <= {LD_W_ABS, JEQ_K, JGE_K, RET_K}
    assert len(compared) == len(set(compared)) > 20
    names = NUMBERS[machine]
    assert names["socket"] in compared and names["ptrace"] in compared
    for common in ("read", "write", "mmap", "clone", "execve"):
        assert names[common] not in compared, common
    x32 = [k for op, _, _, k in code if op == JGE_K]
    assert x32 == ([0x40000000] if machine == "x86_64" else [])


@pytest.mark.parametrize("machine", ["x86_64", "aarch64"])
def test_seccomp_program_behaviour(machine):
    program = syscalls.seccomp_program(machine)
    arch, names = ARCH[machine], NUMBERS[machine]
    assert _run(program, names["socket"], arch) == DENY
    assert DENY & 0xFFFF == 1                               # errno EPERM
    assert _run(program, names["ptrace"], arch) == DENY
    for common in ("read", "write", "mmap", "clone", "execve"):
        assert _run(program, names[common], arch) == ALLOW, common
    for nr in (names["read"], names["socket"]):
        assert _run(program, nr, ARCH["aarch64" if machine == "x86_64" else "x86_64"]) == DENY
        assert _run(program, nr, 0x40000003) == DENY        # i386
    if machine == "x86_64":
        assert _run(program, 0x40000000 + 41, arch) == DENY
        assert _run(program, 0x40000000, arch) == DENY
    denied = sum(_run(program, nr, arch) == DENY for nr in range(512))
    assert denied == sum(1 for op, *_ in _decode(program)[3:-2] if op == JEQ_K)


SIGNAL_CALLS = {"x86_64": {"kill": 62, "tgkill": 234, "pidfd_open": 434, "getpid": 39},
                "aarch64": {"kill": 129, "tgkill": 131, "pidfd_open": 434, "getpid": 172}}


@pytest.mark.parametrize("machine", ["x86_64", "aarch64"])
def test_seccomp_refuses_signals_to_the_protected_pids_only(machine):
    grader, group = 4321, 4300
    program = syscalls.seccomp_program(machine, protect=[-1, grader, -group])
    arch, calls = ARCH[machine], SIGNAL_CALLS[machine]
    for call in ("kill", "tgkill", "pidfd_open"):
        for target in (grader, -group, -1):
            assert _run(program, calls[call], arch, target) == DENY, (call, target)
        for target in (grader + 1, 0, 1, -grader):
            assert _run(program, calls[call], arch, target) == ALLOW, (call, target)
    assert _run(program, calls["getpid"], arch, grader) == ALLOW     # not a call that names a process
    assert _run(program, NUMBERS[machine]["socket"], arch) == DENY     # the rest of the filter is kept
    assert _run(program, NUMBERS[machine]["read"], arch, grader) == ALLOW
    plain = syscalls.seccomp_program(machine)
    assert _run(plain, calls["kill"], arch, grader) == ALLOW           # nothing protected: kill allowed


def test_seccomp_program_for_an_unknown_machine():
    with pytest.raises(KeyError):
        syscalls.seccomp_program("sparc")


# -- winjob ------------------------------------------------------------------------

@pytest.mark.skipif(ctypes.sizeof(ctypes.c_void_p) != 8, reason="the sizes are those of a 64-bit platform")
def test_job_structure_sizes():
    assert ctypes.sizeof(winjob.BasicLimits) == 64
    assert ctypes.sizeof(winjob.IoCounters) == 48
    assert ctypes.sizeof(winjob.ExtendedLimits) == 144
    assert winjob.ExtendedLimits.ProcessMemoryLimit.offset == 112
    assert winjob.BasicLimits.ActiveProcessLimit.offset == 40


def test_limits_struct_sets_flags_and_values():
    info = winjob.limits_struct(33, 2048 << 20)
    flags = info.BasicLimitInformation.LimitFlags
    for flag in (winjob.JOB_OBJECT_LIMIT_ACTIVE_PROCESS, winjob.JOB_OBJECT_LIMIT_PROCESS_MEMORY,
                 winjob.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE):
        assert flags & flag == flag
    assert (winjob.JOB_OBJECT_LIMIT_ACTIVE_PROCESS, winjob.JOB_OBJECT_LIMIT_PROCESS_MEMORY,
            winjob.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE) == (0x8, 0x100, 0x2000)
    assert info.BasicLimitInformation.ActiveProcessLimit == 33
    assert info.ProcessMemoryLimit == 2048 << 20
    assert info.JobMemoryLimit == 0


@pytest.mark.skipif(sys.platform.startswith("win"), reason="no WinDLL elsewhere")
def test_job_without_windows_has_no_handle():
    job = winjob.Job(33, 2048 << 20)
    assert job.handle is None
    assert job.add(1234) is False
    job.close()
    assert job.facts == {}


# -- sandbox.clip ------------------------------------------------------------------

def test_clip_cuts_a_long_text_and_counts_the_rest():
    text = "x" * 1_000_000
    out = clip(text)
    assert len(out) < 400
    assert out.startswith("x" * 300)
    assert str(1_000_000 - 300) in out


def test_clip_keeps_a_short_text():
    assert clip("a short message") == "a short message"
    assert clip("y" * 300) == "y" * 300


def test_clip_converts_other_values():
    assert clip(12345) == "12345"
    assert clip(None) == "None"
    long = clip(list(range(100000)))
    assert long.startswith("[0, 1, 2") and len(long) < 400


# -- view --------------------------------------------------------------------------

def _real(path) -> str:
    return str(Path(path).resolve())


def test_private_paths_hold_the_fixed_folders(tmp_path):
    private = view.private_paths([tmp_path])
    for path in (tmp_path, Path.home(), tempfile.gettempdir(), Path(grader.__file__).parent):
        assert _real(path) in private, path


def test_private_paths_never_hold_system_folders(tmp_path, monkeypatch):
    monkeypatch.chdir("/")
    private = view.private_paths([tmp_path, "/", "/usr"])
    assert "/" not in private and "/usr" not in private
    assert _real(tmp_path) in private
    monkeypatch.setenv("HOME", "/")
    assert "/" not in view.private_paths([tmp_path])


def test_read_roots(tmp_path, monkeypatch):
    inner = tmp_path / "lib"
    inner.mkdir()
    monkeypatch.syspath_prepend(str(inner))
    private = view.private_paths([tmp_path])
    roots = view.read_roots(private)
    numpy_parent = _real(os.path.dirname(os.path.dirname(np.__file__)))
    assert any(_inside(numpy_parent, root) for root in roots), roots
    base = _real(tmp_path)
    assert not any(_inside(root, base) for root in roots), roots
    for root in roots:
        assert not any(other != root and _inside(root, other) for other in roots), root
    assert len(roots) == len(set(roots))


def _in_venv(path: str) -> bool:
    folder = Path(path)
    return any((parent / "pyvenv.cfg").exists() for parent in [folder, *folder.parents])


def test_import_path_leaves_out_the_course(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))
    monkeypatch.syspath_prepend(str(ROOT / "tests"))
    private = view.private_paths([ROOT])
    kept = view.import_path(private)
    course = _real(ROOT)
    inside = [entry for entry in kept if _inside(_real(entry), course) and not _in_venv(entry)]
    assert inside == []
    numpy_parent = _real(os.path.dirname(os.path.dirname(np.__file__)))
    assert numpy_parent in [_real(entry) for entry in kept]


# -- landlock ----------------------------------------------------------------------

def _attempt(action):
    try:
        return ["ok", action()]
    except OSError as exc:
        return [type(exc).__name__, exc.errno]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Landlock is Linux only")
def test_landlock_in_a_forked_child(tmp_path):
    version = landlock.abi()
    if version == 0:
        pytest.skip("this kernel has no Landlock")
    ok, writable, secret = tmp_path / "ok", tmp_path / "w", tmp_path / "secret"
    ok.mkdir()
    writable.mkdir()
    (ok / "f").write_bytes(b"readable")
    secret.write_bytes(b"hidden")

    def read(path):
        with open(path, "rb") as fh:
            return fh.read().decode("ascii")

    def write(path):
        with open(path, "wb") as fh:
            return fh.write(b"written")

    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:   # the child: never returns to pytest
        result = {}
        try:
            os.close(reader)
            syscalls.prctl(syscalls.PR_SET_NO_NEW_PRIVS, 1)
            rules = landlock.Ruleset(version)
            result["rules"] = [rules.allow(str(ok), landlock.READ), rules.allow(str(writable), rules.fs)]
            rules.restrict()
            result["read_ok"] = _attempt(lambda: read(str(ok / "f")))
            result["write_w"] = _attempt(lambda: write(str(writable / "g")))
            result["read_secret"] = _attempt(lambda: read(str(secret)))
            result["write_ok"] = _attempt(lambda: write(str(ok / "h")))
        except BaseException as exc:   # noqa: BLE001  (reported to the parent)
            result["error"] = repr(exc)
        finally:
            try:
                os.write(writer, json.dumps(result).encode("utf-8"))
            finally:
                os._exit(0)
    os.close(writer)
    chunks = []
    with os.fdopen(reader, "rb") as fh:
        chunks.append(fh.read())
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    result = json.loads(b"".join(chunks).decode("utf-8"))
    assert "error" not in result, result
    assert result["rules"] == [True, True]
    assert result["read_ok"] == ["ok", "readable"]
    assert result["write_w"] == ["ok", 7]
    assert result["read_secret"][0] == "PermissionError"
    assert result["write_ok"][0] == "PermissionError"
    assert (writable / "g").read_bytes() == b"written"
    assert not (ok / "h").exists()
    assert secret.read_bytes() == b"hidden"          # the pytest process itself is not restricted


def test_a_blank_is_recognised_on_every_python():
    from grader.worker import _is_blank

    assert _is_blank(NameError("name '___' is not defined"))      # Python 3.9: no NameError.name
    assert not _is_blank(NameError("name 'x' is not defined"))
    assert not _is_blank(KeyError("___"))
    if sys.version_info >= (3, 10):
        assert _is_blank(NameError("anything", name="___"))
        assert not _is_blank(NameError("name '___' is not defined", name="x"))


def test_a_site_folder_on_the_path_stays_readable_even_under_a_private_folder(tmp_path, monkeypatch):
    """A site-packages that a .pth put on the path (dependencies shared from another
    environment) is Python's own, wherever it lies; other folders there stay out."""
    site = tmp_path / "shared" / "lib" / "site-packages"
    other = tmp_path / "shared" / "notes"
    site.mkdir(parents=True)
    other.mkdir()
    monkeypatch.setattr(sys, "path", sys.path + [str(site), str(other)])
    private = view.private_paths([tmp_path])
    roots = view.read_roots(private)
    assert str(site.resolve()) in roots and str(other.resolve()) not in roots
    assert str(site) in view.import_path(private) and str(other) not in view.import_path(private)
