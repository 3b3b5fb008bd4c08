"""quiz export --section / --id (a subset of a bank) and --no-answers (a handout without answers)."""
from __future__ import annotations

import json

import pytest

BANK = """\
bank: parts
title: {ja: 部分, en: Parts}
questions:
  - id: a1
    section: {ja: 勾配, en: Gradients}
    type: text
    prompt: {ja: "問 a1", en: "Question a1"}
    answer: alpha
    explanation: {ja: "解説 a1", en: "Because of a1"}
  - id: b1
    section: {ja: 畳み込み, en: Convolution}
    type: text
    prompt: {ja: "問 b1", en: "Question b1"}
    answer: beta
    explanation: {ja: "解説 b1", en: "Because of b1"}
  - id: a2
    section: {ja: 勾配, en: Gradients}
    type: choice
    prompt: {ja: "問 a2", en: "Question a2"}
    choices: [gamma, delta]
    answer: 2
    explanation: {ja: "解説 a2", en: "Because of a2"}
  - id: c1
    type: text
    prompt: {ja: "問 c1", en: "Question c1"}
    answer: epsilon
    explanation: {ja: "解説 c1", en: "Because of c1"}
"""


@pytest.fixture
def parts(course):
    (course / "quizzes" / "parts.yaml").write_text(BANK, encoding="utf-8")
    return "parts"


def _ids(invoke, *args):
    result = invoke("export", "parts", "--format", "json", "--lang", "en", *args)
    assert result.exit_code == 0, result.output
    return [q["id"] for q in json.loads(result.output)["questions"]]


def test_without_a_subset_every_question_is_exported(parts, invoke):
    assert _ids(invoke) == ["a1", "b1", "a2", "c1"]


@pytest.mark.parametrize("name", ["Gradients", "勾配", "  gradients ", "ＧＲＡＤＩＥＮＴＳ"])
def test_a_section_matches_its_name_in_either_language(parts, invoke, name):
    assert _ids(invoke, "--section", name) == ["a1", "a2"]


def test_sections_and_ids_add_up_in_bank_order(parts, invoke):
    assert _ids(invoke, "--id", "c1", "--id", "b1") == ["b1", "c1"]
    assert _ids(invoke, "--id", "c1", "--section", "Gradients") == ["a1", "a2", "c1"]
    assert _ids(invoke, "--section", "Convolution", "--section", "勾配") == ["a1", "b1", "a2"]


@pytest.mark.parametrize("fmt, marker", [("gift", "::"), ("moodle-xml", "<question type=\"")])
def test_every_format_exports_the_subset(parts, invoke, fmt, marker):
    out = invoke("export", "parts", "--format", fmt, "--lang", "en", "--section", "Convolution").output
    assert "b1" in out and "a1" not in out and "c1" not in out


@pytest.mark.parametrize("args, words", [
    (("--section", "Nope"), ["--section Nope", "Gradients", "Convolution"]),
    (("--id", "a11"), ["--id a11", "did you mean 'a1'"]),
    (("--no-answers", "--format", "gift"), ["--no-answers", "markdown"]),
])
def test_a_subset_that_names_nothing_is_one_line_and_exit_2(parts, invoke, args, words):
    fmt = () if "--format" in args else ("--format", "json")
    result = invoke("export", "parts", *fmt, *args)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and all(w in lines[0] for w in words), result.output


def test_a_handout_without_answers_has_the_questions_only(parts, invoke):
    full = invoke("export", "parts", "--format", "markdown", "--lang", "en").output
    bare = invoke("export", "parts", "--format", "markdown", "--lang", "en", "--no-answers").output
    assert "# Answers" in full and "Because of a1" in full and "**alpha**" in full
    assert "# Answers" not in bare and "Because of" not in bare and "alpha" not in bare and "---" not in bare
    assert full.startswith(bare.rstrip("\n"))
    for qid in ("a1", "b1", "a2", "c1"):
        assert f"Question {qid}" in bare
    assert "- (1) gamma" in bare and "- (2) delta" in bare


def test_a_subset_handout_numbers_its_questions_from_one(parts, invoke):
    bare = invoke("export", "parts", "--format", "markdown", "--lang", "ja", "--section", "Gradients",
                  "--no-answers").output
    assert [line for line in bare.splitlines() if line.startswith("## ")] == ["## 1. 勾配", "## 2. 勾配"]
    assert "問 b1" not in bare


def test_the_new_options_have_help_in_both_languages(parts, invoke, monkeypatch):
    from grader.i18n import set_lang

    english = invoke("export", "--help").output
    assert all(o in english for o in ("--section", "--id", "--no-answers"))
    monkeypatch.setenv("GRADER_LANG", "ja")
    set_lang(None)
    japanese = invoke("export", "--help").output
    assert "解答のない配布資料" in japanese and "このセクション" in japanese
