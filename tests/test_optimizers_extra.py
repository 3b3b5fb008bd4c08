"""optimizers beyond tests/test_exercises.py: the classes' methods match between the
stub and the reference, Adam in the paper's form written over several lines passes,
and the reference and the right variants pass for other seeds too."""
from __future__ import annotations

import ast

import pytest

from exercise_helpers import ROOT, answered, checks, grade_text, summary, variant

SLUG = "optimizers"


def _methods(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name: {item.name: ast.dump(item.args) for item in node.body if isinstance(item, ast.FunctionDef)}
            for node in tree.body if isinstance(node, ast.ClassDef)}


def test_stub_and_reference_classes_have_the_same_methods():
    stub = _methods(ROOT / "exercises" / f"{SLUG}.py")
    ref = _methods(ROOT / "solutions" / f"{SLUG}.py")
    assert set(stub) == {"SGD", "Momentum", "AdaGrad", "RMSprop", "Adam"}
    assert stub == ref


PAPER_ADAM = [("params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + 1e-7)",
               "m_hat = self.m[key] / (1 - self.beta1 ** self.iter)\n"
               "            v_hat = self.v[key] / (1 - self.beta2 ** self.iter)\n"
               "            params[key] -= self.lr * m_hat / (np.sqrt(v_hat) + 1e-7)")]


def test_paper_adam_over_several_lines_passes(tmp_path):
    report = grade_text(SLUG, variant(SLUG, PAPER_ADAM), tmp_path)
    assert report.passed, summary(report)


@pytest.mark.parametrize("seed", [1, 7, 2024])
def test_reference_and_equivalents_pass_for_other_seeds(seed, tmp_path):
    texts = [(ROOT / "solutions" / f"{SLUG}.py").read_text(encoding="utf-8"), variant(SLUG, PAPER_ADAM)]
    texts += [answered(SLUG, fills) for fills in checks(SLUG).EQUIVALENTS]
    for i, text in enumerate(texts):
        folder = tmp_path / str(i)
        folder.mkdir()
        report = grade_text(SLUG, text, folder, seed=seed)
        assert report.passed and report.score == report.max_score, f"variant {i}, seed {seed}:\n{summary(report)}"


@pytest.mark.parametrize("seed", [1, 7])
def test_catalogued_mistakes_are_named_for_other_seeds(seed, tmp_path):
    for mistake in checks(SLUG).MISTAKES:
        folder = tmp_path / mistake.id
        folder.mkdir()
        report = grade_text(SLUG, variant(SLUG, mistake.test_example()), folder, seed=seed)
        assert not report.passed
        assert any(t.mistake == mistake.id for t in report.tests), f"{mistake.id}, seed {seed}:\n{summary(report)}"
