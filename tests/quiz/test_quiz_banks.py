"""Every bank in the repository's quizzes/ folder: valid, in both languages,
its own answer key scores 100% and wrong answers score 0%, at several seeds.

The banks are found when the tests are collected, so a new bank is tested as
soon as it is added.
"""
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from grader.quiz.cli import main
from grader.quiz.instance import answer_key, make_instance
from grader.quiz.validate import load_bank, validate_file

REPO = Path(__file__).resolve().parents[2]
BANKS = sorted((REPO / "quizzes").glob("*.yaml"))
SEEDS = [0, 1, 7]


@pytest.fixture
def in_repo(monkeypatch, tmp_path):
    monkeypatch.setenv("GRADER_COURSE", str(REPO))
    monkeypatch.setenv("GRADER_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.chdir(REPO)


def run_json(bank, answers_path, seed):
    result = CliRunner().invoke(main, ["run", bank, "--answers", str(answers_path), "--seed", str(seed),
                                       "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_quiz_validate_passes_on_every_bank(in_repo):
    result = CliRunner().invoke(main, ["validate"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output.count("ok  ") == len(BANKS)


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_bank_is_valid(path):
    assert validate_file(path) == [], "\n".join(str(p) for p in validate_file(path))


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_prompts_and_explanations_exist_in_japanese_and_english(path):
    bank = load_bank(path)
    for q in bank.questions:
        for field in ("prompt", "explanation"):
            text = getattr(q, field)
            assert isinstance(text, dict) and {"ja", "en"} <= set(text), f"{q.id}: {field}"


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_own_answer_key_scores_100_percent(path, seed, in_repo, tmp_path):
    key = CliRunner().invoke(main, ["key", path.stem, "--seed", str(seed)], catch_exceptions=False)
    assert key.exit_code == 0
    answers = tmp_path / "key.yaml"
    answers.write_text(key.output, encoding="utf-8")
    data = run_json(path.stem, answers, seed)
    wrong = [r for r in data["results"] if not r["correct"]]
    assert not wrong and data["score"] == data["total"] == len(load_bank(path).questions), wrong


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_answer_key_in_each_language_scores_100_percent(path, lang, in_repo, tmp_path):
    answers = tmp_path / "key.yaml"
    answers.write_text(yaml.safe_dump(answer_key(load_bank(path), 3, lang), allow_unicode=True),
                       encoding="utf-8")
    data = run_json(path.stem, answers, 3)
    assert data["score"] == data["total"]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_wrong_answers_score_0_percent(path, seed, in_repo, tmp_path, wrong):
    bank = load_bank(path)
    answers = {q.id: wrong(make_instance(q, seed)) for q in bank.questions}
    answers_path = tmp_path / "wrong.yaml"
    answers_path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    data = run_json(path.stem, answers_path, seed)
    right = [r for r in data["results"] if r["correct"]]
    assert data["score"] == 0 and not right, right
    assert data["total"] == len(bank.questions)


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_every_export_format_works_on_the_bank(path):
    from grader.quiz.export import FORMATS, export
    import xml.etree.ElementTree as ET

    bank = load_bank(path)
    for fmt in FORMATS:
        for lang in ("ja", "en"):
            text = export(bank, fmt, lang, seeds=[0, 1])
            assert text.strip()
            if fmt == "moodle-xml":
                ET.fromstring(text)
            if fmt == "json":
                assert {q["id"] for q in json.loads(text)["questions"]} == {q.id for q in bank.questions}


# What the issues ask of each of the course's banks: at least this many
# questions, a quarter or more of them parametrized numeric questions.
MINIMUM_QUESTIONS = {"day3": 60, "day4": 45, "dl1-ch6": 35, "dl1-ch7": 30}   # issue 13


@pytest.mark.parametrize("name", sorted(MINIMUM_QUESTIONS))
def test_course_bank_has_enough_questions_and_a_quarter_parametrized(name):
    path = REPO / "quizzes" / f"{name}.yaml"
    assert path.is_file(), f"quizzes/{name}.yaml is missing"
    questions = load_bank(path).questions
    assert len(questions) >= MINIMUM_QUESTIONS[name], f"{name}: {len(questions)} questions"
    varied = [q for q in questions if q.parametrized and q.type == "numeric"]
    assert 4 * len(varied) >= len(questions), f"{name}: {len(varied)} of {len(questions)} parametrized"


# Each item of SYLLABUS.md Part B and the questions that ask it; a question
# removed or renamed without its item moving elsewhere fails here.
COVERAGE = {
    "day3": {
        "the three RNN weights": ["rnn-third-weight"],
        "time series and examples": ["rnn-time-series"],
        "why the state at t-1": ["rnn-why-recurrent"],
        "chain rule 2(x + y), parametrized": ["chain-rule-dzdx"],
        "y1 of a simple RNN": ["rnn-y1-formula", "rnn-y1-value"],
        "BPTT, its blank and update rules": ["bptt-what", "bptt-code-blank", "bptt-update-rules"],
        "conv output size review": ["conv-output-review", "conv-output-size"],
        "vanishing/exploding, sigmoid'(0) and sigmoid'(x)": ["vanishing-exploding", "sigmoid-derivative-zero",
                                                             "sigmoid-derivative-value"],
        "gradient clipping": ["gradient-clipping-blank", "gradient-clipping-rate"],
        "CEC and its problems": ["cec-gradient", "cec-problems"],
        "LSTM gates, peephole, blank, forget gate example": ["lstm-input-output-gates", "lstm-peephole",
                                                              "lstm-cell-update-blank", "lstm-forget-gate-movie"],
        "GRU motivation, gates, blank, vs LSTM, counts": ["gru-motivation", "gru-gates", "gru-update-blank",
                                                           "lstm-vs-gru", "gru-param-count", "lstm-param-count"],
        "bidirectional RNN": ["birnn-idea-uses", "birnn-concat-blank"],
        "seq2seq": ["seq2seq-which", "seq2seq-thought-vector", "seq2seq-pipeline", "seq2seq-embedding-blank"],
        "HRED and VHRED": ["hred-context-rnn", "seq2seq-hred-vhred"],
        "autoencoder and VAE": ["autoencoder-basics", "vae-latent-distribution"],
        "word2vec": ["word2vec-basics", "cbow-vs-skipgram"],
        "attention and the recursive-network blank": ["attention-why", "attention-what-learns", "model-comparison",
                                                      "recursive-nn-blank"],
    },
    "day4": {
        "Keras practice": ["tf-noise-fit", "keras-crossentropy-labels", "keras-batch-size",
                           "keras-batchnorm-position", "keras-simplernn-params", "keras-rnn-speed"],
        "RL basics": ["rl-game-example", "rl-exploration-exploitation", "rl-policy-and-values", "rl-discount-why",
                      "rl-q-learning-function-approx", "rl-policy-gradient-theorem"],
        "GAN/DCGAN and Leaky ReLU": ["dcgan-architecture", "gan-optimal-discriminator", "gan-value-at-optimum",
                                     "leaky-relu-formula", "leaky-relu-value"],
        "CNN models": ["googlenet-inception", "googlenet-auxiliary-loss", "resnet-residual", "cnn-models-compare",
                       "transfer-one-shot", "yolo-traits", "mobilenet-depthwise-cost", "mobilenet-pointwise-cost",
                       "mobilenet-standard-cost", "wavenet-dilated-causal"],
    },
    "dl1-ch6": {
        "optimizers": ["sgd-update-step", "sgd-anisotropic", "momentum-step", "adagrad-effective-rate",
                       "adam-name", "no-best-optimizer"],
        "weight decay and zero init": ["weight-decay-why", "l2-penalty-value", "zero-init-symmetry"],
        "Xavier and He": ["xavier-std", "he-std"],
        "batch normalization": ["batchnorm-position", "batchnorm-per-minibatch", "batchnorm-benefits"],
        "dropout": ["dropout-train-test", "dropout-ensemble"],
        "hyperparameters": ["validation-not-test", "hyperparameter-search", "log-scale-sampling",
                            "bayesian-optimization", "iterations-per-epoch"],
    },
    "dl1-ch7": {
        "output size and the 7x7 trap": ["conv-output-size", "conv-output-pad-trap"],
        "padding, stride, 3-D data, batches": ["padding-stride-facts", "filter-channels-match", "batch-output-shape"],
        "conv parameters": ["conv-param-count"],
        "pooling": ["pooling-properties", "pooling-output-elements"],
        "Affine, filters, im2col, LeNet/AlexNet": ["affine-loses-shape", "early-filters-detect", "im2col-facts",
                                                   "lenet-vs-alexnet"],
    },
}


@pytest.mark.parametrize("name", sorted(COVERAGE))
def test_course_bank_asks_every_syllabus_item(name):
    bank = load_bank(REPO / "quizzes" / f"{name}.yaml")
    missing = {item: [i for i in ids if bank.question(i) is None] for item, ids in COVERAGE[name].items()}
    missing = {item: ids for item, ids in missing.items() if ids}
    assert not missing, f"{name}: questions missing for {missing}"


def test_parametrized_numeric_items_the_syllabus_names_are_parametrized():
    for name, qid in [("day3", "chain-rule-dzdx"), ("day3", "sigmoid-derivative-value"),
                      ("day4", "keras-simplernn-params"), ("day4", "mobilenet-depthwise-cost"),
                      ("dl1-ch6", "he-std"), ("dl1-ch6", "iterations-per-epoch"),
                      ("dl1-ch7", "conv-output-size"), ("dl1-ch7", "conv-param-count")]:
        q = load_bank(REPO / "quizzes" / f"{name}.yaml").question(qid)
        assert q.type == "numeric" and q.parametrized, f"{name}/{qid}"


# Answers SYLLABUS.md fixes, checked against what a learner would type, not
# against the bank's own key: (bank, id, parameter values or None, typed answer).
KNOWN_ANSWERS = [
    ("day3", "sigmoid-derivative-zero", None, "0.25"),
    ("day3", "conv-output-review", None, "3"),
    ("day3", "chain-rule-dzdx", {"x": 1, "y": 2}, "6"),
    ("day4", "keras-simplernn-params", {"d": 2, "h": 128}, "16768"),
    ("day4", "gan-value-at-optimum", None, "-1.386"),
    ("dl1-ch6", "he-std", {"n": 100}, "0.1414"),
    ("dl1-ch7", "conv-output-pad-trap", None, "7×7"),
]


@pytest.mark.parametrize("name, qid, values, typed", KNOWN_ANSWERS, ids=lambda v: str(v))
def test_the_syllabus_answers_are_judged_right(name, qid, values, typed):
    from grader.quiz.judge import judge

    q = load_bank(REPO / "quizzes" / f"{name}.yaml").question(qid)
    for seed in range(500):     # the seed that draws these values
        inst = make_instance(q, seed)
        if not values or all(inst.values[k].value == v for k, v in values.items()):
            break
    else:
        pytest.fail(f"{name}/{qid}: no seed draws {values}")
    assert judge(inst, typed).correct, f"{name}/{qid}: {typed!r} judged wrong"
