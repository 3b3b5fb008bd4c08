"""--answers results carry the seed and the drawn parameters; --history saves an
answers run to the history; quiz class never writes it."""
from __future__ import annotations

import json

from grader.quiz import history
from grader.quiz.instance import make_instance
from grader.quiz.judge import judge
from grader.quiz.validate import load_bank


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def _key(invoke, tmp_path, seed, bank="sample"):
    path = tmp_path / f"key-{bank}-{seed}.yaml"
    path.write_text(invoke("key", bank, "--seed", seed).output, encoding="utf-8")
    return path


def test_json_results_carry_the_seed_and_each_questions_parameters(course, invoke, tmp_path):
    for seed in (3, 11):
        data = json.loads(invoke("run", "sample", "--answers", _key(invoke, tmp_path, seed),
                                 "--seed", seed, "--format", "json").output)
        assert data["seed"] == seed and data["score"] == data["total"]
        bank = load_bank(course / "quizzes" / "sample.yaml")
        for result in data["results"]:
            inst = make_instance(bank.question(result["id"]), seed)
            assert result["params"] == inst.params_text()
        assert any(r["params"] for r in data["results"])


def test_the_seed_and_parameters_are_enough_to_judge_again(course, invoke, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("sigmoid-derivative: '0.1'\nconv-output: '3'\nforget-gate: forget gate\n", encoding="utf-8")
    data = json.loads(invoke("run", "sample", "--answers", answers, "--seed", 5, "--format", "json").output)
    bank = load_bank(course / "quizzes" / "sample.yaml")
    for result in data["results"]:
        inst = make_instance(bank.question(result["id"]), data["seed"])
        assert inst.params_text() == result["params"]
        again = result["given"] is not None and judge(inst, result["given"]).correct
        assert again == result["correct"]


def test_an_answers_run_leaves_the_history_alone_by_default(course, invoke, tmp_path, state):
    invoke("run", "sample", "--answers", _key(invoke, tmp_path, 0), "--format", "json")
    assert not _lines(state / history.FILE) and not _lines(state / history.RUNS)


def test_with_history_an_answers_run_is_saved_like_a_run(course, invoke, tmp_path, state):
    answers = tmp_path / "some.yaml"
    answers.write_text("sigmoid-at-zero: '0.25'\nforget-gate: '1'\n", encoding="utf-8")
    result = invoke("run", "sample", "--answers", answers, "--seed", 7, "--history")
    assert result.exit_code == 0, result.output
    lines = _lines(state / history.FILE)
    assert [line["id"] for line in lines] == [q.id for q in load_bank(course / "quizzes" / "sample.yaml").questions]
    by_id = {line["id"]: line for line in lines}
    assert by_id["sigmoid-at-zero"]["correct"] and by_id["sigmoid-at-zero"]["seed"] == 7
    assert not by_id["forget-gate"]["correct"] and by_id["forget-gate"]["given"] == "1"
    assert by_id["conv-output"].get("skipped") and by_id["conv-output"]["params"]
    assert len({line["session"] for line in lines}) == 1
    runs = _lines(state / history.RUNS)
    assert [r["event"] for r in runs] == ["start", "end"] and runs[0]["seed"] == 7
    # quiz run --review now asks the missed and skipped ones.
    assert "forget-gate" in history.to_review("sample") and "sigmoid-at-zero" not in history.to_review("sample")
    listed = invoke("list").output
    assert "last 1/9" in listed


def test_history_needs_an_answers_file(course, invoke):
    result = invoke("run", "sample", "--history")
    assert result.exit_code == 2 and "--history" in result.output and len(result.output.strip().splitlines()) == 1


def test_quiz_class_never_writes_the_history(course, invoke, tmp_path, state):
    for name in ("alice", "bob"):
        folder = tmp_path / "class" / name
        folder.mkdir(parents=True)
        (folder / "sample.yaml").write_text(invoke("key", "sample").output, encoding="utf-8")
    result = invoke("class", tmp_path / "class", "sample")
    assert result.exit_code == 0 and "alice,9,9" in result.output
    assert not _lines(state / history.FILE) and not _lines(state / history.RUNS)
