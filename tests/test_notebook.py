"""Notebooks and the Python API: grader.check, the %%grade / %grade_hint / %quiz magics,
generated notebooks executed with a real kernel, grade init, and the wheel's course copy."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import grader
from grader.cli import main
from grader.report_text import render

from exercise_helpers import ROOT, answered, stub_text

RIGHT = answered("lstm")
WRONG = answered("lstm", {1: "forget_gate * a + input_gate * prev_c"})   # option (4)


# -- the Python API -----------------------------------------------------------------------------
def test_check_grades_source_text():
    report = grader.check("lstm", RIGHT)
    assert report.passed and report.score == report.max_score and report.imported
    wrong = grader.check("LSTM", WRONG)
    assert not wrong.passed and any(t.mistake == "option-4" for t in wrong.tests)
    assert json.loads(json.dumps(wrong.as_json()))["passed"] is False


def test_the_report_shows_as_html_and_as_the_text_report():
    report = grader.check("lstm", WRONG)
    page = report._repr_html_()
    assert "<table>" in page and "option (4)" in page and "%grade_hint lstm" in page

    class Printer:
        def text(self, value):
            self.value = value

    printer = Printer()
    report._repr_pretty_(printer, False)
    assert printer.value == render(report)


def test_code_that_does_not_import_is_flagged():
    assert grader.check("lstm", "import sys\nsys.exit(0)\n").imported is False
    assert grader.check("lstm", "def lstm(:\n").imported is False
    assert grader.check("lstm", stub_text("lstm")).imported is True     # blanks fail only when called


def test_an_unknown_exercise_is_a_usage_error_with_a_suggestion():
    from grader.api import UsageError

    with pytest.raises(UsageError, match="did you mean lstm"):
        grader.check("lsmt", RIGHT)


# -- the magics in an IPython shell --------------------------------------------------------------
@pytest.fixture
def shell():
    pytest.importorskip("IPython")
    from IPython.testing.globalipapp import get_ipython

    ip = get_ipython()
    ip.run_line_magic("load_ext", "grader")
    for name in ("lstm", "_sigmoid", "_activation"):
        ip.user_ns.pop(name, None)
    return ip


def test_grade_magic_grades_then_defines_the_functions(shell, capsys):
    shell.run_cell_magic("grade", "lstm", RIGHT)
    assert "All tasks passed" in capsys.readouterr().out
    assert callable(shell.user_ns.get("lstm"))


def test_grade_magic_no_run_and_code_that_crashed_are_not_run_in_the_kernel(shell, capsys):
    shell.run_cell_magic("grade", "lstm --no-run", RIGHT)
    assert "lstm" not in shell.user_ns
    shell.run_cell_magic("grade", "lstm", "import os\nos._exit(3)\n" + RIGHT)
    assert "lstm" not in shell.user_ns          # the kernel is alive, and the crash was not run in it
    assert "exit code 3" in capsys.readouterr().out


def test_grade_magic_in_japanese_and_a_bad_name(shell, capsys):
    shell.run_cell_magic("grade", "lstm --no-run --lang ja", WRONG)
    assert "よくある間違い" in capsys.readouterr().out
    shell.run_cell_magic("grade", "lsmt", RIGHT)
    assert "did you mean lstm" in capsys.readouterr().err


def test_hint_and_quiz_magics(shell, capsys, monkeypatch):
    shell.run_line_magic("grade_hint", "lstm")
    shell.run_line_magic("grade_hint", "lstm")
    assert "Hint 2/" in capsys.readouterr().out
    answers = iter(["1", "2"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    shell.run_line_magic("quiz", "day3 --limit 2 --seed 1")
    assert "Score:" in capsys.readouterr().out


# -- generated notebooks, executed with a real kernel ---------------------------------------------
def test_grade_notebook_writes_a_valid_notebook_for_every_exercise(tmp_path):
    result = CliRunner().invoke(main, ["notebook", "--all", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    paths = sorted(tmp_path.glob("*.ipynb"))
    assert len(paths) == 20
    nbformat = pytest.importorskip("nbformat")
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        assert nb.cells[2].source.startswith(f"%%grade {path.stem}\n")
        assert "%load_ext grader" in nb.cells[0].source and "git+" in nb.cells[0].source


def _execute(notebook_path, cells, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(notebook_path, as_version=4)
    nb.cells = nb.cells[:1] + [nbformat.v4.new_code_cell(c) for c in cells]
    env = dict(os.environ, GRADER_LOAD_TIMEOUT="3", GRADER_CALL_TIMEOUT="2", GRADER_BUDGET="6",
               GRADER_STATE_DIR=str(tmp_path / "state"), LANG="en_US.UTF-8")
    client = nbclient.NotebookClient(nb, timeout=180, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    old = dict(os.environ)
    os.environ.update(env)
    try:
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(old)
    outputs = []
    for cell in nb.cells[1:]:
        text = ""
        for out in cell.get("outputs", []):
            text += out.get("text", "") + out.get("data", {}).get("text/plain", "") + \
                out.get("data", {}).get("text/html", "")
        outputs.append(text)
    return outputs


def test_a_generated_notebook_runs_in_a_real_kernel(tmp_path):
    CliRunner().invoke(main, ["notebook", "lstm", "--out", str(tmp_path)])
    outputs = _execute(tmp_path / "lstm.ipynb", [
        "%%grade lstm\n" + RIGHT,
        "%%grade lstm --no-run\n" + WRONG,
        "%%grade lstm --no-run\nwhile True:\n    pass\n",
        "print('kernel alive', callable(lstm))",
        # the kernel sets builtins.input for each cell: the answers are scripted where %quiz reads them
        "import grader.api\n_answers = iter(['1', '2'])\ngrader.api.input = lambda prompt='': next(_answers)",
        "%quiz day3 --limit 2 --seed 1",
        "%grade_hint lstm",
    ], tmp_path)
    assert "All tasks passed" in outputs[0] and "<table>" in outputs[0]
    assert "option (4)" in outputs[1]
    assert "TIMEOUT" in outputs[2]
    assert "kernel alive True" in outputs[3]
    assert "Score:" in outputs[5]
    assert "Hint 1/" in outputs[6]


# -- grade init and the wheel's copy of the course ----------------------------------------------
def test_grade_init_writes_a_working_course_folder(tmp_path, monkeypatch):
    folder = tmp_path / "course"
    result = CliRunner().invoke(main, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    assert {p.name for p in folder.iterdir()} >= {"exercises", "solutions", "quizzes", "README.md"}
    monkeypatch.chdir(folder)
    monkeypatch.delenv("GRADER_COURSE", raising=False)
    graded = CliRunner().invoke(main, ["exercise", "rnn", "--format", "json"])
    assert graded.exit_code == 1 and json.loads(graded.stdout)["score"] == 0      # the untouched stub
    again = CliRunner().invoke(main, ["init", str(folder)])
    assert again.exit_code == 2 and "not empty" in again.output


def test_outside_a_course_the_error_says_how_to_get_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRADER_COURSE", str(tmp_path / "nowhere"))
    result = CliRunner().invoke(main, ["exercise", "lstm"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_the_wheel_carries_the_course_and_works_installed(tmp_path):
    """Build the wheel, install it (not editable) into a fresh environment, and learn there."""
    wheels = tmp_path / "wheels"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    wheel = next(wheels.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for part, name in (("exercises", "lstm.py"), ("solutions", "lstm.py"), ("quizzes", "day3.yaml")):
        assert f"grader/_course/{part}/{name}" in names
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    # the dependencies come from this environment (a path, not its .pth files: not its editable grader)
    import sysconfig

    site = subprocess.run([str(bin_dir / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True, timeout=60).stdout.strip()
    here = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site, "_dependencies.pth").write_text("\n".join(sorted(here)) + "\n", encoding="utf-8")
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True,
                   timeout=300)
    course = tmp_path / "mine"
    env = dict(os.environ, GRADER_STATE_DIR=str(tmp_path / "state"))
    env.pop("GRADER_COURSE", None)
    subprocess.run([str(bin_dir / "grade"), "init", str(course)], check=True, cwd=tmp_path, env=env, timeout=60)
    graded = subprocess.run([str(bin_dir / "grade"), "exercise", "rnn", "--file", "solutions/rnn.py", "--format",
                             "json"], cwd=course, env=env, capture_output=True, text=True, timeout=120)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    banks = subprocess.run([str(bin_dir / "quiz"), "list"], cwd=course, env=env, capture_output=True, text=True,
                           timeout=60)
    assert banks.returncode == 0 and "day3" in banks.stdout
    where = subprocess.run([str(bin_dir / "python"), "-c", "import grader; print(grader.__file__)"], cwd=tmp_path,
                           env=env, capture_output=True, text=True, timeout=60)
    assert str(venv) in where.stdout   # the installed copy, not the checkout


def test_lab_magic_runs_the_lab_here(shell, capsys):
    shell.run_line_magic("grade_lab", "binary-addition --iters 200 --compare lr=0.1,1")
    out = capsys.readouterr().out
    assert "lr=0.1: accuracy" in out and "lr=1: accuracy" in out
