"""Feedback round 2 for the RNN family (rnn, bptt, lstm, gru, birnn): wrong answers as a learner
would type them (not the catalogue's own examples) fail and are named, state kept between calls
and inputs changed in place are told as such, and right answers in unusual forms pass."""
from __future__ import annotations

import pytest

from grader.result import Status

from exercise_helpers import answered, grade_text, summary, variant

# One line of each stub, and the function's first line, for the variants below.
RETURN = {"lstm": "    return c, h", "gru": "    return h_new", "bptt": "    return dW, dU, dV",
          "rnn": "    return Z, Y", "birnn": "    return ys"}
DEF = {"lstm": "def lstm(x, prev_h, prev_c, W, U, b):", "gru": "def gru(x, h, W_r, U_r, W_z, U_z, W, U):",
       "bptt": "def bptt(xs, ys, W, U, V):", "rnn": "def rnn_forward(X, W_in, W, W_out, b, c):",
       "birnn": "def bidirectional_rnn_net(xs, W_f, U_f, W_b, U_b, V):"}
# A first argument the function may be tempted to change in place (x += ...).
FIRST = {"lstm": "x", "gru": "x", "bptt": "xs", "rnn": "X", "birnn": "xs"}
SLUGS = list(RETURN)


def _failed(report):
    return [t for t in report.tests if t.status is not Status.PASSED]


def _edit(slug, *pairs):
    text = answered(slug)
    for old, new in pairs:
        assert old in text, f"{slug}: {old!r} is not in the answered stub"
        text = text.replace(old, new, 1)
    return text


@pytest.mark.parametrize("slug", SLUGS)
def test_state_kept_between_calls_and_an_input_changed_in_place_are_told(slug, tmp_path):
    """A module-level list remembers each result and adds a trace of the previous one (of the same
    shape) to the next; the function also adds 0 to its first argument in place, then 1 and takes it
    back, so the values it computes stay right but the caller's array is left changed."""
    name = FIRST[slug]
    first_line = {"lstm": "    lstm_in", "gru": "    r = ", "bptt": "    hiddens, outputs",
                  "rnn": "    N, T, _ = X.shape", "birnn": "    xs_f = xs"}[slug]
    out = RETURN[slug].split("return ")[1]
    out_first = out.split(",")[0].strip()
    text = _edit(slug, (DEF[slug], f"_seen = []\n\n\n{DEF[slug]}"),
                 (first_line, f"    {name} += 1.0\n    {name} -= 1.0\n    {name}[...] = {name} + 1e-3\n"
                              f"    {name} = {name} - 1e-3\n{first_line}"),
                 (RETURN[slug], f"    if _seen and _seen[-1].shape == {out_first}.shape:\n"
                                f"        {out_first} = {out_first} + 1e-3 * _seen[-1]\n"
                                f"    _seen.append({out_first})\n{RETURN[slug]}"))
    report = grade_text(slug, text, tmp_path)
    tasks = {t.name: t for t in report.tests}
    assert tasks["inputs_unchanged"].status is Status.FAILED, summary(report)
    assert "changed its input" in tasks["inputs_unchanged"].message and name in tasks["inputs_unchanged"].message
    assert tasks["repeatable"].status is Status.FAILED, summary(report)
    assert "depends on earlier calls" in tasks["repeatable"].message, summary(report)


@pytest.mark.parametrize("slug", SLUGS)
def test_a_float32_result_fails_saying_float64(slug, tmp_path):
    out = RETURN[slug].split("return ")[1]
    first = out.split(",")[0].strip()
    rest = out[len(first):]
    text = _edit(slug, (RETURN[slug], f"    return {first}.astype(np.float32){rest}"))
    report = grade_text(slug, text, tmp_path)
    failed = _failed(report)
    assert failed and all("float64" in t.message and "float32" in t.message for t in failed
                          if t.status is Status.FAILED), summary(report)
    assert not any(t.mistake for t in report.tests), summary(report)


# The slips the issue names, typed as a learner would (other forms than the catalogue's examples).
H_PREV = "h_prev = hiddens[:, bptt_step - 1] if bptt_step > 0 else np.zeros_like(hiddens[:, 0])"
NAMED = [
    ("lstm", {1: "output_gate * a + forget_gate * prev_c"}, "option-1"),
    ("lstm", {1: "input_gate * prev_c + forget_gate * a"}, "option-4"),
    ("lstm", {1: "np.tanh(forget_gate * prev_c + input_gate * a)"}, "tanh-on-c"),
    ("lstm", {1: "prev_c + a"}, "no-gates"),
    ("lstm", [("h = output_gate * np.tanh(c)", "h = np.tanh(prev_c) * output_gate")], "h-from-prev-c"),
    ("gru", {1: "(1 - z) * h_bar + z * h"}, "option-3-pytorch"),
    ("gru", [("(r * h).dot(U.T)", "r * np.dot(h, U.T)")], "reset-after-product"),
    ("gru", [("(r * h).dot(U.T)", "h @ U.T")], "no-reset"),
    ("gru", {1: "r * h_bar + (1 - r) * h"}, "reset-for-update"),
    ("bptt", {1: "np.dot(delta_t, U.T)"}, "U-transposed"),
    ("bptt", {1: "delta_t @ W"}, "W-for-U"),
    ("bptt", {1: "np.dot(delta_t, V)"}, "V-for-U"),
    ("bptt", [("dU += delta_t.T @ h_prev / N", "dU += delta_t.T @ h_prev")], "no-mean-dU"),
    ("bptt", [(H_PREV, "h_prev = hiddens[:, bptt_step]")], "current-state"),
    ("rnn", {1: "x_t @ W + z_prev @ W_in + b"}, "weights-swapped"),
    ("rnn", {2: "_sigmoid(z @ W_out)"}, "y-no-c"),
    ("rnn", [("        z_prev = z ", "        pass   ")], "no-recurrent"),
    ("birnn", {1: "np.concatenate((h_f, h_b[::-1]), axis=0)"}, "option-4"),
    ("birnn", {1: "np.concatenate([h_f, h_b], axis=-1)"}, "backward-not-reversed"),
]


@pytest.mark.parametrize("slug, example, mistake", NAMED, ids=[f"{s}-{m}" for s, _e, m in NAMED])
def test_a_slip_the_issue_names_is_named_by_its_own_id(slug, example, mistake, tmp_path):
    report = grade_text(slug, variant(slug, example), tmp_path)
    assert not report.passed
    named = {t.mistake for t in report.tests if t.mistake}
    assert named == {mistake}, summary(report)


def test_bptt_current_state_and_the_wrap_around_are_told_apart(tmp_path):
    """At T = 1 both read hiddens[:, 0]: that task names neither, the others name each its own."""
    report = grade_text("bptt", variant("bptt", [(H_PREV, "h_prev = hiddens[:, bptt_step - 1]")]), tmp_path)
    tasks = {t.name: t for t in report.tests}
    assert tasks["values"].mistake == "wrapped-state", summary(report)
    assert tasks["single_step"].status is Status.FAILED and not tasks["single_step"].mistake, summary(report)


# Slips not in the catalogue: the message points where the slip can be, and nowhere else.
UNNAMED = [
    ("lstm", [("h = output_gate * np.tanh(c)", "h = 0.9 * output_gate * np.tanh(c)")], "the line after blank (1)"),
    ("gru", {1: "(1 - z) * h + 0.9 * z * h_bar"}, "blank (1)"),
    ("bptt", [("dV += do[:, t].T @ hiddens[:, t] / N", "dV += 2 * do[:, t].T @ hiddens[:, t] / N")],
     "blank (1) does not change dV"),
    ("rnn", {2: "_sigmoid(np.dot(z, W_out) + 2 * c)"}, "look at blank (2)"),
    ("birnn", {1: "np.concatenate([h_f, 2 * h_b[::-1]], axis=1)"}, "blank (1)"),
]


@pytest.mark.parametrize("slug, example, where", UNNAMED, ids=[s for s, _e, _w in UNNAMED])
def test_an_uncatalogued_slip_is_pointed_at_where_it_can_be(slug, example, where, tmp_path):
    report = grade_text(slug, variant(slug, example), tmp_path)
    failed = [t for t in report.tests if t.status is Status.FAILED]
    assert failed and not any(t.mistake for t in report.tests), summary(report)
    assert where in failed[0].message, summary(report)
    # no formula given away under a failure
    assert not any(f in t.message for t in failed for f in
                   ("input_gate * a + forget_gate", "(1 - z) * h + z", "delta_t.dot(U)", "np.dot(z_prev, W)",
                    "h_b[::-1]], axis=1")), summary(report)


RIGHT = [
    ("lstm", {1: "np.add(forget_gate * prev_c, np.multiply(a, input_gate))"}),
    ("gru", {1: "h + np.multiply(z, h_bar - h)"}),
    ("bptt", {1: "np.matmul(delta_t, U)"}),
    ("rnn", {1: "np.dot(W_in.T, x_t.T).T + z_prev @ W + b", 2: "1.0 / (1.0 + np.exp(-(z @ W_out + c)))"}),
    ("birnn", {1: "np.concatenate((h_f, np.flip(h_b, 0)), axis=-1)"}),
]


@pytest.mark.parametrize("slug, fills", RIGHT, ids=[s for s, _f in RIGHT])
def test_a_right_answer_in_an_unusual_form_passes(slug, fills, tmp_path):
    report = grade_text(slug, answered(slug, fills), tmp_path)
    assert report.passed and report.score == report.max_score, summary(report)
