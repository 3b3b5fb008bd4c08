"""Checks for ``rnn``: the forward pass of a simple RNN, row vectors as in the course notebook.

Every input has N != H and D != H, so the slips that cannot run (W on the left, W_in and W
swapped) always stop with a shape error, and U-like weights are drawn non-symmetric, so
z_prev W and z_prev W^T always differ.
"""
import numpy as np

from grader.compare import check_call, expect_form, shape_case
from grader.i18n import pick
from grader.mistakes import bilingual
from grader.tasks import task

ANSWERS = {1: "np.dot(x_t, W_in) + np.dot(z_prev, W) + b",
           2: "_sigmoid(np.dot(z, W_out) + c)"}
EQUIVALENTS = [
    {1: "x_t @ W_in + z_prev @ W + b", 2: "_sigmoid(z @ W_out + c)"},
    {1: "b + z_prev.dot(W) + X[:, t].dot(W_in)", 2: "1 / (1 + np.exp(-(z.dot(W_out) + c)))"},
    # the column-vector habit done right: transpose everything, then back
    {1: "(W_in.T @ x_t.T + W.T @ z_prev.T).T + b", 2: "_sigmoid((W_out.T @ z.T).T + c)"},
]


def _sig(x):
    return 1.0 / (1.0 + np.exp(-x))


def _u(x, zp, W_in, W, b):
    return x @ W_in + zp @ W + b


def _y(z, u, zp, W_out, c):
    return _sig(z @ W_out + c)


def _forward(u_rule=_u, y_rule=_y):
    """Our own forward pass with the u line and the y line replaced by the given rules."""
    def predict(X, W_in, W, W_out, b, c):
        N, T, _ = X.shape
        Z, Y = np.zeros((N, T, W.shape[0])), np.zeros((N, T, W_out.shape[1]))
        zp = np.zeros((N, W.shape[0]))
        for t in range(T):
            u = u_rule(X[:, t], zp, W_in, W, b)
            z = _sig(u)
            Z[:, t], Y[:, t] = z, y_rule(z, u, zp, W_out, c)
            zp = z
        return Z, Y
    return predict


def _m(mid, *texts, **kw):   # every mistake here is one of rnn_forward
    return bilingual(mid, "rnn_forward", *texts, **kw)


def _typed(rec, inp=("np.dot(x_t, W_in)", "x_t.dot(W_in)", "x_t @ W_in", "np.dot(X[:, t], W_in)")):
    """Ways to type blank (1) with the recurrent term written as ``rec`` (three orders of the sum)."""
    return tuple(text for a in inp for text in (f"{a} + {rec} + b", f"{rec} + {a} + b", f"b + {a} + {rec}"))


MISTAKES = [
    _m("no-recurrent", "the recurrent term z_{t-1} W is missing (or it reads a state that is still 0, like Z[:, t])",
       "再帰の項 z_{t-1} W がない（または Z[:, t] のように、まだ 0 のままの状態を読んでいる）",
       "without the previous state the network forgets everything between steps and is no longer recurrent; "
       "add np.dot(z_prev, W), where z_prev holds the state of the step before",
       "前の状態がないと、ネットワークは時刻ごとにすべてを忘れてしまい、再帰になりません。"
       "1 つ前の時刻の状態を持つ z_prev を使って np.dot(z_prev, W) を足してください",
       _forward(u_rule=lambda x, zp, W_in, W, b: x @ W_in + b), example={1: "np.dot(x_t, W_in) + b"}),
    _m("recurrent-transposed", "the recurrent weight used transposed, z_{t-1} W^T (z_prev.dot(W.T), or "
       "np.dot(W, z_prev.T).T)", "再帰の重みを転置して使っている: z_{t-1} W^T（z_prev.dot(W.T) や np.dot(W, z_prev.T).T）",
       "with row vectors the weight multiplies from the right: z_prev W. Writing W z as in a column-vector book "
       "and transposing back gives z_prev W^T, which differs unless W is symmetric",
       "行ベクトルでは重みを右から掛けます: z_prev W。列ベクトルの教科書のように W z と書いてから転置して戻すと "
       "z_prev W^T になり、W が対称でない限り別の値です",
       _forward(u_rule=lambda x, zp, W_in, W, b: x @ W_in + zp @ W.T + b),
       example={1: "np.dot(x_t, W_in) + np.dot(z_prev, W.T) + b"}),
    _m("W-on-the-left", "W written on the left of the state, W.dot(z_prev) or np.dot(W, z_prev)",
       "重み W を状態の左に書いている（W.dot(z_prev) や np.dot(W, z_prev)）",
       "z_prev is a batch of row vectors, shape (N, H), so W (H, H) on its left cannot be multiplied (a shape "
       "error); for a single vector it would even mean z W^T. Put the state first: np.dot(z_prev, W)",
       "z_prev は行ベクトルを並べた形 (N, H) なので、左に W (H, H) を置くと掛け算できません（形のエラー）。"
       "ベクトル 1 本なら z W^T の意味になってしまいます。状態を先に書いてください: np.dot(z_prev, W)",
       code=_typed("np.dot(W, z_prev)") + _typed("W.dot(z_prev)") + _typed("W @ z_prev")),
    _m("current-z", "the current state z used in u before it exists (z instead of z_prev)",
       "まだ計算していない現在の状態 z を u の式で使っている（z_prev ではなく z）",
       "u_t needs the state of the step BEFORE, z_{t-1}; here that is z_prev (z is only computed from u, on "
       "the next line)", "u_t に必要なのは 1 つ前の時刻の状態 z_{t-1} で、ここでは z_prev です"
       "（z は次の行で u から計算されます）",
       error=r"local variable 'z'|name 'z' is not defined", example={1: "np.dot(x_t, W_in) + np.dot(z, W) + b"}),
    _m("no-bias", "the bias b is missing from u", "u にバイアス b が入っていない",
       "the total input of the hidden layer is x_t W_in + z_prev W + b: add b",
       "中間層への総入力は x_t W_in + z_prev W + b です。b を足してください",
       _forward(u_rule=lambda x, zp, W_in, W, b: x @ W_in + zp @ W), example={1: "np.dot(x_t, W_in) + np.dot(z_prev, W)"}),
    _m("u-activated", "u already passed through the sigmoid, so the state gets it twice",
       "u の時点でシグモイドを通しているため、状態にシグモイドが 2 回かかっている",
       "u is the total input before the activation; the next line, z = _sigmoid(u), applies it",
       "u は活性化関数を通す前の総入力です。次の行の z = _sigmoid(u) で活性化します",
       _forward(u_rule=lambda x, zp, W_in, W, b: _sig(_u(x, zp, W_in, W, b))),
       example={1: "_sigmoid(np.dot(x_t, W_in) + np.dot(z_prev, W) + b)"}),
    _m("weights-swapped", "W_in and W swapped (x_t W + z_prev W_in)", "W_in と W を入れ替えている（x_t W + z_prev W_in）",
       "W_in (D, H) takes the input to the hidden layer and W (H, H) takes the previous state to the hidden "
       "layer: np.dot(x_t, W_in) + np.dot(z_prev, W)",
       "W_in (D, H) は入力から中間層へ、W (H, H) は前の状態から中間層への重みです: "
       "np.dot(x_t, W_in) + np.dot(z_prev, W)",
       code=_typed("np.dot(z_prev, W_in)", ("np.dot(x_t, W)",)) + _typed("z_prev.dot(W_in)", ("x_t.dot(W)",))
       + _typed("z_prev @ W_in", ("x_t @ W",))),
    _m("y-no-sigmoid", "the output y without the sigmoid", "出力 y にシグモイドをかけていない",
       "in this network the output layer has its own activation: y_t = sigmoid(z_t W_out + c)",
       "このネットワークでは出力層にも活性化関数があります: y_t = sigmoid(z_t W_out + c)",
       _forward(y_rule=lambda z, u, zp, W_out, c: z @ W_out + c), example={2: "np.dot(z, W_out) + c"}),
    _m("y-no-c", "the output bias c is missing from y", "y に出力層のバイアス c が入っていない",
       "add c inside the sigmoid: _sigmoid(np.dot(z, W_out) + c)",
       "シグモイドの中に c を足してください: _sigmoid(np.dot(z, W_out) + c)",
       _forward(y_rule=lambda z, u, zp, W_out, c: _sig(z @ W_out)), example={2: "_sigmoid(np.dot(z, W_out))"}),
    _m("y-from-u", "y computed from u (before the activation) instead of z", "y を活性化前の u から計算している（正しくは z）",
       "the output layer receives the hidden state z_t = sigmoid(u_t), not u_t itself",
       "出力層が受け取るのは隠れ状態 z_t = sigmoid(u_t) で、u_t そのものではありません",
       _forward(y_rule=lambda z, u, zp, W_out, c: _sig(u @ W_out + c)), example={2: "_sigmoid(np.dot(u, W_out) + c)"}),
    _m("y-from-prev-z", "y computed from the previous state z_prev instead of the current z",
       "y を現在の z ではなく 1 つ前の状態 z_prev から計算している",
       "y_t uses the state of the same step, z_t (here z), which already includes x_t",
       "y_t には同じ時刻の状態 z_t（ここでは z）を使います。z には x_t がすでに反映されています",
       _forward(y_rule=lambda z, u, zp, W_out, c: _sig(zp @ W_out + c)),
       example={2: "_sigmoid(np.dot(z_prev, W_out) + c)"}),
    _m("y-tanh", "tanh instead of the sigmoid on the output", "出力にシグモイドではなく tanh を使っている",
       "this network uses the sigmoid for the output: _sigmoid(np.dot(z, W_out) + c)",
       "このネットワークの出力はシグモイドです: _sigmoid(np.dot(z, W_out) + c)",
       _forward(y_rule=lambda z, u, zp, W_out, c: np.tanh(z @ W_out + c)), example={2: "np.tanh(np.dot(z, W_out) + c)"}),
]

_LOOK = {"en": "Look at blank (1): u = x_t W_in + z_prev W + b (row vectors, weights on the right, the previous "
               "state z_prev), and blank (2): y = sigmoid(z W_out + c) with the current state z.",
         "ja": "空欄 (1) を確認してください: u = x_t W_in + z_prev W + b（行ベクトルなので重みは右、状態は 1 つ前の z_prev）。"
               "空欄 (2) は現在の状態 z を使って y = sigmoid(z W_out + c) です。"}


def _inputs(rng, N, T, D, H, O):
    return (rng.normal(size=(N, T, D)), rng.normal(size=(D, H)), rng.normal(size=(H, H)),
            rng.normal(size=(H, O)), rng.normal(size=H), rng.normal(size=O))


def _run(sub, ref, args):
    X, W_in, W = args[:3]
    return check_call(sub, ref, "rnn_forward", *args, parts=("Z", "Y"), mistakes=MISTAKES, look_at=pick(_LOOK),
                      case=shape_case(X=X, W_in=W_in, W_out=args[3]))


@task({"en": "returns (Z, Y) of shapes (N, T, H) and (N, T, O)", "ja": "形 (N, T, H) と (N, T, O) の (Z, Y) を返す"},
      points=2)
def test_shapes(sub, ref, rng):
    args = _inputs(rng, 3, 4, 2, 5, 3)
    expect_form(sub.rnn_forward(*args), ref.rnn_forward(*args), name="(Z, Y)", parts=("Z", "Y"),
                case=shape_case(X=args[0], W_in=args[1], W_out=args[3]))


# (N, T, D, H, O): N != H and D != H everywhere (see the module docstring).
SIZES = [(1, 2, 3, 2, 1), (3, 5, 2, 4, 3), (4, 3, 5, 3, 2), (2, 6, 3, 5, 4)]


@task({"en": "values on random sequences of several sizes", "ja": "いろいろな大きさのランダムな系列での値"}, points=4)
def test_values(sub, ref, rng):
    for size in SIZES:
        _run(sub, ref, _inputs(rng, *size))


@task({"en": "a single step (T = 1): the previous state is z_0 = 0", "ja": "1 時刻だけ（T = 1）: 前の状態は z_0 = 0"},
      points=2)
def test_first_step(sub, ref, rng):
    _run(sub, ref, _inputs(rng, 3, 1, 2, 4, 2))


@task({"en": "an input seen only at the first step still changes the later outputs",
       "ja": "最初の時刻にだけ入った入力が、後の時刻の出力にも影響する"}, points=2)
def test_memory(sub, ref, rng):
    X, W_in, W, W_out, b, c = _inputs(rng, 2, 6, 3, 4, 2)
    X[:, 1:] = 0.0
    _run(sub, ref, (3.0 * X, W_in, 1.5 * W, W_out, b, c))
