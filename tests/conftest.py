"""Shared fixtures of the project's own tests."""
from __future__ import annotations


from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path_factory, monkeypatch):
    """Every test writes learner state into its own folder, in English."""
    monkeypatch.setenv("GRADER_STATE_DIR", str(tmp_path_factory.mktemp("state")))
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("GRADER_SOLUTIONS", raising=False)
    monkeypatch.delenv("GRADER_LANG", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    from grader import i18n

    i18n.set_lang("en")
    yield
    i18n.set_lang(None)


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def own_tmp(tmp_path_factory, monkeypatch):
    """A temporary folder of the grader's own (TMPDIR), so that what its workers leave
    is seen, and nothing another grader on the machine does is taken for it."""
    import tempfile

    folder = tmp_path_factory.mktemp("grader-tmp")
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def short_limits(monkeypatch):
    """Short time limits for hostile submissions: a call 2 s, the import 4 s, the whole
    submission 8 s (tests that check the default limits delete these variables)."""
    monkeypatch.setenv("GRADER_CALL_TIMEOUT", "2")
    monkeypatch.setenv("GRADER_LOAD_TIMEOUT", "4")
    monkeypatch.setenv("GRADER_BUDGET", "8")


# A test that hangs must fail, not stall CI: on platforms with SIGALRM every test
# gets TEST_LIMIT seconds (the slowest test takes about 5 s on a 2-core machine).
TEST_LIMIT = 120


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    import signal

    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def _expired(signum, frame):
        raise TimeoutError(f"{item.nodeid} ran longer than {TEST_LIMIT} s (tests/conftest.py)")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.alarm(TEST_LIMIT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
