"""Every exercise, both ways: the reference and right answers pass with full
score, the untouched stub is blank, and every catalogued mistake fails with
its own message."""
from __future__ import annotations

import pytest

from grader import registry
from grader.blanks import find_blanks
from grader.i18n import pick
from grader.mistakes import ids_unique
from grader.result import Status
from grader.verify import signatures

from exercise_helpers import ROOT, answered, checks, grade_text, stub_text, summary, variant

SLUGS = registry.slugs()


def _mistake_cases():
    for slug in SLUGS:
        for mistake in checks(slug).MISTAKES:
            yield pytest.param(slug, mistake, id=f"{slug}-{mistake.id}")


def _equivalent_cases():
    for slug in SLUGS:
        for i, fills in enumerate(getattr(checks(slug), "EQUIVALENTS", [])):
            yield pytest.param(slug, fills, id=f"{slug}-eq{i + 1}")


def test_every_stub_has_an_entry_and_every_entry_its_files():
    stubs = {p.stem for p in (ROOT / "exercises").glob("*.py") if not p.name.startswith("_")}
    assert stubs == set(SLUGS), f"stubs without an entry: {stubs - set(SLUGS)}; entries without a stub: {set(SLUGS) - stubs}"
    for slug in SLUGS:
        assert (ROOT / "solutions" / f"{slug}.py").is_file(), f"{slug}: no reference solution"
        assert registry.get(slug).checks.is_file(), f"{slug}: no checks"


@pytest.mark.parametrize("slug", SLUGS)
def test_stub_and_reference_define_the_same_functions(slug):
    stub = signatures(ROOT / "exercises" / f"{slug}.py")
    ref = signatures(ROOT / "solutions" / f"{slug}.py")
    assert stub == ref
    assert set(registry.get(slug).functions) <= set(stub)


@pytest.mark.parametrize("slug", SLUGS)
def test_points_add_up_and_catalogue_is_sound(slug):
    module = checks(slug)
    tasks = [f._task for f in vars(module).values() if callable(f) and hasattr(f, "_task")]
    assert tasks, f"{slug}: no tasks"
    assert sum(t.points for t in tasks) == registry.get(slug).points
    assert ids_unique(module.MISTAKES)
    for mistake in module.MISTAKES:
        assert mistake.test_example() is not None, f"{slug}/{mistake.id}: no example for the tests"
        assert pick(mistake.title, "ja") != pick(mistake.title, "en")
        assert pick(mistake.hint, "ja") and pick(mistake.hint, "en")
    blanks = find_blanks(stub_text(slug))
    assert blanks, f"{slug}: the stub has no blank"
    assert set(module.ANSWERS) == {n for n, _line, _col in blanks}


@pytest.mark.parametrize("slug", SLUGS)
def test_reference_gets_full_score(slug, tmp_path):
    report = grade_text(slug, (ROOT / "solutions" / f"{slug}.py").read_text(encoding="utf-8"), tmp_path)
    assert report.passed and report.score == report.max_score, summary(report)


@pytest.mark.parametrize("slug", SLUGS)
def test_answered_stub_gets_full_score(slug, tmp_path):
    report = grade_text(slug, answered(slug), tmp_path)
    assert report.passed, summary(report)


@pytest.mark.parametrize("slug", SLUGS)
def test_untouched_stub_is_blank(slug, tmp_path):
    report = grade_text(slug, stub_text(slug), tmp_path)
    assert report.exit_code == 1
    assert report.score == 0
    assert all(t.status is Status.BLANK for t in report.tests), summary(report)
    first = report.tests[0].message
    assert "blank" in first and "line" in first, first
    # a blank that stops several tasks is told once; the others say why they did not run
    for t in report.tests[1:]:
        assert ("blank" in t.message and "line" in t.message and t.message != first) or \
            t.message.startswith(("not run: the same problem as in", "the same problem as in")), t.message


@pytest.mark.parametrize("slug, fills", list(_equivalent_cases()))
def test_equivalent_answer_passes(slug, fills, tmp_path):
    report = grade_text(slug, answered(slug, fills), tmp_path)
    assert report.passed, summary(report)


@pytest.mark.parametrize("slug, mistake", list(_mistake_cases()))
def test_catalogued_mistake_fails_with_its_message(slug, mistake, tmp_path):
    report = grade_text(slug, variant(slug, mistake.test_example()), tmp_path)
    assert not report.passed
    named = [t for t in report.tests if t.mistake == mistake.id]
    assert named, f"{mistake.id} was not recognised:\n{summary(report)}"
    others = {t.mistake for t in report.tests if t.mistake and t.mistake != mistake.id}
    assert not others, f"{mistake.id} was also named as {sorted(others)}:\n{summary(report)}"
    assert all(t.status is not Status.PASSED for t in named)
    assert pick(mistake.title) in named[0].message


SEEDS = 50


@pytest.mark.parametrize("slug", SLUGS)
def test_reference_passes_its_checks_at_many_seeds(slug):
    """The checks with the reference in the place of the learner's code, at SEEDS seeds
    (in this process: what is tested is the checks' inputs and tolerances)."""
    from grader.engine import check_reference

    for seed in range(SEEDS):
        report = check_reference(slug, ROOT / "solutions", seed)
        assert report.tests and report.passed, f"seed {seed}:\n{summary(report)}"
