"""Reference: activation functions and their derivatives (Rabbit Challenge Day 3, vanishing
gradients; Leaky ReLU is from Day 4, where DCGAN's discriminator uses it).

Every derivative takes the pre-activation x, not the activated value.
"""
import numpy as np


def sigmoid(x):
    """x (n,) -> 1 / (1 + exp(-x)), the course's own form."""
    return 1 / (1 + np.exp(-x))


def d_sigmoid(x):
    """The derivative of the sigmoid at x: sigmoid(x) * (1 - sigmoid(x))."""
    return sigmoid(x) * (1 - sigmoid(x))


def d_tanh(x):
    """The derivative of tanh at x: 1 - tanh(x)^2."""
    return 1 - np.tanh(x) ** 2


def relu(x):
    """max(0, x) elementwise."""
    return np.maximum(0, x)


def d_relu(x):
    """1.0 where x > 0, else 0.0 (a float array; x = 0 is not graded)."""
    return np.where(x > 0, 1.0, 0.0)


def leaky_relu(x, alpha=0.01):
    """x where x > 0, alpha * x otherwise."""
    return np.where(x > 0, x, alpha * x)


def d_leaky_relu(x, alpha=0.01):
    """1.0 where x > 0, alpha otherwise (so alpha at x = 0)."""
    return np.where(x > 0, 1.0, alpha)
