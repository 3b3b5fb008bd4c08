"""grades.csv, details.csv and junit.xml, built from a hand-made results.jsonl."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from class_results_helpers import EXERCISES, EXPECTED, FORMULA, HOSTILE, LEARNERS, ROWS, expected_total, write_class
from grader import registry
from grader.class_outputs import cell, write_outputs
from grader.class_rows import outcome


@pytest.fixture
def run(tmp_path):
    folder = write_class(tmp_path / "results")
    written = write_outputs(folder, "en")
    return folder, written


def _csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a BOM, so that Excel reads the names as UTF-8"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def _name(text):
    """A learner's name as written in a CSV cell (a would-be formula has a ' in front)."""
    return text[1:] if text.startswith("'=") else text


def _number(text):
    value = float(text)
    assert text == (str(int(value)) if value.is_integer() else text), "whole numbers are written as ints"
    return value


def test_write_outputs_writes_the_four_files_and_leaves_no_temporary_file(run):
    folder, written = run
    assert [p.name for p in written] == ["grades.csv", "details.csv", "junit.xml", "report.html"]
    assert all(p.parent == folder and p.stat().st_size > 0 for p in written)
    assert sorted(p.name for p in folder.iterdir()) == sorted(["results.jsonl", *(p.name for p in written)])


def test_write_outputs_replaces_old_files_and_reads_only_results_jsonl(tmp_path):
    folder = write_class(tmp_path / "r", rows=ROWS[:1], torn="")
    (folder / "grades.csv").write_text("stale", encoding="utf-8")
    write_outputs(folder, "en")
    first = _csv(folder / "grades.csv")
    assert first[0] == ["learner", "lstm", "total"] and first[1][0] == "山田 太郎" and first[1][1] == "2"
    with open(folder / "results.jsonl", "a", encoding="utf-8") as fh:   # a row added later: rebuilt from the file
        fh.write(json.dumps(ROWS[-1], ensure_ascii=False) + "\n")
    write_outputs(folder, "en")
    assert _csv(folder / "grades.csv")[1][1:] == ["10", "10"]


def test_grades_csv_has_a_row_per_learner_a_column_per_exercise_in_course_order(run):
    folder, _ = run
    rows = _csv(folder / "grades.csv")
    assert rows[0] == ["learner", *EXERCISES, "total"]
    order = registry.slugs()
    assert order.index(EXERCISES[0]) < order.index(EXERCISES[1])
    assert [_name(r[0]) for r in rows[1:]] == LEARNERS, "one row per learner, sorted, no summary rows"
    for r in rows[1:]:
        learner = _name(r[0])
        for slug, value in zip(EXERCISES, r[1:-1]):
            assert _number(value) == EXPECTED[(learner, slug)][0], (learner, slug)
        assert _number(r[-1]) == expected_total(learner)


def test_the_last_row_wins_and_the_torn_line_is_skipped(run):
    folder, _ = run
    rows = {r[0]: r for r in _csv(folder / "grades.csv")[1:]}
    assert rows["山田 太郎"][EXERCISES.index("lstm") + 1] == "10"   # the earlier row scored 2
    assert "torn" not in rows


def test_a_missing_file_and_a_grading_that_did_not_finish_score_zero(run):
    folder, _ = run
    rows = {r[0]: r for r in _csv(folder / "grades.csv")[1:]}
    assert rows["佐藤 花子"][1] == "0" and rows["bob"][1] == "0"


def test_a_learner_name_never_becomes_a_spreadsheet_formula(run):
    folder, _ = run
    names = [r[0] for r in _csv(folder / "grades.csv")[1:]]
    assert "'" + FORMULA in names and FORMULA not in names
    assert HOSTILE in names, "other names are kept as they are"
    assert cell("-1") == "'-1" and cell("@x") == "'@x" and cell("山田") == "山田"


def test_details_csv_gives_status_tasks_mistakes_and_first_message_line(run):
    folder, _ = run
    rows = _csv(folder / "details.csv")
    assert rows[0] == ["learner", "exercise", "score", "max_score", "status", "tasks", "mistakes", "message"]
    seen = {}
    for r in rows[1:]:
        learner = _name(r[0])
        seen[(learner, r[1])] = (_number(r[2]), _number(r[3]), *r[4:])
    assert set(seen) == set(EXPECTED), "one row per learner x exercise, the torn line left out"
    for key, (score, max_score, status, tasks, mistakes, message) in EXPECTED.items():
        assert seen[key] == (score, max_score, status, tasks, mistakes, message), key
    order = [(_name(r[0]), r[1]) for r in rows[1:]]
    assert order == sorted(order, key=lambda k: (k[0], EXERCISES.index(k[1])))


@pytest.mark.parametrize("statuses, worst", [
    (["passed", "passed"], "passed"), (["passed", "failed"], "failed"), (["failed", "blank"], "blank"),
    (["blank", "timeout", "failed"], "timeout"), (["timeout", "error", "passed"], "error"),
    (["passed", "surprise"], "error")])
def test_the_status_of_a_report_is_its_worst_task_status(statuses, worst):
    row = {"learner": "a", "exercise": "lstm", "score": 0, "max_score": 10,
           "tests": [{"name": f"t{i}", "status": s, "score": 0, "max_score": 5, "message": ""} for i, s in enumerate(statuses)]}
    assert outcome(row).status == worst


def test_a_row_of_the_wrong_shape_does_not_break_the_outputs(tmp_path):
    rows = [{"learner": "x", "exercise": "lstm", "score": "lots", "tests": "none"},
            {"learner": "y", "exercise": "lstm", "tests": [7, {"status": 3}], "score": float("nan")},
            {"learner": "z\ud800", "exercise": "gone_from_the_course", "missing": True}]
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "results.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    write_outputs(folder, "ja")
    grades = _csv(folder / "grades.csv")
    assert grades[0] == ["learner", "lstm", "gone_from_the_course", "total"]
    assert [r[0] for r in grades[1:]] == ["x", "y", "z?"]
    details = {r[0]: r for r in _csv(folder / "details.csv")[1:]}
    assert details["x"][4] == "error" and details["y"][4] == "error" and details["y"][5] == "?=error"


def _suites(folder):
    root = ET.parse(folder / "junit.xml").getroot()
    assert root.tag == "testsuites"
    return root, {s.get("name"): s for s in root.findall("testsuite")}


def test_junit_has_a_suite_per_learner_and_exercise_with_counts_that_add_up(run):
    folder, _ = run
    root, suites = _suites(folder)
    assert set(suites) == {f"{learner}/{slug}" for learner, slug in EXPECTED}
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for (learner, slug), (_s, _m, status, tasks, _mi, _me) in EXPECTED.items():
        suite = suites[f"{learner}/{slug}"]
        words = [t.split("=")[1] for t in tasks.split()] or [status]   # a missing file or a dead grading: one case
        want = {"tests": len(words), "failures": words.count("failed"),
                "errors": sum(w in ("error", "timeout", "blank", "missing") for w in words)}
        got = {k: int(suite.get(k)) for k in want}
        assert got == want, (learner, slug)
        cases = suite.findall("testcase")
        assert len(cases) == want["tests"]
        assert {c.get("classname") for c in cases} == {f"{learner}.{slug}"}
        assert len(suite.findall("testcase/failure")) == want["failures"]
        assert len(suite.findall("testcase/error")) == want["errors"]
        for key in totals:
            totals[key] += want[key]
    assert {k: int(root.get(k)) for k in totals} == totals


def test_junit_maps_each_status_to_what_junit_has(run):
    folder, _ = run
    _root, suites = _suites(folder)
    alice = {c.get("name"): c for c in suites["alice/rnn"].findall("testcase")}
    assert alice["forward"].find("error").get("type") == "blank"
    assert alice["shapes"].find("error").get("type") == "timeout"
    mistake = suites["佐藤 花子/lstm"].find("testcase[@name='values']/failure")
    assert mistake.get("message") == "c differs." and mistake.get("mistake") == "product-not-sum"
    assert "known mistake" in mistake.text
    assert suites["佐藤 花子/lstm"].find("testcase[@name='shapes']/failure") is None
    gone = suites["佐藤 花子/rnn"].findall("testcase")
    assert len(gone) == 1 and gone[0].find("error").get("type") == "missing"
    died = suites["bob/rnn"].findall("testcase")
    assert len(died) == 1 and died[0].find("error").get("type") == "error"
    assert died[0].find("error").get("message") == "the grading process died (signal 9)"
    props = {p.get("name"): p.get("value") for p in suites["bob/lstm"].iter("property")}
    assert props == {"score": "6", "max_score": "10", "status": "failed"}


def test_junit_is_valid_xml_for_hostile_names_and_messages(run):
    folder, _ = run
    raw = (folder / "junit.xml").read_text(encoding="utf-8")
    assert "\x00" not in raw and "\x1b" not in raw and "<script>" not in raw
    _root, suites = _suites(folder)
    suite = suites[f"{HOSTILE}/lstm"]   # the name comes back exactly after escaping
    error = suite.find("testcase[@name='shapes']/error")
    assert error.get("message") == "NameError <b>&amp;[31m ouch"
    assert error.text.endswith("second line")
