"""演習: 活性化関数とその微分 / Exercise: activation functions and their derivatives.

Rabbit Challenge Day 3（勾配消失問題）と Day 4（Leaky ReLU: DCGAN の識別器で使われる）。
Rabbit Challenge Day 3 (the vanishing gradient problem) and Day 4 (Leaky ReLU, used in DCGAN's
discriminator).
各関数の ___ を正しい式に置き換えてから、次を実行してください:  grade exercise activations
Replace each ___ with the right expression, then run:  grade exercise activations

x は float64 の 1 次元 NumPy 配列です。ループで書いても、配列演算で書いてもかまいません。
x is a 1-D float64 NumPy array; loops and array operations are both fine.
微分の関数 (d_...) はどれも、活性化する「前」の値 x を受け取ります（活性化した後の値ではありません）。
Every derivative (d_...) takes the value BEFORE the activation, x (not the activated value).
"""
import numpy as np


def sigmoid(x):
    """シグモイド関数 / the sigmoid."""
    # 穴埋め (1) / blank (1)
    return ___


def d_sigmoid(x):
    """シグモイド関数の x での微分 / the derivative of the sigmoid at x."""
    # 穴埋め (2) / blank (2): sigmoid(x) を使ってかまいません / you may call sigmoid(x)
    return ___


def d_tanh(x):
    """tanh の x での微分 / the derivative of tanh at x."""
    # 穴埋め (3) / blank (3): np.tanh を使えます / np.tanh is available
    return ___


def relu(x):
    """ReLU."""
    # 穴埋め (4) / blank (4)
    return ___


def d_relu(x):
    """ReLU の x での微分 / the derivative of ReLU at x (x = 0 は採点しません / not graded at x = 0)."""
    # 穴埋め (5) / blank (5): 数値（0.0 と 1.0）の配列で / an array of numbers (0.0 and 1.0)
    return ___


def leaky_relu(x, alpha=0.01):
    """Leaky ReLU: x > 0 では x、それ以外では alpha * x / x where x > 0, alpha * x otherwise."""
    # 穴埋め (6) / blank (6)
    return ___


def d_leaky_relu(x, alpha=0.01):
    """Leaky ReLU の x での微分 / the derivative of Leaky ReLU at x (x = 0 では alpha / alpha at x = 0)."""
    # 穴埋め (7) / blank (7)
    return ___
