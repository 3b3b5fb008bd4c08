"""演習チャレンジ: LSTM のセルの状態を更新する / Code challenge: update the LSTM cell state.

Rabbit Challenge Day 3 (LSTM).  ___ を正しいコードに置き換えてください。
Replace each ___ with the right code, then run:  grade exercise lstm

x (N, D), prev_h (N, H), prev_c (N, H), W (4H, D), U (4H, H), b (4H,).
lstm_in は a, i, f, o の順に 4 つに分けます / lstm_in splits into a, i, f, o (this order).
"""
import numpy as np


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _activation(x):
    # 元の問題では lstm_in を _activation(...) で包んでいます。ここでは恒等関数です。
    # The original challenge wraps lstm_in in _activation(...); here it is the identity.
    return x


def lstm(x, prev_h, prev_c, W, U, b):
    """1 時刻分の LSTM / one LSTM step.  Returns (c, h), both (N, H)."""
    lstm_in = _activation(x.dot(W.T) + prev_h.dot(U.T) + b)
    a, i, f, o = np.hsplit(lstm_in, 4)

    # 値を変換 / turn the four parts into the candidate and the gates
    a = np.tanh(a)
    input_gate = _sigmoid(i)
    forget_gate = _sigmoid(f)
    output_gate = _sigmoid(o)

    # 穴埋め (1) / blank (1): 新しいセルの状態 / the new cell state
    # (1 ステップ前のセルの状態は prev_c / the previous cell state is prev_c)
    c = ___
    h = output_gate * np.tanh(c)
    return c, h
