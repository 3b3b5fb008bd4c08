"""Reference: REINFORCE, the sampled policy gradient of a softmax policy (Rabbit Challenge Day 4)."""
import numpy as np


def discounted_returns(rewards, gamma):
    """rewards (T,) float64.  Returns G (T,) with G_t = sum_k gamma^k r_{t+k}, summed to the end."""
    T = len(rewards)
    G = np.zeros(T)
    later = 0.0
    for t in range(T - 1, -1, -1):
        later = rewards[t] + gamma * later
        G[t] = later
    return G


def policy_probs(theta, states):
    """theta (S, A), states (T, S).  Returns probs (T, A): a softmax over the actions of each row
    of states @ theta (each row sums to 1)."""
    logits = states @ theta
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def reinforce_gradient(theta, states, actions, returns):
    """theta (S, A), states (T, S), actions (T,) int64, returns (T,).

    Returns the gradient (S, A) of J = (1/T) sum_t G_t log pi(a_t | s_t) with respect to theta,
    where pi = policy_probs(theta, states) and G_t = returns[t].
    """
    T = states.shape[0]
    probs = policy_probs(theta, states)
    onehot = np.zeros_like(probs)
    onehot[np.arange(T), actions] = 1.0
    dlogits = onehot - probs                      # d log pi(a_t | s_t) / d logits_t
    return states.T @ (returns[:, None] * dlogits) / T
