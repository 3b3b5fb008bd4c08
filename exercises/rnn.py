"""演習チャレンジ: 単純な RNN の順伝播 / Code challenge: the forward pass of a simple RNN.

Rabbit Challenge Day 3 (RNN).
___ を正しいコードに置き換えてから、次を実行してください:  grade exercise rnn
Replace each ___ with the right code, then run:  grade exercise rnn

X (N, T, D), W_in (D, H), W (H, H), W_out (H, O), b (H,), c (O,).
講座のノートブックと同じく、ベクトルは行ベクトルで、重みは右から掛けます（np.dot(x, W_in)）。
As in the course notebook, vectors are rows and weights multiply from the right (np.dot(x, W_in)).
中間層は時刻 t の入力 x_t と 1 つ前の状態を受け取り、活性化関数はシグモイドです。出力層もシグモイドを使います。
W_in は入力から、W は前の状態から、W_out は中間層から出力への重みで、b と c はバイアスです。
最初の時刻の前の状態は 0 です。
The hidden layer takes the input x_t and the state of the step before, with a sigmoid activation; the
output layer uses a sigmoid too.  W_in maps the input, W the previous state, W_out the hidden state to
the output; b and c are the biases.  The state before the first step is 0.
"""
import numpy as np


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def rnn_forward(X, W_in, W, W_out, b, c):
    """Returns (Z, Y): hidden states Z (N, T, H) and outputs Y (N, T, O)."""
    N, T, _ = X.shape
    H = W.shape[0]
    O = W_out.shape[1]
    Z = np.zeros((N, T, H))
    Y = np.zeros((N, T, O))
    z_prev = np.zeros((N, H))           # z_0 = 0
    for t in range(T):
        x_t = X[:, t]                   # 時刻 t の入力 / the input at time t, (N, D)

        # 穴埋め (1) / blank (1): 中間層への総入力 u_t, 形 (N, H)
        # the total input u_t of the hidden layer, shape (N, H)
        u = ___
        z = _sigmoid(u)                 # 時刻 t の隠れ状態 / the hidden state at time t

        # 穴埋め (2) / blank (2): 時刻 t の出力 y_t, 形 (N, O)
        # the output y_t at time t, shape (N, O)
        y = ___

        Z[:, t] = z
        Y[:, t] = y
        z_prev = z                      # 次の時刻へ渡す / handed on to the next step
    return Z, Y
