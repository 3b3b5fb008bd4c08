"""The quiz CLI: list, run (interactive and --answers), key, validate; exit
codes; the history and --review."""
import json
from pathlib import Path

import pytest
import yaml

from grader.quiz import history
from grader.quiz.instance import answer_key, make_instance
from grader.quiz.session import interactive, select
from grader.quiz.validate import load_bank

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = load_bank(FIXTURES / "sample.yaml")
IDS = [q.id for q in SAMPLE.questions]


def history_lines(state):
    path = state / "quiz-history.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


# -- quiz list ------------------------------------------------------------

def test_list_shows_each_bank_with_title_and_count(course, invoke):
    result = invoke("list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["sample", "9", "questions"] and "Sample bank" in lines[0]
    assert lines[1].split()[:3] == ["typed", "3", "questions"]
    assert "動作確認用バンク" in invoke("list", "--lang", "ja").output


def test_list_marks_an_invalid_bank_and_shows_the_last_score(course, invoke):
    (course / "quizzes" / "broken.yaml").write_text("bank: broken\n", encoding="utf-8")
    invoke("run", "sample", "--seed", "1", "--limit", "1", input="0.25\n")
    result = invoke("list")
    assert result.exit_code == 0
    assert "broken" in result.output and "invalid" in result.output
    assert "(best 1/1, last 1/1)" in result.output


def test_list_without_a_course_is_a_usage_error(tmp_path, monkeypatch, invoke):
    monkeypatch.setenv("GRADER_COURSE", str(tmp_path))
    result = invoke("list")
    assert result.exit_code == 2 and "quizzes/" in result.output


# -- quiz run --answers ---------------------------------------------------

def test_answers_json_follows_the_contract_exactly(course, invoke, tmp_path):
    key = answer_key(SAMPLE, 3)
    key.pop("vae-latent")  # unanswered: wrong, given null
    key["forget-gate"] = "1"  # wrong
    answers = write(tmp_path / "answers.yaml", yaml.safe_dump(key, allow_unicode=True))
    result = invoke("run", "sample", "--answers", answers, "--seed", "3", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert list(data) == ["bank", "seed", "score", "total", "results"]
    assert data["bank"] == "sample" and data["seed"] == 3 and data["total"] == 9 and data["score"] == 7
    assert [r["id"] for r in data["results"]] == IDS
    for r in data["results"]:
        assert list(r) == ["id", "correct", "given", "expected", "params"]
        assert isinstance(r["correct"], bool) and isinstance(r["expected"], str)
        assert r["given"] is None or isinstance(r["given"], str)
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in r["params"].items())
    by_id = {r["id"]: r for r in data["results"]}
    assert by_id["vae-latent"] == {"id": "vae-latent", "correct": False, "given": None,
                                   "expected": "a probability distribution", "params": {}}
    assert by_id["forget-gate"]["correct"] is False and by_id["forget-gate"]["expected"] == "2"
    assert history_lines(course.parent / "state") == []  # --answers leaves the history alone


def test_answers_are_read_as_typed(course, invoke, tmp_path):
    answers = write(tmp_path / "a.yaml", "yes-or-no: no\nten: 010\nthousand: 1e3\n")
    data = json.loads(invoke("run", "typed", "--answers", answers, "--format", "json").stdout)
    assert [(r["given"], r["correct"]) for r in data["results"]] == [("no", True), ("010", True),
                                                                      ("1e3", True)]


def test_answers_lists_and_empty_values(course, invoke, tmp_path):
    answers = write(tmp_path / "a.yaml", "rnn-uses: [4, 1, 3]\nforget-gate:\nbptt-blank: ''\n")
    data = json.loads(invoke("run", "sample", "--answers", answers, "--format", "json").stdout)
    by_id = {r["id"]: r for r in data["results"]}
    assert by_id["rnn-uses"]["given"] == "4, 1, 3" and by_id["rnn-uses"]["correct"]
    assert by_id["forget-gate"]["given"] is None
    assert by_id["bptt-blank"]["given"] == "" and not by_id["bptt-blank"]["correct"]


def test_a_zero_score_still_exits_0_and_unknown_ids_are_warned_on_stderr(course, invoke, tmp_path):
    answers = write(tmp_path / "a.yaml", "no-such-question: 1\n")
    result = invoke("run", "sample", "--answers", answers, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["score"] == 0
    assert "a.yaml:1: no question 'no-such-question'" in result.stderr


def test_answers_text_format_for_people(course, invoke, tmp_path):
    answers = write(tmp_path / "a.yaml", "forget-gate: 1\nbptt-blank: U\n")
    result = invoke("run", "sample", "--answers", answers, "--limit", "9")
    assert result.exit_code == 0
    assert "NG  forget-gate: 1  (expected 2)" in result.output
    assert "ok  bptt-blank: U" in result.output and "Score: 1/9" in result.output


def test_a_path_to_a_yaml_file_works_as_bank(tmp_path, invoke, state, monkeypatch):
    monkeypatch.chdir(tmp_path)
    answers = write(tmp_path / "a.yaml", "ten: '10'\n")
    result = invoke("run", FIXTURES / "typed.yaml", "--answers", answers, "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["score"] == 1


@pytest.mark.parametrize("args, fragment", [
    (["run", "nosuch"], "no bank named 'nosuch'"),
    (["run", "sampel"], "Did you mean 'sample'?"),
    (["run", "missing.yaml"], "missing.yaml: no such file"),
    (["run", "sample", "--format", "json"], "--format json needs --answers"),
    (["run", "sample", "--answers", "nope.yaml"], "nope.yaml: no such answers file"),
    (["run", "sample", "--limit", "0"], "--limit"),
    (["run", "sample", "--lang", "fr"], "--lang"),
    (["export", "sample"], "--format"),
    (["key", "nosuch"], "no bank named"),
])
def test_usage_errors_exit_2_with_one_message(course, invoke, args, fragment):
    result = invoke(*args)
    assert result.exit_code == 2
    assert fragment in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("content, fragment", [
    ("forget-gate: [1\n", "a.yaml:2: not valid YAML"),
    ("- 1\n- 2\n", "must map question ids to answers"),
    ("forget-gate: {a: 1}\n", "a.yaml:1: the answer to forget-gate must be text"),
])
def test_a_bad_answers_file_exits_2_naming_it(course, invoke, tmp_path, content, fragment):
    answers = write(tmp_path / "a.yaml", content)
    result = invoke("run", "sample", "--answers", answers)
    assert result.exit_code == 2 and fragment in result.output


def test_an_invalid_bank_exits_2_listing_its_problems(course, invoke):
    broken = FIXTURES / "broken" / "duplicate-id.yaml"
    for command in (["run", broken], ["key", broken], ["export", broken, "--format", "gift"]):
        result = invoke(*command)
        assert result.exit_code == 2
        assert "duplicate-id.yaml:9: [same] duplicate id" in result.output
        assert "quiz validate" in result.output


# -- quiz key -------------------------------------------------------------

@pytest.mark.parametrize("seed", ["0", "5"])
def test_key_prints_an_answers_file_that_scores_100_percent(course, invoke, tmp_path, seed):
    result = invoke("key", "sample", "--seed", seed)
    assert result.exit_code == 0
    keyfile = write(tmp_path / "key.yaml", result.output)
    assert yaml.load(result.output, Loader=yaml.BaseLoader) == answer_key(SAMPLE, int(seed))
    data = json.loads(invoke("run", "sample", "--answers", keyfile, "--seed", seed, "--format", "json").stdout)
    assert data["score"] == data["total"] == 9


# -- quiz validate --------------------------------------------------------

def test_validate_defaults_to_every_bank_of_the_course(course, invoke):
    result = invoke("validate")
    assert result.exit_code == 0
    assert "ok  quizzes/sample.yaml" in result.output and "ok  quizzes/typed.yaml" in result.output


def test_validate_exits_2_and_prints_file_line_and_id(course, invoke):
    result = invoke("validate", "sample", FIXTURES / "broken" / "unknown-key.yaml")
    assert result.exit_code == 2
    assert "ok  quizzes/sample.yaml" in result.output
    assert "unknown-key.yaml:10: [q1] unknown key 'anwser' (did you mean 'answer'?)" in result.output
    assert "2 bank(s) checked, 1 invalid." in result.output


def test_validate_accepts_a_folder_and_reports_missing_files(course, invoke):
    result = invoke("validate", FIXTURES / "broken")
    assert result.exit_code == 2
    assert result.output.count("invalid") == 1 and "ok  " not in result.output
    result = invoke("validate", "nope.yaml")
    assert result.exit_code == 2 and "nope.yaml: file not found" in result.output


# -- interactive runs -----------------------------------------------------

def test_an_interactive_run_asks_judges_explains_and_records(course, invoke, state):
    key = answer_key(SAMPLE, 4)
    typed = [key[i] for i in IDS]
    typed[3] = "1"  # forget-gate wrong
    result = invoke("run", "sample", "--seed", "4", input="\n".join(typed) + "\n")
    assert result.exit_code == 0
    out = result.output
    assert "Sample bank: 9 questions (seed 4" in out
    assert "[1/9] Gradients  (sigmoid-at-zero)" in out
    assert "  1) input gate\n  2) forget gate\n  3) output gate" in out
    assert "  a) 2\n  b) 3\n  c) 4\n  d) 5" in out  # options that read like numbers get letters
    assert out.count("Correct!") == 8
    assert "Not quite. The answer: 2) forget gate" in out
    assert "The forget gate multiplies c." in out
    assert "Score: 8/9 (88%)" in out
    assert "quiz run sample --review" in out
    lines = history_lines(state)
    assert [e["id"] for e in lines] == IDS
    assert [e["correct"] for e in lines] == [True, True, True, False, True, True, True, True, True]
    assert lines[1]["seed"] == 4 and lines[1]["params"] == {"x": make_instance(SAMPLE.questions[1], 4)
                                                           .values["x"].text}
    assert lines[3]["given"] == "1" and lines[3]["bank"] == "sample"
    assert len({e["session"] for e in lines}) == 1


def test_end_of_input_mid_quiz_ends_cleanly_with_the_score_so_far(course, invoke, state):
    result = invoke("run", "sample", "--seed", "0", input="0.25\n0\n")
    assert result.exit_code == 0
    assert "Stopped after 2 of 9 questions" in result.output
    assert "Score: 1/2 (50%)" in result.output
    assert "Traceback" not in result.output
    assert [(e["id"], e["given"], e["correct"]) for e in history_lines(state)] == [
        ("sigmoid-at-zero", "0.25", True), ("sigmoid-derivative", "0", False)]


def test_end_of_input_before_any_answer(course, invoke, state):
    result = invoke("run", "sample", input="")
    assert result.exit_code == 0 and "Stopped after 0 of 9 questions" in result.output
    assert history_lines(state) == []


def test_ctrl_c_ends_cleanly_and_keeps_the_answers_given(course, state):
    instances = select(SAMPLE, seed=0, limit=3)
    typed = iter(["0.25"])

    def ask():
        try:
            return next(typed)
        except StopIteration:
            raise KeyboardInterrupt from None

    summary = interactive(SAMPLE, instances, "en", ask=ask)
    assert (summary.score, summary.answered, summary.total, summary.interrupted) == (1, 1, 3, True)
    assert [e["id"] for e in history_lines(state)] == ["sigmoid-at-zero"]


def test_unreadable_input_is_asked_again_and_an_empty_answer_skips(course, invoke, state):
    result = invoke("run", "sample", "--limit", "2", input="abc\n1/4\n\n")
    assert result.exit_code == 0
    assert "'abc' is not a number" in result.output
    assert "Skipped." in result.output and "Score: 1/1 (100%)" in result.output
    lines = history_lines(state)
    assert [e["given"] for e in lines] == ["1/4", ""] and lines[1]["skipped"] is True and not lines[1]["correct"]


def test_a_question_mark_skips_too_and_review_asks_it_again(course, invoke, state):
    invoke("run", "sample", "--limit", "1", input="?\n")
    again = invoke("run", "sample", "--review", input="0.25\n")
    assert "(sigmoid-at-zero)" in again.output and "Score: 1/1" in again.output


def test_resume_goes_on_where_the_run_stopped(course, invoke, state):
    first = invoke("run", "sample", "--limit", "3", "--seed", "4", input="0.25\n")      # input ends after one answer
    assert "quiz run sample --resume" in first.output
    resumed = invoke("run", "sample", "--resume", input="x\n" * 0)
    assert "[1/2]" in resumed.output and "(sigmoid-at-zero)" not in resumed.output
    assert "quiz run sample --resume" in resumed.output                               # stopped again: still resumable
    nothing = invoke("run", "sample", "--resume")
    assert "No unfinished run" not in nothing.output
    done = invoke("run", "sample", "--resume", input="1\n1\n1\n1\n")
    assert "Stopped" not in done.output
    assert "No unfinished run of sample" in invoke("run", "sample", "--resume").output


def test_list_shows_the_best_and_the_last_finished_run(course, invoke, state):
    invoke("run", "sample", "--limit", "1", input="0.25\n")
    invoke("run", "sample", "--limit", "1", input="0.3\n")
    invoke("run", "sample", "--review", input="0.25\n")       # a review is not a run of the bank
    invoke("run", "sample", "--limit", "2", input="0.25\n")   # unfinished: not counted
    assert "(best 1/1, last 0/1)" in invoke("list").output


def test_each_answer_is_written_before_the_next_question_is_asked(course, state):
    seen = []

    def ask():
        seen.append(len(history_lines(state)))
        if len(seen) > 2:
            raise EOFError   # never loop: an answer the quiz asks again for ends the run
        return "0" if len(seen) > 1 else "0.25"

    interactive(SAMPLE, select(SAMPLE, seed=0, limit=2), "en", ask=ask)
    assert seen[:2] == [0, 1]


def test_japanese_run(course, invoke):
    result = invoke("run", "sample", "--lang", "ja", "--limit", "1", input="0.3\n")
    assert "シグモイド関数の x = 0 での微分値は？" in result.output
    assert "不正解。正解: 0.25" in result.output and "得点: 0/1 (0%)" in result.output


def test_language_defaults_from_the_environment(course, invoke, monkeypatch):
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert "シグモイド関数" in invoke("run", "sample", "--limit", "1", input="").output
    monkeypatch.setenv("LANG", "C")
    assert "What is the derivative" in invoke("run", "sample", "--limit", "1", input="").output


def test_no_color_means_no_escape_codes(course, monkeypatch, capsys, state):
    import click
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(click.utils, "should_strip_ansi", lambda *a, **k: False)
    interactive(SAMPLE, select(SAMPLE, seed=0, limit=1), "en", ask=lambda: "0.25")
    assert "\x1b[" not in capsys.readouterr().out


def test_shuffle_and_limit_in_an_interactive_run(course, invoke, state):
    result = invoke("run", "sample", "--shuffle", "--limit", "3", "--seed", "2", input="x\n" * 0)
    assert "3 questions" in result.output.splitlines()[0]
    expected = [i.id for i in select(SAMPLE, seed=2, limit=3, shuffle=True)]
    assert f"({expected[0]})" in result.output


# -- --review -------------------------------------------------------------

def test_review_asks_only_what_was_wrong_last_time(course, invoke, state):
    key = answer_key(SAMPLE, 1)
    typed = [key[i] for i in IDS]
    typed[0] = "0.3"  # sigmoid-at-zero wrong
    typed[7] = "W"  # bptt-blank wrong
    invoke("run", "sample", "--seed", "1", input="\n".join(typed) + "\n")
    assert history.to_review("sample") == ["sigmoid-at-zero", "bptt-blank"]

    result = invoke("run", "sample", "--review", input="0.3\nU\n")
    assert result.exit_code == 0
    assert "2 questions" in result.output
    assert "(sigmoid-at-zero)" in result.output and "(bptt-blank)" in result.output
    assert "(forget-gate)" not in result.output
    assert history.to_review("sample") == ["sigmoid-at-zero"]

    result = invoke("run", "sample", "--review", input="1/4\n")
    assert "1 questions" in result.output and "Score: 1/1" in result.output
    result = invoke("run", "sample", "--review")
    assert result.exit_code == 0 and "Nothing to review" in result.output


def test_review_is_per_bank_and_survives_a_damaged_history(course, invoke, state):
    state.mkdir(parents=True, exist_ok=True)
    (state / "quiz-history.jsonl").write_text(
        '{"bank": "other", "id": "forget-gate", "correct": false}\n'
        'not json at all\n'
        '{"bank": "sample", "id": "forget-gate", "correct": false}\n'
        '{"bank": "sample", "id": "removed-question", "correct": false}\n', encoding="utf-8")
    result = invoke("run", "sample", "--review", input="2\n")
    assert "1 questions" in result.output and "(forget-gate)" in result.output
    assert "Score: 1/1" in result.output


def test_an_unwritable_history_warns_once_and_the_quiz_goes_on(course, invoke, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("GRADER_STATE_DIR", str(blocker / "sub"))
    result = invoke("run", "sample", "--limit", "2", "--seed", "0", input="0.25\n0\n")
    assert result.exit_code == 0
    assert result.output.count("could not write the quiz history") == 1
    assert "Score: 1/2" in result.output
