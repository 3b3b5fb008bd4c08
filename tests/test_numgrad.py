"""The numerical gradient helper on functions whose gradients are known."""
import numpy as np
import pytest

from grader.numgrad import numerical_gradient, relative_error


def test_gradient_of_a_quadratic():
    A = np.array([[2.0, 1.0], [1.0, 3.0]])
    x = np.array([0.5, -1.5])
    grad = numerical_gradient(lambda v: 0.5 * v @ A @ v, x)
    assert relative_error(grad, A @ x) < 1e-8


def test_gradient_of_sin_sum_on_a_matrix_leaves_input_unchanged():
    x = np.linspace(-2, 2, 12).reshape(3, 4)
    before = x.copy()
    grad = numerical_gradient(lambda v: np.sin(v).sum(), x)
    assert relative_error(grad, np.cos(x)) < 1e-7
    assert np.array_equal(x, before)


def test_a_wrong_gradient_is_detected():
    x = np.array([1.0, 2.0, 3.0])
    grad = numerical_gradient(lambda v: (v ** 3).sum(), x)
    assert relative_error(grad, 3 * x ** 2) < 1e-7
    assert relative_error(grad, 2 * x ** 2) > 0.1


def test_relative_error_floor_and_shapes():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.array([1e-12]), np.array([0.0])) < 1e-3
    with pytest.raises(ValueError):
        relative_error(np.zeros(2), np.zeros(3))
