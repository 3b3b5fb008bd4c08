"""Shared fixtures of the quiz tests.

``course``: a temporary course folder whose quizzes/ holds copies of the
fixture banks, found through GRADER_COURSE, with the learner's state folder
(GRADER_STATE_DIR) inside the test's tmp_path.  Every test runs with an
English locale unless it asks for another language.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.i18n import set_lang
from grader.quiz.cli import main
from grader.quiz.export import tolerance_of
from grader.quiz.instance import format_number, option_label

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def english(monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("NO_COLOR", raising=False)
    set_lang(None)
    yield
    set_lang(None)


@pytest.fixture
def state(tmp_path, monkeypatch):
    folder = tmp_path / "state"
    monkeypatch.setenv("GRADER_STATE_DIR", str(folder))
    return folder


@pytest.fixture
def course(tmp_path, monkeypatch, state):
    root = tmp_path / "course"
    (root / "quizzes").mkdir(parents=True)
    for name in ("sample.yaml", "typed.yaml"):
        shutil.copy(FIXTURES / name, root / "quizzes" / name)
    monkeypatch.setenv("GRADER_COURSE", str(root))
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def invoke():
    """Run the quiz CLI in-process: invoke("run", "sample", input="...")."""
    runner = CliRunner()

    def run(*args, input=None):
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


@pytest.fixture
def wrong():
    """wrong(instance): an answer that must be judged wrong."""
    return wrong_answer


def wrong_answer(inst) -> str:
    """An answer to ``inst`` that must be judged wrong."""
    q = inst.question
    count = len(inst.choices)
    if q.type == "choice":
        other = 1 if q.answer != 1 else 2
        return option_label(inst.choices, other)
    if q.type == "multi":
        others = [n for n in range(1, count + 1) if n not in q.answer]
        picked = others or list(q.answer)[:-1]  # every option right: leave one out
        return ", ".join(option_label(inst.choices, n) for n in picked)
    if q.type == "numeric":
        expected = inst.expected
        off = max(1.0, 10 * tolerance_of(inst), abs(expected))
        return format_number(expected + off)
    return "zzz-certainly-not-the-answer"
