"""Our reference solutions checked against PyTorch, which we did not write.

PyTorch is not a dependency: tools/make_torch_fixtures.py ran it once and
stored its inputs and outputs in tests/fixtures/torch_reference.json (the
script's docstring explains each mapping).  Each comparison is paired with a
check that the mapping matters, so a fixture that agreed with anything would
be caught.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = json.loads((ROOT / "tests" / "fixtures" / "torch_reference.json").read_text(encoding="utf-8"))


def reference(slug: str):
    spec = importlib.util.spec_from_file_location(f"ref_{slug}", ROOT / "solutions" / f"{slug}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def arrays(case: dict) -> dict:
    return {k: np.array(v, dtype=np.float64) if isinstance(v, list) else v for k, v in case.items()}


@pytest.mark.parametrize("case", FIXTURES["lstm"], ids=lambda c: f"H{len(c['prev_h'][0])}")
def test_lstm_agrees_with_lstmcell_after_remapping_the_gate_order(case):
    a = arrays(case)
    c, h = reference("lstm").lstm(a["x"], a["prev_h"], a["prev_c"], a["W"], a["U"], a["b"])
    np.testing.assert_allclose(c, a["c"], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(h, a["h"], rtol=1e-10, atol=1e-12)


def test_lstm_without_remapping_disagrees_with_lstmcell():
    a = arrays(FIXTURES["lstm"][1])
    H = a["prev_h"].shape[1]
    # the course's rows a, i, f, o read back in PyTorch's order i, f, g, o
    perm = np.r_[H:2 * H, 2 * H:3 * H, 0:H, 3 * H:4 * H]
    c, _h = reference("lstm").lstm(a["x"], a["prev_h"], a["prev_c"], a["W"][perm], a["U"][perm], a["b"][perm])
    assert not np.allclose(c, a["c"], rtol=1e-6)


# PyTorch's GRUCell resets after the product with U, r * (U h); the course
# resets before it, U (r * h).  Those agree only for a diagonal U, which is why
# the fixtures use one.  z is mapped to 1 - z by negating its weights.
@pytest.mark.parametrize("case", FIXTURES["gru"], ids=lambda c: f"H{len(c['h'][0])}")
def test_gru_agrees_with_grucell_with_z_mapped_and_a_diagonal_U(case):
    a = arrays(case)
    assert np.allclose(a["U"], np.diag(np.diag(a["U"]))), "the fixture's U must be diagonal"
    h_new = reference("gru").gru(a["x"], a["h"], a["W_r"], a["U_r"], a["W_z"], a["U_z"], a["W"], a["U"])
    np.testing.assert_allclose(h_new, a["h_new"], rtol=1e-10, atol=1e-12)


def test_gru_in_pytorchs_z_convention_disagrees_with_grucell():
    a = arrays(FIXTURES["gru"][1])
    h_new = reference("gru").gru(a["x"], a["h"], a["W_r"], a["U_r"], -a["W_z"], -a["U_z"], a["W"], a["U"])
    assert not np.allclose(h_new, a["h_new"], rtol=1e-6)


# clip_grad_norm_ divides by norm + 1e-6, the course by the norm: a relative
# difference of 1e-6 / norm at most, inside rtol 1e-5.
@pytest.mark.parametrize("case", FIXTURES["gradient_clipping"], ids=lambda c: f"t{c['threshold']}")
def test_gradient_clipping_follows_clip_grad_norm(case):
    a = arrays(case)
    clipped = reference("gradient_clipping").gradient_clipping(a["grad"], a["threshold"])
    assert clipped.shape == a["clipped"].shape
    np.testing.assert_allclose(clipped, a["clipped"], rtol=1e-5, atol=1e-12)


def test_the_clipping_fixtures_include_clipped_unclipped_and_zero_gradients():
    norms = [(np.linalg.norm(c["grad"]), c["threshold"]) for c in FIXTURES["gradient_clipping"]]
    assert any(n > t for n, t in norms) and any(0 < n <= t for n, t in norms) and any(n == 0 for n, _ in norms)
