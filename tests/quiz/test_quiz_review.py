"""quiz review: the Leitner schedule worked out from the history (an injected
clock, no waiting), what is due across banks, --answers (text and json),
--history, the interactive review and what it says when nothing is due."""
import datetime as dt
import json

import pytest
import yaml

from grader.i18n import set_lang

from grader.quiz import history, leitner
from grader.quiz.instance import make_instance
from grader.quiz.leitner import schedule, step
from grader.quiz.validate import load_bank

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
DAY = dt.timedelta(days=1)


def line(when, bank, qid, correct, skipped=False):
    entry = {"time": when.isoformat(timespec="seconds"), "session": "s", "bank": bank, "id": qid,
             "seed": 0, "params": {}, "given": "x", "correct": correct}
    if skipped:
        entry["skipped"] = True
    return entry


def put_history(state, entries):
    state.mkdir(parents=True, exist_ok=True)
    with open(state / "quiz-history.jsonl", "a", encoding="utf-8") as fh:
        for entry in entries:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")


def history_lines(state):
    path = state / "quiz-history.jsonl"
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


@pytest.fixture
def at(monkeypatch):
    """at(moment): the review's clock says ``moment``."""
    def set_clock(moment):
        monkeypatch.setattr(history, "now", lambda: moment)
    return set_clock


@pytest.fixture
def sample(course):
    return load_bank(course / "quizzes" / "sample.yaml")


# -- the schedule ----------------------------------------------------------------

def test_a_miss_is_due_at_once_and_each_success_moves_a_box_later():
    card = step(None, "b", "q", False, T0)
    assert (card.box, card.due) == (0, T0)
    when, boxes = T0, []
    for days in (1, 3, 7, 21, 21):
        card = step(card, "b", "q", True, when)
        boxes.append(card.box)
        assert card.due == when + days * DAY
        when = card.due
    assert boxes == [1, 2, 3, 4, 4]
    card = step(card, "b", "q", False, when + DAY)
    assert (card.box, card.due) == (0, when + DAY)


def test_a_first_right_answer_is_box_one_and_an_early_one_keeps_the_box():
    card = step(None, "b", "q", True, T0)
    assert (card.box, card.due) == (1, T0 + DAY)
    again = step(card, "b", "q", True, T0 + dt.timedelta(hours=2))   # the same day: not yet due
    assert (again.box, again.due) == (1, T0 + DAY)
    later = step(again, "b", "q", True, T0 + DAY)
    assert (later.box, later.due) == (2, T0 + 4 * DAY)


def test_the_schedule_replays_the_history_in_time_order():
    entries = [line(T0 + 2 * DAY, "day3", "a", True),      # written later, happened after the miss
               line(T0, "day3", "a", False),
               line(T0, "day4", "a", True),
               line(T0, "day3", "skip", True, skipped=True),
               {"time": "not a time", "bank": "day3", "id": "c", "correct": True},
               {"bank": "day3", "id": "d", "correct": False}]
    cards = schedule(entries)
    assert set(cards) == {("day3", "a"), ("day4", "a"), ("day3", "skip")}
    assert (cards[("day3", "a")].box, cards[("day3", "a")].due) == (1, T0 + 3 * DAY)
    assert (cards[("day4", "a")].box, cards[("day4", "a")].due) == (1, T0 + DAY)
    assert cards[("day3", "skip")].box == 0          # a skipped line counts as a miss
    assert [c.name for c in leitner.due(cards, T0 + DAY)] == ["day3/skip", "day4/a"]
    assert leitner.next_due(cards, T0 + DAY).name == "day3/a"


def test_wait_texts():
    assert leitner.wait_text(dt.timedelta(days=2, hours=3)) == (2, "days")
    assert leitner.wait_text(dt.timedelta(hours=5)) == (5, "hours")
    assert leitner.wait_text(dt.timedelta(seconds=20)) == (1, "minutes")


# -- the command ---------------------------------------------------------------

def test_nothing_due_says_when_the_next_one_is(sample, invoke, state, at):
    result = invoke("review")
    assert result.exit_code == 0 and "Nothing to review yet" in result.output     # no history: nothing seen
    put_history(state, [line(T0, "sample", "forget-gate", True)])
    at(T0 + dt.timedelta(hours=3))
    result = invoke("review")
    assert result.exit_code == 0
    assert "Nothing is due" in result.output and "sample/forget-gate" in result.output
    assert "in 21 hour(s)" in result.output
    ja = invoke("review", "--lang", "ja")
    assert "いま復習する問題はありません" in ja.output and "21 時間後" in ja.output


def test_due_questions_across_banks_oldest_first_never_seen_left_out(sample, invoke, state, at, tmp_path):
    put_history(state, [line(T0, "sample", "forget-gate", True),       # due T0 + 1 day
                        line(T0 + DAY, "typed", "ten", False),          # due at once
                        line(T0, "sample", "gates-count", False),       # due at once, since T0
                        line(T0, "sample", "no-longer-there", False),
                        line(T0, "other-bank", "x", False)])
    at(T0 + 2 * DAY)
    data = json.loads(invoke("review", "--answers", _empty(tmp_path), "--format", "json").stdout)
    assert [f"{r['bank']}/{r['id']}" for r in data["results"]] == [
        "sample/gates-count", "sample/forget-gate", "typed/ten"]
    assert list(data) == ["score", "total", "results"] and data["total"] == 3 and data["score"] == 0
    limited = json.loads(invoke("review", "--answers", _empty(tmp_path), "--format", "json", "--limit", "1").stdout)
    assert [r["id"] for r in limited["results"]] == ["gates-count"]
    only = json.loads(invoke("review", "--banks", "typed", "--answers", _empty(tmp_path), "--format", "json").stdout)
    assert [r["id"] for r in only["results"]] == ["ten"]
    at(T0 + DAY / 2)
    early = json.loads(invoke("review", "--answers", _empty(tmp_path), "--format", "json").stdout)
    assert [r["id"] for r in early["results"]] == ["gates-count"]


def _empty(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("", encoding="utf-8")
    return path


def test_a_missed_exam_question_comes_back_and_a_right_answer_sends_it_a_day_on(sample, invoke, state, at,
                                                                                tmp_path, wrong):
    inst = make_instance(sample.question("conv-output"), 0)
    missed = tmp_path / "missed.yaml"
    missed.write_text(yaml.safe_dump({"sample/conv-output": wrong(inst)}), encoding="utf-8")
    exam = ["exam", "--banks", "sample", "--questions", "9", "--seed", "0"]
    assert invoke(*exam, "--answers", missed, "--history").exit_code == 0
    now = dt.datetime.now(UTC)
    at(now + dt.timedelta(minutes=1))
    due = json.loads(invoke("review", "--answers", _empty(tmp_path), "--format", "json").stdout)
    assert {r["id"] for r in due["results"]} == {q.id for q in sample.questions}   # all missed or skipped
    right = tmp_path / "right.yaml"
    right.write_text(yaml.safe_dump({"sample/conv-output": inst.answer_text()}), encoding="utf-8")
    before = len(history_lines(state))
    judged = invoke("review", "--answers", right, "--format", "json", "--history")
    assert json.loads(judged.stdout)["score"] == 1
    assert len(history_lines(state)) == before + len(sample.questions)   # --history: every answer saved
    after = json.loads(invoke("review", "--answers", _empty(tmp_path), "--format", "json").stdout)
    assert "conv-output" not in {r["id"] for r in after["results"]}
    at(now + DAY + dt.timedelta(minutes=2))
    back = json.loads(invoke("review", "--answers", _empty(tmp_path), "--format", "json").stdout)
    assert "conv-output" in {r["id"] for r in back["results"]}


def test_answers_runs_leave_the_history_alone_without_the_flag(sample, invoke, state, at, tmp_path):
    put_history(state, [line(T0, "sample", "forget-gate", False)])
    at(T0 + DAY)
    answers = tmp_path / "a.yaml"
    answers.write_text("sample/forget-gate: '2'\n", encoding="utf-8")
    result = invoke("review", "--answers", answers)
    assert result.exit_code == 0 and "ok  sample/forget-gate: 2" in result.output and "Score: 1/1" in result.output
    assert len(history_lines(state)) == 1


def test_the_interactive_review_gives_verdicts_and_moves_the_schedule(sample, invoke, state, at):
    put_history(state, [line(T0, "sample", "forget-gate", False), line(T0, "sample", "gates-count", False)])
    at(T0 + DAY)
    result = invoke("review", input="2\n1\n")
    assert result.exit_code == 0
    assert "Review: 2 question(s) due" in result.output
    assert "Correct!" in result.output and "Not quite. The answer: 2) 3" in result.output
    assert "Score: 1/2 (50%)" in result.output
    saved = history_lines(state)[2:]
    assert [(e["id"], e["correct"]) for e in saved] == [("forget-gate", True), ("gates-count", False)]
    ja = invoke("review", "--lang", "ja", input="\n")
    assert "復習: 対象は" in ja.output and "スキップしました" in ja.output


def test_review_help_and_usage_errors(sample, invoke, monkeypatch):
    assert invoke("review", "--format", "json").exit_code == 2
    assert invoke("review", "--history").exit_code == 2
    assert "1, 3, 7 and then 21 days" in " ".join(invoke("review", "--help").output.split())
    monkeypatch.setenv("GRADER_LANG", "ja")
    set_lang(None)
    assert "次の箱へ進んで" in invoke("review", "--help").output
