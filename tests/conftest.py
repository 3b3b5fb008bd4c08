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
    monkeypatch.delenv("NO_COLOR", raising=False)
    from grader import i18n

    i18n.set_lang("en")
    yield
    i18n.set_lang(None)


@pytest.fixture
def root() -> Path:
    return ROOT
