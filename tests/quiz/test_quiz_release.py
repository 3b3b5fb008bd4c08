"""A student copy made by `grade release` (release.json at the course root):
no answer keys unless it was released with --with-quiz-key."""
from __future__ import annotations

import json

import pytest

from grader.quiz import catalog

OFF = "answer keys are off in this student copy; the instructor can release with --with-quiz-key"


def _release(root, **info):
    (root / "release.json").write_text(json.dumps({"toolkit": "0", "seeds": [0], **info}), encoding="utf-8")


def _refused(result):
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines() == [f"Error: {OFF}"], result.output


@pytest.mark.parametrize("info", [{}, {"quiz_key": False}])
def test_quiz_key_is_refused_in_a_student_copy(course, invoke, info):
    _release(course, **info)
    assert not catalog.answer_keys_allowed()
    _refused(invoke("key", "sample"))
    _refused(invoke("key", "sample", "--seed", "3"))


def test_the_refusal_speaks_japanese_too(course, invoke, monkeypatch):
    _release(course)
    result = invoke("key", "sample", "--lang", "ja")
    assert result.exit_code == 2 and "--with-quiz-key" in result.output and "受講者用コピー" in result.output


def test_a_copy_released_with_the_key_prints_it(course, invoke):
    _release(course, quiz_key=True)
    assert catalog.answer_keys_allowed()
    result = invoke("key", "sample")
    assert result.exit_code == 0 and "forget-gate:" in result.output
    assert "# Answers" in invoke("export", "sample", "--format", "markdown", "--lang", "en").output


def test_without_release_json_keys_work(course, invoke):
    assert catalog.answer_keys_allowed()
    assert invoke("key", "sample").exit_code == 0


def test_the_handout_of_a_student_copy_has_no_answers(course, invoke):
    full = invoke("export", "sample", "--format", "markdown", "--lang", "en").output
    _release(course)
    handout = invoke("export", "sample", "--format", "markdown", "--lang", "en")
    assert handout.exit_code == 0
    assert "# Answers" in full and "# Answers" not in handout.output
    assert handout.output == invoke("export", "sample", "--format", "markdown", "--lang", "en", "--no-answers").output
    assert "Which gate drops information" in handout.output


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml", "json"])
def test_exports_that_carry_answers_are_refused_in_a_student_copy(course, invoke, fmt):
    assert invoke("export", "sample", "--format", fmt).exit_code == 0
    _release(course)
    _refused(invoke("export", "sample", "--format", fmt))


def test_the_student_copy_is_found_from_the_current_folder(course, invoke, monkeypatch, tmp_path):
    monkeypatch.delenv("GRADER_COURSE")
    monkeypatch.chdir(course / "quizzes")
    assert invoke("key", "sample").exit_code == 0
    _release(course)
    _refused(invoke("key", "sample"))


def test_an_unreadable_release_file_counts_as_a_student_copy(course, invoke):
    (course / "release.json").write_text("{not json", encoding="utf-8")
    _refused(invoke("key", "sample"))


def test_learners_still_take_and_judge_quizzes_in_a_student_copy(course, invoke, tmp_path):
    _release(course)
    answers = tmp_path / "a.yaml"
    answers.write_text("forget-gate: forget gate\n", encoding="utf-8")
    result = invoke("run", "sample", "--answers", answers, "--format", "json")
    assert result.exit_code == 0 and json.loads(result.output)["score"] == 1
