"""Feedback round 2 for seq2seq, word2vec, attention, recursive_nn, policy_gradient and gan:
held-out-style wrong answers fail with a message that names the slip or points at the right
place, a function that keeps state or changes its inputs fails saying so, float32 fails saying
float64, and right answers in unusual forms pass."""
from __future__ import annotations

import pytest

from grader.result import Status

from exercise_helpers import answered, grade_text, summary, variant

STATEFUL = "depends on what it was called with before"


def _failed(report):
    return [t for t in report.tests if t.status is Status.FAILED]


def _task(report, name):
    return next(t for t in report.tests if t.name == name)


def _with_module_state(text, state, replacements):
    """``text`` with the module-level line ``state`` after the import, and the (old, new) ``replacements``."""
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return text.replace("import numpy as np\n", f"import numpy as np\n{state}\n", 1)


# -- state kept between calls -----------------------------------------------------------------

STATE_CASES = {
    # the hidden state carried over from the previous sentence
    "seq2seq": ("_last = [None]", [("    h = np.zeros(U.shape[0])\n",
                                    "    h = np.zeros(U.shape[0]) if _last[0] is None else _last[0]\n"),
                                   ("    return h", "    _last[0] = h\n    return h")]),
    # the loss kept at module level and never set back to 0
    "word2vec": ("_loss = [0.0]", [("    loss = 0.0\n", ""), ("        loss += ", "        _loss[0] += "),
                                   ("    return float(loss)", "    return float(_loss[0])")]),
    # the context accumulated over the calls, as if they were steps of one decoder
    "attention": ("_ctx = [0.0]", [("    return context, weights",
                                    "    context = context + _ctx[0]\n    _ctx[0] = context\n    return context, weights")]),
    # the weights smoothed over the calls (a running average kept at module level)
    "recursive_nn": ("_avg = [None]", [("    if not isinstance(node, dict):",
                                        "    _avg[0] = W if _avg[0] is None else (_avg[0] + W) / 2\n    W = _avg[0]\n"
                                        "    if not isinstance(node, dict):")]),
    # the running return never reset between episodes
    "policy_gradient": ("_acc = [0.0]", [("        later = G[t + 1] if t + 1 < T else 0.0\n",
                                          "        later = _acc[0]\n        _acc[0] = rewards[t] + gamma * later\n")]),
    # a smoothed generator loss, as a training log shows it
    "gan": ("_avg = [None]", [("    return -np.mean(np.log(d_fake))",
                               "    loss = -np.mean(np.log(d_fake))\n"
                               "    _avg[0] = loss if _avg[0] is None else 0.9 * _avg[0] + 0.1 * loss\n"
                               "    return float(_avg[0])")]),
}


@pytest.mark.parametrize("slug", sorted(STATE_CASES))
def test_state_kept_between_calls_fails_and_says_so(slug, tmp_path):
    state, replacements = STATE_CASES[slug]
    report = grade_text(slug, _with_module_state(answered(slug), state, replacements), tmp_path)
    assert not report.passed
    task = _task(report, "calls_independent")
    assert task.status is not Status.PASSED, summary(report)
    # a state of another task's shapes may make the call fail outright; where it gives
    # wrong values instead, the message says the output depends on earlier calls
    if task.status is Status.FAILED:
        assert STATEFUL in task.message, summary(report)


# -- inputs changed in place ------------------------------------------------------------------

MUTATING = {
    # the weighted states written into hs itself
    "attention": ({3: "np.sum(np.multiply(hs, weights[:, :, np.newaxis], out=hs), axis=1)"}, "hs"),
    # the returns written into the rewards array (right values, but the caller's rewards are gone)
    "policy_gradient": ([("    G = np.zeros(T)", "    G = rewards")], "rewards"),
}


@pytest.mark.parametrize("slug", sorted(MUTATING))
def test_an_input_changed_in_place_fails_and_says_so(slug, tmp_path):
    example, name = MUTATING[slug]
    report = grade_text(slug, variant(slug, example), tmp_path)
    task = _task(report, "calls_independent")
    assert task.status is Status.FAILED and f"changed its input {name} in place" in task.message, summary(report)


def test_recursive_nn_that_writes_into_the_tree_fails(tmp_path):
    text = variant("recursive_nn", [("    v = np.tanh(z + b)\n", "    v = np.tanh(z + b)\n    node['value'] = v\n")])
    report = grade_text("recursive_nn", text, tmp_path)
    task = _task(report, "calls_independent")
    assert task.status is Status.FAILED and "changed the tree" in task.message, summary(report)


# -- float32 ----------------------------------------------------------------------------------

FLOAT32 = {
    "seq2seq": [("    return h", "    return h.astype(np.float32)")],
    "word2vec": [("    return _softmax(s)", "    return _softmax(s).astype(np.float32)")],
    "attention": [("    return context, weights", "    return context.astype(np.float32), weights")],
    "recursive_nn": [("    v = np.tanh(z + b)", "    v = np.tanh(z + b).astype(np.float32)")],
    "policy_gradient": [("    return probs", "    return probs.astype(np.float32)")],
    "gan": {4: "-np.mean(np.log(d_fake.astype(np.float32)))"},
}


@pytest.mark.parametrize("slug", sorted(FLOAT32))
def test_a_float32_result_fails_and_says_float64(slug, tmp_path):
    report = grade_text(slug, variant(slug, FLOAT32[slug]), tmp_path)
    failed = _failed(report)
    assert failed and all("float64" in t.message and "float32" in t.message for t in failed), summary(report)


# -- the slips the issue names ----------------------------------------------------------------

NAMED = [
    ("seq2seq", [("U.dot(h)", "U.T.dot(h)")], "U-transposed"),
    ("seq2seq", [("for w in words:", "for w in words[::-1]:")], "words-reversed"),
    ("word2vec", [("for c in range(C):", "for c in range(C - 1):")], "sg-drop-last-context"),
    ("attention", {1: "np.einsum('nth,nh->nt', hs, h) / np.sqrt(h.shape[1])"}, "scaled-scores"),
    ("recursive_nn", [("v = np.tanh(z + b)", "v = z + b")], "no-tanh"),
    ("policy_gradient", {1: "np.sum(gamma ** np.arange(1, T - t + 1) * rewards[t:])"}, "returns-discount-from-one"),
    ("policy_gradient", {5: "np.eye(probs.shape[1])[np.argmax(probs, axis=1)] - probs"}, "grad-greedy-action"),
    ("gan", {4: "-np.mean(np.log(1 - d_fake))"}, "generator-is-d-fake-loss"),
]


@pytest.mark.parametrize("slug, example, mistake", NAMED, ids=[m for _s, _e, m in NAMED])
def test_the_issues_slips_are_named_by_their_own_id(slug, example, mistake, tmp_path):
    """Typed in forms other than the catalogue's own examples."""
    report = grade_text(slug, variant(slug, example), tmp_path)
    named = {t.mistake for t in report.tests if t.mistake}
    assert named == {mistake}, summary(report)


def test_word2vec_dropped_context_word_is_not_called_a_softmax_over_the_batch(tmp_path):
    """With N = 4, C = 3, V = 8 the uniform task could not tell range(C-1) from softmax over axis 0."""
    report = grade_text("word2vec", variant("word2vec", [("for c in range(C):", "for c in range(C-1):")]), tmp_path)
    assert "softmax-axis0" not in {t.mistake for t in report.tests}, summary(report)
    uniform = _task(report, "skipgram_uniform")
    assert uniform.status is Status.FAILED and "axis 0" not in uniform.message, summary(report)


# -- uncatalogued slips: the message points where the slip can be, or says less ---------------

def test_seq2seq_slip_in_the_recurrence_is_not_blamed_on_the_embedding(tmp_path):
    report = grade_text("seq2seq", variant("seq2seq", [("U.dot(h)", "0.5 * U.dot(h)")]), tmp_path)
    values = _task(report, "values")
    assert values.status is Status.FAILED and not values.mistake, summary(report)
    assert "right after the first word" in values.message and "embedding" not in values.message


def test_word2vec_slip_in_h_points_past_the_softmax(tmp_path):
    report = grade_text("word2vec", answered("word2vec", {2: "W_in[contexts].mean(axis=1) + 0.1"}), tmp_path)
    cbow = _task(report, "cbow_repeated")
    assert cbow.status is Status.FAILED and not cbow.mistake, summary(report)
    assert "h (blank 2)" in cbow.message and "blank (1)" not in cbow.message


def test_attention_slip_in_the_context_says_the_weights_are_right(tmp_path):
    report = grade_text("attention", answered("attention", {3: "np.sum(hs * weights[:, :, None], axis=1) + 0.1"}),
                        tmp_path)
    values = _task(report, "values")
    assert values.status is Status.FAILED and not values.mistake, summary(report)
    assert "weights are right" in values.message and "blank (3)" in values.message


def test_recursive_nn_unknown_slip_gets_no_formula(tmp_path):
    report = grade_text("recursive_nn", answered("recursive_nn", {1: "0.5 * W.dot(np.concatenate([left, right]))"}),
                        tmp_path)
    failed = _failed(report)
    assert failed and not any(t.mistake for t in failed), summary(report)
    assert all("concatenate" not in t.message for t in failed)


def test_policy_gradient_blames_policy_probs_when_it_is_wrong(tmp_path):
    report = grade_text("policy_gradient", answered("policy_gradient", {3: "np.exp(2 * logits)"}), tmp_path)
    grad = _task(report, "gradient_values")
    assert grad.status is Status.FAILED and "fix policy_probs first" in grad.message, summary(report)
    probs = _task(report, "probs_values")
    assert "(blank 3)" in probs.message and "blank (4)" not in probs.message


def test_policy_gradient_slip_in_the_gradient_points_at_its_blanks(tmp_path):
    report = grade_text("policy_gradient", answered("policy_gradient", {6: "2 * states.T @ (returns[:, None] * dlogits) / T"}),
                        tmp_path)
    numeric = _task(report, "gradient_numerical")
    assert numeric.status is Status.FAILED and not numeric.mistake, summary(report)
    assert "policy_probs is right" in numeric.message and "blanks (5) and (6)" in numeric.message
    assert "onehot - probs" not in numeric.message


def test_gan_discriminator_loss_points_at_gan_value_when_that_is_wrong(tmp_path):
    report = grade_text("gan", answered("gan", {1: "np.mean(np.log(d_real)) * 1.1"}), tmp_path)
    d_loss = _task(report, "discriminator_loss")
    assert d_loss.status is Status.FAILED and not d_loss.mistake, summary(report)
    assert "fix gan_value first" in d_loss.message


# -- right answers in unusual forms -----------------------------------------------------------

RIGHT = {
    "seq2seq": {1: "np.einsum('ev,v->e', E, w)"},
    "word2vec": {1: "np.exp(s - np.max(s, axis=1, keepdims=True)) / "
                    "np.sum(np.exp(s - np.max(s, axis=1, keepdims=True)), axis=1, keepdims=True)",
                 2: "np.mean(W_in[contexts], axis=1)", 3: "np.matmul(h, W_out)", 4: "W_in[target, :]",
                 5: "-np.mean(np.log(p[range(N), contexts[:, c]]))"},
    "attention": {1: "np.matmul(hs, h[:, :, None]).squeeze(-1)",
                  2: "np.exp(scores) / np.exp(scores).sum(axis=1)[:, None]",
                  3: "np.einsum('nth,nt->nh', hs, weights)"},
    "recursive_nn": {1: "np.dot(W, np.append(left, right))"},
    "policy_gradient": {1: "later * gamma + rewards[t]", 2: "np.matmul(states, theta)",
                        3: "np.exp(logits - np.max(logits, axis=1, keepdims=True))",
                        4: "e / np.sum(e, axis=-1, keepdims=True)", 5: "np.eye(probs.shape[1])[actions] - probs",
                        6: "(states.T * returns) @ dlogits / T"},
    "gan": {1: "np.log(d_real).mean()", 2: "np.mean(np.log1p(-d_fake))", 3: "-gan_value(d_real=d_real, d_fake=d_fake)",
            4: "-np.sum(np.log(d_fake)) / d_fake.size"},
}


@pytest.mark.parametrize("slug", sorted(RIGHT))
def test_right_answers_in_unusual_forms_pass(slug, tmp_path):
    report = grade_text(slug, answered(slug, RIGHT[slug]), tmp_path)
    assert report.passed and report.score == report.max_score, summary(report)
