"""Feedback round 2 for pooling, conv, batch_norm and dropout: wrong answers a learner may
write (held out from the catalogues' own examples where they can be) fail, the message
names the slip or points only where the output shows it, state kept between calls and
inputs changed in place are told as such, float32 fails saying float64, and right
answers in unusual forms pass."""
from __future__ import annotations

import pytest

from grader.result import Status

from exercise_helpers import answered, grade_text, summary, variant

DEPENDS = "depends on what it was called with before"


def _grade(tmp_path, slug, text):
    return grade_text(slug, text, tmp_path)


def _failed(report):
    return [t for t in report.tests if t.status is not Status.PASSED]


def _with_module_line(slug, line, replacements):
    """The answered stub with ``line`` added after the numpy import and ``replacements`` applied."""
    text = variant(slug, replacements).replace("import numpy as np\n", f"import numpy as np\n{line}\n", 1)
    return text


def _named(report, mistake):
    named = {t.mistake for t in report.tests if t.mistake}
    assert not report.passed
    assert named == {mistake}, summary(report)


# -- state kept between calls, inputs changed in place, float32 ---------------------------------------------

STATEFUL = {
    # a buffer kept per shape and never cleared: the gradients of earlier calls stay in it
    "pooling": ("_BUF = {}", [("    dimg = np.zeros((N, C, H + 2 * pad, W + 2 * pad))\n",
                               "    dimg = _BUF.setdefault((N, C, H, W, pad), np.zeros((N, C, H + 2 * pad, W + 2 * pad)))\n")]),
    "conv": ("_IMG = {}", [("    img = np.zeros((N, C, H + 2 * pad + stride - 1, W + 2 * pad + stride - 1))\n",
                            "    img = _IMG.setdefault((N, C, H, W, stride, pad), "
                            "np.zeros((N, C, H + 2 * pad + stride - 1, W + 2 * pad + stride - 1)))\n")]),
    # the running mean of the last call used instead of the argument
    "batch_norm": ("_LAST = {}", [("    new_mean = momentum * running_mean + (1 - momentum) * mu\n",
                                   "    old = _LAST.get(running_mean.shape, running_mean)\n"
                                   "    new_mean = momentum * old + (1 - momentum) * mu\n"
                                   "    _LAST[running_mean.shape] = new_mean\n")]),
    # one mask kept per shape, whatever the seed
    "dropout": ("_MASKS = {}", [("        mask = np.random.rand(*x.shape) > ratio\n",
                                 "        mask = _MASKS.setdefault(x.shape, np.random.rand(*x.shape) > ratio)\n")]),
}


@pytest.mark.parametrize("slug", sorted(STATEFUL))
def test_state_kept_between_calls_fails_and_says_so(slug, tmp_path):
    line, replacements = STATEFUL[slug]
    report = _grade(tmp_path, slug, _with_module_line(slug, line, replacements))
    task = {t.name: t for t in report.tests}["repeatable_and_inputs_unchanged"]
    assert task.status is Status.FAILED and (DEPENDS in task.message or "between calls" in task.message), summary(report)


MUTATING = {
    "pooling": ([("    out = rows.max(axis=1)\n", "    out = rows.max(axis=1)\n    x.sort(axis=-1)\n")], "x"),
    "conv": ([("    out = col.dot(col_W) + b", "    np.negative(b, out=b)\n    out = col.dot(col_W) - b")], "b"),
    "batch_norm": ([("    xn = (x - mu) / np.sqrt(var + eps)\n", "    x -= mu\n    xn = x / np.sqrt(var + eps)\n")], "x"),
    "dropout": ([("        out = x * mask\n", "        x *= mask\n        out = x\n")], "x"),
}


@pytest.mark.parametrize("slug", sorted(MUTATING))
def test_an_input_changed_in_place_fails_and_says_which(slug, tmp_path):
    replacements, name = MUTATING[slug]
    report = _grade(tmp_path, slug, variant(slug, replacements))
    failed = _failed(report)
    assert failed and all(t.name == "repeatable_and_inputs_unchanged" for t in failed), summary(report)
    assert f"changed its input {name} in place" in failed[0].message


FLOAT32 = {
    "pooling": {1: "rows.max(axis=1).astype(np.float32)"},
    "conv": {5: "out.reshape(N, out_h, out_w, FN).transpose(0, 3, 1, 2).astype(np.float32)"},
    "batch_norm": {8: "(momentum * running_mean + (1 - momentum) * mu).astype(np.float32)"},
    "dropout": {2: "(x * mask).astype(np.float32)"},
}


@pytest.mark.parametrize("slug", sorted(FLOAT32))
def test_a_float32_result_fails_saying_float64(slug, tmp_path):
    report = _grade(tmp_path, slug, answered(slug, FLOAT32[slug]))
    failed = _failed(report)
    assert failed and all("float64" in t.message and "float32" in t.message for t in failed), summary(report)


# -- pooling ------------------------------------------------------------------------------------------------

LOOP = ("    for i in range(oh):\n        for j in range(ow):\n"
        "            dimg[:, :, i * stride:i * stride + pool_h, j * stride:j * stride + pool_w] += grad[:, i, j]")


def test_pooling_backward_overwrite_is_named_and_not_blamed_on_the_order(tmp_path):
    report = _grade(tmp_path, "pooling", variant("pooling", [(LOOP, LOOP.replace("] += grad", "] = grad"))]))
    _named(report, "backward-overwrite")
    assert all("(n, oh, ow, c)" not in t.message for t in _failed(report)), summary(report)


def test_pooling_windows_left_out_of_the_backward_loop_say_gradients_are_lost(tmp_path):
    report = _grade(tmp_path, "pooling", variant("pooling", [(LOOP, LOOP.replace("range(oh)", "range(1, oh)"))]))
    backward = {t.name: t for t in report.tests}["backward"]
    assert backward.status is Status.FAILED and not backward.mistake, summary(report)
    assert "add up to" in backward.message and "lost" in backward.message
    assert "(n, oh, ow, c)" not in backward.message


@pytest.mark.parametrize("replacements, mistake", [
    ([('mode="constant")', 'mode="constant", constant_values=float("-inf"))')], "pad-minus-inf"),
    ([("winner = rows.argmax(axis=1)", "winner = np.argmax(rows, axis=0)")], "argmax-wrong-axis"),
])
def test_pooling_slips_are_named(replacements, mistake, tmp_path):
    _named(_grade(tmp_path, "pooling", variant("pooling", replacements)), mistake)


def test_pooling_uncatalogued_dout_order_says_the_total_is_right_but_not_the_places(tmp_path):
    report = _grade(tmp_path, "pooling", answered("pooling", {3: "dout.transpose(0, 3, 1, 2).reshape(-1)"}))
    backward = {t.name: t for t in report.tests}["backward"]
    assert backward.status is Status.FAILED and not backward.mistake, summary(report)
    assert "right total" in backward.message and "wrong inputs" in backward.message


def test_pooling_right_answers_in_other_forms_pass(tmp_path):
    report = _grade(tmp_path, "pooling", answered("pooling", {
        2: "out.reshape(N, oh, ow, C).transpose((0, 3, 1, 2))", 4: "(np.arange(len(rows)), winner)"}))
    assert report.passed, summary(report)


# -- conv ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("replacements, mistake", [
    ({4: "np.flip(W, axis=(2, 3)).reshape(FN, -1).T"}, "flipped-kernel"),
    ({1: "(input_size - filter_size + 2 * pad) / stride + 1"}, "size-true-division"),
    ({1: "input_size + 2 * pad - filter_size + 1"}, "size-no-stride"),
    ({2: "np.transpose(col, (0, 4, 5, 2, 3, 1)).reshape(N * out_h * out_w, -1)"}, "im2col-column-order"),
    ([("    N, _, H, Wd = x.shape\n", "    x = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), 'constant')\n"
                                      "    N, _, H, Wd = x.shape\n")], "pad-twice"),
])
def test_conv_slips_are_named(replacements, mistake, tmp_path):
    _named(_grade(tmp_path, "conv", variant("conv", replacements)), mistake)


def test_conv_uncatalogued_column_order_says_right_values_wrong_places(tmp_path):
    report = _grade(tmp_path, "conv", answered("conv", {2: "col.transpose(0, 4, 5, 1, 3, 2).reshape(N * out_h * out_w, -1)"}))
    im2col = {t.name: t for t in report.tests}["im2col"]
    assert im2col.status is Status.FAILED and not im2col.mistake, summary(report)
    assert "right ones, but in the wrong places" in im2col.message


def test_conv_right_answers_in_other_forms_pass(tmp_path):
    report = _grade(tmp_path, "conv", answered("conv", {
        1: "int(np.floor((input_size + 2 * pad - filter_size) / stride)) + 1", 4: "W.reshape(FN, -1).transpose(1, 0)",
        5: "out.reshape(N, out_h, out_w, FN).transpose((0, 3, 1, 2))"}))
    assert report.passed, summary(report)


# -- batch_norm ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("replacements, mistake", [
    ({8: "momentum * mu + (1 - momentum) * running_mean", 9: "momentum * var + (1 - momentum) * running_var"},
     "running-swapped"),
    ([("    return gamma * xn + beta", "    return xn * beta + gamma")], "gamma-beta-swapped"),
    ({2: "np.sum((x - mu) ** 2, axis=0) / (x.shape[0] - 1)"}, "unbiased-var"),
])
def test_batch_norm_slips_are_named(replacements, mistake, tmp_path):
    _named(_grade(tmp_path, "batch_norm", variant("batch_norm", replacements)), mistake)


def test_batch_norm_in_place_update_message_says_new_arrays(tmp_path):
    report = _grade(tmp_path, "batch_norm", variant("batch_norm", [
        ("    new_mean = momentum * running_mean + (1 - momentum) * mu\n",
         "    running_mean *= momentum\n    running_mean += (1 - momentum) * mu\n    new_mean = running_mean\n")]))
    running = {t.name: t for t in report.tests}["running_update"]
    assert running.mistake == "running-in-place" and "changed its input running_mean in place" in running.message
    assert "NEW arrays" in running.message


@pytest.mark.parametrize("fills, says, not_says", [
    ({6: "dxc + (1.0 / N) * xc * dvar"}, "Look at blanks (6) and (7)", "blank (4)"),
    ({9: "momentum * running_var + (1 - momentum) * var ** 2"}, "Look at blank (9)", "blank (8)"),
])
def test_batch_norm_uncatalogued_slips_point_at_their_blank_only(fills, says, not_says, tmp_path):
    report = _grade(tmp_path, "batch_norm", answered("batch_norm", fills))
    failed = _failed(report)
    assert failed and not any(t.mistake for t in failed), summary(report)
    assert says in failed[0].message and not_says not in failed[0].message, summary(report)


def test_batch_norm_right_answers_in_other_forms_pass(tmp_path):
    report = _grade(tmp_path, "batch_norm", answered("batch_norm", {
        2: "np.square(x - mu).mean(axis=0)", 3: "np.divide(x - mu, np.sqrt(var + eps))",
        8: "np.add(momentum * running_mean, (1 - momentum) * mu)", 10: "(x - running_mean) / np.sqrt(eps + running_var)"}))
    assert report.passed, summary(report)


# -- dropout ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fills, mistake", [
    ({1: "np.random.rand(x.shape[0], 1) > ratio"}, "mask-per-row"),
    # the same slip with a mask of x's shape: the kept share alone can look right
    ({1: "np.random.rand(x.shape[0], *[1] * (x.ndim - 1)) * np.ones(x.shape) > ratio"}, "mask-per-row"),
    ({1: "np.broadcast_to(np.random.rand(*x.shape[1:]), x.shape) > ratio"}, "mask-per-column"),
    ({2: "x * mask * (1.0 - ratio)"}, "train-scaled"),
    ({2: "x * mask / (1.0 - ratio)", 3: "x * 1.0"}, "inverted"),
])
def test_dropout_slips_are_named(fills, mistake, tmp_path):
    _named(_grade(tmp_path, "dropout", answered("dropout", fills)), mistake)


def test_dropout_units_sharing_draws_in_pairs_fail_as_not_independent(tmp_path):
    pairs = "np.repeat(np.random.rand(*x.shape[:-1], (x.shape[-1] + 1) // 2), 2, axis=-1)[..., :x.shape[-1]] > ratio"
    report = _grade(tmp_path, "dropout", answered("dropout", {1: pairs}))
    task = {t.name: t for t in report.tests}["independent_units"]
    assert task.status is Status.FAILED and not task.mistake, summary(report)
    assert "not dropped each on its own" in task.message and "within a row" in task.message


@pytest.mark.parametrize("fills", [
    {1: "(np.random.rand(*x.shape) > ratio).astype(np.int64)"},      # 0/1 integers
    {1: "1.0 * (np.random.random(x.shape) > ratio)", 3: "np.multiply(1 - ratio, x)"},   # 0/1 float64
])
def test_dropout_masks_of_bool_or_numbers_pass(fills, tmp_path):
    report = _grade(tmp_path, "dropout", answered("dropout", fills))
    assert report.passed, summary(report)
