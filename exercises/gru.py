"""演習チャレンジ: GRU の隠れ状態を更新する / Code challenge: update the GRU hidden state.

Rabbit Challenge Day 3 (GRU).
___ を正しいコードに置き換えてから、次を実行してください:  grade exercise gru
Replace the ___ with the right code, then run:  grade exercise gru

x (N, D), h (N, H); W_r, W_z, W (H, D); U_r, U_z, U (H, H); バイアスはありません / no biases.
r はリセットゲート、z は更新ゲート（新しい候補 h_bar をどれだけ取り入れるか）、h_bar は新しい隠れ状態の候補です。
r is the reset gate, z the update gate (how much of the candidate h_bar is taken in), and h_bar the
candidate for the new hidden state.
"""
import numpy as np


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def gru(x, h, W_r, U_r, W_z, U_z, W, U):
    """1 時刻分の GRU / one GRU step.  Returns h_new (N, H)."""
    r = _sigmoid(x.dot(W_r.T) + h.dot(U_r.T))         # リセットゲート / reset gate
    z = _sigmoid(x.dot(W_z.T) + h.dot(U_z.T))         # 更新ゲート / update gate
    h_bar = np.tanh(x.dot(W.T) + (r * h).dot(U.T))    # 候補 / candidate

    # 穴埋め (1) / blank (1): 新しい隠れ状態 / the new hidden state
    # (1 ステップ前の隠れ状態は h / the previous hidden state is h)
    h_new = ___
    return h_new
