"""The catalogue of known mistakes for ``rnn`` (blank (1) the total input u, blank (2) the output y).

Each wrong answer is our own forward pass with the u line or the y line changed.  Slips that
multiply a weight from the wrong side, or take the wrong weight or bias, fail with a shape error
on most inputs (recognised from the code typed) and run when N = D = H = O (named from the output).
"""
import numpy as np

from grader.mistakes import bilingual


def _sig(x):
    return 1.0 / (1.0 + np.exp(-x))


def _u(x, zp, W_in, W, b):
    return x @ W_in + zp @ W + b


def _y(z, u, zp, W_out, c):
    return _sig(z @ W_out + c)


def forward(u_rule=_u, y_rule=_y, biases="bc"):
    """Our own forward pass with the u line and the y line replaced by the given rules;
    ``biases`` names the bias each of the two lines adds ("cc": c in u too)."""
    def predict(X, W_in, W, W_out, b, c):
        b, c = ({"b": b, "c": c}[k] for k in biases)
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


_INPUT = ("np.dot(x_t, W_in)", "x_t.dot(W_in)", "x_t @ W_in", "np.dot(X[:, t], W_in)")
_REC = ("np.dot(z_prev, W)", "z_prev.dot(W)", "z_prev @ W")


def _typed(rec=_REC, inp=_INPUT, bias="b"):
    """Ways to type blank (1) from the given forms of its two products (three orders of the sum)."""
    rec = (rec,) if isinstance(rec, str) else rec
    return tuple(text for a in inp for r in rec
                 for text in (f"{a} + {r} + {bias}", f"{r} + {a} + {bias}", f"{bias} + {a} + {r}"))


def _y_typed(prod, bias="c"):
    return (f"_sigmoid({prod} + {bias})", f"_sigmoid({bias} + {prod})")


MISTAKES = [
    _m("no-recurrent", "the previous state never reaches u: the recurrent term is missing, or z_prev is never "
       "updated (or a state that is still 0 is read, like Z[:, t])",
       "前の状態が u に届いていない: 再帰の項がない、z_prev を更新していない、または Z[:, t] のようにまだ 0 のままの状態を読んでいる",
       "without the previous state the network forgets everything between steps and is no longer recurrent; "
       "u needs the state of the step before, times W, and z_prev must be handed on at the end of each step",
       "前の状態がないと、ネットワークは時刻ごとにすべてを忘れてしまい、再帰になりません。u には 1 つ前の時刻の状態に W を"
       "掛けたものが必要で、z_prev は各時刻の最後に次へ渡します",
       forward(u_rule=lambda x, zp, W_in, W, b: x @ W_in + b), example={1: "np.dot(x_t, W_in) + b"}),
    _m("recurrent-transposed", "the recurrent weight used transposed, z_{t-1} W^T (z_prev.dot(W.T), or "
       "np.dot(W, z_prev.T).T)", "再帰の重みを転置して使っている: z_{t-1} W^T（z_prev.dot(W.T) や np.dot(W, z_prev.T).T）",
       "with row vectors the weight multiplies from the right, untransposed. Writing W z as in a column-vector "
       "book and transposing back gives z_prev W^T, which differs unless W is symmetric",
       "行ベクトルでは重みを転置せずに右から掛けます。列ベクトルの教科書のように W z と書いてから転置して戻すと "
       "z_prev W^T になり、W が対称でない限り別の値です",
       forward(u_rule=lambda x, zp, W_in, W, b: x @ W_in + zp @ W.T + b),
       example={1: "np.dot(x_t, W_in) + np.dot(z_prev, W.T) + b"}),
    _m("W-on-the-left", "W written on the left of the state, W.dot(z_prev) or np.dot(W, z_prev)",
       "重み W を状態の左に書いている（W.dot(z_prev) や np.dot(W, z_prev)）",
       "z_prev is a batch of row vectors, shape (N, H), so W (H, H) on its left mixes the samples (and fails "
       "unless N = H); put the state first",
       "z_prev は行ベクトルを並べた形 (N, H) なので、左に W (H, H) を置くとサンプル同士が混ざります（N = H でなければ"
       "形のエラー）。状態を先に書いてください",
       forward(u_rule=lambda x, zp, W_in, W, b: x @ W_in + W @ zp + b),
       code=_typed(("np.dot(W, z_prev)", "W.dot(z_prev)", "W @ z_prev"))),
    _m("input-on-the-left", "W_in written on the left of the input, np.dot(W_in, x_t)",
       "W_in を入力の左に書いている（np.dot(W_in, x_t)）",
       "x_t is a batch of row vectors, shape (N, D): the weight goes on its right (a weight on the left mixes "
       "the samples, and fails unless the sizes happen to match)",
       "x_t は行ベクトルを並べた形 (N, D) なので、重みは右に掛けます（左に置くとサンプル同士が混ざり、大きさがたまたま"
       "合わない限り形のエラーになります）",
       forward(u_rule=lambda x, zp, W_in, W, b: W_in @ x + zp @ W + b),
       code=_typed(inp=("np.dot(W_in, x_t)", "W_in.dot(x_t)", "W_in @ x_t"))),
    _m("input-transposed", "W_in used transposed (np.dot(x_t, W_in.T))", "W_in を転置して使っている（np.dot(x_t, W_in.T)）",
       "W_in is already laid out (D, H), input to hidden, for row vectors: it multiplies x_t as it is",
       "W_in は行ベクトル用に (D, H)（入力から中間層）の形で与えられています。転置せずに x_t に掛けます",
       forward(u_rule=lambda x, zp, W_in, W, b: x @ W_in.T + zp @ W + b),
       code=_typed(inp=("np.dot(x_t, W_in.T)", "x_t.dot(W_in.T)", "x_t @ W_in.T"))),
    _m("current-z", "the current state z used in u before it exists (z instead of z_prev)",
       "まだ計算していない現在の状態 z を u の式で使っている（z_prev ではなく z）",
       "u_t needs the state of the step BEFORE, z_{t-1}; here that is z_prev (z is only computed from u, on "
       "the next line)", "u_t に必要なのは 1 つ前の時刻の状態 z_{t-1} で、ここでは z_prev です"
       "（z は次の行で u から計算されます）",
       error=r"local variable 'z'|name 'z' is not defined", example={1: "np.dot(x_t, W_in) + np.dot(z, W) + b"}),
    _m("no-bias", "the bias b is missing from u", "u にバイアス b が入っていない",
       "the total input of the hidden layer has its own bias, b of shape (H,), added to the two products",
       "中間層への総入力にもバイアス（形 (H,) の b）があり、2 つの積に足します",
       forward(u_rule=lambda x, zp, W_in, W, b: x @ W_in + zp @ W), example={1: "np.dot(x_t, W_in) + np.dot(z_prev, W)"}),
    _m("c-in-u", "the output bias c added in u instead of b", "u に b ではなく出力層のバイアス c を足している",
       "c (O,) belongs to the output layer; the hidden layer's bias is b (H,)",
       "c (O,) は出力層のバイアスです。中間層のバイアスは b (H,) です",
       forward(biases="cc"), code=_typed(bias="c")),
    _m("u-activated", "u already passed through the sigmoid, so the state gets it twice",
       "u の時点でシグモイドを通しているため、状態にシグモイドが 2 回かかっている",
       "u is the total input before the activation; the next line, z = _sigmoid(u), applies it",
       "u は活性化関数を通す前の総入力です。次の行の z = _sigmoid(u) で活性化します",
       forward(u_rule=lambda x, zp, W_in, W, b: _sig(_u(x, zp, W_in, W, b))),
       example={1: "_sigmoid(np.dot(x_t, W_in) + np.dot(z_prev, W) + b)"}),
    _m("weights-swapped", "W_in and W swapped (x_t W + z_prev W_in)", "W_in と W を入れ替えている（x_t W + z_prev W_in）",
       "W_in (D, H) takes the input to the hidden layer and W (H, H) the previous state: each weight goes with "
       "its own vector", "W_in (D, H) は入力から中間層へ、W (H, H) は前の状態から中間層への重みです。それぞれの重みを"
       "対応するベクトルに掛けてください",
       forward(u_rule=lambda x, zp, W_in, W, b: x @ W + zp @ W_in + b),
       code=_typed(("np.dot(z_prev, W_in)", "z_prev.dot(W_in)", "z_prev @ W_in"),
                   inp=("np.dot(x_t, W)", "x_t.dot(W)", "x_t @ W", "np.dot(X[:, t], W)"))),
    _m("y-no-sigmoid", "the output y without the sigmoid", "出力 y にシグモイドをかけていない",
       "in this network the output layer has its own activation, the same sigmoid as the hidden layer",
       "このネットワークでは出力層にも活性化関数があり、中間層と同じシグモイドです",
       forward(y_rule=lambda z, u, zp, W_out, c: z @ W_out + c), example={2: "np.dot(z, W_out) + c"}),
    _m("y-no-c", "the output bias c is missing from y", "y に出力層のバイアス c が入っていない",
       "the output layer has its own bias c, added before its activation",
       "出力層にはそれ自身のバイアス c があり、活性化関数の前に足します",
       forward(y_rule=lambda z, u, zp, W_out, c: _sig(z @ W_out)), example={2: "_sigmoid(np.dot(z, W_out))"}),
    _m("b-in-y", "the hidden bias b added in y instead of c", "y に c ではなく中間層のバイアス b を足している",
       "b (H,) belongs to the hidden layer; the output layer's bias is c (O,)",
       "b (H,) は中間層のバイアスです。出力層のバイアスは c (O,) です",
       forward(biases="bb"), code=_y_typed("np.dot(z, W_out)", "b") + _y_typed("z @ W_out", "b") + _y_typed("z.dot(W_out)", "b"),
       example={2: "_sigmoid(np.dot(z, W_out) + b)"}),
    _m("output-on-the-left", "W_out written on the left of the state (np.dot(W_out, z))",
       "W_out を状態の左に書いている（np.dot(W_out, z)）",
       "z is a batch of row vectors, shape (N, H): the weight W_out (H, O) goes on its right",
       "z は行ベクトルを並べた形 (N, H) です。重み W_out (H, O) は右に掛けます",
       forward(y_rule=lambda z, u, zp, W_out, c: _sig(W_out @ z + c)),
       code=_y_typed("np.dot(W_out, z)") + _y_typed("W_out.dot(z)") + _y_typed("W_out @ z"),
       example={2: "_sigmoid(W_out.dot(z) + c)"}),
    _m("output-transposed", "W_out used transposed (np.dot(z, W_out.T))", "W_out を転置して使っている（np.dot(z, W_out.T)）",
       "W_out is already laid out (H, O), hidden to output, for row vectors: it multiplies z as it is",
       "W_out は行ベクトル用に (H, O)（中間層から出力）の形で与えられています。転置せずに z に掛けます",
       forward(y_rule=lambda z, u, zp, W_out, c: _sig(z @ W_out.T + c)),
       code=_y_typed("np.dot(z, W_out.T)") + _y_typed("z @ W_out.T") + _y_typed("z.dot(W_out.T)"),
       example={2: "_sigmoid(np.dot(z, W_out.T) + c)"}),
    _m("y-from-u", "y computed from u (before the activation) instead of z", "y を活性化前の u から計算している（正しくは z）",
       "the output layer receives the hidden state z_t = sigmoid(u_t), not u_t itself",
       "出力層が受け取るのは隠れ状態 z_t = sigmoid(u_t) で、u_t そのものではありません",
       forward(y_rule=lambda z, u, zp, W_out, c: _sig(u @ W_out + c)), example={2: "_sigmoid(np.dot(u, W_out) + c)"}),
    _m("y-from-prev-z", "y computed from the previous state z_prev instead of the current z",
       "y を現在の z ではなく 1 つ前の状態 z_prev から計算している",
       "y_t uses the state of the same step, z_t (here z), which already includes x_t",
       "y_t には同じ時刻の状態 z_t（ここでは z）を使います。z には x_t がすでに反映されています",
       forward(y_rule=lambda z, u, zp, W_out, c: _sig(zp @ W_out + c)),
       example={2: "_sigmoid(np.dot(z_prev, W_out) + c)"}),
    _m("y-tanh", "tanh instead of the sigmoid on the output", "出力にシグモイドではなく tanh を使っている",
       "the output layer of this network uses the sigmoid, like the hidden layer",
       "このネットワークの出力層は、中間層と同じくシグモイドを使います",
       forward(y_rule=lambda z, u, zp, W_out, c: np.tanh(z @ W_out + c)), example={2: "np.tanh(np.dot(z, W_out) + c)"}),
]


# --- shared by the checks of the RNN family (rnn, bptt, lstm, gru, birnn) ---------------------

def check_fresh_each_call(sub, ref, func, calls, *, name, parts=(), mistakes=(), look_at=""):
    """``compare.check_repeatable``, after two probes it does not make: the first arguments given
    twice in a row (a function that carries a state from call to call answers differently), and
    two different arguments (a cache answers the second with the first's result)."""
    from grader.compare import check_repeatable, difference
    from grader.i18n import tr
    from grader.outcome import TaskFailed

    first, second, again = (sub.call(func, *args) for args in (calls[0], calls[1], calls[0]))
    if difference(again, first, name, 1e-6, 1e-9, parts) is not None:
        raise TaskFailed(tr(
            "{f} called twice in a row with the same arguments gave two different outputs: the result depends on "
            "earlier calls. Does your code keep something between calls (a module-level variable, a default list "
            "or dict)? Each call must start from its arguments alone.",
            "{f} を同じ引数で 2 回続けて呼ぶと、別の出力になりました。結果が前の呼び出しに左右されています。呼び出しの"
            "あいだで何かを持ち越していませんか（モジュールの変数、既定値のリストや辞書）。毎回、引数だけから計算してください。",
            f=func))
    wants = [ref.call(func, *args) for args in calls[:2]]
    if (difference(second, first, name, 1e-6, 1e-9, parts) is None
            and difference(wants[1], wants[0], name, 1e-6, 1e-9, parts) is not None):
        raise TaskFailed(tr(
            "{f} gave the same output for two calls with other values (of the same shapes): the result depends on "
            "earlier calls, not on the arguments. Does your code keep an earlier result (a cache, a module-level "
            "variable)? Each call must be computed from its own arguments.",
            "{f} が、値の違う（形は同じ）2 回の呼び出しに同じ出力を返しました。結果が引数ではなく前の呼び出しで決まっています。"
            "前の結果を取っておいていませんか（キャッシュ、モジュールの変数）。毎回、その回の引数から計算してください。",
            f=func))
    check_repeatable(sub, ref, func, calls, name=name, parts=parts, mistakes=mistakes, look_at=look_at)


def candidates(mistakes, func, args, want, *, parts=(), like_reference=False):
    """(mistake, its output) on these inputs, as ``mistakes.predictions``; unless ``like_reference``,
    without the mistakes whose output here is the right one.  On special inputs (a zero state, one
    time step, sizes of 1) many slips give the right output; left in, the framework would report
    them as behaving like the reference (see the report to the lead).  Only the tasks on general
    random inputs keep them, so that an instructor's reference in another convention is still noticed."""
    from grader.compare import difference
    from grader.mistakes import predictions

    found = predictions(mistakes, func, args, {})
    if like_reference:
        return found
    return [(m, w) for m, w in found if difference(w, want, "", 1e-6, 1e-9, parts) is not None]
