"""Every bank in the repository's quizzes/ folder: valid, in both languages,
its own answer key scores 100% and wrong answers score 0%, at several seeds.

The banks are found when the tests are collected, so a new bank is tested as
soon as it is added.
"""
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from grader.quiz.cli import main
from grader.quiz.instance import answer_key, make_instance
from grader.quiz.validate import load_bank, validate_file

REPO = Path(__file__).resolve().parents[2]
BANKS = sorted((REPO / "quizzes").glob("*.yaml"))
SEEDS = [0, 1, 7]


@pytest.fixture
def in_repo(monkeypatch, tmp_path):
    monkeypatch.setenv("GRADER_COURSE", str(REPO))
    monkeypatch.setenv("GRADER_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.chdir(REPO)


def run_json(bank, answers_path, seed):
    result = CliRunner().invoke(main, ["run", bank, "--answers", str(answers_path), "--seed", str(seed),
                                       "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_quiz_validate_passes_on_every_bank(in_repo):
    result = CliRunner().invoke(main, ["validate"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output.count("ok  ") == len(BANKS)


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_bank_is_valid(path):
    assert validate_file(path) == [], "\n".join(str(p) for p in validate_file(path))


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_prompts_and_explanations_exist_in_japanese_and_english(path):
    bank = load_bank(path)
    for q in bank.questions:
        for field in ("prompt", "explanation"):
            text = getattr(q, field)
            assert isinstance(text, dict) and {"ja", "en"} <= set(text), f"{q.id}: {field}"


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_own_answer_key_scores_100_percent(path, seed, in_repo, tmp_path):
    key = CliRunner().invoke(main, ["key", path.stem, "--seed", str(seed)], catch_exceptions=False)
    assert key.exit_code == 0
    answers = tmp_path / "key.yaml"
    answers.write_text(key.output, encoding="utf-8")
    data = run_json(path.stem, answers, seed)
    wrong = [r for r in data["results"] if not r["correct"]]
    assert not wrong and data["score"] == data["total"] == len(load_bank(path).questions), wrong


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_answer_key_in_each_language_scores_100_percent(path, lang, in_repo, tmp_path):
    answers = tmp_path / "key.yaml"
    answers.write_text(yaml.safe_dump(answer_key(load_bank(path), 3, lang), allow_unicode=True),
                       encoding="utf-8")
    data = run_json(path.stem, answers, 3)
    assert data["score"] == data["total"]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_wrong_answers_score_0_percent(path, seed, in_repo, tmp_path, wrong):
    bank = load_bank(path)
    answers = {q.id: wrong(make_instance(q, seed)) for q in bank.questions}
    answers_path = tmp_path / "wrong.yaml"
    answers_path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    data = run_json(path.stem, answers_path, seed)
    right = [r for r in data["results"] if r["correct"]]
    assert data["score"] == 0 and not right, right
    assert data["total"] == len(bank.questions)


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_every_export_format_works_on_the_bank(path):
    from grader.quiz.export import FORMATS, export
    import xml.etree.ElementTree as ET

    bank = load_bank(path)
    for fmt in FORMATS:
        for lang in ("ja", "en"):
            text = export(bank, fmt, lang, seeds=[0, 1])
            assert text.strip()
            if fmt == "moodle-xml":
                ET.fromstring(text)
            if fmt == "json":
                assert {q["id"] for q in json.loads(text)["questions"]} == {q.id for q in bank.questions}


# What the issues ask of each of the course's banks: at least this many
# questions, a quarter or more of them parametrized numeric questions.
MINIMUM_QUESTIONS = {"day3": 30, "day4": 20, "dl1-ch6": 20, "dl1-ch7": 15}


@pytest.mark.parametrize("name", sorted(MINIMUM_QUESTIONS))
def test_course_bank_has_enough_questions_and_a_quarter_parametrized(name):
    path = REPO / "quizzes" / f"{name}.yaml"
    assert path.is_file(), f"quizzes/{name}.yaml is missing"
    questions = load_bank(path).questions
    assert len(questions) >= MINIMUM_QUESTIONS[name], f"{name}: {len(questions)} questions"
    varied = [q for q in questions if q.parametrized and q.type == "numeric"]
    assert 4 * len(varied) >= len(questions), f"{name}: {len(varied)} of {len(questions)} parametrized"
