"""quiz class CLASS_DIR BANK: every learner's answers file judged as `quiz run --answers` judges it, one CSV."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.quiz import answer_key, load_bank
from grader.quiz.cli import main

FIXTURE = Path(__file__).parent / "quiz" / "fixtures" / "sample.yaml"


@pytest.fixture
def bank(tmp_path):
    path = tmp_path / "banks" / "sample.yaml"
    path.parent.mkdir()
    shutil.copy(FIXTURE, path)
    return path


def write_answers(path: Path, answers: dict, extra: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{qid}: {json.dumps(a, ensure_ascii=False)}\n" for qid, a in answers.items()) + extra,
                    encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(main, ["class", *map(str, args)])


def table(text: str):
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], {row[0]: row[1:] for row in rows[1:]}


def test_every_learner_is_judged_with_one_column_per_question_in_bank_order(tmp_path, bank):
    quiz = load_bank(bank)
    ids = [q.id for q in quiz.questions]
    key = answer_key(quiz, 3, "en")
    klass = tmp_path / "class"
    write_answers(klass / "alice" / "sample.yaml", key)
    wrong = dict(key, **{"forget-gate": "1"})
    del wrong["rnn-uses"]
    write_answers(klass / "Bob" / "SAMPLE.YML", wrong)                       # any case, .yml
    (klass / "erin").mkdir(parents=True)
    (klass / "erin" / "Sample.json").write_text(json.dumps({"bptt-blank": "U", "gates-count": "c"}), encoding="utf-8")
    (klass / "dave").mkdir()                                                 # no answers file
    result = run(klass, bank, "--seed", 3)
    assert result.exit_code == 0, result.output
    header, rows = table(result.stdout)
    assert header == ["learner", "score", "total", *ids]
    assert list(rows) == ["Bob", "alice", "dave", "erin"]                    # sorted by folder name
    n = len(ids)
    assert rows["alice"] == [str(n), str(n)] + ["1"] * n
    bob = dict(zip(ids, rows["Bob"][2:]))
    assert rows["Bob"][:2] == [str(n - 2), str(n)] and bob["forget-gate"] == bob["rnn-uses"] == "0"
    assert sum(v == "1" for v in bob.values()) == n - 2
    assert rows["dave"] == ["0", str(n)] + ["0"] * n
    erin = dict(zip(ids, rows["erin"][2:]))
    assert rows["erin"][0] == "1" and erin["bptt-blank"] == "1" and erin["gates-count"] == "0"
    assert "no answers file sample.yaml from 1 learner(s), who score 0: dave" in result.stderr


def test_all_learners_are_judged_at_the_same_seed(tmp_path, bank):
    quiz = load_bank(bank)
    ids = [q.id for q in quiz.questions]
    at3, at4 = answer_key(quiz, 3, "en"), answer_key(quiz, 4, "en")
    differ = [qid for qid in ids if at3[qid] != at4[qid]]
    assert differ   # the bank has parametrized questions whose answer changes with the seed
    write_answers(tmp_path / "class" / "alice" / "sample.yaml", at3)
    header, rows = table(run(tmp_path / "class", bank, "--seed", 4).stdout)
    marks = dict(zip(header[3:], rows["alice"][2:]))
    assert all(marks[qid] == "0" for qid in differ) and rows["alice"][0] == str(len(ids) - len(differ))


def test_a_malformed_answers_file_costs_that_learner_only_with_its_file_and_line(tmp_path, bank):
    quiz = load_bank(bank)
    key = answer_key(quiz, 0, "en")
    klass = tmp_path / "class"
    write_answers(klass / "alice" / "sample.yaml", key, extra="no-such-question: 3\n")
    bad = klass / "carol" / "sample.yaml"
    bad.parent.mkdir()
    bad.write_text("sigmoid-at-zero: 0.25\nconv-output: 3\n  forget-gate: [2\n", encoding="utf-8")
    listed = klass / "zed" / "sample.yaml"
    write_answers(listed, {}, extra="- just\n- a list\n")
    result = run(klass, bank)
    assert result.exit_code == 0, result.output
    _header, rows = table(result.stdout)
    n = len(quiz.questions)
    assert rows["alice"][0] == str(n)
    assert rows["carol"] == ["0", str(n)] + ["0"] * n and rows["zed"] == ["0", str(n)] + ["0"] * n
    lines = result.stderr.splitlines()
    carol = [line for line in lines if "carol" in line]
    assert len(carol) == 1 and "sample.yaml:3: not valid YAML" in carol[0] and "scores 0" in carol[0]
    assert any("zed" in line and "must map question ids to answers" in line for line in lines)
    unknown = len(key) + 1
    assert any(f"alice/sample.yaml:{unknown}: no question no-such-question in bank sample; ignored" in line
               for line in lines), lines


def test_several_answers_files_the_yaml_one_is_judged_and_the_others_named(tmp_path, bank):
    quiz = load_bank(bank)
    klass = tmp_path / "class"
    write_answers(klass / "frank" / "sample.json", {})
    write_answers(klass / "frank" / "sample.yaml", answer_key(quiz, 0, "en"))
    result = run(klass, bank)
    _header, rows = table(result.stdout)
    assert rows["frank"][0] == str(len(quiz.questions))
    assert "warning: " in result.stderr and "frank/sample.yaml judged; not " in result.stderr
    assert "frank/sample.json" in result.stderr


def test_usage_errors_exit_2_with_one_line(tmp_path, bank):
    empty = tmp_path / "empty"
    (empty / ".hidden").mkdir(parents=True)
    for args, said in [((empty, bank), "has no learner folders"),
                       ((tmp_path / "absent", bank), "no such folder"),
                       ((empty, tmp_path / "nope.yaml"), "no such file")]:
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert said in result.stderr and len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""


def test_an_unknown_bank_name_is_exit_2(tmp_path):
    (tmp_path / "class" / "alice").mkdir(parents=True)
    result = run(tmp_path / "class", "no-such-bank-here")
    assert result.exit_code == 2 and "no-such-bank-here" in result.stderr


def test_warnings_in_japanese(tmp_path, bank):
    (tmp_path / "class" / "dave").mkdir(parents=True)
    result = CliRunner().invoke(main, ["class", str(tmp_path / "class"), str(bank), "--lang", "ja"])
    assert result.exit_code == 0 and "解答ファイル sample.yaml がありません" in result.stderr


def test_the_help_is_there_in_both_languages(monkeypatch):
    from grader import i18n

    assert "one column per question id" in CliRunner().invoke(main, ["class", "--help"]).stdout
    monkeypatch.setenv("GRADER_LANG", "ja")
    i18n.set_lang(None)
    ja = CliRunner().invoke(main, ["class", "--help"])
    assert "問題 id ごとの列" in ja.stdout and "全員に同じ値" in ja.stdout
