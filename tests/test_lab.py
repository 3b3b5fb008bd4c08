"""The binary-addition lab: it learns with the defaults, its gradients are
right, and the CLI keeps its output contract."""
from __future__ import annotations

import re
import sys

import numpy as np
import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.lab import binary_addition as lab
from grader.lab.cli import ascii_curve
from grader.numgrad import numerical_gradient, relative_error

ACCURACY_LINE = re.compile(r"^accuracy: \d{1,3}\.\d% \(exact sums on \d+ fresh pairs\)$")


def test_defaults_learn_to_add():
    outcome = lab.train(lab.Config())  # hidden 16, lr 0.1, std 1, sigmoid, 10000 iterations
    assert outcome.accuracy >= 0.98, outcome.accuracy
    assert outcome.losses[-1] < outcome.losses[0] / 10


@pytest.mark.parametrize("activation", lab.ACTIVATIONS)
def test_bptt_gradients_match_numerical_ones(activation):
    rng = np.random.default_rng(3)
    cfg = lab.Config(hidden=5, activation=activation, init_std=0.5)
    p = lab.init_weights(cfg, rng)
    p["b"] = rng.normal(size=5) * 0.1 + 0.3  # keep ReLU inputs away from the kink
    a, b = np.array([45, 77]), np.array([18, 100])
    X = np.stack([lab.to_bits(a), lab.to_bits(b)], axis=-1)
    D = lab.to_bits(a + b)
    fns = lab.reference_functions()
    _, grads = lab.gradients(p, X, D, fns, activation)
    for name in p:
        def loss(value, name=name):
            q = dict(p, **{name: value})
            return lab.gradients(q, X, D, fns, activation)[0]
        assert relative_error(grads[name], numerical_gradient(loss, p[name])) < 1e-5, name


def test_bits_are_lowest_first():
    np.testing.assert_array_equal(lab.to_bits(np.array([6])), [[0, 1, 1, 0, 0, 0, 0, 0]])


def test_cli_output_contract():
    result = CliRunner().invoke(main, ["lab", "binary-addition", "--iters", "300", "--hidden", "8", "--seed", "1"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert ACCURACY_LINE.match(lines[-1]), lines[-1]
    assert "hidden_layer_size=8" in lines[0] and "reference code" in result.stdout
    assert "*" in result.stdout and "iterations" in result.stdout


def test_plot_without_matplotlib_is_a_clear_usage_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    result = CliRunner().invoke(main, ["lab", "binary-addition", "--iters", "100", "--plot", "x.png"])
    assert result.exit_code == 2
    assert "matplotlib" in result.stderr and "Traceback" not in result.output


def test_plot_writes_a_png(tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "curve.png"
    result = CliRunner().invoke(main, ["lab", "binary-addition", "--iters", "200", "--plot", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


RIGHT = '''import numpy as np
def sigmoid(x):
    return 1 / (1 + np.exp(-x))
def d_sigmoid(x):
    return sigmoid(x) * (1 - sigmoid(x))
def d_tanh(x):
    return 1 - np.tanh(x) ** 2
def relu(x):
    return np.maximum(0, x)
def d_relu(x):
    return ___
'''


def test_mine_says_which_parts_are_the_learners(tmp_path, monkeypatch):
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "activations.py").write_text(RIGHT)
    monkeypatch.setenv("GRADER_COURSE", str(tmp_path))
    result = CliRunner().invoke(main, ["lab", "binary-addition", "--iters", "300", "--mine"])
    assert result.exit_code == 0, result.output
    assert "activations.sigmoid" in result.stdout and "activations.d_sigmoid" in result.stdout
    assert "d_relu (a blank is not filled in)" in result.stdout
    assert "rnn.rnn_forward" in result.stdout  # no rnn.py here: the reference is used
    assert ACCURACY_LINE.match(result.stdout.strip().splitlines()[-1])


def test_ascii_curve_survives_a_diverged_training():
    assert "diverged" in ascii_curve([float("nan")] * 3, 100)
    text = ascii_curve([1.0, float("nan"), 0.5, 0.25], 100)
    assert text.count("*") == 3


def test_the_lab_speaks_japanese_too():
    result = CliRunner().invoke(main, ["lab", "binary-addition", "--iters", "100", "--lang", "ja"])
    assert result.exit_code == 0, result.output
    assert re.match(r"^正解率: \d{1,3}\.\d%（新しい \d+ 組で和が完全に一致）$", result.stdout.strip().splitlines()[-1])


def test_mine_says_which_of_the_learners_parts_differ(tmp_path, monkeypatch):
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "activations.py").write_text(RIGHT.replace("return np.maximum(0, x)", "return np.abs(x)"))
    monkeypatch.setenv("GRADER_COURSE", str(tmp_path))
    result = CliRunner().invoke(main, ["lab", "binary-addition", "--iters", "100", "--mine"])
    assert result.exit_code == 0, result.output
    assert "activations.relu (differs from the reference!)" in result.stdout


def test_compare_draws_every_value_in_one_chart():
    result = CliRunner().invoke(main, ["lab", "binary-addition", "--iters", "300", "--compare", "lr=0.1,1"])
    assert result.exit_code == 0, result.output
    legend = [line for line in result.stdout.splitlines() if ": accuracy " in line]
    assert len(legend) == 2 and legend[0].startswith("  * lr=0.1") and legend[1].startswith("  o lr=1")
    chart = result.stdout.split("iterations (mean loss per 100)")[0]
    assert "*" in chart and "o" in chart.split("\n", 1)[1]


def test_compare_refuses_what_it_cannot_read():
    for text in ("foo=1,2", "lr=0.1", "init=normal,zeros", "lr=-1,1", "hidden=a,b"):
        result = CliRunner().invoke(main, ["lab", "binary-addition", "--compare", text])
        assert result.exit_code == 2 and "--compare" in result.output and "Traceback" not in result.output, text
