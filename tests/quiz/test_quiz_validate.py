"""Validation: every problem is reported with its file, line and question id.

Each bank in fixtures/broken/ marks the lines that must be reported with a
trailing comment ``# ERROR: <part of the message>``; the tests read the
expected lines from those markers, so a problem on another line, or a marked
line without its problem, fails.
"""
import re
from pathlib import Path

import pytest

from grader.i18n import set_lang
from grader.quiz.model import InvalidBank
from grader.quiz.validate import check_text, load_bank, validate_file

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = sorted((FIXTURES / "broken").glob("*.yaml"))
MARKER = re.compile(r"#\s*ERROR:\s*(.+?)\s*$")


def markers(path):
    found = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = MARKER.search(line)
        if match:
            found[number] = match.group(1)
    return found


def test_there_is_a_broken_bank_for_each_kind_of_problem():
    names = {p.stem for p in BROKEN}
    assert {"unknown-key", "missing-fields", "duplicate-id", "answer-not-in-choices",
            "bad-expression", "prompt-names", "yaml-syntax", "wrong-name"} <= names


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_each_problem_is_reported_on_its_line(path):
    expected = markers(path)
    assert expected, f"{path.name} marks no line"
    problems = validate_file(path)
    by_line = {}
    for problem in problems:
        assert problem.file.endswith(path.name)
        by_line.setdefault(problem.line, []).append(problem.message)
    assert set(by_line) == set(expected), "\n".join(str(p) for p in problems)
    for line, fragment in expected.items():
        assert any(fragment in m for m in by_line[line]), (line, fragment, by_line[line])


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_problems_are_reported_in_japanese_on_the_same_lines(path):
    english = validate_file(path)
    set_lang("ja")
    japanese = validate_file(path)
    assert [p.line for p in japanese] == [p.line for p in english]
    assert [p.message for p in japanese] != [p.message for p in english]


def test_problems_name_the_question_id():
    problems = validate_file(FIXTURES / "broken" / "duplicate-id.yaml")
    assert [p.qid for p in problems] == ["same", "twice", "#4"]
    assert str(problems[0]).endswith("duplicate-id.yaml:9: [same] duplicate id 'same' (also on line 4): "
                                     "ids must be unique in a bank")
    problems = validate_file(FIXTURES / "broken" / "bad-expression.yaml")
    assert [p.qid for p in problems] == ["calls-import", "unknown-name", "attribute", "log-of-zero",
                                         "huge-power", "lambda", "bad-params", "negative-tolerance"]


def test_load_bank_raises_with_every_problem():
    with pytest.raises(InvalidBank) as info:
        load_bank(FIXTURES / "broken" / "prompt-names.yaml")
    assert len(info.value.problems) == len(markers(FIXTURES / "broken" / "prompt-names.yaml"))


@pytest.mark.parametrize("name", ["sample.yaml", "typed.yaml"])
def test_the_valid_fixture_banks_have_no_problem(name):
    assert validate_file(FIXTURES / name) == []


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path):
    problems = validate_file(tmp_path / "nope.yaml")
    assert len(problems) == 1 and "file not found" in problems[0].message


def test_a_file_that_is_not_utf8_is_reported_with_its_line(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"bank: latin\ntitle: caf\xe9\nquestions: []\n")
    [problem] = validate_file(path)
    assert problem.line == 2 and "UTF-8" in problem.message


def test_scalars_are_read_as_typed_without_yaml_type_guessing():
    bank = load_bank(FIXTURES / "typed.yaml")
    assert bank.question("yes-or-no").answer == ("no",)
    assert bank.question("thousand").answer.evaluate() == 1000.0


def test_literal_braces_are_fine_and_undoubled():
    text = """
bank: braces
title: t
questions:
  - id: q
    type: text
    prompt: "the dict {{'W': W}}"
    answer: W
    explanation: "{{ and }} are braces; the answer is {answer}"
"""
    bank, problems = check_text(text, "braces.yaml", "braces")
    assert problems == []
    from grader.quiz.instance import make_instance
    inst = make_instance(bank.questions[0])
    assert inst.prompt == "the dict {'W': W}"
    assert inst.explanation == "{ and } are braces; the answer is W"


def test_aliases_that_expand_too_far_or_loop_are_refused(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 8):
        bomb += f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 10) + "]\n"
    _bank, problems = check_text(bomb, "bomb.yaml", "bomb")
    assert len(problems) == 1 and "too large" in problems[0].message
    _bank, problems = check_text("&a [*a]\n", "loop.yaml", "loop")
    assert len(problems) == 1 and "not valid YAML" in problems[0].message


def test_every_allowed_key_and_both_text_forms_validate():
    text = """
bank: full
title: {ja: 全部, en: Everything}
description: {ja: 説明, en: About}
source: somewhere
questions:
  - id: n1
    section: {ja: 節, en: Section}
    type: numeric
    prompt: "x = {x}"
    params: {x: ["1/4", 2, -1.5e1]}
    answer: x * 2
    tolerance: 0
    explanation: {ja: "{answer}"}
    source: RC3
"""
    bank, problems = check_text(text, "full.yaml", "full")
    assert problems == []
    q = bank.questions[0]
    assert [p.text for p in q.params["x"]] == ["1/4", "2", "-1.5e1"]
    assert [p.value for p in q.params["x"]] == [0.25, 2.0, -15.0]
    assert q.tolerance == 0.0 and q.source == "RC3"


def test_the_documented_example_bank_is_valid_and_its_examples_hold():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "quiz-format.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(bank: example.*?)```", doc, flags=re.S).group(1)
    bank, problems = check_text(example, "example.yaml", "example")
    assert problems == [], "\n".join(str(p) for p in problems)
    answers = re.search(r"```yaml\n(sigmoid-derivative-at-x.*?)```", doc, flags=re.S).group(1)
    from grader.quiz.instance import make_instance
    from grader.quiz.judge import judge
    from grader.quiz.session import read_answers
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.yaml"
        path.write_text(answers, encoding="utf-8")
        typed, _lines = read_answers(path)
    verdicts = {q.id: judge(make_instance(q, 0), typed[q.id]).correct for q in bank.questions}
    assert make_instance(bank.questions[0], 0).values["x"].text == "2"  # sigma'(2) = 0.10499...
    assert verdicts == {"sigmoid-derivative-at-x": True, "lstm-forget-gate": True,
                        "time-series-examples": True, "vae-latent": True}
    assert not judge(make_instance(bank.questions[0], 1), typed["sigmoid-derivative-at-x"]).correct  # x = 0
