"""Option shuffling (``shuffle: true`` at a bank's top, ``shuffle: false`` on a
question) and the ``{choiceN}`` placeholders that follow it."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from grader.quiz.instance import make_instance, option_order
from grader.quiz.judge import judge
from grader.quiz.validate import check_text, load_bank

REPO = Path(__file__).resolve().parents[2]
COURSE_BANKS = ("day3", "day4", "dl1-ch6", "dl1-ch7")

BANK = """\
bank: mixed
title: {ja: 混ぜるバンク, en: Shuffled bank}
shuffle: true
questions:
  - id: gate
    type: choice
    prompt: {ja: "忘却ゲートはどれ？", en: "Which is the forget gate?"}
    choices:
      - {ja: 入力ゲート, en: input gate}
      - {ja: 忘却ゲート, en: forget gate}
      - {ja: 出力ゲート, en: output gate}
      - {ja: 更新ゲート, en: update gate}
      - {ja: リセットゲート, en: reset gate}
    answer: 2
    explanation:
      ja: "選択肢 ({choice2}) が正しい。({choice4}) と ({choice5}) は GRU のゲート。正解: {answer}"
      en: "Option ({choice2}) is right; ({choice4}) and ({choice5}) are GRU gates. Answer: {answer}"
  - id: series
    type: multi
    prompt: {ja: "時系列をすべて選べ（{choice1} は音声）。", en: "Choose every time series ({choice1} is speech)."}
    choices:
      - {ja: 音声, en: speech}
      - {ja: 写真 1 枚, en: one photo}
      - {ja: 株価, en: stock prices}
      - {ja: 文章, en: a sentence}
      - {ja: "{choice2} と同じ種類のもの", en: "the same kind as {choice2}"}
    answer: [1, 3, 4]
    explanation: {ja: "{answer}", en: "{answer}"}
  - id: numbers
    type: choice
    prompt: {ja: "LSTM のゲートの数は？", en: "How many gates has an LSTM?"}
    choices: ["2", "3", "4", "5", "6"]
    answer: 2
    explanation: {ja: "({choice2}) の 3。", en: "({choice2}), 3."}
  - id: code-blank
    type: choice
    shuffle: false
    prompt: {ja: "元の選択肢 (3) は？", en: "Option (3) of the original?"}
    choices: [alpha, beta, gamma, delta]
    answer: 3
    explanation: {ja: "gamma。", en: "gamma."}
  - id: count
    type: numeric
    prompt: {ja: "{n} の 2 倍は？", en: "Twice {n}?"}
    params: {n: [1, 2, 3, 4, 5, 6, 7]}
    answer: 2 * n
    explanation: {ja: "{answer}", en: "{answer}"}
"""


@pytest.fixture
def shuffled(course):
    path = course / "quizzes" / "mixed.yaml"
    path.write_text(BANK, encoding="utf-8")
    return path


def _bank(text: str = BANK):
    bank, problems = check_text(text, "mixed.yaml", "mixed")
    assert not problems, problems
    return bank


def _shown(inst, lang="en"):
    return [c[lang] if isinstance(c, dict) else c for c in inst.choices]


def test_the_same_seed_gives_the_same_order_and_different_seeds_differ():
    bank = _bank()
    gate = bank.question("gate")
    orders = {seed: _shown(make_instance(gate, seed)) for seed in range(10)}
    assert all(_shown(make_instance(gate, seed)) == orders[seed] for seed in range(10))
    assert len({tuple(o) for o in orders.values()}) >= 5
    assert all(sorted(o) == sorted(orders[0]) for o in orders.values())


def test_the_shown_answer_follows_the_shuffle():
    gate = _bank().question("gate")
    for seed in range(10):
        inst = make_instance(gate, seed)
        assert _shown(inst)[inst.question.answer - 1] == "forget gate"
        assert judge(inst, "forget gate").correct
        assert judge(inst, inst.answer_text("en")).correct
        assert inst.order[inst.question.answer - 1] == 2


def test_a_multi_answer_follows_the_shuffle():
    series = _bank().question("series")
    for seed in range(10):
        inst = make_instance(series, seed)
        picked = {_shown(inst)[n - 1] for n in inst.question.answer}
        assert picked == {"speech", "stock prices", "a sentence"}
        assert judge(inst, inst.answer_text()).correct


def test_choice_placeholders_name_the_label_the_option_is_shown_with():
    bank = _bank()
    for seed in range(10):
        inst = make_instance(bank.question("gate"), seed)
        label = {number: str(at) for at, number in enumerate(inst.order, start=1)}
        assert inst.explanation["en"].startswith(f"Option ({label[2]}) is right; ({label[4]}) and ({label[5]})")
        assert inst.explanation["ja"].startswith(f"選択肢 ({label[2]}) が正しい。")
        assert f"Answer: {label[2]}) forget gate" in inst.explanation["en"]
        multi = make_instance(bank.question("series"), seed)
        where = {number: str(at) for at, number in enumerate(multi.order, start=1)}
        assert f"({where[1]} is speech)" in multi.prompt["en"]
        assert f"the same kind as {where[2]}" in _shown(multi)
        assert "{choice" not in json.dumps([multi.prompt, multi.choices, multi.explanation], ensure_ascii=False)


def test_choice_placeholders_are_letters_when_the_options_are_shown_with_letters():
    numbers = _bank().question("numbers")
    for seed in range(5):
        inst = make_instance(numbers, seed)
        at = inst.order.index(2)
        assert inst.explanation["en"] == f"({chr(ord('a') + at)}), 3."
        assert judge(inst, chr(ord("a") + at)).correct


def test_a_fixed_option_number_is_fine_where_nothing_shuffles():
    unshuffled = BANK.replace("Option ({choice2}) is right", "Option (2) is right")
    assert not check_text(unshuffled.replace("shuffle: true\n", "", 1), "mixed.yaml", "mixed")[1]
    quoted = BANK.replace('"元の選択肢 (3) は？"', '"元の選択肢 (3)（option (3) of the original）は？"')
    assert not check_text(quoted, "mixed.yaml", "mixed")[1]


def test_a_question_with_shuffle_false_keeps_its_order():
    bank = _bank()
    assert not bank.question("code-blank").shuffle
    for seed in range(10):
        inst = make_instance(bank.question("code-blank"), seed)
        assert inst.choices == ["alpha", "beta", "gamma", "delta"] and inst.question.answer == 3


def test_a_bank_without_the_flag_keeps_every_order():
    bank = _bank(BANK.replace("shuffle: true\n", "", 1))
    assert not bank.shuffle and not bank.question("gate").shuffle
    for seed in range(10):
        assert option_order(bank.question("gate"), seed) == (1, 2, 3, 4, 5)
        inst = make_instance(bank.question("gate"), seed)
        assert inst.explanation["en"].startswith("Option (2) is right; (4) and (5)")


def test_a_question_may_shuffle_in_a_bank_that_does_not():
    text = BANK.replace("shuffle: true\n", "", 1).replace("    answer: [1, 3, 4]\n",
                                                           "    answer: [1, 3, 4]\n    shuffle: true\n")
    bank = _bank(text)
    assert bank.question("series").shuffle and not bank.question("gate").shuffle


def test_shuffling_leaves_the_parameters_alone():
    plain = _bank(BANK.replace("shuffle: true\n", "", 1)).question("count")
    mixed = _bank().question("count")
    assert [make_instance(plain, s).values for s in range(10)] == [make_instance(mixed, s).values for s in range(10)]


def test_the_key_scores_full_marks_and_the_file_order_key_does_not(shuffled, invoke, tmp_path):
    for seed in (0, 1, 7):
        for lang in ("en", "ja"):
            key = invoke("key", "mixed", "--seed", seed, "--lang", lang)
            assert key.exit_code == 0, key.output
            answers = tmp_path / f"key-{seed}-{lang}.yaml"
            answers.write_text(key.output, encoding="utf-8")
            result = invoke("run", "mixed", "--answers", answers, "--seed", seed, "--format", "json")
            data = json.loads(result.output)
            assert (data["score"], data["total"]) == (5, 5), result.output
    # Answering by the file's numbers ("2" for the gate) is wrong at most seeds.
    file_order = tmp_path / "file-order.yaml"
    file_order.write_text("gate: 2\n", encoding="utf-8")
    right = [json.loads(invoke("run", "mixed", "--answers", file_order, "--seed", s, "--format", "json").output)
             ["results"][0]["correct"] for s in range(10)]
    assert right.count(True) < 5


def test_every_export_shows_the_order_of_the_seed(shuffled, invoke):
    for seed in (0, 3):
        inst = make_instance(load_bank(shuffled).question("gate"), seed)
        shown = _shown(inst)
        gift = invoke("export", "mixed", "--format", "gift", "--lang", "en", "--seed", seed).output
        block = gift.split("::gate::", 1)[1].split("\n}", 1)[0]
        assert re.findall(r"\t[=~]([^\n]+)", block) == shown
        assert "\t=forget gate" in block
        xml = invoke("export", "mixed", "--format", "moodle-xml", "--lang", "en", "--seed", seed).output
        part = xml.split("<text>gate</text>", 1)[1].split("</question>", 1)[0]
        answers = re.findall(r'<answer fraction="(\d+)" format="markdown">\s*<text>([^<]+)</text>', part)
        assert [text for _, text in answers] == shown
        assert dict((t, f) for f, t in answers)["forget gate"] == "100"
        data = json.loads(invoke("export", "mixed", "--format", "json", "--lang", "en", "--seed", seed).output)
        item = next(q for q in data["questions"] if q["id"] == "gate")
        assert item["choices"] == shown and item["choices"][item["correct"][0] - 1] == "forget gate"
        handout = invoke("export", "mixed", "--format", "markdown", "--lang", "en", "--seed", seed).output
        questions = handout.split("# Answers")[0]
        assert [line[6:] for line in questions.splitlines() if re.match(r"- \(\d\) ", line)][:5] == shown


@pytest.mark.parametrize("edit, message", [
    (("shuffle: true\n", "shuffle: maybe\n"), "'shuffle:' must be true or false"),
    (("({choice5})", "({choice6})"), "uses {choice6} but the question has 5 option(s)"),
    (("    answer: 2 * n\n", "    answer: 2 * n\n    shuffle: false\n"), "'shuffle:' is only for choice / multi"),
    (("params: {n: [", "params: {choice1: [1], n: ["), "'choice1' cannot name a parameter"),
    (("Twice {n}?", "Twice {n} {choice1}?"), "uses {choice1} but the question has 0 option(s)"),
    (("Option ({choice2}) is right", "Option (2) is right"), "explanation says 'Option (2)' but the options are shuffled"),
    (("選択肢 ({choice2}) が", "選択肢 2 が"), "explanation says '選択肢 2' but the options are shuffled"),
    (("en: \"Choose every time series", "en: \"See choice 3. Choose every time series"),
     "prompt says 'choice 3' but the options are shuffled"),
])
def test_the_validator_reports_misused_shuffles_and_choice_placeholders(edit, message):
    _, problems = check_text(BANK.replace(*edit), "mixed.yaml", "mixed")
    assert any(message in str(p) for p in problems), problems
    assert all(p.line > 0 for p in problems)


@pytest.mark.parametrize("name", COURSE_BANKS)
def test_no_key_position_holds_more_than_40_percent_of_a_course_bank(name):
    """Pooled over seeds 0..9, per course bank (fails until the bank says shuffle: true)."""
    bank = load_bank(REPO / "quizzes" / f"{name}.yaml")
    choice = [q for q in bank.questions if q.type == "choice"]
    positions = Counter(make_instance(q, seed).question.answer for seed in range(10) for q in choice)
    total = sum(positions.values())
    place, most = positions.most_common(1)[0]
    assert most <= 0.4 * total, (
        f"bank {name}: key position {place} holds {most} of {total} choice instances "
        f"({100 * most / total:.0f}%) over seeds 0-9; say shuffle: true at the top or vary the keys")


def test_an_interactive_run_shows_the_shuffled_order_and_judges_by_it(shuffled, invoke, state):
    seed = next(s for s in range(50) if option_order(load_bank(shuffled).question("gate"), s)[0] != 2)
    inst = make_instance(load_bank(shuffled).question("gate"), seed)
    at = inst.question.answer
    result = invoke("run", "mixed", "--seed", seed, "--limit", 1, "--lang", "en", input=f"{at}\n")
    lines = result.output.splitlines()
    shown = [line.split(") ", 1)[1] for line in lines if re_option.match(line)]
    assert shown == _shown(inst)
    assert "Correct!" in result.output and f"Option ({at}) is right" in result.output
    wrong = invoke("run", "mixed", "--seed", seed, "--limit", 1, "--lang", "en", input="2\n")
    assert "Not quite" in wrong.output and f"The answer: {at}) forget gate" in wrong.output
    recorded = [json.loads(line) for line in (state / "quiz-history.jsonl").read_text().splitlines()]
    assert [(r["given"], r["correct"], r["seed"]) for r in recorded] == [(str(at), True, seed), ("2", False, seed)]


re_option = re.compile(r"  [1-9]\) ")
