"""Submissions as learners hand them in: which file is which exercise (names in
any case, notebooks named for an exercise, precedence, files that match none),
and notebooks graded from their code cells with messages naming cell and line."""
from __future__ import annotations

import json
import os
import re

import pytest
from click.testing import CliRunner

from grader import registry
from grader.cli import main
from grader.engine import grade
from grader.i18n import set_lang
from grader.ipynb import python_lines
from grader.make_notebook import notebook
from grader.submissions import (ClassFiles, SubmissionProblem, choose, class_files, folder_files, read_source,
                                shadowed_warning, unmatched_warning, warnings)

from exercise_helpers import ROOT, answered, stub_text

SLUGS = registry.slugs()
SOLUTIONS = ROOT / "solutions"


def write_notebook(path, *cells):
    """A notebook of ``cells``: (kind, source) pairs, the source as a list of lines as Jupyter writes it."""
    data = {"cells": [{"cell_type": kind, "metadata": {}, "source": text.splitlines(keepends=True),
                       **({"outputs": [], "execution_count": None} if kind == "code" else {})}
                      for kind, text in cells],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def touch(path, text="", age=0):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if age:
        stamp = path.stat().st_mtime - age
        os.utime(path, (stamp, stamp))
    return path


# -- which file is which exercise ------------------------------------------------

def test_names_match_in_any_case_in_the_folder_and_its_exercises_folder(tmp_path):
    me = tmp_path / "山田 太郎"
    touch(me / "LSTM.py")
    touch(me / "Exercises" / "Rnn.PY")
    write_notebook(me / "Weight-Init.ipynb")
    touch(me / "notes.txt")
    touch(me / "lstm_old.py")          # a .py counts only by its exact name
    touch(me / "data" / "gru.py")      # other subfolders are not searched
    files, unmatched = folder_files(me, SLUGS)
    assert files["lstm"] == me / "LSTM.py"
    assert files["rnn"] == me / "Exercises" / "Rnn.PY"
    assert files["weight_init"] == me / "Weight-Init.ipynb"
    assert files["gru"] is None and files["bptt"] is None
    assert unmatched == sorted([me / "notes.txt", me / "lstm_old.py", me / "data"])


def test_notebooks_named_for_an_exercise_count_and_one_named_for_two_counts_for_both(tmp_path):
    me = tmp_path / "learner"
    write_notebook(me / "Copy of LSTM.ipynb")
    write_notebook(me / "gru (1).ipynb")
    write_notebook(me / "rnn_and_attention_yamada.ipynb")
    write_notebook(me / "birnn2.ipynb")                        # birnn2 is not birnn, and not rnn either
    write_notebook(me / "day4.ipynb", ("code", "%%grade Dropout\ndef f(): pass\n"))   # by its %%grade cell
    write_notebook(me / "scratch.ipynb", ("code", "x = 1\n"))
    files, unmatched = folder_files(me, SLUGS)
    assert files["lstm"] == me / "Copy of LSTM.ipynb"
    assert files["gru"] == me / "gru (1).ipynb"
    assert files["rnn"] == files["attention"] == me / "rnn_and_attention_yamada.ipynb"
    assert files["dropout"] == me / "day4.ipynb"
    assert files["birnn"] is None
    assert unmatched == [me / "birnn2.ipynb", me / "scratch.ipynb"]


def test_precedence_py_then_notebook_then_folder_then_newest_and_the_others_are_reported(tmp_path):
    me = tmp_path / "learner"
    touch(me / "exercises" / "lstm.py")
    write_notebook(me / "lstm.ipynb")
    write_notebook(me / "lstm_v1.ipynb")
    touch(me / "lstm.py")
    write_notebook(me / "gru_v1.ipynb")
    write_notebook(me / "gru_v2.ipynb")
    os.utime(me / "gru_v2.ipynb", (1_000_000_000, 1_000_000_000))   # v1 is the newer one
    write_notebook(me / "exercises" / "rnn.ipynb")
    write_notebook(me / "rnn_final.ipynb")   # exact name in exercises/ beats a name with the exercise in it
    found = choose(me, SLUGS)
    files = found.learners["learner"]
    assert files["lstm"] == me / "lstm.py"
    assert files["gru"] == me / "gru_v1.ipynb"
    assert files["rnn"] == me / "exercises" / "rnn.ipynb"
    lost = {(path.name, won.name, slug) for path, won, slug in found.shadowed}
    assert lost == {("lstm.py", "lstm.py", "lstm"), ("lstm.ipynb", "lstm.py", "lstm"),
                    ("lstm_v1.ipynb", "lstm.py", "lstm"), ("gru_v2.ipynb", "gru_v1.ipynb", "gru"),
                    ("rnn_final.ipynb", "rnn.ipynb", "rnn")}
    assert [p for p, _w, _s in found.shadowed if p.name == "lstm.py"] == [me / "exercises" / "lstm.py"]
    assert found.unmatched == []
    text = shadowed_warning(found, tmp_path)
    assert text.startswith("warning: 5 file(s) not graded")
    assert "learner/lstm.ipynb (learner/lstm.py graded for lstm)" in text


def test_hidden_files_caches_and_checkpoints_are_ignored(tmp_path):
    me = tmp_path / "learner"
    touch(me / ".lstm.py")
    touch(me / "__pycache__" / "lstm.cpython-311.pyc")
    write_notebook(me / ".ipynb_checkpoints" / "lstm-checkpoint.ipynb")
    touch(me / "__MACOSX" / "._lstm.py")
    touch(me / ".DS_Store")
    touch(me / "Thumbs.db")
    files, unmatched = folder_files(me, SLUGS)
    assert files["lstm"] is None and unmatched == []


def test_class_files_sorts_learners_and_lists_what_matched_nothing_in_one_capped_line(tmp_path):
    for name in ("b", "a", "c"):
        touch(tmp_path / name / "lstm.py")
    for n in range(10):
        touch(tmp_path / "a" / f"extra{n}.txt")
    touch(tmp_path / "stray.py")               # directly in the class folder: no learner's
    touch(tmp_path / "__MACOSX" / "a" / "lstm.py")
    touch(tmp_path / ".git" / "HEAD")
    found = class_files(tmp_path, ["lstm", "gru"])
    assert list(found.learners) == ["a", "b", "c"]
    assert found.learners["b"] == {"lstm": tmp_path / "b" / "lstm.py", "gru": None}
    assert len(found.unmatched) == 11 and tmp_path / "stray.py" in found.unmatched
    line = unmatched_warning(found, tmp_path)
    assert "\n" not in line and line.startswith("warning: 11 file(s) matched no exercise")
    assert line.count(", ") == 7 and line.endswith(" and 3 more")
    assert "a/extra0.txt" in line
    set_lang("ja")
    try:
        assert "どの演習にも当てはまらず" in unmatched_warning(found, tmp_path) and "ほか 3 件" in unmatched_warning(found, tmp_path)
    finally:
        set_lang("en")
    assert warnings(found, tmp_path) == [unmatched_warning(found, tmp_path)]
    assert warnings(ClassFiles()) == []


def test_an_empty_or_unreadable_class_folder(tmp_path):
    assert class_files(tmp_path, SLUGS).learners == {}
    with pytest.raises(SubmissionProblem, match="cannot read the class folder"):
        class_files(tmp_path / "absent", SLUGS)


# -- a notebook's code -----------------------------------------------------------

def test_magics_shell_and_help_lines_go_markdown_and_other_languages_do_not_count(tmp_path):
    path = write_notebook(
        tmp_path / "lstm.ipynb",
        ("markdown", "# Title\n\nx = broken(\n"),
        ("code", "%matplotlib inline\nimport numpy as np\n!pip install something\nnp.dot?\n??np\n"
                 "if True:\n    !ls\n    %time y = 1\n"),
        ("code", "%%bash\necho not python\n"),
        ("code", "%%time\nz = (10\n     % 3)\ns = '''\n%not a magic inside a string\n!nor this\n'''\n"),
        ("code", "%%writefile helper.py\nthis is not run\n"),
        ("raw", "raw text"),
        ("code", "w = 1 + \\\n    2\nq = 1  # why?\n"))
    code = read_source(path, "lstm")
    compile(code, "nb", "exec")   # what is left is Python
    lines = code.splitlines()
    assert lines[:8] == ["", "import numpy as np", "", "", "", "if True:", "    pass", "    pass"]
    assert "echo" not in code and "this is not run" not in code and "broken" not in code and "raw" not in code
    assert "     % 3)" in lines and "%not a magic inside a string" in lines and "!nor this" in lines
    assert "q = 1  # why?" in lines
    namespace = {}
    exec(compile(code.replace("import numpy as np", ""), "nb", "exec"), namespace)
    assert namespace["z"] == 1 and namespace["w"] == 3
    # each line is named by its cell (markdown cells counted) and its line in that cell
    assert code.where(2) == "cell 2, line 2"
    assert code.where(lines.index("     % 3)") + 1) == "cell 4, line 3"
    assert code.where(len(lines)) == "cell 7, line 3"
    set_lang("ja")
    try:
        assert code.where(2) == "セル 2 の 2 行目"
    finally:
        set_lang("en")


def test_continuation_lines_starting_like_magics_are_kept():
    lines = ["x = [1,", "  % 2]", "y = 'a\\", "%b'", "%who"]
    assert python_lines(lines) == ["x = [1,", "  % 2]", "y = 'a\\", "%b'", ""]


def test_only_the_grade_cells_of_the_exercise_count_where_there_are_any(tmp_path):
    path = write_notebook(tmp_path / "day3.ipynb",
                          ("code", "import subprocess\nsubprocess.run(['pip', 'install', 'x'])\n"),
                          ("code", "%%grade lstm\ndef lstm():\n    return 1\n"),
                          ("code", "%%grade GRU --no-run\ndef gru():\n    return 2\n"))
    assert read_source(path, "lstm") == "\ndef lstm():\n    return 1\n"
    assert read_source(path, "lstm").where(2) == "cell 2, line 2"
    assert read_source(path, "gru") == "\ndef gru():\n    return 2\n"
    # no %%grade cell for this exercise: every code cell but other exercises' %%grade cells
    assert read_source(path, "rnn") == "import subprocess\nsubprocess.run(['pip', 'install', 'x'])\n"


@pytest.mark.parametrize("text, said", [
    ('{"cells": [\n  {"cell_type": "code",\n', r"is not a readable notebook: .* at line 3, column 1"),
    ("[1, 2]", "is not a Jupyter notebook"),
    ('{"cells": [{"cell_type": "code", "source": 7}]}', "cell 1 is malformed"),
])
def test_a_malformed_notebook_is_one_line_naming_the_file(tmp_path, text, said):
    path = tmp_path / "lstm.ipynb"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SubmissionProblem) as caught:
        read_source(path, "lstm")
    assert re.search(said, str(caught.value)) and str(path) in str(caught.value) and "\n" not in str(caught.value)
    result = CliRunner().invoke(main, ["exercise", "lstm", "--file", str(path)])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("Error: ") and str(path) in result.stderr and len(result.stderr.splitlines()) == 1


# -- graded from a notebook ---------------------------------------------------------

def _messages(report):
    return "\n".join(t.message for t in report.tests)


def test_a_syntax_error_in_cell_3_is_named_by_cell_and_line(tmp_path):
    path = write_notebook(tmp_path / "lstm.ipynb", ("markdown", "# LSTM\n"), ("code", "import numpy as np\n"),
                          ("code", "def lstm(x, prev_h, prev_c, W, U, b):\n    return (x +\n\ndef other(:\n    pass\n"))
    report = grade("lstm", path, SOLUTIONS)
    assert {t.status.value for t in report.tests} == {"error"}
    assert "syntax error in lstm.ipynb, cell 3, line 4" in _messages(report), _messages(report)


def test_a_generated_notebook_grades_as_the_stub_and_names_the_blank_by_cell_and_line(tmp_path):
    path = tmp_path / "lstm.ipynb"
    path.write_text(json.dumps(notebook("lstm", stub_text("lstm"))), encoding="utf-8")
    report = grade("lstm", path, SOLUTIONS)
    assert {t.status.value for t in report.tests} == {"blank"}
    stub_line = next(n for n, line in enumerate(stub_text("lstm").splitlines(), 1) if "___" in line and "=" in line)
    # cell 3 of the generated notebook is `%%grade lstm` and then the stub: the stub's line N is the cell's N + 1
    assert f"blank 1 at cell 3, line {stub_line + 1} is not filled in" in _messages(report), _messages(report)


def test_a_generated_notebook_with_the_blanks_filled_passes_and_so_does_the_cli(tmp_path):
    path = tmp_path / "LSTM (1).ipynb"
    path.write_text(json.dumps(notebook("lstm", answered("lstm"))), encoding="utf-8")
    result = CliRunner().invoke(main, ["exercise", "lstm", "--file", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["passed"] and data["score"] == data["max_score"] == registry.get("lstm").points


def test_grade_exercise_on_a_wrong_notebook_exits_1_naming_the_mistake(tmp_path):
    wrong = answered("lstm", {1: "input_gate * a + prev_c"})   # the forget gate left out
    path = write_notebook(tmp_path / "mine.ipynb", ("markdown", "My LSTM"), ("code", "%%grade lstm\n" + wrong))
    result = CliRunner().invoke(main, ["exercise", "lstm", "--file", str(path), "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert "no-forget-gate" in {t.get("mistake") for t in data["tests"]}
    text = CliRunner().invoke(main, ["exercise", "lstm", "--file", str(path)])
    assert text.exit_code == 1 and "forget" in text.stdout.lower()


def test_a_runtime_error_is_named_by_cell_and_line(tmp_path):
    code = answered("lstm").replace("h = output_gate * np.tanh(c)", "h = output_gate * np.tanh(c_typo)")
    path = write_notebook(tmp_path / "lstm.ipynb", ("code", "%pip install numpy\nimport numpy as np\n"),
                          ("markdown", "next"), ("code", code))
    line = code.splitlines().index("    h = output_gate * np.tanh(c_typo)") + 1
    report = grade("lstm", path, SOLUTIONS)
    assert f"NameError: name 'c_typo' is not defined (cell 3, line {line}: h = output_gate * np.tanh(c_typo))" \
        in _messages(report), _messages(report)


def test_a_py_file_keeps_plain_line_numbers(tmp_path):
    path = tmp_path / "lstm.py"
    path.write_text("import numpy as np\n\ndef lstm(x, prev_h, prev_c, W, U, b):\n    return (x +\n", encoding="utf-8")
    assert read_source(path).where is None
    report = grade("lstm", path, SOLUTIONS)
    assert "syntax error in lstm.py, line " in _messages(report) and "cell" not in _messages(report)
