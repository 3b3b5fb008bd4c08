"""演習: Attention（注意機構）/ Exercise: attention.

Rabbit Challenge Day 3 (Attention Mechanism)、ゼロから作るDeep Learning ❷ 8 章。
___ を正しいコードに置き換えてから、次を実行してください:
Replace each ___ with the right code, then run:  grade exercise attention

デコーダの隠れ状態 h (N, H) が、エンコーダの各時刻の隠れ状態 hs (N, T, H) のどれに
注目するかを決め、それらの重み付き和 context (N, H) を作ります。
The decoder state h (N, H) decides how much to attend to each of the encoder states
hs (N, T, H), and builds their weighted sum, the context vector (N, H).

1. スコア: scores[n, t] = hs[n, t] と h[n] の内積 / the dot product of hs[n, t] and h[n]
2. 重み: スコアを時刻 t について softmax / weights: the softmax of the scores over t
3. コンテキスト: context[n] = Σ_t weights[n, t] * hs[n, t]

N はバッチ、T は時刻、H は隠れ状態の次元です。軸を取り違えないように注意してください。
N is the batch, T the time steps, H the size of a state: mind which axis is which.
"""
import numpy as np


def attention(hs, h):
    """hs (N, T, H), h (N, H).  Returns (context (N, H), weights (N, T))."""
    # 穴埋め (1) / blank (1): scores (N, T): 各時刻の hs[n, t] と h[n] の内積
    # scores (N, T): the dot product of hs[n, t] and h[n] at every time t
    scores = ___
    # 穴埋め (2) / blank (2): weights (N, T): 時刻の軸についての softmax（各行の和が 1）
    # weights (N, T): the softmax over the time axis (each row sums to 1)
    weights = ___
    # 穴埋め (3) / blank (3): context (N, H): weights で重み付けした hs の時刻についての和
    # context (N, H): the sum over time of hs weighted by weights
    context = ___
    return context, weights
