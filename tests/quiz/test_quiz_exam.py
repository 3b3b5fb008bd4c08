"""quiz exam: the draw in proportion to banks and sections, its key and
--answers judging (text and json), the timed sitting (time-out, Ctrl-C,
skipped questions), the report and the history it leaves."""
import json
import math
import time
from pathlib import Path

import pytest
import yaml

from grader.i18n import pick, set_lang

from grader.quiz import exam, examdraw
from grader.quiz.crossbank import make_items
from grader.quiz.exam import Sitting, sit
from grader.quiz.examdraw import draw, quotas
from grader.quiz.validate import load_bank

REPO = Path(__file__).resolve().parents[2]
COURSE_BANKS = ["day3", "day4", "dl1-ch6", "dl1-ch7"]


def bank_yaml(name, sections):
    """A bank of text questions: ``sections`` maps a section to its question count."""
    questions = []
    for section, count in sections.items():
        for n in range(count):
            qid = f"{section}-{n}"
            questions.append({"id": qid, "section": section, "type": "text",
                              "prompt": {"en": f"Type {qid}", "ja": f"{qid} と入力"},
                              "answer": f"ans-{qid}",
                              "explanation": {"en": f"It is ans-{qid}.", "ja": f"答えは ans-{qid}。"}})
    return yaml.safe_dump({"bank": name, "title": {"en": f"Bank {name}", "ja": f"バンク {name}"},
                           "questions": questions}, allow_unicode=True, sort_keys=False)


SHAPES = {"alpha": {"s1": 6, "s2": 3, "s3": 1}, "beta": {"t1": 4, "t2": 6}}


@pytest.fixture
def banks(course):
    for name, shape in SHAPES.items():
        (course / "quizzes" / f"{name}.yaml").write_text(bank_yaml(name, shape), encoding="utf-8")
    return [load_bank(course / "quizzes" / f"{name}.yaml") for name in SHAPES]


@pytest.fixture
def real_course(monkeypatch, state):
    monkeypatch.setenv("GRADER_COURSE", str(REPO))
    monkeypatch.chdir(REPO)
    return REPO


def counts(picks):
    """(bank, section) -> how many questions the draw took."""
    out = {}
    for bank, ids in picks:
        for qid in ids:
            key = (bank.name, pick(bank.question(qid).section, "en"))
            out[key] = out.get(key, 0) + 1
    return out


def history_lines(state, name="quiz-history.jsonl"):
    path = state / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def write(path, mapping):
    path.write_text(yaml.safe_dump(mapping, allow_unicode=True), encoding="utf-8")
    return path


# -- the draw ---------------------------------------------------------------

def test_quotas_are_largest_remainder_and_add_up():
    assert quotas([6, 3, 1], 5, 0) in ([3, 2, 0], [3, 1, 1])   # 3, 1.5, 0.5: the halves tie
    assert sorted({tuple(quotas([6, 3, 1], 5, s)) for s in range(20)}) == [(3, 1, 1), (3, 2, 0)]  # the seed breaks ties
    assert quotas([10, 10], 30, 0) == [10, 10]   # more than there are: all of them
    for seed in range(5):
        for count in range(1, 30):
            shares = quotas([7, 3, 9, 1, 4], count, seed)
            assert sum(shares) == min(count, 24)
            for share, size in zip(shares, [7, 3, 9, 1, 4]):
                exact = min(count, 24) * size / 24
                assert math.floor(exact) <= share <= math.ceil(exact) and share <= size


def test_draw_takes_each_bank_and_section_in_proportion(banks):
    for seed in range(10):
        got = counts(draw(banks, 10, seed))
        assert sum(got.values()) == 10
        assert sum(v for (b, _), v in got.items() if b == "alpha") == 5   # 10 of 20, banks of 10 and 10
        assert got.get(("alpha", "s1")) == 3 and got.get(("beta", "t1")) == 2 and got.get(("beta", "t2")) == 3
        assert got.get(("alpha", "s2"), 0) + got.get(("alpha", "s3"), 0) == 2
        assert got.get(("alpha", "s2"), 0) in (1, 2)


def test_draw_on_the_course_banks_follows_their_sections(real_course):
    chosen = [load_bank(REPO / "quizzes" / f"{b}.yaml") for b in COURSE_BANKS]
    total = sum(len(b.questions) for b in chosen)
    picks = draw(chosen, 40, 3)
    got = counts(picks)
    assert sum(got.values()) == 40
    for bank, ids in picks:
        exact = 40 * len(bank.questions) / total
        assert math.floor(exact) <= len(ids) <= math.ceil(exact), bank.name
        assert ids == [q.id for q in bank.questions if q.id in set(ids)]   # file order
        sizes = {}
        for q in bank.questions:
            sizes[pick(q.section, "en")] = sizes.get(pick(q.section, "en"), 0) + 1
        for section, size in sizes.items():
            exact = len(ids) * size / len(bank.questions)
            assert math.floor(exact) <= got.get((bank.name, section), 0) <= math.ceil(exact), section


def test_the_same_seed_draws_the_same_exam_and_others_differ(banks):
    assert draw(banks, 8, 4) == draw(banks, 8, 4)
    assert len({tuple(tuple(ids) for _, ids in draw(banks, 8, s)) for s in range(10)}) > 1


# -- key and --answers ---------------------------------------------------------

def test_the_key_scores_full_marks_through_answers(banks, invoke, tmp_path, state):
    result = invoke("exam", "--banks", "alpha,beta", "--questions", "7", "--seed", "11", "--key")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("# exam seed 11: quiz exam --banks alpha,beta --questions 7 --seed 11")
    assert len(lines) == 8 and all(line.split(":")[0].count("/") == 1 for line in lines[1:])
    key = tmp_path / "key.yaml"
    key.write_text(result.output, encoding="utf-8")
    judged = invoke("exam", "--banks", "alpha,beta", "--questions", "7", "--seed", "11",
                    "--answers", key, "--format", "json")
    data = json.loads(judged.stdout)
    assert judged.exit_code == 0 and (data["score"], data["total"]) == (7, 7)
    assert history_lines(state) == []   # --answers leaves the history alone


@pytest.mark.parametrize("seed", [0, 1, 7])
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_course_key_scores_full_marks(real_course, invoke, tmp_path, seed, lang):
    key = invoke("exam", "--key", "--seed", seed, "--lang", lang).output
    path = tmp_path / "key.yaml"
    path.write_text(key, encoding="utf-8")
    data = json.loads(invoke("exam", "--answers", path, "--seed", seed, "--lang", lang, "--format", "json").stdout)
    assert data["total"] == exam.QUESTIONS and data["score"] == data["total"]
    assert {r["bank"] for r in data["results"]} == set(COURSE_BANKS)


def test_json_has_the_contract_shape(banks, invoke, tmp_path, wrong):
    items = make_items(draw(banks, 6, 2), 2)
    answers = {item.name: item.inst.answer_text() for item in items}
    first, second = items[0].name, items[1].name
    answers[first] = wrong(items[0].inst)
    del answers[second]
    answers["alpha/no-such"] = "x"
    result = invoke("exam", "--banks", "alpha,beta", "--questions", "6", "--seed", "2",
                    "--answers", write(tmp_path / "a.yaml", answers), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert list(data) == ["score", "total", "sections", "results"]
    assert (data["score"], data["total"]) == (4, 6)
    for r in data["results"]:
        assert list(r)[:2] == ["bank", "id"] and {"correct", "given", "expected", "section"} <= set(r)
        assert r["seed"] == 2 and isinstance(r["params"], dict)
    assert [f"{r['bank']}/{r['id']}" for r in data["results"]] == [item.name for item in items]
    by_name = {f"{r['bank']}/{r['id']}": r for r in data["results"]}
    assert by_name[first]["correct"] is False and by_name[second]["given"] is None
    for row in data["sections"]:
        assert list(row) == ["section", "bank", "score", "total"]
    assert sum(r["total"] for r in data["sections"]) == 6 and sum(r["score"] for r in data["sections"]) == 4
    assert "alpha/no-such" in result.stderr and "ignored" in result.stderr


def test_text_output_names_questions_and_sections(banks, invoke, tmp_path):
    items = make_items(draw(banks, 4, 0), 0)
    answers = write(tmp_path / "a.yaml", {items[0].name: "wrong"})
    result = invoke("exam", "--banks", "alpha,beta", "--questions", "4", "--seed", "0", "--answers", answers)
    assert result.exit_code == 0
    assert f"NG  {items[0].name}: wrong" in result.stdout and "Score: 0/4" in result.stdout
    assert "By section:" in result.stdout and "Weakest:" in result.stdout
    ja = invoke("exam", "--banks", "alpha,beta", "--questions", "4", "--seed", "0", "--answers", answers,
                "--lang", "ja")
    assert "得点: 0/4" in ja.stdout and "セクション別:" in ja.stdout and "弱いところ:" in ja.stdout


def test_history_flag_saves_an_answers_run(banks, invoke, tmp_path, state):
    items = make_items(draw(banks, 3, 5), 5)
    answers = write(tmp_path / "a.yaml", {items[0].name: items[0].inst.answer_text()})
    assert invoke("exam", "--banks", "alpha,beta", "--questions", "3", "--seed", "5", "--answers", answers,
                  "--history").exit_code == 0
    lines = history_lines(state)
    assert [(e["bank"], e["id"], e["correct"], bool(e.get("skipped"))) for e in lines] == \
        [(items[0].bank.name, items[0].inst.id, True, False)] + \
        [(i.bank.name, i.inst.id, False, True) for i in items[1:]]


@pytest.mark.parametrize("args, words", [
    (["--format", "json"], "--answers"),
    (["--history"], "--answers"),
    (["--banks", "nope"], "nope"),
])
def test_usage_errors_exit_2_with_one_message(banks, invoke, args, words):
    result = invoke("exam", *args)
    assert result.exit_code == 2 and words in result.output and "Traceback" not in result.output


# -- the sitting ---------------------------------------------------------------

class FakeClock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


def test_time_running_out_ends_the_exam_and_late_answers_do_not_count(banks, invoke, monkeypatch, state):
    clock = FakeClock()
    items = make_items(draw(banks, 5, 3), 3)
    typed = iter(item.inst.answer_text() for item in items)
    seen_left = []

    def ask(left):
        seen_left.append(left)
        clock.t += 25 * 60           # each answer takes 25 minutes
        return next(typed)

    monkeypatch.setattr(exam, "clock", clock)
    monkeypatch.setattr(exam, "_prompt", ask)
    result = invoke("exam", "--banks", "alpha,beta", "--questions", "5", "--seed", "3", "--minutes", "60")
    assert result.exit_code == 0
    assert seen_left == [3600, 2100, 600]
    assert "Time is up." in result.output and "Score: 2/5 (40%)" in result.output
    assert "Missed questions (3):" in result.output and items[2].name in result.output
    lines = history_lines(state)
    assert [(e["id"], e["correct"]) for e in lines] == [(items[0].inst.id, True), (items[1].inst.id, True),
                                                        (items[2].inst.id, False)]
    assert lines[2]["skipped"] is True          # shown when time ran out: saved as not answered
    runs = history_lines(state, "quiz-runs.jsonl")
    assert [r["event"] for r in runs] == ["exam", "exam-end"]
    assert runs[0]["plan"] == [item.name for item in items] and runs[1]["score"] == 2
    assert runs[1]["ended"] == "time"


def test_the_countdown_is_shown_at_the_prompt():
    assert exam._left_text(3599.5) == "59:59 left"
    assert exam._left_text(-3) == "0:00 left"


def test_no_verdicts_until_the_end_and_skipped_ones_come_back(banks, state, capsys):
    items = make_items(draw(banks, 3, 1), 1)
    typed = iter(["", "wrong", items[2].inst.answer_text(), items[0].inst.answer_text()])
    clock = FakeClock()
    sitting = sit(items, 10, "en", "s1", ask=lambda left: next(typed), now=clock, alarm=False)
    out = capsys.readouterr().out
    assert "Correct" not in out and "Not quite" not in out and "Back to the 1 skipped" in out
    assert sitting.ended == "done"
    assert sitting.given == {items[0].name: items[0].inst.answer_text(), items[1].name: "wrong",
                             items[2].name: items[2].inst.answer_text()}
    assert [e["id"] for e in history_lines(state)] == [items[1].inst.id, items[2].inst.id, items[0].inst.id]


def test_an_answer_that_cannot_be_read_is_asked_again_without_a_verdict(course, state, capsys):
    bank = load_bank(course / "quizzes" / "sample.yaml")
    items = make_items([(bank, ["forget-gate"])], 0)
    typed = iter(["z", "9", "2"])
    sitting = sit(items, 10, "en", "s3", ask=lambda left: next(typed), now=FakeClock(), alarm=False)
    out = capsys.readouterr().out
    assert sitting.given == {"sample/forget-gate": "2"} and out.count("Type an option's number") == 2
    assert "Correct" not in out


def test_ctrl_c_ends_the_exam_with_the_report(banks, invoke, monkeypatch, state):
    items = make_items(draw(banks, 4, 8), 8)
    answers = iter([items[0].inst.answer_text()])

    def ask(left):
        try:
            return next(answers)
        except StopIteration:
            raise KeyboardInterrupt

    monkeypatch.setattr(exam, "_prompt", ask)
    result = invoke("exam", "--banks", "alpha,beta", "--questions", "4", "--seed", "8")
    assert result.exit_code == 0
    assert "Exam ended before its time." in result.output and "Score: 1/4 (25%)" in result.output
    assert "Your answer: (no answer)" in result.output
    assert history_lines(state, "quiz-runs.jsonl")[-1]["ended"] == "stopped"


def test_the_alarm_interrupts_a_question_when_time_is_up(banks, state):
    items = make_items(draw(banks, 2, 0), 0)
    start = time.monotonic()
    sitting = sit(items, 0.3 / 60, "en", "s2", ask=lambda left: time.sleep(5) or "x", save=False)
    assert sitting.ended == "time" and time.monotonic() - start < 3
    assert sitting.given == {} and sitting.shown == [items[0].name]


def test_the_exam_in_japanese_and_its_help(banks, invoke, monkeypatch):
    monkeypatch.setattr(exam, "_prompt", lambda left: "x")
    result = invoke("exam", "--banks", "alpha", "--questions", "2", "--seed", "0", "--lang", "ja")
    assert "模擬試験: alpha から 2 問" in result.output and "時間の前に" not in result.output
    assert "間違えた問題（2 問）" in result.output and "あなたの解答: x" in result.output
    monkeypatch.setenv("GRADER_LANG", "ja")
    set_lang(None)
    assert "模擬試験" in invoke("exam", "--help").output
    assert "--minutes" in invoke("exam", "--help").output


def test_the_sitting_keeps_answers_in_order(banks):
    assert Sitting().ended == "done"
    assert examdraw.weakest([{"section": "a", "bank": "x", "score": 1, "total": 2},
                             {"section": "b", "bank": "x", "score": 0, "total": 1},
                             {"section": "c", "bank": "x", "score": 3, "total": 3},
                             {"section": "d", "bank": "x", "score": 1, "total": 4}]) == [
        {"section": "b", "bank": "x", "score": 0, "total": 1},
        {"section": "d", "bank": "x", "score": 1, "total": 4},
        {"section": "a", "bank": "x", "score": 1, "total": 2}]


def test_an_instructors_bank_folder_is_drawn_from(tmp_path, invoke, state, monkeypatch):
    own = tmp_path / "own"
    own.mkdir()
    (own / "mine.yaml").write_text(bank_yaml("mine", {"u1": 2, "u2": 2}), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    key = invoke("exam", "--bank-dir", own, "--questions", "2", "--key")
    assert key.exit_code == 0 and f"--bank-dir {own} --banks mine" in key.output
    assert [x.split("/")[0] for x in key.output.splitlines()[1:]] == ["mine", "mine"]
    monkeypatch.setenv("QUIZ_BANKS", str(own))
    assert invoke("exam", "--questions", "2", "--key").output == key.output
    missing = invoke("exam", "--bank-dir", tmp_path / "nope", "--key")
    assert missing.exit_code == 2 and "nope" in missing.output


def test_no_exam_key_in_a_student_copy_without_quiz_keys(banks, course, invoke, tmp_path):
    (course / "release.json").write_text('{"quiz_key": false}', encoding="utf-8")
    result = invoke("exam", "--banks", "alpha", "--key")
    assert result.exit_code == 2 and "answer keys are off" in result.output and "alpha/" not in result.output
    answers = write(tmp_path / "a.yaml", {"alpha/s1-0": "ans-s1-0"})
    judged = invoke("exam", "--banks", "alpha", "--questions", "10", "--answers", answers, "--format", "json")
    assert judged.exit_code == 0 and json.loads(judged.stdout)["score"] == 1     # judging works as usual
    (course / "release.json").write_text('{"quiz_key": true}', encoding="utf-8")
    assert invoke("exam", "--banks", "alpha", "--key").exit_code == 0
