"""report.html (grader.class_report) and `grade report`, read back from the page's markup."""
from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from click.testing import CliRunner

from class_results_helpers import (EXERCISES, EXPECTED, HOSTILE, LEARNERS, ROWS, expected_pass_rate, expected_total,
                                   read_page, with_attr, write_class)
from grader import results
from grader.class_report import render
from grader.cli import main


@pytest.fixture
def page_en(tmp_path):
    return render(results.latest(write_class(tmp_path / "r")), "en")


def _sections(page):
    return {e["data-exercise"]: e for e in page.elements if e["tag"] == "section"}


def test_each_exercise_shows_its_pass_rate_mean_and_status_counts(page_en):
    page = read_page(page_en)
    sections = _sections(page)
    assert list(sections) == EXERCISES, "in course order"
    for slug, section in sections.items():
        mine = [v for (_l, s), v in EXPECTED.items() if s == slug]
        assert float(section["data-pass-rate"]) == pytest.approx(expected_pass_rate(slug), abs=1e-4)
        assert float(section["data-mean"]) == pytest.approx(sum(v[0] for v in mine) / len(mine), abs=1e-4)
        assert int(section["data-learners"]) == len(mine)
        assert section["data-max-score"] == "10"
    overview = {e["data-overview"]: float(e["data-pass-rate"]) for e in with_attr(page, "data-overview")}
    assert overview == {slug: pytest.approx(expected_pass_rate(slug), abs=1e-4) for slug in EXERCISES}


def test_status_chips_and_histogram_count_every_learner(page_en):
    page = read_page(page_en)
    for slug in EXERCISES:
        want = Counter(v[2] for (_l, s), v in EXPECTED.items() if s == slug)
        start = page.elements.index(_sections(page)[slug])
        end = next((i for i, e in enumerate(page.elements) if i > start and e["tag"] == "section"), len(page.elements))
        inside = page.elements[start:end]
        chips = {e["data-status"]: int(e["data-count"]) for e in inside if e["tag"] == "span" and "data-count" in e}
        assert chips == dict(want), slug
        bars = [e for e in inside if e["tag"] == "rect"]
        graded = sum(int(e.get("data-count", 0)) for e in bars)
        absent = sum(int(e.get("data-missing", 0)) for e in bars)
        assert (graded, absent) == (sum(want.values()) - want["missing"], want["missing"])
        full = [int(e["data-count"]) for e in bars if e.get("data-bin-low") == "10"]
        assert full == [sum(v[0] == 10 for (_l, s), v in EXPECTED.items() if s == slug)]


def test_the_learner_table_has_each_score_status_and_total(page_en):
    page = read_page(page_en)
    rows = with_attr(page, "data-learner")
    assert [r["data-learner"] for r in rows] == LEARNERS
    for row in rows:
        assert float(row["data-total"]) == expected_total(row["data-learner"])
    cells = [e for e in page.elements if e["tag"] == "td" and "data-exercise" in e]
    assert len(cells) == len(LEARNERS) * len(EXERCISES)
    for i, c in enumerate(cells):
        learner, slug = LEARNERS[i // len(EXERCISES)], EXERCISES[i % len(EXERCISES)]
        score, _max, status = EXPECTED[(learner, slug)][:3]
        assert (c["data-exercise"], c["data-status"], float(c["data-score"])) == (slug, status, score)
        assert c["class"] == f"c-{status}"
        assert c["text"] == ("—" if status == "missing" else f"{score:g}"), "missing is shown apart from 0"


def test_named_mistakes_have_counts_who_and_the_catalogue_title_in_the_page_language(tmp_path):
    table = results.latest(write_class(tmp_path / "r"))
    for lang, title in (("en", "multiplied"), ("ja", "掛けている")):
        page = read_page(render(table, lang))
        mistakes = {e["data-mistake"]: e for e in with_attr(page, "data-mistake")}
        assert set(mistakes) == {"product-not-sum", "tanh-missing"}
        assert mistakes["product-not-sum"]["data-count"] == "1" and "佐藤 花子" in mistakes["product-not-sum"]["text"]
        assert title in mistakes["product-not-sum"]["text"]
        assert HOSTILE in mistakes["tanh-missing"]["text"], "a mistake the catalogue does not know keeps its id"


def test_unnamed_failures_are_grouped_by_task_and_message_without_the_numbers(page_en):
    page = read_page(page_en)
    groups = [e for e in with_attr(page, "data-task") if e["tag"] == "tr"]
    found = Counter()
    for g in groups:
        found[g["data-task"]] += int(g["data-count"])
    # lstm: alice and bob differ only in the numbers of the message (one group of 2); the hostile
    # learner's error; rnn: alice's blank first task, bob's grading that died ("" task)
    assert found == Counter({"values": 2, "shapes": 1, "forward": 1, "": 1})
    values = next(g for g in groups if g["data-task"] == "values")
    assert "alice" in values["text"] and "bob" in values["text"] and "numbers vary" in values["text"]
    assert "佐藤 花子" not in "".join(g["text"] for g in groups), "a named mistake is not counted again"


def test_learner_text_is_escaped_and_the_page_needs_nothing_from_outside(page_en):
    assert "<script" not in page_en.lower() and "<b>&amp;" not in page_en
    page = read_page(page_en)
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(page.tags)
    names = [e["text"] for e in page.elements if e.get("class") == "name"]
    assert HOSTILE in names
    assert all(e["href"].startswith("#") for e in with_attr(page, "href"))
    assert not with_attr(page, "src")
    style = "".join(e["text"] for e in page.elements if e["tag"] == "style")
    assert "url(" not in style and "@import" not in style
    assert "\x00" not in page_en and "\x1b" not in page_en


def test_the_page_is_in_the_language_asked_for(tmp_path):
    table = results.latest(write_class(tmp_path / "r"))
    ja, en = render(table, "ja"), render(table, "en")
    assert '<html lang="ja">' in ja and "クラスの採点結果" in ja and "合格率" in ja
    assert '<html lang="en">' in en and "Class report" in en and "クラス" not in en


def test_header_gives_class_size_exercises_and_mean_total(page_en):
    page = read_page(page_en)
    cards = {k: e[k] for e in page.elements if e.get("class") == "card" for k in e if k.startswith("data-")}
    assert int(cards["data-learners"]) == len(LEARNERS) and int(cards["data-exercises"]) == len(EXERCISES)
    mean = sum(expected_total(learner) for learner in LEARNERS) / len(LEARNERS)
    assert float(cards["data-mean-total"]) == pytest.approx(mean, abs=1e-4)
    assert int(cards["data-missing"]) == sum(v[2] == "missing" for v in EXPECTED.values())


# grade report


def _run(*args):
    return CliRunner().invoke(main, ["report", *map(str, args)])


def test_grade_report_rebuilds_the_four_files_and_prints_their_paths(tmp_path):
    folder = write_class(tmp_path / "r")
    result = _run(folder, "--lang", "ja")
    assert result.exit_code == 0, result.output
    paths = result.stdout.split()
    assert [p.rsplit("/", 1)[-1] for p in paths] == ["grades.csv", "details.csv", "junit.xml", "report.html"]
    assert "クラスの採点結果" in (folder / "report.html").read_text(encoding="utf-8")


def test_grade_report_without_results_is_a_usage_error_naming_the_file(tmp_path):
    result = _run(tmp_path)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "results.jsonl" in result.stderr
    assert not list(tmp_path.iterdir()), "nothing written"


def test_grade_report_with_no_valid_row_is_a_usage_error(tmp_path):
    (tmp_path / "results.jsonl").write_text('not json\n{"learner": 3}\n{"learner": "a", "exer', encoding="utf-8")
    result = _run(tmp_path)
    assert result.exit_code == 2 and "no result rows" in result.stderr
    assert "Traceback" not in result.output


def test_grade_report_that_cannot_write_a_file_is_a_usage_error_and_leaves_no_temporary_file(tmp_path):
    folder = write_class(tmp_path / "r")
    (folder / "junit.xml").mkdir()   # in the way: the rename over it fails
    result = _run(folder)
    assert result.exit_code == 2 and "cannot write" in result.stderr and "Traceback" not in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["details.csv", "grades.csv", "junit.xml", "results.jsonl"]


def test_a_line_torn_inside_a_japanese_name_is_skipped(tmp_path):
    first = json.dumps(ROWS[0], ensure_ascii=False) + "\n"
    torn = json.dumps(ROWS[1], ensure_ascii=False).encode("utf-8")
    cut = torn.index("花".encode("utf-8")) + 1
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "results.jsonl").write_bytes(first.encode("utf-8") + torn[:cut])
    result = _run(folder)
    assert result.exit_code == 0, result.output
    assert re.search(r"山田 太郎,2", (folder / "grades.csv").read_text(encoding="utf-8-sig"))


def test_grade_report_help_is_in_the_language_set(monkeypatch):
    from grader import i18n

    monkeypatch.setenv("GRADER_LANG", "ja")
    i18n.set_lang(None)
    japanese = CliRunner().invoke(main, ["report", "--help"])
    monkeypatch.setenv("GRADER_LANG", "en")
    i18n.set_lang(None)
    english = CliRunner().invoke(main, ["report", "--help"])
    assert japanese.exit_code == english.exit_code == 0
    assert "作り直します" in japanese.output and "Rebuild grades.csv" in english.output
