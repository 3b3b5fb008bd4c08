"""The content of quizzes/day3.yaml (issue 13): what an exam writer would sign.

- every parametrized numeric question: no draw of its parameters lets a wrong
  method named in its explanation (or an obvious one) be judged right, with
  the bank's own tolerance and judge, over every combination of values;
- explanations never print a division by zero and never name an option by a
  number that the shuffle changes;
- the keys do not give themselves away (position, length, strong words);
- text questions accept what learners type, in both languages, and come
  before any question whose text reveals their answer;
- the topics issue 13 adds to Day 3 are there.
"""
import itertools
import math
import re
from collections import Counter
from pathlib import Path

import pytest

from grader.i18n import pick
from grader.quiz.instance import answer_key, make_instance
from grader.quiz.judge import judge, judge_numeric, snap
from grader.quiz.template import render_text
from grader.quiz.validate import load_bank

BANK_PATH = Path(__file__).resolve().parents[2] / "quizzes" / "day3.yaml"
BANK = load_bank(BANK_PATH)
QUESTIONS = {q.id: q for q in BANK.questions}


def sig(x):
    return 1 / (1 + math.exp(-x))


ln = math.log

# For each parametrized numeric question: the wrong methods its explanation
# names, and the obvious ones (swapped operands, a forgotten term).
WRONG = {
    "rnn-y1-value": {
        "W and W_in swapped": lambda s0, x1, win, w, wout: sig(sig(s0 * win + x1 * w) * wout),
        "s0 term dropped": lambda s0, x1, win, w, wout: sig(sig(x1 * win) * wout),
        "input term dropped": lambda s0, x1, win, w, wout: sig(sig(s0 * w) * wout),
        "z1 answered": lambda s0, x1, win, w, wout: sig(s0 * w + x1 * win),
        "no output sigmoid": lambda s0, x1, win, w, wout: sig(s0 * w + x1 * win) * wout,
        "no hidden sigmoid": lambda s0, x1, win, w, wout: sig((s0 * w + x1 * win) * wout),
    },
    "simple-rnn-param-count": {
        "no hidden-to-hidden W": lambda d, h, o: d * h + h + h * o + o,
        "no biases": lambda d, h, o: h * (d + h) + h * o,
        "no output layer": lambda d, h, o: h * (d + h) + h,
        "times 20 steps": lambda d, h, o: 20 * (h * (d + h) + h + h * o + o),
        "no output bias": lambda d, h, o: h * (d + h) + h + h * o,
    },
    "chain-rule-dzdx": {
        "2(x + 1)": lambda x, y: 2 * (x + 1),
        "y dropped (2x)": lambda x, y: 2 * x,
        "z itself": lambda x, y: (x + y) ** 2,
        "factor 2 forgotten": lambda x, y: x + y,
    },
    "conv-output-size": {
        "rounded up": lambda h, w, f, s, p: (math.ceil((h + 2 * p - f) / s) + 1) * (math.ceil((w + 2 * p - f) / s) + 1),
        "rounded to nearest": lambda h, w, f, s, p: ((math.floor((h + 2 * p - f) / s + 0.5) + 1)
                                                     * (math.floor((w + 2 * p - f) / s + 0.5) + 1)),
        "P instead of 2P": lambda h, w, f, s, p: ((h + p - f) // s + 1) * ((w + p - f) // s + 1),
        "padding forgotten": lambda h, w, f, s, p: ((h - f) // s + 1) * ((w - f) // s + 1),
        "stride forgotten": lambda h, w, f, s, p: (h + 2 * p - f + 1) * (w + 2 * p - f + 1),
        "+1 forgotten": lambda h, w, f, s, p: ((h + 2 * p - f) // s) * ((w + 2 * p - f) // s),
        "height used for width": lambda h, w, f, s, p: ((h + 2 * p - f) // s + 1) ** 2,
        "width used for height": lambda h, w, f, s, p: ((w + 2 * p - f) // s + 1) ** 2,
    },
    "sigmoid-derivative-value": {
        "sigma itself": lambda x: sig(x),
        "1 - sigma": lambda x: 1 - sig(x),
        "tanh's formula 1 - sigma^2": lambda x: 1 - sig(x) ** 2,
        "peak 0.25": lambda x: 0.25,
    },
    "tanh-derivative-value": {
        "square forgotten": lambda x: 1 - math.tanh(x),
        "sigmoid's formula": lambda x: math.tanh(x) * (1 - math.tanh(x)),
        "tanh itself": lambda x: math.tanh(x),
        "sigmoid derivative": lambda x: sig(x) * (1 - sig(x)),
        "peak 1": lambda x: 1.0,
    },
    "vanishing-bound-power": {
        "0.25 times n": lambda n: 0.25 * n,
        "0.5 to the n": lambda n: 0.5 ** n,
        "one factor fewer": lambda n: 0.25 ** (n - 1),
        "one factor more": lambda n: 0.25 ** (n + 1),
    },
    "recurrent-weight-power": {
        "u times k": lambda u, k: u * k,
        "one factor fewer": lambda u, k: u ** (k - 1),
        "one factor more": lambda u, k: u ** (k + 1),
    },
    "gradient-clipping-rate": {
        # threshold / norm is the right factor when clipping: a mistake only when the norm is within the threshold
        "rate even when not clipping": lambda norm, threshold: threshold / norm if norm <= threshold else None,
        "norm / threshold": lambda norm, threshold: norm / threshold,
        "1 / norm (unit vector)": lambda norm, threshold: 1 / norm,
        "1 / threshold": lambda norm, threshold: 1 / threshold,
    },
    "lstm-cell-value": {
        "gates swapped": lambda a, i, f, c: f * a + i * c,
        "forget gate forgotten": lambda a, i, f, c: i * a + c,
        "input gate forgotten": lambda a, i, f, c: a + f * c,
        "previous state dropped": lambda a, i, f, c: i * a,
    },
    "lstm-param-count": {
        "no biases": lambda d, h: 4 * h * (d + h),
        "three parts": lambda d, h: 3 * h * (d + h) + 3 * h,
        "simple RNN": lambda d, h: h * (d + h) + h,
        "no hidden side": lambda d, h: 4 * h * d + 4 * h,
    },
    "gru-update-value": {
        "PyTorch's convention": lambda h, hb, z: z * h + (1 - z) * hb,
        "previous state dropped": lambda h, hb, z: z * hb,
        "(1 - z) candidate only": lambda h, hb, z: (1 - z) * hb,
        "candidate answered": lambda h, hb, z: hb,
    },
    "gru-param-count": {
        "LSTM's four blocks": lambda d, h: 4 * h * (d + h),
        "biases added": lambda d, h: 3 * h * (d + h) + 3 * h,
        "Keras's two bias sets": lambda d, h: 3 * h * (d + h) + 6 * h,
        "simple RNN": lambda d, h: h * (d + h),
    },
    "birnn-param-count": {
        "directions share weights": lambda d, h, o: h * (d + h) + 2 * h * o,
        "V as H x O": lambda d, h, o: 2 * h * (d + h) + h * o,
        "one direction only": lambda d, h, o: h * (d + h) + h * o,
        "bias counted per direction": lambda d, h, o: 2 * h * (d + h) + 2 * h + 2 * h * o,
    },
    "beam-search-candidates": {
        "the beam width": lambda v, k: k,
        "the vocabulary": lambda v, k: v,
        "k squared": lambda v, k: k * k,
        "k + V": lambda v, k: k + v,
    },
    "beam-search-log-score": {
        "product of probabilities": lambda p1, p2, p3: p1 * p2 * p3,
        "log10": lambda p1, p2, p3: math.log10(p1) + math.log10(p2) + math.log10(p3),
        "length-normalized": lambda p1, p2, p3: (ln(p1) + ln(p2) + ln(p3)) / 3,
        "sum of probabilities": lambda p1, p2, p3: p1 + p2 + p3,
        "sign flipped": lambda p1, p2, p3: -(ln(p1) + ln(p2) + ln(p3)),
    },
    "negative-sampling-loss": {
        "label 0 forgotten": lambda sp, sn1, sn2: -ln(sig(sp)) - ln(sig(sn1)) - ln(sig(sn2)),
        "negatives left out": lambda sp, sn1, sn2: -ln(sig(sp)),
        "softmax over the scores": lambda sp, sn1, sn2: -ln(math.exp(sp) / (math.exp(sp) + math.exp(sn1) + math.exp(sn2))),
        "one negative only": lambda sp, sn1, sn2: -ln(sig(sp)) - ln(1 - sig(sn1)),
    },
    "negative-sampling-unigram": {
        "no power 0.75": lambda a, b, c: a / (a + b + c),
        "not renormalized": lambda a, b, c: (a / (a + b + c)) ** 0.75,
        "times 0.75": lambda a, b, c: 0.75 * a / (a + b + c),
    },
    "attention-weight-value": {
        "ratio of scores": lambda s1, s2: s1 / (s1 + s2),
        "weight of time 2": lambda s1, s2: math.exp(s2) / (math.exp(s1) + math.exp(s2)),
        "s2 left out": lambda s1, s2: sig(s1),
        "uniform": lambda s1, s2: 0.5,
    },
    "dot-product-std": {
        "the variance": lambda d: d,
        "one": lambda d: 1,
        "half of d": lambda d: d / 2,
    },
    "scaled-attention-weight": {
        "not scaled": lambda d, s1, s2: sig(s1 - s2),
        "divided by d_k": lambda d, s1, s2: sig((s1 - s2) / d),
        "multiplied by sqrt(d_k)": lambda d, s1, s2: sig((s1 - s2) * math.sqrt(d)),
        "second key": lambda d, s1, s2: sig((s2 - s1) / math.sqrt(d)),
    },
    "multi-head-param-count": {
        "times the heads": lambda d, h: 4 * h * (d * d + d),
        "W_O forgotten": lambda d, h: 3 * (d * d + d),
        "no biases": lambda d, h: 4 * d * d,
        "one head's share": lambda d, h: 4 * (d * d // h + d),
    },
    "positional-encoding-angle": {
        "2i read as i": lambda d, pos, j: pos / 10000 ** (2 * j / d),
        "no exponent": lambda d, pos, j: pos / 10000,
        "multiplied": lambda d, pos, j: pos * 10000 ** (j / d),
        "half the exponent": lambda d, pos, j: pos / 10000 ** (j / (2 * d)),
    },
}


def combinations(q):
    names = list(q.params)
    for values in itertools.product(*(q.params[n] for n in names)):
        yield dict(zip(names, values))


def typed_forms(value, tolerance, expected):
    """What a learner who computed ``value`` would type: the value, and the
    value rounded as the question asks (decimals, 3 significant digits, or a
    whole number for a count)."""
    forms = {repr(float(value))}
    if tolerance:
        forms.add(f"{value:.{max(0, round(-math.log10(tolerance)))}f}")
    elif float(expected).is_integer():
        forms.add(str(round(value)))
    else:
        forms.add(f"{value:.3g}")
    return forms


PARAMETRIZED = [q for q in BANK.questions if q.type == "numeric" and q.parametrized]


def test_every_parametrized_question_lists_its_wrong_methods():
    missing = sorted({q.id for q in PARAMETRIZED} - set(WRONG))
    assert not missing, f"add the wrong methods of {missing} (those the explanation names, and the obvious ones) to WRONG"
    assert sorted(WRONG) == sorted(q.id for q in PARAMETRIZED), "WRONG names a question that is gone or not parametrized"


@pytest.mark.parametrize("qid", sorted(WRONG))
def test_no_draw_lets_a_wrong_method_through(qid):
    q = QUESTIONS[qid]
    through = []
    for values in combinations(q):
        numbers = {n: p.value for n, p in values.items()}
        expected = snap(q.answer.evaluate(numbers))
        for name, method in WRONG[qid].items():
            try:
                wrong = method(**numbers)
            except (ZeroDivisionError, ValueError, OverflowError):
                continue   # the method gives nothing a learner could type
            if wrong is None:
                continue   # not a mistake at this draw
            for typed in typed_forms(wrong, q.tolerance, expected):
                if judge_numeric(typed, expected, q.tolerance).correct:
                    through.append(f"{name} at {numbers}: {typed} vs {expected}")
    assert not through, "\n".join(through[:10])


def test_the_right_method_is_judged_right_at_every_draw():
    """The other side of the check above: the expected value, rounded as asked, passes."""
    for q in PARAMETRIZED:
        for values in combinations(q):
            expected = snap(q.answer.evaluate({n: p.value for n, p in values.items()}))
            if q.tolerance:
                rounded = f"{expected:.{max(0, round(-math.log10(q.tolerance)))}f}"
            else:
                rounded = str(int(expected)) if float(expected).is_integer() else f"{expected:.4g}"
            assert judge_numeric(rounded, expected, q.tolerance).correct, (q.id, values, rounded)


def _rendered_texts(q, values):
    texts = {n: p.text for n, p in values.items()}
    for field in (q.prompt, q.explanation):
        for lang in ("ja", "en"):
            yield render_text(field, {**texts, "answer": "ANSWER"})[lang]


def test_no_explanation_prints_a_division_by_zero():
    zero = re.compile(r"/\s*\(?\s*0(?:\s*\+\s*0)?\s*\)?(?![\d.^])")
    for q in PARAMETRIZED:
        for values in combinations(q):
            for text in _rendered_texts(q, values):
                assert not zero.search(text), (q.id, values, zero.search(text).group())


# ------------------------------------------------------------------ shuffle

def test_the_bank_shuffles_and_only_code_blanks_keep_their_order():
    assert BANK.shuffle
    fixed = {q.id for q in BANK.questions if q.type in ("choice", "multi") and not q.shuffle}
    assert fixed == {"bptt-code-blank", "gradient-clipping-blank", "lstm-cell-update-blank",
                     "gru-update-blank", "birnn-concat-blank", "seq2seq-embedding-blank", "recursive-nn-blank"}


def test_shuffled_explanations_name_options_by_placeholder_only():
    number = re.compile(r"[(（][1-9][)）]")
    for q in BANK.questions:
        if q.type in ("choice", "multi") and q.shuffle:
            for lang in ("ja", "en"):
                text = q.explanation[lang]
                assert not number.search(text), (q.id, lang, number.search(text).group())


def test_placeholders_follow_the_shuffle():
    q = QUESTIONS["attention-why"]
    for seed in range(5):
        inst = make_instance(q, seed)
        shown = inst.order.index(1) + 1
        assert f"({shown})" in pick(inst.explanation, "en") or f"({chr(96 + shown)})" in pick(inst.explanation, "en")


# --------------------------------------------------------------- giveaways

CHOICES = [q for q in BANK.questions if q.type == "choice"]


def test_no_key_position_holds_over_40_percent_in_the_file():
    counts = Counter(q.answer for q in CHOICES)
    assert max(counts.values()) <= 0.4 * len(CHOICES), counts


def test_no_key_position_holds_over_40_percent_as_shown_over_seeds_0_to_9():
    counts = Counter(make_instance(q, seed).question.answer for seed in range(10) for q in CHOICES)
    assert max(counts.values()) <= 0.4 * 10 * len(CHOICES), counts
    for seed in range(10):   # and no single run is lopsided either
        counts = Counter(make_instance(q, seed).question.answer for q in CHOICES)
        assert max(counts.values()) <= 0.6 * len(CHOICES), (seed, counts)


def test_multi_keys_are_rarely_the_first_options():
    first_k = [q.id for q in BANK.questions
               if q.type == "multi" and tuple(q.answer) == tuple(range(1, len(q.answer) + 1))]
    assert len(first_k) <= 1, first_k


def test_the_key_is_seldom_the_uniquely_longest_option():
    texts = [q for q in CHOICES if all(isinstance(c, dict) for c in q.choices)]
    assert len(texts) >= 15
    for lang in ("ja", "en"):
        longest = [q.id for q in texts
                   if all(len(q.choices[q.answer - 1][lang]) > len(c[lang])
                          for n, c in enumerate(q.choices, 1) if n != q.answer)]
        assert len(longest) <= 0.2 * len(texts), (lang, longest)


STRONG = re.compile(r"必ず|どんな|まったく|always|every|at all|never", re.I)


def test_strongly_worded_options_are_not_always_wrong():
    right, wrong = [], []
    for q in BANK.questions:
        if q.type not in ("choice", "multi"):
            continue
        keys = {q.answer} if q.type == "choice" else set(q.answer)
        for n, c in enumerate(q.choices, 1):
            if isinstance(c, dict) and STRONG.search(c["ja"] + " " + c["en"]):
                (right if n in keys else wrong).append(f"{q.id}#{n}")
    assert len(right) >= 4, right
    assert len(right) >= 0.4 * len(wrong), (right, wrong)


# ------------------------------------------------------------ text answers

@pytest.mark.parametrize("qid, en, typed", [
    ("lstm-forget-gate-name", "forget gate", ["forget gate", "Forget Gate", "忘却ゲート", "忘却", "the forget gate",
                                              "ｆｏｒｇｅｔ　ｇａｔｅ", "forget_gate"]),
    ("vae-latent-distribution", "probability distribution",
     ["probability distribution", "確率分布", "standard normal distribution", "N(0,1)", "N(0, 1)", "gaussian",
      "標準正規分布", "正規分布", "Gaussian distribution"]),
    ("seq2seq-teacher-forcing-name", "teacher forcing", ["teacher forcing", "Teacher Forcing", "教師強制"]),
])
def test_text_answers_have_an_english_key_and_accept_what_learners_type(qid, en, typed):
    assert answer_key(BANK, 0, "en")[qid] == en
    assert answer_key(BANK, 0, "ja")[qid] != en
    inst = make_instance(QUESTIONS[qid], 0)
    for given in typed:
        assert judge(inst, given).correct, given
    for given in ("input gate", "出力ゲート", "uniform distribution", "attention"):
        assert not judge(inst, given).correct, given


def test_text_questions_come_before_any_question_that_reveals_their_answer():
    for at, q in enumerate(BANK.questions):
        if q.type != "text":
            continue
        answers = [pick(q.answer[0], lang).lower() for lang in ("ja", "en")]
        for earlier in BANK.questions[:at]:
            texts = [earlier.prompt, earlier.explanation, *earlier.choices]
            for text in texts:
                for lang in ("ja", "en"):
                    shown = pick(text, lang).lower()
                    for answer in answers:
                        assert answer not in shown, (q.id, earlier.id, answer)


# ------------------------------------------------------------- the topics

def test_day3_has_60_questions_a_quarter_parametrized():
    assert len(BANK.questions) >= 60
    assert 4 * len(PARAMETRIZED) >= len(BANK.questions)


@pytest.mark.parametrize("qid", [
    "word2vec-negative-sampling", "negative-sampling-loss", "negative-sampling-unigram",
    "seq2seq-teacher-forcing-name", "seq2seq-teacher-forcing", "seq2seq-beam-search", "beam-search-candidates",
    "beam-search-log-score", "attention-qkv-roles", "scaled-dot-product-formula", "dot-product-std",
    "scaled-dot-product-why-sqrt", "scaled-attention-weight", "multi-head-attention", "multi-head-param-count",
    "positional-encoding-why", "positional-encoding-angle", "birnn-param-count",
])
def test_issue_13_topics_are_asked(qid):
    assert qid in QUESTIONS


def test_the_transformer_questions_continue_the_attention_section():
    ids = [q.id for q in BANK.questions]
    attention = [q.id for q in BANK.questions if pick(q.section or "", "en") == "Attention"]
    first, last = ids.index(attention[0]), ids.index(attention[-1])
    assert ids[first:last + 1] == attention
    assert ids.index("attention-why") < ids.index("scaled-dot-product-formula") < ids.index("positional-encoding-why")


def test_scaled_dot_product_formula_key_is_softmax_of_qk_over_sqrt_dk_times_v():
    q = QUESTIONS["scaled-dot-product-formula"]
    assert q.choices[q.answer - 1].replace(" ", "") == "softmax(QK^T/√d_k)V"


def test_recursive_nn_example_swaps_the_children_of_one_node():
    text = " ".join(QUESTIONS["recursive-nn-blank"].explanation["en"].split())
    assert "dog" not in text and "milk chocolate" in text and "chocolate milk" in text
