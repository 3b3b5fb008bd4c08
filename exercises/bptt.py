"""演習チャレンジ: BPTT（通時的誤差逆伝播）/ Code challenge: backpropagation through time.

Rabbit Challenge Day 3 (BPTT).
___ を正しいコードに置き換えてから、次を実行してください:  grade exercise bptt
Replace the ___ with the right code, then run:  grade exercise bptt

活性化関数のない（恒等関数の）RNN / an RNN without a nonlinearity (the identity):
    h_t = x_t W^T + h_{t-1} U^T,   y_t = h_t V^T,   h_{-1} = 0
xs (N, T, D), ys (N, T, O), W (H, D), U (H, H), V (O, H).
損失 / loss:  E = (1/N) * Σ_t Σ_batch 0.5 * ||y_t - ys_t||^2
bptt は dE/dW, dE/dU, dE/dV を返します / bptt returns dE/dW, dE/dU, dE/dV.
"""
import numpy as np


def _activation(x):
    # この問題のネットワークには非線形性がありません（恒等関数）。
    # The challenge's network has no nonlinearity: the identity.
    return x


def rnn_net(xs, W, U, V):
    """xs (N, T, D) -> hiddens (N, T, H), outputs (N, T, O)."""
    N, T, _ = xs.shape
    hiddens = np.zeros((N, T, W.shape[0]))
    outputs = np.zeros((N, T, V.shape[0]))
    h = np.zeros((N, W.shape[0]))       # h_{-1} = 0
    for t in range(T):
        h = _activation(xs[:, t].dot(W.T) + h.dot(U.T))
        hiddens[:, t] = h
        outputs[:, t] = _activation(h.dot(V.T))
    return hiddens, outputs


def bptt(xs, ys, W, U, V):
    """Returns (dW, dU, dV), shaped like W, U and V."""
    hiddens, outputs = rnn_net(xs, W, U, V)
    N, T = ys.shape[:2]
    dW, dU, dV = np.zeros_like(W), np.zeros_like(U), np.zeros_like(V)
    do = outputs - ys                   # 出力での誤差 / the error at the outputs, (N, T, O)
    for t in reversed(range(T)):
        dV += do[:, t].T @ hiddens[:, t] / N
        delta_t = do[:, t] @ V          # dE/dh_t（時刻 t の出力から）/ from the output at t, (N, H)
        for bptt_step in reversed(range(t + 1)):   # 時刻 t から 0 まで遡る / back from t to 0
            # 元の問題は hiddens[:, bptt_step-1] と書いていて、bptt_step = 0 では最後の時刻に
            # 回り込んでしまいます。ここでは最初の時刻の前の状態を h_{-1} = 0 にしています。
            # The original reads hiddens[:, bptt_step-1], which wraps to the last step when
            # bptt_step = 0; here the state before the first step is h_{-1} = 0.
            h_prev = hiddens[:, bptt_step - 1] if bptt_step > 0 else np.zeros_like(hiddens[:, 0])
            dW += delta_t.T @ xs[:, bptt_step] / N
            dU += delta_t.T @ h_prev / N
            # 穴埋め (1) / blank (1): delta_t を 1 時刻前の隠れ状態に対する勾配にする
            # turn delta_t into the gradient with respect to the hidden state one step earlier
            delta_t = ___
    return dW, dU, dV
