"""演習: 方策勾配法（REINFORCE）/ Exercise: the policy gradient (REINFORCE).

Rabbit Challenge Day 4（強化学習 / reinforcement learning）。
___ を正しいコードに置き換えてから、次を実行してください:  grade exercise policy_gradient
Replace each ___ with the right code, then run:  grade exercise policy_gradient

1 エピソード T ステップ分のデータから、方策勾配定理の標本版を計算します。
We compute the sampled form of the policy-gradient theorem from one episode of T steps:

    grad J(theta) = (1/T) * sum_t G_t * grad log pi(a_t | s_t)

- rewards (T,): 各ステップの報酬 / the reward of each step
- G_t = sum_k gamma^k r_{t+k}: ステップ t から最後までの割引収益
  / the discounted return from step t to the end of the episode
- theta (S, A): 方策のパラメータ / the policy's parameters (S state features, A actions)
- states (T, S): 各ステップの状態の特徴 / the state features of each step
- actions (T,): 実際に選んだ行動の番号（整数）/ the index of the action taken (integers)
- pi(a | s): states @ theta の各行に softmax をかけた確率
  / the probabilities from a softmax over each row of states @ theta
"""
import numpy as np


def discounted_returns(rewards, gamma):
    """rewards (T,) -> G (T,), G_t = sum_k gamma^k r_{t+k} (k = 0, 1, ... to the last step)."""
    T = len(rewards)
    G = np.zeros(T)
    # 最後のステップから前へ向かって埋めます / fill G from the last step back to the first
    for t in range(T - 1, -1, -1):
        # G_{t+1}（最後のステップのあとは 0）/ G_{t+1} (0 after the last step)
        later = G[t + 1] if t + 1 < T else 0.0
        # 穴埋め (1) / blank (1): ステップ t からの割引収益 G_t
        # the discounted return G_t from step t on
        G[t] = ___
    return G


def policy_probs(theta, states):
    """theta (S, A), states (T, S) -> probs (T, A); each row is pi(. | s_t) and sums to 1."""
    # 穴埋め (2) / blank (2): 行動ごとのスコア（ロジット）, 形 (T, A)
    # the score (logit) of each action, shape (T, A)
    logits = ___
    # 穴埋め (3) / blank (3): ロジットの指数関数。大きな値であふれないように工夫できます
    # the exponential of the logits; you may guard against overflow for large values
    e = ___
    # 穴埋め (4) / blank (4): 確率（各ステップで行動についての和が 1）
    # the probabilities (over the actions, each step sums to 1)
    probs = ___
    return probs


def reinforce_gradient(theta, states, actions, returns):
    """theta (S, A), states (T, S), actions (T,) int, returns (T,) the G_t.

    Returns the gradient (S, A) of J = (1/T) sum_t G_t log pi(a_t | s_t) with respect to theta.
    """
    T = states.shape[0]
    probs = policy_probs(theta, states)
    # 選んだ行動の one-hot 表現 / the actions taken, one-hot, (T, A)
    onehot = np.zeros_like(probs)
    onehot[np.arange(T), actions] = 1.0
    # 穴埋め (5) / blank (5): log pi(a_t | s_t) をステップ t のロジットで微分したもの, 形 (T, A)
    # the derivative of log pi(a_t | s_t) with respect to the logits of step t, shape (T, A)
    dlogits = ___
    # 穴埋め (6) / blank (6): G_t で重み付けし T で平均した theta についての勾配, 形 (S, A)
    # (logits = states @ theta) / the gradient with respect to theta, weighted by G_t and
    # averaged over the T steps, shape (S, A)
    grad = ___
    return grad
