"""Instructors' own banks from a folder: --bank-dir DIR and $QUIZ_BANKS."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from grader.i18n import set_lang

FIXTURES = Path(__file__).parent / "fixtures"

OWN = """\
bank: own
title: {ja: 自作バンク, en: My own bank}
questions:
  - id: twice
    type: numeric
    prompt: {ja: "{n} の 2 倍は？", en: "Twice {n}?"}
    params: {n: [1, 2, 3]}
    answer: 2 * n
    explanation: {ja: "{answer}", en: "{answer}"}
  - id: gate
    type: choice
    prompt: {ja: "忘却ゲートは？", en: "The forget gate?"}
    choices: [{ja: 入力ゲート, en: input gate}, {ja: 忘却ゲート, en: forget gate}]
    answer: 2
    explanation: {ja: "忘却ゲート。", en: "The forget gate."}
"""


@pytest.fixture
def own(tmp_path, monkeypatch):
    folder = tmp_path / "my-banks"
    folder.mkdir()
    (folder / "own.yaml").write_text(OWN, encoding="utf-8")
    monkeypatch.delenv("QUIZ_BANKS", raising=False)
    return folder


def _one_line_error(result, *words):
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    assert all(w in lines[0] for w in words), lines[0]


def test_list_shows_the_bank_folder_instead_of_quizzes(course, own, invoke):
    listed = invoke("list", "--bank-dir", own)
    assert listed.exit_code == 0
    assert [line.split()[0] for line in listed.output.splitlines()] == ["own"]
    # The next command without the option is back to the course's quizzes/.
    assert [line.split()[0] for line in invoke("list").output.splitlines()] == ["sample", "typed"]


def test_the_environment_names_the_folder_too(course, own, invoke, monkeypatch):
    monkeypatch.setenv("QUIZ_BANKS", str(own))
    assert invoke("list").output.split()[0] == "own"
    key = invoke("key", "own", "--seed", "2")
    assert key.exit_code == 0 and "twice: " in key.output


def test_the_option_wins_over_the_environment(course, own, invoke, monkeypatch, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(FIXTURES / "typed.yaml", other / "typed.yaml")
    monkeypatch.setenv("QUIZ_BANKS", str(other))
    assert invoke("list", "--bank-dir", own).output.split()[0] == "own"
    assert invoke("list").output.split()[0] == "typed"


def test_run_key_export_and_validate_find_own_banks(course, own, invoke, tmp_path):
    key = invoke("key", "own", "--seed", "1", "--bank-dir", own)
    answers = tmp_path / "answers.yaml"
    answers.write_text(key.output, encoding="utf-8")
    run = invoke("run", "own", "--bank-dir", own, "--answers", answers, "--seed", "1", "--format", "json")
    data = json.loads(run.output)
    assert (data["bank"], data["score"], data["total"]) == ("own", 2, 2)
    exported = invoke("export", "own", "--bank-dir", own, "--format", "json", "--lang", "en")
    assert [q["id"] for q in json.loads(exported.output)["questions"]] == ["twice", "gate"]
    checked = invoke("validate", "--bank-dir", own)
    assert checked.exit_code == 0 and "own.yaml" in checked.output and "1 bank(s) checked" in checked.output
    (own / "broken.yaml").write_text("bank: broken\ntitle: x\nquestions: []\n", encoding="utf-8")
    assert invoke("validate", "--bank-dir", own).exit_code == 2


def test_a_name_the_folder_lacks_comes_from_the_course(course, own, invoke):
    key = invoke("key", "sample", "--bank-dir", own)
    assert key.exit_code == 0 and key.output.startswith("# sample seed 0")
    missing = invoke("key", "nosuch", "--bank-dir", own)
    _one_line_error(missing, "nosuch")
    assert "own" in missing.output and "sample" in missing.output


def test_class_judges_against_an_own_bank(course, own, invoke, tmp_path):
    learner = tmp_path / "class" / "alice"
    learner.mkdir(parents=True)
    key = invoke("key", "own", "--bank-dir", own).output    # seed 0, as quiz class judges
    (learner / "own.yaml").write_text(key, encoding="utf-8")
    result = invoke("class", tmp_path / "class", "own", "--bank-dir", own)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["learner,score,total,twice,gate", "alice,2,2,1,1"]


@pytest.mark.parametrize("args", [("list",), ("validate",), ("key", "own"), ("run", "own"),
                                  ("export", "own", "--format", "gift"), ("class", ".", "own")])
def test_a_missing_folder_is_one_line_and_exit_2(course, own, invoke, args, monkeypatch):
    _one_line_error(invoke(*args, "--bank-dir", own / "nope"), "nope", "--bank-dir")
    monkeypatch.setenv("QUIZ_BANKS", str(own / "gone"))
    _one_line_error(invoke(*args), "gone", "$QUIZ_BANKS")
    _one_line_error(invoke(*args, "--lang", "ja"), "gone", "バンクのフォルダ")


def test_a_file_given_as_the_folder_is_refused(course, own, invoke):
    _one_line_error(invoke("list", "--bank-dir", own / "own.yaml"), "own.yaml")


def test_the_option_has_help_in_both_languages(course, invoke, monkeypatch):
    for command in ("list", "run", "validate", "key", "export", "class"):
        assert "--bank-dir" in invoke(command, "--help").output
        monkeypatch.setenv("GRADER_LANG", "ja")
        set_lang(None)
        assert "自分のバンクのフォルダ" in invoke(command, "--help").output
        monkeypatch.delenv("GRADER_LANG")
        set_lang(None)


def test_python_callers_see_the_environment_too(course, own, monkeypatch):
    from grader.quiz import catalog

    catalog.use_bank_dir(None)
    monkeypatch.setenv("QUIZ_BANKS", str(own))
    assert catalog.resolve("own") == own / "own.yaml"
    assert catalog.resolve("sample").parent.name == "quizzes"
    monkeypatch.setenv("QUIZ_BANKS", str(own / "gone"))
    with pytest.raises(catalog.BankNotFound, match="gone"):
        catalog.resolve("own")
    monkeypatch.delenv("QUIZ_BANKS")
    assert catalog.bank_dir() is None and catalog.quizzes_dir() == course / "quizzes"
