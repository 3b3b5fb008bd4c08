"""Feedback round 2 for optimizers, regularization, weight_init, gradient_clipping and
activations: wrong answers in forms other than the catalogue's examples fail and are named
by their own id, state kept between calls and inputs changed in place are told as such, a
float32 result is told as a dtype problem without pointing at a blank, an uncatalogued
slip's pointer names the right function, and right answers in unusual forms pass."""
from __future__ import annotations

import pytest

from grader.result import Status

from exercise_helpers import answered, grade_text, summary, variant


def _grade(slug, text, tmp_path, name="x"):
    folder = tmp_path / name
    folder.mkdir()
    return grade_text(slug, text, folder)


def _failed(report):
    return [t for t in report.tests if t.status is not Status.PASSED]


def _named(report, mistake_id):
    """The report fails, names ``mistake_id`` somewhere and no other mistake anywhere."""
    assert not report.passed, summary(report)
    ids = {t.mistake for t in report.tests if t.mistake}
    assert ids == {mistake_id}, summary(report)


# -- optimizers -----------------------------------------------------------------------

_MOMENTUM_INIT = ("    def __init__(self, lr=0.01, momentum=0.9):\n        self.lr = lr\n        self.momentum = momentum\n"
                  "        self.v = None\n")


@pytest.mark.parametrize("mistake_id, example", [
    # a default argument dict used as the state: a second Momentum starts with the first one's velocity
    ("state-shared", [(_MOMENTUM_INIT, "    def __init__(self, lr=0.01, momentum=0.9, v={}):\n        self.lr = lr\n"
                       "        self.momentum = momentum\n        self.v = v\n"),
                      ("        if self.v is None:\n            self.v = {key: np.zeros_like(val) for key, val in "
                       "params.items()}\n        for key in params.keys():\n            # 穴埋め (2)",
                       "        for key in params.keys():\n            self.v.setdefault(key, np.zeros_like(params[key]))\n"
                       "            # 穴埋め (2)")]),
    ("params-rebound", {1: "params[key] = params[key] - self.lr * grads[key]"}),
    ("adam-correction-inverted", {8: "self.lr / (np.sqrt(1 - self.beta2 ** self.iter) / (1 - self.beta1 ** self.iter))"}),
    # the paper's form with the 1e-8 of other libraries
    ("adam-eps-1e-8", {11: "params[key] -= self.lr * (self.m[key] / (1 - self.beta1 ** self.iter)) "
                           "/ (np.sqrt(self.v[key] / (1 - self.beta2 ** self.iter)) + 1e-8)"}),
    ("adagrad-eps-1e-8", {5: "params[key] -= self.lr * grads[key] / (1e-8 + np.sqrt(self.h[key]))"}),
    ("adagrad-h-not-squared", {4: "grads[key] + self.h[key]"}),
])
def test_optimizer_slips_are_named(mistake_id, example, tmp_path):
    report = _grade("optimizers", variant("optimizers", example), tmp_path)
    _named(report, mistake_id)
    if mistake_id == "state-shared":
        assert any("started from what the first had kept" in t.message for t in report.tests), summary(report)


def test_optimizer_float32_and_uncatalogued_messages(tmp_path):
    report = _grade("optimizers", answered("optimizers", {3: "params[key] = (params[key] + self.v[key]).astype(np.float32)"}),
                    tmp_path, "f32")
    momentum = next(t for t in report.tests if t.name == "momentum")
    assert "float64" in momentum.message and "blank" not in momentum.message, summary(report)
    # an uncatalogued Momentum slip: the pointer names Momentum's blanks and no other class
    report = _grade("optimizers", answered("optimizers", {2: "0.5 * self.momentum * self.v[key] - self.lr * grads[key]"}),
                    tmp_path, "half")
    failed = _failed(report)
    assert failed and all("Momentum" in t.message and "Adam" not in t.message for t in failed), summary(report)


def test_optimizers_in_unusual_right_forms_pass(tmp_path):
    text = answered("optimizers", {1: "params[key][:] = params[key] - self.lr * grads[key]",
                                   7: "np.subtract(params[key], self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7), "
                                      "out=params[key])",
                                   11: "params[key] -= lr_t * self.m[key] / (1e-7 + np.sqrt(self.v[key]))"})
    report = _grade("optimizers", text, tmp_path)
    assert report.passed and report.score == report.max_score, summary(report)


# -- regularization -------------------------------------------------------------------

@pytest.mark.parametrize("mistake_id, fills", [
    ("l1-grad-nan-at-zero", {3: "dW + lam * (W / abs(W))"}),
    ("l1-grad-one-at-zero", {3: "dW + lam * (2 * (W >= 0) - 1)"}),
    ("l1-grad-abs", {3: "dW + abs(W) * lam"}),
    ("penalty-no-half", {1: "lam * sum((W ** 2).sum() for W in weights)"}),
    ("l2-grad-lambda-twice", {2: "dW + lam ** 2 * W"}),
    ("penalty-first-only", {1: "0.5 * lam * (weights[0] ** 2).sum()"}),
])
def test_regularization_slips_are_named(mistake_id, fills, tmp_path):
    _named(_grade("regularization", answered("regularization", fills), tmp_path), mistake_id)


def test_regularization_state_mutation_and_float32(tmp_path):
    stateful = variant("regularization", [("def l1_grad(W, dW, lam):", "_calls = []\n\n\ndef l1_grad(W, dW, lam):\n"
                                           "    _calls.append(1)"),
                                          ("    return dW + lam * np.sign(W)",
                                           "    return dW + lam * np.sign(W) * len(_calls)")])
    report = _grade("regularization", stateful, tmp_path, "state")
    assert any("another output" in t.message for t in _failed(report)), summary(report)
    mutating = variant("regularization", [("    return dW + lam * W", "    dW += lam * W\n    return dW")])
    report = _grade("regularization", mutating, tmp_path, "mutate")
    assert [t.name for t in _failed(report)] == ["inputs_and_repeats"], summary(report)
    assert "changed its input dW in place" in _failed(report)[0].message and not _failed(report)[0].mistake
    report = _grade("regularization", answered("regularization", {2: "(dW + lam * W).astype(np.float32)"}), tmp_path, "f32")
    assert _failed(report) and all("float64" in t.message and "blank" not in t.message for t in _failed(report)), \
        summary(report)


def test_regularization_uncatalogued_slip_points_at_its_function_and_right_forms_pass(tmp_path):
    report = _grade("regularization", answered("regularization", {3: "dW + 2 * lam * np.sign(W)"}), tmp_path, "two")
    failed = _failed(report)
    assert failed and all("l1_grad" in t.message and "l2_grad" not in t.message for t in failed), summary(report)
    text = answered("regularization", {1: "lam * sum(np.vdot(W, W) for W in weights) / 2",
                                       3: "dW + lam * (W > 0) - lam * (W < 0)"})
    report = _grade("regularization", text, tmp_path, "right")
    assert report.passed, summary(report)


# -- weight_init ----------------------------------------------------------------------

@pytest.mark.parametrize("mistake_id, example", [
    ("init-fan-out", {3: "rng.standard_normal((n_in, n_out)) * (xavier_std(n_out) if method == 'xavier' "
                         "else he_std(n_out))"}),
    ("he-no-root", {2: "2.0 / n_in"}),
    ("xavier-1-over-n", {1: "n_in ** -1"}),
    ("he-given-xavier", {2: "np.sqrt(1 / n_in)"}),
    ("init-variance", {3: "std * std * rng.standard_normal((n_in, n_out))"}),
])
def test_weight_init_slips_are_named(mistake_id, example, tmp_path):
    _named(_grade("weight_init", answered("weight_init", example), tmp_path), mistake_id)


def test_weight_init_float32_uncatalogued_and_right_forms(tmp_path):
    report = _grade("weight_init", answered("weight_init", {3: "(rng.standard_normal((n_in, n_out)) * std)"
                                                               ".astype(np.float32)"}), tmp_path, "f32")
    failed = _failed(report)
    assert failed and all("float64" in t.message and "blank" not in t.message for t in failed), summary(report)
    report = _grade("weight_init", answered("weight_init", {3: "rng.standard_normal((n_in, n_out)) * std / 2"}),
                    tmp_path, "half")
    failed = _failed(report)
    assert [t.name for t in failed] == ["statistics"] and "blank (3)" in failed[0].message, summary(report)
    text = answered("weight_init", {1: "np.sqrt(1 / n_in)", 2: "1.4142135623730951 / np.sqrt(n_in)",
                                    3: "rng.standard_normal(size=(n_in, n_out)) * std"})
    assert _grade("weight_init", text, tmp_path, "right").passed


# -- gradient_clipping ----------------------------------------------------------------

_NORM = "    norm = np.linalg.norm(grad)  #"
_RATE = "    rate = threshold / norm if norm > threshold else 1.0"


@pytest.mark.parametrize("mistake_id, example", [
    ("norm-squared", [(_NORM, "    norm = np.sum(grad * grad)  #")]),
    ("norm-max", [(_NORM, "    norm = np.abs(grad).max()  #")]),
    ("norm-per-row", [(_NORM, "    norm = np.linalg.norm(grad, axis=1, keepdims=True) if grad.ndim > 1 else "
                              "np.linalg.norm(grad)  #"),
                      (_RATE, "    rate = np.minimum(1.0, threshold / np.maximum(norm, 1e-300))")]),
    ("divide-by-rate", {1: "grad * (1 / rate) ** 1"}),
])
def test_clipping_slips_are_named(mistake_id, example, tmp_path):
    report = _grade("gradient_clipping", variant("gradient_clipping", example), tmp_path)
    _named(report, mistake_id)
    assert not any("return line" in t.message for t in _failed(report)), summary(report)


def test_clipping_uncatalogued_norm_state_mutation_float32(tmp_path):
    # another wrong norm: the message says the factor is off and names the norm, not only the return line
    report = _grade("gradient_clipping", variant("gradient_clipping", [(_NORM, "    norm = np.linalg.norm(grad) + 1  #")]),
                    tmp_path, "norm")
    failed = _failed(report)
    assert failed and all("factor" in t.message and "norm" in t.message for t in failed if t.name != "inputs_and_repeats"), \
        summary(report)
    stateful = variant("gradient_clipping", [("def gradient_clipping(grad, threshold):", "_seen = []\n\n\n"
                                              "def gradient_clipping(grad, threshold):\n    _seen.append(1)"),
                                             ("    return grad * rate", "    return grad * rate * (1 + 0.01 * len(_seen))")])
    report = _grade("gradient_clipping", stateful, tmp_path, "state")
    assert any("another output" in t.message for t in _failed(report)), summary(report)
    mutating = variant("gradient_clipping", [("    return grad * rate", "    grad *= rate\n    return grad")])
    report = _grade("gradient_clipping", mutating, tmp_path, "mutate")
    assert [t.name for t in _failed(report)] == ["inputs_and_repeats"], summary(report)
    assert "changed its input grad in place" in _failed(report)[0].message
    report = _grade("gradient_clipping", answered("gradient_clipping", {1: "(grad * rate).astype(np.float32)"}),
                    tmp_path, "f32")
    assert _failed(report) and all("float64" in t.message and "return" not in t.message for t in _failed(report)), \
        summary(report)


def test_clipping_right_in_an_unusual_form(tmp_path):
    text = variant("gradient_clipping", [(_RATE, "    rate = min(1.0, threshold / norm) if norm else 1.0")])
    assert _grade("gradient_clipping", text, tmp_path).passed


# -- activations ----------------------------------------------------------------------

def test_activations_float32_blames_no_blank_and_a_wrong_sigmoid_is_named_for_d_sigmoid(tmp_path):
    report = _grade("activations", answered("activations", {1: "(1 / (1 + np.exp(-x))).astype(np.float32)"}),
                    tmp_path, "f32")
    failed = _failed(report)
    assert {t.name for t in failed} == {"sigmoid", "d_sigmoid"}, summary(report)
    assert all("float64" in t.message and "blank" not in t.message for t in failed), summary(report)
    report = _grade("activations", answered("activations", {1: "1 / (1 + np.exp(-2 * x))"}), tmp_path, "steep")
    d_sigmoid = next(t for t in report.tests if t.name == "d_sigmoid")
    assert "fix sigmoid (blank (1))" in d_sigmoid.message and "blank (2)" not in d_sigmoid.message, summary(report)


def test_activations_pointers_name_their_own_function(tmp_path):
    report = _grade("activations", answered("activations", {3: "1 - np.tanh(x) ** 3", 7: "np.where(x > 0, 1.0, 2 * alpha)"}),
                    tmp_path)
    failed = {t.name: t.message for t in _failed(report)}
    assert set(failed) == {"d_tanh", "d_leaky_relu"}, summary(report)
    assert "blank (3), in d_tanh" in failed["d_tanh"] and "blank (7), in d_leaky_relu" in failed["d_leaky_relu"]


def test_activations_relu_max_named_under_relu_only_and_slips_named(tmp_path):
    report = _grade("activations", answered("activations", {4: "max(x, 0)"}), tmp_path, "max")
    assert {t.name for t in report.tests if t.mistake} == {"relu"}, summary(report)
    _named(report, "relu-max")
    _named(_grade("activations", answered("activations", {5: "np.sign(x)"}), tmp_path, "sign"), "d-relu-sign")


def test_activations_state_and_mutation(tmp_path):
    stateful = variant("activations", [("def d_tanh(x):", "_calls = []\n\n\ndef d_tanh(x):"),
                                       ("    return 1 - np.tanh(x) ** 2",
                                        "    _calls.append(1)\n    return 1 - np.tanh(x) ** 2 * len(_calls)")])
    report = _grade("activations", stateful, tmp_path, "state")
    assert [t.name for t in _failed(report)] == ["d_tanh"] and "another output" in _failed(report)[0].message, \
        summary(report)
    mutating = variant("activations", [("    return np.maximum(0, x)", "    x[x < 0] = 0\n    return x")])
    report = _grade("activations", mutating, tmp_path, "mutate")
    assert [t.name for t in _failed(report)] == ["relu"], summary(report)
    assert "relu changed its input x in place" in _failed(report)[0].message


def test_activations_in_unusual_right_forms_pass(tmp_path):
    text = answered("activations", {1: "np.reciprocal(1 + np.exp(-x))", 2: "np.exp(-x) * sigmoid(x) ** 2",
                                    4: "np.where(x < 0, 0.0, x)", 6: "np.where(x <= 0, alpha * x, x)",
                                    7: "np.where(x <= 0, alpha, 1.0)"})
    assert _grade("activations", text, tmp_path).passed
