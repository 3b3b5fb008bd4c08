"""演習: Weight decay（L2 正則化）と L1 正則化 / Exercise: weight decay (L2) and L1 regularization.

ゼロから作るDeep Learning 6.4.  ___ を正しいコードに置き換えてから、次を実行してください:
Replace each ___ with the right code, then run:  grade exercise regularization

- l2_penalty: 損失に足す L2 のペナルティ 0.5 * λ * (すべての重みの 2 乗和)。weights は配列のリストです。
  the L2 penalty added to the loss, 0.5 * λ * (sum of squares of all weights); weights is a list of arrays.
- l2_grad: 損失 + L2 ペナルティの W についての勾配。dW は損失だけの勾配です。
  the gradient of loss + L2 penalty with respect to W; dW is the gradient of the loss alone.
- l1_grad: 損失 + λ * Σ|W| の W についての勾配（W = 0 では 0 とします）。
  the gradient of loss + λ * Σ|W| with respect to W (0 where W = 0).
"""
import numpy as np


def l2_penalty(weights, lam):
    # 穴埋め (1) / blank (1): L2 ペナルティ（float）/ the L2 penalty (a float)
    return ___


def l2_grad(W, dW, lam):
    # 穴埋め (2) / blank (2)
    return ___


def l1_grad(W, dW, lam):
    # 穴埋め (3) / blank (3)
    return ___
