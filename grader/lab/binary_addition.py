"""The binary-addition lab: a small RNN learns to add two 8-bit numbers.

The two numbers are fed bit by bit from the lowest bit, one pair of bits per
time step, and the network outputs the matching bit of the sum.  The network
is the course's simple RNN (row vectors, as in its notebook):

    u_t = x_t W_in + z_{t-1} W + b,   z_t = f(u_t),   y_t = sigmoid(z_t W_out + c)

trained one random pair per iteration by backpropagation through time on the
loss sum_t 0.5 * (y_t - d_t)^2.  ``f`` is sigmoid, tanh or ReLU.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

import numpy as np

BITS = 8
from grader.lab import ACTIVATIONS, INITS

__all__ = ["ACTIVATIONS", "INITS", "Config", "train"]


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.clip(x, -500, 500)))


def d_sigmoid(x):
    s = sigmoid(x)
    return s * (1.0 - s)


def d_tanh(x):
    return 1.0 - np.tanh(x) ** 2


def relu(x):
    return np.maximum(x, 0.0)


def d_relu(x):
    return (x > 0).astype(np.float64)


def reference_functions() -> Dict[str, Callable]:
    """The functions the lab uses; ``--mine`` replaces some with the learner's."""
    return {"sigmoid": sigmoid, "d_sigmoid": d_sigmoid, "tanh": np.tanh, "d_tanh": d_tanh,
            "relu": relu, "d_relu": d_relu}


@dataclass
class Config:
    hidden: int = 16
    lr: float = 0.1
    init_std: float = 1.0
    init: str = "normal"
    activation: str = "sigmoid"
    iters: int = 10000
    seed: int = 0
    eval_pairs: int = 1000
    plot_interval: int = 100


@dataclass
class Outcome:
    losses: List[float] = field(default_factory=list)   # mean loss per plot interval
    accuracy: float = 0.0
    pairs: int = 0
    weights: Dict[str, np.ndarray] = field(default_factory=dict)


def to_bits(numbers: np.ndarray) -> np.ndarray:
    """(n,) integers in [0, 256) -> (n, 8) bits, lowest bit first."""
    return ((np.asarray(numbers)[:, None] >> np.arange(BITS)) & 1).astype(np.float64)


def init_weights(cfg: Config, rng: np.random.Generator) -> Dict[str, np.ndarray]:
    def draw(n_in, n_out):
        w = rng.standard_normal((n_in, n_out))
        if cfg.init == "xavier":
            return w / np.sqrt(n_in)
        if cfg.init == "he":
            return w * np.sqrt(2.0 / n_in)
        return w * cfg.init_std

    H = cfg.hidden
    return {"W_in": draw(2, H), "W": draw(H, H), "W_out": draw(H, 1), "b": np.zeros(H), "c": np.zeros(1)}


def forward(p, X, fns, activation):
    """X (N, T, 2) -> (U, Z, Y): pre-activations (N, T, H), states (N, T, H), outputs (N, T)."""
    N, T, _ = X.shape
    H = p["W"].shape[0]
    if "rnn_forward" in fns and activation == "sigmoid":  # the learner's own forward pass (--mine)
        Z, Y = fns["rnn_forward"](X, p["W_in"], p["W"], p["W_out"], p["b"], p["c"])
        Z = np.asarray(Z, dtype=np.float64)
        Z_prev = np.concatenate([np.zeros((N, 1, H)), Z[:, :-1]], axis=1)
        U = X @ p["W_in"] + Z_prev @ p["W"] + p["b"]
        return U, Z, np.asarray(Y, dtype=np.float64)[..., 0]
    f = fns[activation]
    U, Z = np.zeros((N, T, H)), np.zeros((N, T, H))
    Y = np.zeros((N, T))
    z = np.zeros((N, H))
    for t in range(T):
        U[:, t] = X[:, t] @ p["W_in"] + z @ p["W"] + p["b"]
        z = f(U[:, t])
        Z[:, t] = z
        Y[:, t] = fns["sigmoid"](z @ p["W_out"] + p["c"])[:, 0]
    return U, Z, Y


def gradients(p, X, D, fns, activation):
    """(loss, gradients of every weight) by backpropagation through time."""
    U, Z, Y = forward(p, X, fns, activation)
    N, T, H = Z.shape
    d_act = fns["d_" + activation]
    loss = 0.5 * float(np.sum((Y - D) ** 2)) / N
    grads = {k: np.zeros_like(v) for k, v in p.items()}
    delta_next = np.zeros((N, H))
    for t in reversed(range(T)):
        out_pre = Z[:, t] @ p["W_out"] + p["c"]
        delta_out = ((Y[:, t] - D[:, t]) / N)[:, None] * fns["d_sigmoid"](out_pre)   # (N, 1)
        delta = (delta_next @ p["W"].T + delta_out @ p["W_out"].T) * d_act(U[:, t])  # (N, H)
        z_prev = Z[:, t - 1] if t > 0 else np.zeros((N, H))
        grads["W_out"] += Z[:, t].T @ delta_out
        grads["c"] += delta_out.sum(axis=0)
        grads["W"] += z_prev.T @ delta
        grads["W_in"] += X[:, t].T @ delta
        grads["b"] += delta.sum(axis=0)
        delta_next = delta
    return loss, grads


def step(p, X, D, fns, activation, lr) -> float:
    """One iteration of BPTT on the pairs in X; updates ``p`` in place; returns the loss."""
    loss, grads = gradients(p, X, D, fns, activation)
    for k in p:
        p[k] -= lr * grads[k]
    return loss


def accuracy(p, fns, activation, rng, pairs) -> float:
    """Share of fresh random pairs whose whole 8-bit sum comes out exactly right."""
    a = rng.integers(0, 128, pairs)
    b = rng.integers(0, 128, pairs)
    X = np.stack([to_bits(a), to_bits(b)], axis=-1)
    _, _, Y = forward(p, X, fns, activation)
    return float(np.mean(np.all(np.round(Y) == to_bits(a + b), axis=1)))


def train(cfg: Config, fns: Optional[Dict[str, Callable]] = None,
          progress: Optional[Callable[[int, float], None]] = None) -> Outcome:
    """Train with ``cfg``; ``progress(iteration, mean loss of the last interval)``
    is called every ``plot_interval`` iterations."""
    fns = fns or reference_functions()
    rng = np.random.default_rng(cfg.seed)
    p = init_weights(cfg, rng)
    outcome = Outcome()
    window: List[float] = []
    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(1, cfg.iters + 1):
            a, b = rng.integers(0, 128, 2)
            X = np.stack([to_bits(np.array([a])), to_bits(np.array([b]))], axis=-1)
            D = to_bits(np.array([a + b]))
            window.append(step(p, X, D, fns, cfg.activation, cfg.lr))
            if i % cfg.plot_interval == 0 or i == cfg.iters:
                outcome.losses.append(float(np.mean(window)))
                window = []
                if progress:
                    progress(i, outcome.losses[-1])
        eval_rng = np.random.default_rng([cfg.seed, 1])
        outcome.accuracy = accuracy(p, fns, cfg.activation, eval_rng, cfg.eval_pairs)
    outcome.pairs = cfg.eval_pairs
    outcome.weights = p
    return outcome
