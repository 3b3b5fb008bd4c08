"""`grade classroom`: the GitHub Classroom workflow, parsed and its commands run here.

The command grader runs a step's command through a shell with only PATH and HOME
(and FORCE_COLOR) of the environment; the test runs each command the same way in
a course folder made by `grade init`, after the workflow's own install step.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from exercise_helpers import answered, checks, variant
from grader import registry
from grader.classroom_workflow import COMMAND_GRADER, REPORTER, WorkflowProblem, as_yaml, workflow
from grader.cli import main

BIN = Path(sys.executable).parent


def steps(flow: dict) -> list:
    return flow["jobs"]["run-autograding-tests"]["steps"]


def graders(flow: dict) -> list:
    return [s for s in steps(flow) if s.get("uses") == COMMAND_GRADER]


def test_one_step_per_exercise_with_its_points_and_the_reporter_reads_every_one():
    flow = yaml.safe_load(as_yaml(workflow(registry.slugs())))
    assert set(flow["on"]) >= {"push", "repository_dispatch"}
    assert flow["permissions"] == {"checks": "write", "actions": "read", "contents": "read"}
    graded = graders(flow)
    assert [s["with"]["command"].split()[:3] for s in graded] == [["grade", "exercise", s] for s in registry.slugs()]
    assert [s["with"]["max-score"] for s in graded] == [registry.get(s).points for s in registry.slugs()]
    assert all(isinstance(s["with"]["timeout"], int) and s["with"]["test-name"] for s in graded)
    ids = [s["id"] for s in graded]
    assert len(set(ids)) == len(ids)
    reporter = steps(flow)[-1]
    assert reporter["uses"] == REPORTER and reporter["with"]["runners"].split(",") == ids
    assert reporter["env"] == {f"{i.upper()}_RESULTS": f"${{{{steps.{i}.outputs.result}}}}" for i in ids}
    uses = [s.get("uses", "") for s in steps(flow)]
    assert uses[0].startswith("actions/checkout@") and uses[1].startswith("actions/setup-python@")


def test_the_install_step_installs_the_toolkit_from_the_named_place():
    default = yaml.safe_load(as_yaml(workflow(["lstm"])))
    install = next(s for s in steps(default) if s.get("name") == "Install dl-course-toolkit")["run"]
    assert "pip install" in install and "git+https://github.com/" in install and "grade init" in install
    own = yaml.safe_load(as_yaml(workflow(["lstm"], install="pip install dl-course-toolkit==0.1.0",
                                          solutions="teacher/refs")))
    install = next(s for s in steps(own) if s.get("name") == "Install dl-course-toolkit")["run"]
    assert install.strip() == "pip install dl-course-toolkit==0.1.0"
    assert graders(own)[0]["with"]["command"] == "grade exercise lstm --solutions teacher/refs"


def _action_env(home: Path) -> dict:
    """What the command grader passes to a command: PATH and HOME (and FORCE_COLOR)."""
    return {"PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "HOME": str(home), "FORCE_COLOR": "true",
            "GRADER_STATE_DIR": str(home / "state")}


def test_every_command_of_the_workflow_runs_here_right_passes_and_wrong_fails(tmp_path):
    if not (BIN / "grade").exists():
        pytest.skip("no grade command beside this Python")
    home = tmp_path / "home"
    home.mkdir()
    course = tmp_path / "learner-repo"
    env = _action_env(home)
    assert subprocess.run(["grade", "init", str(course)], env=env, capture_output=True, timeout=120).returncode == 0
    (course / "exercises" / "lstm.py").write_text(answered("lstm"), encoding="utf-8")
    wrong = variant("gru", checks("gru").MISTAKES[0].test_example())
    (course / "exercises" / "gru.py").write_text(wrong, encoding="utf-8")
    (course / "solutions" / "gru.py").write_text(wrong, encoding="utf-8")   # planted: must not be the reference
    flow = yaml.safe_load(as_yaml(workflow(["lstm", "gru"], install="python -m pip --version", lang="ja")))
    for step in steps(flow):
        if "run" in step:
            done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=course, env=env, capture_output=True,
                                  text=True, timeout=300)
            assert done.returncode == 0, done.stderr
    codes = {}
    for step in graders(flow):
        done = subprocess.run(step["with"]["command"], shell=True, cwd=course, env=env, capture_output=True,
                              text=True, timeout=step["with"]["timeout"] * 60)
        assert "Traceback" not in done.stdout + done.stderr
        codes[step["id"]] = done.returncode
        if step["id"] == "gru":
            assert "不正解" in done.stdout   # --lang ja reached the command
    assert codes == {"lstm": 0, "gru": 1}


def test_grade_classroom_writes_the_file_and_keeps_an_existing_one(tmp_path):
    out = tmp_path / ".github" / "workflows" / "classroom.yml"
    runner = CliRunner()
    first = runner.invoke(main, ["classroom", "--exercise", "LSTM", "--exercise", "gru", "--out", str(out)])
    assert first.exit_code == 0, first.output
    flow = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [s["id"] for s in graders(flow)] == ["lstm", "gru"] and "20 points" in first.output
    again = runner.invoke(main, ["classroom", "--exercise", "rnn", "--out", str(out)])
    assert again.exit_code == 2 and "--force" in again.output
    forced = runner.invoke(main, ["classroom", "--exercise", "rnn", "--out", str(out), "--force", "--seed", "3"])
    assert forced.exit_code == 0
    assert graders(yaml.safe_load(out.read_text(encoding="utf-8")))[0]["with"]["command"].endswith("--seed 3")


def test_what_classroom_cannot_take_is_a_usage_error(tmp_path, monkeypatch):
    runner = CliRunner()
    for args in (["--exercise", "nosuch"], ["--exercise", "lstm", "--timeout", "0"]):
        result = runner.invoke(main, ["classroom", *args, "--out", str(tmp_path / "w.yml")])
        assert result.exit_code == 2 and "Traceback" not in result.output
    assert not (tmp_path / "w.yml").exists()
    import dataclasses

    half = dataclasses.replace(registry.get("lstm"), points=2.5)
    monkeypatch.setattr(registry, "get", lambda slug: half)
    with pytest.raises(WorkflowProblem, match="whole points"):
        workflow(["lstm"])
