"""Reference: a recursive neural network that folds a binary tree into one vector (Rabbit Challenge Day 3)."""
import numpy as np


def traverse(node, W, b):
    """node: a leaf vector (embed,) or a dict {'left': node, 'right': node}; W (embed, 2*embed); b (embed,).

    Returns v (embed,): a leaf itself, else tanh(W.dot(np.concatenate([left, right])) + b) where
    left and right are the values of the two children.
    """
    if not isinstance(node, dict):
        return node
    left = traverse(node['left'], W, b)
    right = traverse(node['right'], W, b)
    return np.tanh(W.dot(np.concatenate([left, right])) + b)
