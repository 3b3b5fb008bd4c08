"""A course's own exercises: registry.yaml and checks/ at the course root, `grade new`,
the stable check API, and the hints that give the answer away."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader import registry
from grader.cli import main
from grader.scaffold import scaffold

ROOT = Path(__file__).resolve().parents[1]


def run(*args, course: Path):
    env = {"GRADER_COURSE": str(course), "GRADER_LANG": "en", "GRADER_SOLUTIONS": ""}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A course folder with the example exercise of grade new, named affine."""
    monkeypatch.delenv("GRADER_SOLUTIONS", raising=False)
    folder = tmp_path / "course"
    folder.mkdir()
    scaffold(folder, "affine")
    return folder


def write_answer(course: Path, expression: str) -> None:
    from grader.scaffold import STUB

    text = STUB.format(name="affine")
    assert "return ___" in text
    (course / "exercises" / "affine.py").write_text(text.replace("return ___", f"return {expression}"), encoding="utf-8")


def test_a_course_exercise_comes_after_the_shipped_ones_and_says_where_it_is_from(course):
    done = run("list", "--format", "json", course=course)
    rows = json.loads(done.output)
    assert [r["exercise"] for r in rows] == list(registry.read(registry.REGISTRY_FILE)) + ["affine"]
    assert rows[-1]["origin"] == "course" and not rows[-1]["replaces"] and rows[-1]["points"] == 3
    assert {r["origin"] for r in rows[:-1]} == {"shipped"}


def test_a_course_exercise_grades_right_and_names_its_own_mistake(course):
    write_answer(course, "b + x.dot(W)")
    done = run("exercise", "affine", "--format", "json", course=course)
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["score"] == 3
    write_answer(course, "x @ W")
    done = run("exercise", "affine", "--format", "json", course=course)
    assert done.exit_code == 1
    report = json.loads(done.output)
    assert report["score"] < 3 and {t.get("mistake") for t in report["tests"]} >= {"no-bias"}


def test_grade_new_gives_a_course_that_grade_verify_passes(course):
    done = run("verify", "affine", "--seeds", "3", course=course)
    assert done.exit_code == 0, done.output
    assert re.search(r"affine\s+1\s+3\s+3/3 seeds\s+1/1\s+1/1\s+2/2\s+1/1\s+ok", done.output), done.output


def test_grade_new_refuses_a_taken_name_an_existing_file_and_a_bad_name(course):
    for name, said in (("affine", "already an exercise"), ("lstm", "already an exercise"),
                       ("Bad-Name", "cannot name an exercise")):
        done = run("new", name, course=course)
        assert done.exit_code == 2 and said in done.output, done.output
    (course / "checks" / "other.py").write_text("# mine\n", encoding="utf-8")
    done = run("new", "other", course=course)
    assert done.exit_code == 2 and "exists already" in done.output
    assert (course / "checks" / "other.py").read_text(encoding="utf-8") == "# mine\n"
    assert "other" not in (course / "registry.yaml").read_text(encoding="utf-8")


def test_a_course_entry_with_a_shipped_slug_replaces_it_in_its_place_with_a_note(course):
    text = (course / "registry.yaml").read_text(encoding="utf-8")
    (course / "registry.yaml").write_text(text.replace("slug: affine", "slug: lstm").replace("[affine]", "[affine]"),
                                          encoding="utf-8")
    (course / "checks" / "affine.py").rename(course / "checks" / "lstm.py")
    done = run("list", course=course)
    assert "note: lstm is the course's own version" in done.output and "registry.yaml:" in done.output
    rows = json.loads(run("list", "--format", "json", course=course).output)
    shipped = list(registry.read(registry.REGISTRY_FILE))
    assert [r["exercise"] for r in rows] == shipped
    lstm = next(r for r in rows if r["exercise"] == "lstm")
    assert lstm["replaces"] and lstm["points"] == 3 and lstm["origin"] == "course"


BROKEN = [
    ("- slug: affine\n  title: {ja: a, en: b}\n", "registry.yaml:1", "missing"),
    ("- slug: affine\n  title: {ja: a, en: b}\n  section: s\n  source: s\n  points: -1\n  functions: [affine]\n"
     "  hints: [{ja: a, en: b}]\n", "registry.yaml:5", "points must be a positive number"),
    ("- slug: Affine\n", "registry.yaml:1", "slug must be lower-case"),
    ("- slug: affine\n  title: {ja: a}\n  section: s\n  source: s\n  points: 1\n  functions: [affine]\n"
     "  hints: [{ja: a, en: b}]\n", "registry.yaml:2", "both ja and en"),
    ("- slug: affine\n  title: {ja: a, en: b}\n  section: s\n  source: s\n  points: 1\n  functions: [affine]\n"
     "  hints:\n    - ja: a\n      en: b\n      answer: maybe\n", "registry.yaml:10", "answer is true or false"),
    ("- slug: affine\n  title: [oops\n", "registry.yaml:", "not YAML"),
    ("- slug: nochecks\n  title: {ja: a, en: b}\n  section: s\n  source: s\n  points: 1\n  functions: [f]\n"
     "  hints: [{ja: a, en: b}]\n", "registry.yaml:1", "no checks file"),
    ("slug: affine\n", "registry.yaml:1", "must be a list"),
]


@pytest.mark.parametrize("text,where,said", BROKEN)
def test_a_broken_course_registry_is_a_usage_error_naming_file_and_line(course, text, where, said):
    (course / "registry.yaml").write_text(text, encoding="utf-8")
    for args in (["list"], ["exercise", "affine"], ["hint", "affine"]):
        done = run(*args, course=course)
        assert done.exit_code == 2, (args, done.output)
        line = done.output.strip().splitlines()[-1]
        assert where in line and said in line, line
        assert "Traceback" not in done.output


def test_an_entry_given_twice_names_both_lines(course):
    text = (course / "registry.yaml").read_text(encoding="utf-8")
    entry = text[text.index("- slug: affine"):]
    (course / "registry.yaml").write_text(text + entry, encoding="utf-8")
    done = run("list", course=course)
    assert done.exit_code == 2 and "appears twice (first at" in done.output


def test_broken_course_checks_are_a_usage_error_naming_the_file(course):
    (course / "checks" / "affine.py").write_text("def test_x(:\n", encoding="utf-8")
    write_answer(course, "x @ W + b")
    done = run("exercise", "affine", course=course)
    assert done.exit_code == 2 and "checks" in done.output and "affine.py" in done.output, done.output
    assert "Traceback" not in done.output


def test_the_check_api_is_what_grader_authoring_exports():
    import grader.authoring as api

    assert set(api.__all__) >= {"task", "check_call", "expect", "expect_form", "Mistake", "numerical_gradient",
                                "predictions", "advise", "shape_case", "tr"}
    for name in api.__all__:
        assert getattr(api, name) is not None
    checks = (Path(registry.__file__).parent / "scaffold.py").read_text(encoding="utf-8")
    imports = re.findall(r"^from (grader[.\w]*) import", checks.split("CHECKS = ")[1], re.M)
    assert imports == ["grader.authoring"]   # an author's checks need nothing else


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_hint_that_quotes_an_answer_says_so_and_every_last_hint_does():
    for exercise in registry.read(registry.REGISTRY_FILE).values():
        answers = [_squash(a) for a in registry.checks_module(exercise).ANSWERS.values()]
        for number, (hint, gives) in enumerate(zip(exercise.hints, exercise.answer_hints), 1):
            text = _squash(hint["en"]) + _squash(hint["ja"])
            if any(a in text for a in answers):
                assert gives, f"{exercise.slug} hint {number} quotes an answer: mark it answer: true"
        assert exercise.answer_hints[-1], f"{exercise.slug}: the last hint gives the answer"
        assert not exercise.answer_hints[0], f"{exercise.slug}: the first hint should leave something to think about"


def test_a_course_exercise_works_with_a_non_editable_install(course, tmp_path):
    """The toolkit built into a wheel and installed into a folder of its own (not this checkout)."""
    from grader import toolkit_wheel

    wheel = toolkit_wheel.build(tmp_path / "wheel")
    target = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                           str(wheel)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    write_answer(course, "x @ W + b")
    code = (f"import sys; sys.path.insert(0, {str(target)!r}); import grader; "
            f"assert grader.__file__.startswith({str(target)!r}), grader.__file__; "
            "from grader.cli import main; main()")
    env = {k: v for k, v in os.environ.items() if k not in ("GRADER_COURSE", "GRADER_SOLUTIONS")}
    env["GRADER_LANG"] = "en"
    graded = subprocess.run([sys.executable, "-c", code, "exercise", "affine", "--format", "json"], cwd=course,
                            capture_output=True, text=True, timeout=300, env=env)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    assert json.loads(graded.stdout)["score"] == 3


def test_grade_new_outside_any_course_writes_into_this_folder(tmp_path, monkeypatch):
    folder = tmp_path / "empty"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.delenv("GRADER_COURSE", raising=False)
    done = CliRunner().invoke(main, ["new", "mine"], env={"GRADER_LANG": "en"}, catch_exceptions=False)
    assert done.exit_code == 0, done.output
    assert (folder / "exercises" / "mine.py").is_file() and (folder / "registry.yaml").is_file()
    assert not (ROOT / "exercises" / "mine.py").exists() and not (ROOT / "registry.yaml").exists()
    assert "GRADER_COURSE" not in os.environ   # the command leaves the process's environment alone


EXAMPLE = ROOT / "tests" / "fixtures" / "authoring_example"


def test_the_worked_example_of_the_authors_guide_is_these_files_and_grade_verify_passes_it(tmp_path):
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    files = sorted(p for p in EXAMPLE.rglob("*") if p.is_file())
    assert [p.relative_to(EXAMPLE).as_posix() for p in files] == [
        "checks/softmax_ce.py", "exercises/softmax_ce.py", "registry.yaml", "solutions/softmax_ce.py"]
    for path in files:
        assert path.read_text(encoding="utf-8").strip() in guide, f"{path.name} is not in docs/authoring.md as it is"
    assert "## 11. A worked example" in guide and "## 11. 実例" in guide   # in English and in Japanese
    checks_text = (EXAMPLE / "checks" / "softmax_ce.py").read_text(encoding="utf-8")
    assert set(re.findall(r"^from (grader[.\w]*) import", checks_text, re.M)) == {"grader.authoring"}
    course = tmp_path / "course"
    import shutil

    shutil.copytree(EXAMPLE, course)
    done = run("verify", "softmax_ce", "--seeds", "3", course=course)
    assert done.exit_code == 0, done.output
    assert re.search(r"softmax_ce .* ok", done.output), done.output


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Landlock confines the worker on Linux")
def test_learner_code_cannot_read_the_course_s_checks_references_or_registry(course):
    secret = [str(course / "checks" / "affine.py"), str(course / "solutions" / "affine.py"), str(course / "registry.yaml")]
    (course / "exercises" / "affine.py").write_text(
        "import numpy as np\n\n\ndef affine(x, W, b):\n"
        f"    for path in {secret!r}:\n"
        "        try:\n            open(path).read()\n        except OSError:\n            continue\n"
        "        return x * 0.0   # it could read one: a wrong answer shows it\n"
        "    return x @ W + b\n", encoding="utf-8")
    done = run("exercise", "affine", "--format", "json", course=course)
    assert done.exit_code == 0, done.output
