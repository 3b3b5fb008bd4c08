"""`grade gradescope`: the autograder zip, tested off the platform.

The zip is built once (it builds the toolkit's wheel), unpacked into a temporary
root as Gradescope unpacks it into /autograder, and its run_autograder runs with
AUTOGRADER_ROOT set and the current Python's `grade` first on PATH.  setup.sh's
pip install is not run (it would fetch NumPy); its text is checked, and the
carried wheel is installed into a folder and imported.
"""
from __future__ import annotations

import copy
import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from exercise_helpers import answered, checks, stub_text, variant
from grader import registry
from grader.cli import main
from grader.gradescope import CONFIG, build, grade_submission, report_entries
from grader.engine import grade

ROOT = Path(__file__).resolve().parents[1]
SLUGS = ["lstm", "gru", "rnn"]
BIN = Path(sys.executable).parent
GRADESCOPE_STATUSES = {"passed", "failed"}
VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    build(out, SLUGS, ROOT / "solutions", ROOT, hidden=["gru:values"], seed=0, lang="en")
    return out


def unpack(bundle: Path, root: Path) -> Path:
    """The zip unpacked as Gradescope does: ROOT/source, and an empty ROOT/submission."""
    (root / "submission").mkdir(parents=True)
    with zipfile.ZipFile(bundle) as z:
        z.extractall(root / "source")
        for info in z.infolist():   # zipfile does not restore the modes
            mode = info.external_attr >> 16
            if mode:
                os.chmod(root / "source" / info.filename, stat.S_IMODE(mode))
    return root


def run_autograder(root: Path) -> subprocess.CompletedProcess:
    if not (BIN / "grade").exists():
        pytest.skip("no grade command beside this Python")
    env = dict(os.environ, AUTOGRADER_ROOT=str(root), PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    for name in ("GRADER_COURSE", "GRADER_MEMORY_MB"):
        env.pop(name, None)
    return subprocess.run([str(root / "source" / "run_autograder")], cwd=root, env=env, capture_output=True,
                          text=True, timeout=300)


def check_schema(results: dict) -> None:
    """results.json as Gradescope reads it."""
    assert {"score", "execution_time", "output", "tests"} <= set(results)
    assert isinstance(results["execution_time"], int) and isinstance(results["output"], str)
    numbers = [t["number"] for t in results["tests"]]
    assert len(numbers) == len(set(numbers))
    for test in results["tests"]:
        assert {"name", "number", "score", "max_score", "status", "output", "visibility"} <= set(test)
        assert test["status"] in GRADESCOPE_STATUSES and test["visibility"] in VISIBILITIES
        assert 0 <= test["score"] <= test["max_score"]
        assert (test["status"] == "passed") == (test["score"] == test["max_score"])
    assert results["score"] == sum(t["score"] for t in results["tests"])


def by_exercise(results: dict) -> dict:
    found = {}
    for test in results["tests"]:
        found.setdefault(test["extra_data"]["exercise"], []).append(test)
    return found


def test_the_zip_has_both_scripts_at_its_root_the_wheel_and_the_references(bundle):
    with zipfile.ZipFile(bundle) as z:
        names = set(z.namelist())
        modes = {i.filename: i.external_attr >> 16 for i in z.infolist()}
        config = json.loads(z.read(CONFIG))
    assert {"setup.sh", "run_autograder", CONFIG} <= names
    assert modes["setup.sh"] & 0o111 and modes["run_autograder"] & 0o111
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert config["wheel"] == f"dl_course_toolkit-{version}-py3-none-any.whl" and config["wheel"] in names
    assert config["exercises"] == SLUGS and config["hidden"] == ["gru:values"] and config["memory_mb"] == 512
    for slug in SLUGS:
        assert {f"course/exercises/{slug}.py", f"course/solutions/{slug}.py"} <= names
        assert [t["name"] for t in config["tasks"][slug]] and \
            sum(t["max_score"] for t in config["tasks"][slug]) == registry.get(slug).points


def test_setup_sh_installs_the_carried_wheel_and_puts_grade_on_path(bundle):
    with zipfile.ZipFile(bundle) as z:
        setup = z.read("setup.sh").decode()
        wheel = json.loads(z.read(CONFIG))["wheel"]
        run = z.read("run_autograder").decode()
    assert f'-m pip install --quiet "$here/{wheel}"' in setup
    assert 'ln -sf "$venv/bin/grade" "$bin/grade"' in setup and "sys.version_info < (3, 11)" in setup
    assert "grade gradescope-run --root" in run and "AUTOGRADER_ROOT:-/autograder" in run
    for text in (setup, run):
        assert text.startswith("#!/usr/bin/env bash\n")
        assert subprocess.run(["bash", "-n"], input=text, text=True, capture_output=True).returncode == 0


@pytest.fixture(scope="module")
def installed(bundle, tmp_path_factory):
    """The carried wheel installed (no dependencies) into a folder of its own."""
    target = tmp_path_factory.mktemp("installed")
    with zipfile.ZipFile(bundle) as z:
        wheel = json.loads(z.read(CONFIG))["wheel"]
        z.extract(wheel, target.parent / "w")
    done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                           str(target.parent / "w" / wheel)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return target


def _python_s(target: Path, code: str) -> subprocess.CompletedProcess:
    """``code`` run by a Python that sees only the standard library and ``target`` (not the editable checkout)."""
    prelude = f"import sys; sys.path.insert(0, {str(target)!r}); "
    return subprocess.run([sys.executable, "-S", "-c", prelude + code], cwd=target, capture_output=True, text=True,
                          timeout=120)


def test_the_carried_wheel_installs_and_imports_with_the_course(installed):
    done = _python_s(installed, "import grader, grader.course as c; print(grader.__file__); "
                                "print(c.packaged_course() / 'solutions' / 'lstm.py')")
    assert done.returncode == 0, done.stderr
    module, reference = done.stdout.split()
    assert module.startswith(str(installed)) and Path(reference).is_file()
    scripts = next(installed.glob("*.dist-info")) / "entry_points.txt"
    assert "grade = grader.cli:main" in scripts.read_text(encoding="utf-8")


def test_an_installed_toolkit_packs_itself_again_into_the_same_wheel(installed, bundle, tmp_path):
    done = _python_s(installed, "from pathlib import Path; from grader import toolkit_wheel as t; "
                                f"assert t.source_tree() is None; print(t.build(Path({str(tmp_path)!r})))")
    assert done.returncode == 0, done.stderr
    rebuilt = Path(done.stdout.strip())
    with zipfile.ZipFile(bundle) as z:
        original = zipfile.ZipFile(z.open(json.loads(z.read(CONFIG))["wheel"]))
        again = zipfile.ZipFile(rebuilt)
        assert rebuilt.name == json.loads(z.read(CONFIG))["wheel"]
        assert set(again.namelist()) == set(original.namelist())
        for name in original.namelist():
            if not name.endswith("/RECORD"):
                assert again.read(name) == original.read(name), name
    again_target = tmp_path / "again"
    reinstalled = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                                  str(again_target), str(rebuilt)], capture_output=True, text=True, timeout=300)
    assert reinstalled.returncode == 0, reinstalled.stderr   # pip checks every hash of the new RECORD


def test_run_autograder_grades_right_wrong_and_missing_files(bundle, tmp_path):
    root = unpack(bundle, tmp_path / "採点 root")   # a root whose path is not ASCII
    submission = root / "submission"
    (submission / "lstm.py").write_text(answered("lstm"), encoding="utf-8")
    mistake = checks("gru").MISTAKES[0]
    (submission / "gru.py").write_text(variant("gru", mistake.test_example()), encoding="utf-8")
    (submission / "メモ.txt").write_text("not code", encoding="utf-8")
    done = run_autograder(root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    check_schema(results)
    tests = by_exercise(results)
    assert [t["score"] for t in tests["lstm"]] == [t["max_score"] for t in tests["lstm"]]
    assert sum(t["max_score"] for t in tests["lstm"]) == registry.get("lstm").points
    named = [t for t in tests["gru"] if t["extra_data"].get("mistake") == mistake.id]
    assert named and all(t["status"] == "failed" for t in named)
    assert any("known mistake" in t["output"] for t in named)        # shown: --show-mistakes is the default
    assert sum(t["score"] for t in tests["gru"]) < registry.get("gru").points
    assert all(t["score"] == 0 and "rnn.py" in t["output"] for t in tests["rnn"])
    assert sum(t["max_score"] for t in tests["rnn"]) == registry.get("rnn").points
    hidden = [t for t in results["tests"] if t["visibility"] != "visible"]
    assert [(t["extra_data"]["exercise"], t["extra_data"]["task"], t["visibility"]) for t in hidden] == \
        [("gru", "values", "hidden")]
    assert results["score"] == registry.get("lstm").points + sum(t["score"] for t in tests["gru"])
    assert "メモ.txt" in results["output"] and "rnn.py" in results["output"]
    assert f"gru: " in done.stdout and mistake.id in done.stdout   # the instructor's log names the mistake


def test_the_references_stay_unreadable_for_the_learners_code(bundle, tmp_path):
    root = unpack(bundle, tmp_path / "root")
    secret = root / "source" / "course" / "solutions" / "lstm.py"
    spy = answered("lstm") + (
        "\n\ntry:\n"
        f"    _seen = 'read %d characters' % len(open({str(secret)!r}).read())\n"
        "except OSError as exc:\n    _seen = 'refused: ' + type(exc).__name__\n"
        "raise RuntimeError(_seen)\n")
    (root / "submission" / "lstm.py").write_text(spy, encoding="utf-8")
    done = run_autograder(root)
    text = (root / "results" / "results.json").read_text(encoding="utf-8")
    results = json.loads(text)
    check_schema(results)
    lstm = by_exercise(results)["lstm"]
    assert all(t["score"] == 0 for t in lstm)
    assert "refused" in text and "read " not in text and "characters" not in done.stdout


def test_a_broken_submission_and_a_broken_bundle_still_give_results(bundle, tmp_path):
    root = unpack(bundle, tmp_path / "root")
    (root / "submission" / "lstm.py").write_text("def lstm_step(:\n", encoding="utf-8")
    (root / "submission" / "gru.py").write_text("import os\nos._exit(3)\n", encoding="utf-8")
    # more than the bundle's memory limit (512 MiB), less than this machine's: the limit is the bundle's
    (root / "submission" / "rnn.py").write_text(answered("rnn") + "\n_hoard = bytearray(900 * 2**20)\n",
                                                encoding="utf-8")
    done = run_autograder(root)
    assert done.returncode == 0 and "Traceback" not in done.stdout + done.stderr
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    check_schema(results)
    assert results["score"] == 0 and len(by_exercise(results)) == 3
    rnn = by_exercise(results)["rnn"]
    assert "512 MiB" in rnn[0]["output"] and all(t["extra_data"]["status"] == "error" for t in rnn)
    (root / "source" / CONFIG).write_text("{not json", encoding="utf-8")
    done = run_autograder(root)
    assert done.returncode == 0 and "Traceback" not in done.stdout + done.stderr
    broken = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert broken["score"] == 0 and broken["tests"] == [] and "could not run" in broken["output"]


def notebook(*cells) -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                       "cells": [{"cell_type": kind, "metadata": {}, "source": text, **(
                           {"outputs": [], "execution_count": None} if kind == "code" else {})}
                                 for kind, text in cells]}, ensure_ascii=False)


def test_notebooks_with_japanese_names_are_graded_and_a_broken_one_costs_only_its_exercise(bundle, tmp_path):
    root = unpack(bundle, tmp_path / "root")
    (root / "submission" / "LSTM_山田.ipynb").write_text(notebook(
        ("markdown", "# LSTM の演習"), ("code", "!pip install numpy\n%matplotlib inline\n"),
        ("code", "%%grade lstm\n" + answered("lstm"))), encoding="utf-8")
    (root / "submission" / "gru.ipynb").write_text('{"cells": [', encoding="utf-8")
    (root / "submission" / "rnn.py").write_text(answered("rnn"), encoding="utf-8")
    done = run_autograder(root)
    assert done.returncode == 0 and "Traceback" not in done.stdout + done.stderr
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    check_schema(results)
    tests = by_exercise(results)
    assert all(t["status"] == "passed" for t in tests["lstm"] + tests["rnn"])
    assert all(t["score"] == 0 and t["output"].startswith("gru.ipynb") for t in tests["gru"])
    assert results["score"] == registry.get("lstm").points + registry.get("rnn").points
    assert "LSTM_山田.ipynb" in done.stdout


def test_run_autograder_without_grade_on_path_still_writes_results(bundle, tmp_path):
    root = unpack(bundle, tmp_path / "root")
    env = {"PATH": "/usr/bin:/bin", "AUTOGRADER_ROOT": str(root), "DL_COURSE_VENV": str(tmp_path / "none")}
    done = subprocess.run([str(root / "source" / "run_autograder")], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert results["score"] == 0 and "setup.sh" in results["output"]


def test_hidden_mistakes_leave_the_message_but_keep_the_id_for_the_instructor(tmp_path):
    mistake = checks("gru").MISTAKES[0]
    path = tmp_path / "gru.py"
    path.write_text(variant("gru", mistake.test_example()), encoding="utf-8")
    report = grade("gru", path, ROOT / "solutions")
    hidden = report_entries({"show_mistakes": False}, 1, copy.deepcopy(report))
    shown = report_entries({"show_mistakes": True}, 1, report)
    named = [i for i, t in enumerate(shown) if t["extra_data"].get("mistake") == mistake.id]
    assert named
    for i in named:
        assert mistake.message() in shown[i]["output"]
        assert mistake.message() not in hidden[i]["output"] and hidden[i]["output"]
        assert hidden[i]["extra_data"]["mistake"] == mistake.id and hidden[i]["score"] == shown[i]["score"]


def test_files_are_found_in_an_exercises_folder_and_the_log_names_them(tmp_path, monkeypatch):
    root = tmp_path / "root"
    (root / "submission" / "exercises").mkdir(parents=True)
    (root / "source" / "course").mkdir(parents=True)
    shutil.copytree(ROOT / "exercises", root / "source" / "course" / "exercises")
    shutil.copytree(ROOT / "solutions", root / "source" / "course" / "solutions")
    (root / "submission" / "exercises" / "rnn.py").write_text(stub_text("rnn"), encoding="utf-8")
    monkeypatch.setenv("GRADER_COURSE", str(tmp_path))        # grade_submission sets both: restored after
    monkeypatch.setenv("GRADER_MEMORY_MB", "2048")
    lines = []
    results = grade_submission(root, {"exercises": ["rnn"], "solutions": "course/solutions", "seed": 0}, lines.append)
    check_schema(dict(results, execution_time=1))
    assert results["score"] == 0 and all(t["extra_data"]["status"] == "blank" for t in results["tests"])
    assert any(line.startswith("rnn: 0/") for line in lines)


def test_usage_errors_name_the_problem_in_one_line(tmp_path):
    runner = CliRunner()
    cases = [(["--exercise", "lstm", "--hidden", "gru"], "not one of the exercises"),
             (["--exercise", "lstm", "--hidden", "lstm:nope"], "has no task nope"),
             (["--exercise", "nosuch"], "nosuch"),
             (["--exercise", "lstm", "--solutions", str(tmp_path / "none")], "solutions")]
    for args, words in cases:
        result = runner.invoke(main, ["gradescope", *args, "--out", str(tmp_path / "a.zip")])
        assert result.exit_code == 2, result.output
        assert words in result.output and "Traceback" not in result.output
        assert not (tmp_path / "a.zip").exists()


def test_gradescope_run_in_an_empty_folder_writes_results_and_says_why(tmp_path):
    result = CliRunner().invoke(main, ["gradescope-run", "--root", str(tmp_path)])
    assert result.exit_code == 0 and "Traceback" not in result.output
    results = json.loads((tmp_path / "results" / "results.json").read_text(encoding="utf-8"))
    assert results["score"] == 0 and results["tests"] == [] and "could not run" in result.output


def test_an_instructors_references_go_into_the_zip_and_are_the_ones_graded_against(bundle, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    wrong = variant("gru", checks("gru").MISTAKES[0].test_example())
    (mine / "gru.py").write_text(wrong, encoding="utf-8")   # an instructor's "reference" in another convention
    with zipfile.ZipFile(bundle) as z:
        wheel = json.loads(z.read(CONFIG))["wheel"]
        z.extract(wheel, tmp_path)
    out = build(tmp_path / "mine.zip", ["gru"], mine, ROOT, wheel=tmp_path / wheel)
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        assert json.loads(z.read(CONFIG))["solutions"] == "solutions"
        assert z.read("solutions/gru.py").decode() == wrong
    assert "course/solutions/gru.py" not in names and "course/exercises/gru.py" in names
    root = unpack(out, tmp_path / "root")
    (root / "submission" / "gru.py").write_text(wrong, encoding="utf-8")
    done = run_autograder(root)
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    check_schema(results)
    assert results["score"] == registry.get("gru").points, done.stdout   # judged against the instructor's file
