"""演習チャレンジ: 双方向 RNN / Code challenge: a bidirectional RNN.

Rabbit Challenge Day 3 (双方向 RNN / bidirectional RNN).
___ を正しいコードに置き換えてから、次を実行してください:  grade exercise birnn
Replace the ___ with the right code, then run:  grade exercise birnn

xs (N, T, D); W_f, W_b (H, D); U_f, U_b (H, H); V (O, 2H).  ys の形は (N, T, O) / ys has shape (N, T, O).
順方向の RNN は時刻 0 から、逆方向の RNN は時刻 T-1 から入力を読みます。各時刻の出力には両方の隠れ状態を使います。
The forward RNN reads the inputs from time 0 on, the backward RNN from time T-1 back; the output at each
time uses both hidden states of that time.
"""
import numpy as np


def _rnn(xs, W, U):
    """xs (N, T, D), W (H, D), U (H, H) -> hs (N, T, H).

    h_t = tanh(x_t W^T + h_{t-1} U^T), h_{-1} = 0.
    """
    N, T, _ = xs.shape
    H = W.shape[0]
    hs = np.zeros((N, T, H))
    h = np.zeros((N, H))
    for t in range(T):
        h = np.tanh(xs[:, t].dot(W.T) + h.dot(U.T))
        hs[:, t] = h
    return hs


def bidirectional_rnn_net(xs, W_f, U_f, W_b, U_b, V):
    """xs (N, T, D) -> ys (N, T, O)."""
    xs_f = xs
    xs_b = xs[:, ::-1]                  # 各サンプルの時刻を逆順に / each sample's time steps reversed
    hs_f = _rnn(xs_f, W_f, U_f)         # (N, T, H)
    hs_b = _rnn(xs_b, W_b, U_b)         # (N, T, H): 逆順の時刻で並ぶ / in reversed time order

    hs = []
    for h_f, h_b in zip(hs_f, hs_b):    # 1 サンプルずつ / one sample at a time: h_f, h_b (T, H)
        # 穴埋め (1) / blank (1): このサンプルの各時刻の両方向の隠れ状態, 形 (T, 2H)
        # both directions' hidden states of this sample at each time, shape (T, 2H)
        h = ___
        hs.append(h)
    hs = np.array(hs)                   # (N, T, 2H)
    ys = hs.dot(V.T)                    # (N, T, O)
    return ys
