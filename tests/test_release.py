"""`grade release OUT`: a student copy without the answers, graded against recorded results."""
from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from exercise_helpers import answered, checks, stub_text, variant
from grader import registry
from grader.cli import main
from grader.scaffold import scaffold

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = list(registry.read(registry.REGISTRY_FILE))


def run(*args, course: Path, **env):
    base = {"GRADER_COURSE": str(course), "GRADER_LANG": "en", "GRADER_SOLUTIONS": ""}
    return CliRunner().invoke(main, list(args), env={**base, **env}, catch_exceptions=False)


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    out = tmp_path_factory.mktemp("rel") / "student"
    done = run("release", str(out), course=ROOT)
    assert done.exit_code == 0, done.output
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_release_has_the_course_for_learners_and_no_solutions(release):
    assert not (release / "solutions").exists()
    assert sorted(p.stem for p in (release / "exercises").glob("*.py")) == sorted(SHIPPED)
    for slug in SHIPPED:   # the stubs as they are: the only code text a learner is given
        assert (release / "exercises" / f"{slug}.py").read_bytes() == (ROOT / "exercises" / f"{slug}.py").read_bytes()
    assert sorted(p.name for p in (release / "quizzes").glob("*.yaml")) == sorted(p.name for p in (ROOT / "quizzes").glob("*.yaml"))
    info = json.loads((release / "release.json").read_text(encoding="utf-8"))
    assert info["seeds"] == [0, 1, 2] and info["quiz_key"] is False and info["answers_in_hints"] is False
    for slug in SHIPPED:
        with gzip.open(release / "expected" / f"{slug}.json.gz", "rt", encoding="utf-8") as fh:
            data = json.load(fh)   # plain JSON, never a pickle
        assert set(data["seeds"]) == {"0", "1", "2"}


def test_no_reference_line_and_no_answer_is_anywhere_in_the_release(release):
    stubs = "\n".join(stub_text(slug) for slug in SHIPPED)
    given = {_squash(line) for line in stubs.splitlines()}
    reference_lines, answers = set(), set()
    for slug in SHIPPED:
        for line in (ROOT / "solutions" / f"{slug}.py").read_text(encoding="utf-8").splitlines():
            if _squash(line) and _squash(line) not in given and not _squash(line).startswith("#"):
                reference_lines.add(_squash(line))
        module = checks(slug)
        for value in list(module.ANSWERS.values()) + [v for e in module.EQUIVALENTS for v in e.values()]:
            if _squash(value) not in _squash(stubs):
                answers.add(_squash(value))
    assert len(reference_lines) > 200 and len(answers) > 60   # the search looks for something
    found = []
    for path in sorted(p for p in release.rglob("*") if p.is_file()):
        relative = path.relative_to(release)
        if relative.parts[0] in ("quizzes", "exercises"):   # the banks quote options; the stubs are checked above
            continue
        raw = gzip.open(path, "rt", encoding="utf-8").read() if path.suffix == ".gz" else path.read_text(encoding="utf-8")
        squashed = _squash(raw)
        for number, line in enumerate(raw.splitlines(), 1):
            if _squash(line) in reference_lines:
                found.append(f"{relative}:{number}: {line.strip()}")
        found += [f"{relative}: {a}" for a in answers if re.search(r"(?<![\w])" + re.escape(a) + r"(?![\w])", squashed)]
    assert not found, "\n".join(found[:20])
    # the hints that give the answer are not there either
    for slug in SHIPPED:
        exercise = registry.read(registry.REGISTRY_FILE)[slug]
        for hint, gives in zip(exercise.hints, exercise.answer_hints):
            if gives:
                for path in release.rglob("*.yaml"):
                    if path.parent.name != "quizzes":
                        assert _squash(hint["en"]) not in _squash(path.read_text(encoding="utf-8"))


def _grade(release: Path, slug: str, text: str, tmp_path: Path, *extra):
    path = tmp_path / f"{slug}.py"
    path.write_text(text, encoding="utf-8")
    return run("exercise", slug, "--file", str(path), "--format", "json", *extra, course=release)


@pytest.mark.parametrize("seed", ["0", "1"])
def test_a_right_and_a_wrong_submission_get_their_verdicts_inside_the_release(release, tmp_path, seed):
    done = _grade(release, "lstm", answered("lstm"), tmp_path, "--seed", seed)
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["score"] == registry.get("lstm").points
    mistake = checks("lstm").MISTAKES[0]
    done = _grade(release, "lstm", variant("lstm", mistake.test_example()), tmp_path, "--seed", seed)
    assert done.exit_code == 1
    assert {t.get("mistake") for t in json.loads(done.output)["tests"]} - {None, ""} == {mistake.id}


def test_a_seed_that_was_not_recorded_is_refused_in_one_line(release, tmp_path):
    done = _grade(release, "lstm", answered("lstm"), tmp_path, "--seed", "7")
    assert done.exit_code == 2
    assert "seed 7 is not recorded" in done.output and "0, 1, 2" in done.output and "Traceback" not in done.output


def test_every_catalogued_mistake_is_named_inside_the_release_as_outside(release, monkeypatch):
    """The whole catalogue at seed 0, graded against the recorded results only (what grade verify grades)."""
    from grader import verify

    monkeypatch.setenv("GRADER_COURSE", str(release))
    problems = []
    for slug in SHIPPED:
        verdict = verify.Verdict(slug)
        verify._graded(slug, checks(slug), stub_text(slug), release / "expected", [0], verdict)
        problems += verdict.problems
        assert verdict.counts["mistakes"].split("/")[0] == verdict.counts["mistakes"].split("/")[1]
    assert not problems, "\n".join(problems)


def test_the_hints_that_give_the_answer_are_left_out_unless_asked_for(release, tmp_path):
    shown = []
    for _ in range(4):
        done = run("hint", "lstm", course=release, GRADER_STATE=str(tmp_path / "state"))
        shown.append(done.output)
    last = registry.read(registry.REGISTRY_FILE)["lstm"].hints[-1]["en"]
    assert not any(last in text for text in shown) and "Hint 2/2" in shown[1]
    kept = tmp_path / "kept"
    assert run("release", str(kept), "--with-answers-in-hints", course=ROOT).exit_code == 0
    shown = [run("hint", "lstm", course=kept, GRADER_STATE=str(tmp_path / "state2")).output for _ in range(3)]
    assert last in shown[2] and "Hint 3/3" in shown[2]


def test_usage_errors_of_grade_release(tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("", encoding="utf-8")
    for args, said in ((["release", str(tmp_path / "full")], "not an empty folder"),
                       (["release", str(tmp_path / "a"), "--seeds", "1,2"], "must include the default seed 0"),
                       (["release", str(tmp_path / "b"), "--seeds", "x"], "numbers separated by commas")):
        done = run(*args, course=ROOT)
        assert done.exit_code == 2 and said in done.output, done.output
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def _own_course(tmp_path: Path) -> Path:
    course = tmp_path / "course"
    shutil.copytree(ROOT / "exercises", course / "exercises")
    shutil.copytree(ROOT / "solutions", course / "solutions")
    scaffold(course, "affine")
    return course


def test_an_instructors_own_exercise_and_changed_reference_are_what_the_release_grades(tmp_path):
    course = _own_course(tmp_path)
    # the instructor's gradient_clipping reference clips by value: their course, their behaviour
    (course / "solutions" / "gradient_clipping.py").write_text(
        "import numpy as np\n\n\ndef gradient_clipping(grad, threshold):\n    return np.clip(grad, -threshold, threshold)\n",
        encoding="utf-8")
    out = tmp_path / "student"
    done = run("release", str(out), course=course)
    assert done.exit_code == 0, done.output
    checks_text = (out / "checks" / "affine.py").read_text(encoding="utf-8")
    assert "ANSWERS" not in checks_text and "EQUIVALENTS" not in checks_text and "no-bias" in checks_text
    assert sorted(p.name for p in (out / "checks").iterdir()) == ["affine.py"]
    stub = (out / "exercises" / "affine.py").read_text(encoding="utf-8")
    assert _grade(out, "affine", stub.replace("return ___", "return x @ W + b"), tmp_path).exit_code == 0
    wrong = json.loads(_grade(out, "affine", stub.replace("return ___", "return x @ W"), tmp_path).output)
    assert not wrong["passed"] and "no-bias" in {t.get("mistake") for t in wrong["tests"]}
    by_value = answered("gradient_clipping", {1: "np.clip(grad, -threshold, threshold)"})
    assert _grade(out, "gradient_clipping", by_value, tmp_path).exit_code == 0
    assert _grade(out, "gradient_clipping", answered("gradient_clipping"), tmp_path).exit_code == 1


def test_a_release_that_would_give_an_answer_away_is_refused_naming_the_line(tmp_path):
    course = _own_course(tmp_path)
    checks_file = course / "checks" / "affine.py"
    checks_file.write_text(checks_file.read_text(encoding="utf-8") + "\n\ndef _mine(x, W, b):\n    return np.dot(x, W) + b\n",
                           encoding="utf-8")
    out = tmp_path / "student"
    done = run("release", str(out), course=course)
    assert done.exit_code == 2
    assert "checks/affine.py:" in done.output and "reference of affine" in done.output
    assert not out.exists()


def test_a_copy_recorded_with_other_checks_says_so(release, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(release, copy)
    index = json.loads((copy / "expected" / "index.json").read_text(encoding="utf-8"))
    index["checks"]["lstm"] = "0" * 20
    index["toolkit"] = "0.0.9"
    (copy / "expected" / "index.json").write_text(json.dumps(index), encoding="utf-8")
    done = _grade(copy, "lstm", answered("lstm"), tmp_path)
    assert done.exit_code == 2 and "toolkit 0.0.9" in done.output and "dl-course-toolkit==0.0.9" in done.output


def test_quiz_key_is_off_in_the_release_unless_asked_for(release, tmp_path):
    from grader.quiz.cli import main as quiz

    env = {"GRADER_COURSE": str(release), "GRADER_LANG": "en"}
    assert CliRunner().invoke(quiz, ["key", "day3"], env=env).exit_code == 2
    handout = CliRunner().invoke(quiz, ["export", "day3", "--format", "markdown"], env=env)
    full = CliRunner().invoke(quiz, ["export", "day3", "--format", "markdown"], env={**env, "GRADER_COURSE": str(ROOT)})
    assert handout.exit_code == 0 and "\n# Answers\n" in full.output
    assert "\n# Answers\n" not in handout.output and "## 1." in handout.output   # the questions, no answer section
    keyed = tmp_path / "keyed"
    assert run("release", str(keyed), "--with-quiz-key", course=ROOT).exit_code == 0
    done = CliRunner().invoke(quiz, ["key", "day3"], env={**env, "GRADER_COURSE": str(keyed)})
    assert done.exit_code == 0 and done.output.strip()


def test_a_notebook_grades_against_the_recordings_too(release, monkeypatch):
    """grader.check (what %%grade calls) in a student copy: recorded results, no reference anywhere."""
    import grader

    monkeypatch.setenv("GRADER_COURSE", str(release))
    monkeypatch.delenv("GRADER_SOLUTIONS", raising=False)
    assert grader.check("gru", answered("gru"), lang="en").passed
    wrong = grader.check("gru", variant("gru", checks("gru").MISTAKES[0].test_example()), lang="en")
    assert not wrong.passed and checks("gru").MISTAKES[0].id in {t.mistake for t in wrong.tests}
    with pytest.raises(grader.api.UsageError, match="seed 9 is not recorded"):
        grader.check("gru", answered("gru"), seed=9)


def test_an_answer_written_inside_a_sentence_of_a_hint_is_found(tmp_path):
    course = _own_course(tmp_path)
    registry_file = course / "registry.yaml"
    text = registry_file.read_text(encoding="utf-8")
    text = text.replace('    - ja: "x @ W + b"\n      en: "x @ W + b"\n      answer: true\n',
                        '    - ja: "答えは x @ W + b です"\n      en: "Write x@W +b there"\n')
    registry_file.write_text(text, encoding="utf-8")
    done = run("release", str(tmp_path / "student"), course=course)
    assert done.exit_code == 2, done.output
    assert re.search(r"registry\.yaml:\d+: an answer of affine \(x@W\+b\)", done.output), done.output
    lines = [line for line in done.output.splitlines() if "an answer of affine" in line]
    assert len(lines) == 2   # the Japanese hint and the English one


def test_a_wrong_answer_the_catalogue_recognises_as_typed_is_no_secret(tmp_path):
    course = _own_course(tmp_path)
    checks_file = course / "checks" / "affine.py"
    text = checks_file.read_text(encoding="utf-8")
    checks_file.write_text(text.replace('code=("x @ W", "np.dot(x, W)", "x.dot(W)")),',
                                        'code=("x @ W", "np.dot(x, W)", "x.dot(W)"), example={1: "x.dot(W)"}),'),
                           encoding="utf-8")
    assert 'example={1: "x.dot(W)"}' in checks_file.read_text(encoding="utf-8")
    done = run("release", str(tmp_path / "student"), course=course)
    assert done.exit_code == 0, done.output
    assert "example=" not in (tmp_path / "student" / "checks" / "affine.py").read_text(encoding="utf-8")


def test_a_course_folder_holding_only_its_own_exercise_is_released_with_the_shipped_ones(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    scaffold(course, "affine")   # exercises/ and solutions/ hold affine alone
    out = tmp_path / "student"
    done = run("release", str(out), course=course)
    assert done.exit_code == 0, done.output
    assert sorted(p.stem for p in (out / "exercises").glob("*.py")) == sorted(SHIPPED + ["affine"])
    assert (out / "exercises" / "lstm.py").read_bytes() == (ROOT / "exercises" / "lstm.py").read_bytes()
    assert _grade(out, "lstm", answered("lstm"), tmp_path).exit_code == 0
