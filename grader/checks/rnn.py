"""Checks for ``rnn``: the forward pass of a simple RNN, row vectors as in the course notebook.

The catalogue is in ``_rnn_mistakes``.  Most inputs have N != H, D != H and H != O, so the
slips that take a weight from the wrong side, the wrong weight or the wrong bias stop with a
shape error (recognised from the code typed); one task has N = D = H = O, where they run and
are named from their outputs.  U-like weights are drawn non-symmetric, so z_prev W and
z_prev W^T always differ.
"""
from grader.checks._rnn_mistakes import MISTAKES, candidates, check_fresh_each_call
from grader.compare import check_unchanged, difference, expect, expect_form, shape_case
from grader.i18n import tr
from grader.tasks import task

ANSWERS = {1: "np.dot(x_t, W_in) + np.dot(z_prev, W) + b",
           2: "_sigmoid(np.dot(z, W_out) + c)"}
EQUIVALENTS = [
    {1: "x_t @ W_in + z_prev @ W + b", 2: "_sigmoid(z @ W_out + c)"},
    {1: "b + z_prev.dot(W) + X[:, t].dot(W_in)", 2: "1 / (1 + np.exp(-(z.dot(W_out) + c)))"},
    # the column-vector habit done right: transpose everything, then back
    {1: "(W_in.T @ x_t.T + W.T @ z_prev.T).T + b", 2: "_sigmoid((W_out.T @ z.T).T + c)"},
    {1: "np.matmul(x_t, W_in) + np.matmul(z_prev, W) + b", 2: "_sigmoid(np.add(np.matmul(z, W_out), c))"},
]
__all__ = ["MISTAKES"]

_PARTS = ("Z", "Y")
_NAMES = ("X", "W_in", "W", "W_out", "b", "c")


def _look(got, want):
    """Where to look: blank (1) when the states Z differ, blank (2) when only the outputs Y do."""
    z_ok = isinstance(got, (tuple, list)) and len(got) == 2 and difference(got[0], want[0], "Z", 1e-6, 1e-9) is None
    if z_ok:
        return tr("The hidden states Z are right but the outputs Y are not: look at blank (2), the output y "
                  "(which state, which weight on which side, which bias, which activation).",
                  "隠れ状態 Z は正しく、出力 Y が違います。空欄 (2) の出力 y を確認してください"
                  "（どの状態に、どの重みをどちら側から掛け、どのバイアスと活性化関数を使うか）。")
    return tr("The hidden states Z differ: look at blank (1), the total input u (which vector goes with which "
              "weight, on which side, the state of which step, which bias), and at the lines after it if you "
              "changed them.",
              "隠れ状態 Z が違います。空欄 (1) の総入力 u を確認してください（どのベクトルにどの重みをどちら側から掛けるか、"
              "どの時刻の状態か、どのバイアスか）。その後の行を変えた場合はその行も確認してください。")


def _inputs(rng, N, T, D, H, O):
    return (rng.normal(size=(N, T, D)), rng.normal(size=(D, H)), rng.normal(size=(H, H)),
            rng.normal(size=(H, O)), rng.normal(size=H), rng.normal(size=O))


def _case(args):
    return shape_case(X=args[0], W_in=args[1], W_out=args[3])


def _compare(got, want, args, general=False):
    expect(got, want, name="(Z, Y)", parts=_PARTS, case=_case(args),
           candidates=lambda: candidates(MISTAKES, "rnn_forward", args, want, parts=_PARTS, like_reference=general),
           look_at=lambda: _look(got, want))


def _run(sub, ref, args, general=False):
    _compare(sub.rnn_forward(*args), ref.rnn_forward(*args), args, general)


@task({"en": "returns (Z, Y) of shapes (N, T, H) and (N, T, O)", "ja": "形 (N, T, H) と (N, T, O) の (Z, Y) を返す"},
      points=1)
def test_shapes(sub, ref, rng):
    args = _inputs(rng, 3, 4, 2, 5, 3)
    expect_form(sub.rnn_forward(*args), ref.rnn_forward(*args), name="(Z, Y)", parts=_PARTS, case=_case(args))


# (N, T, D, H, O): N != H, D != H and H != O (see the module docstring).
SIZES = [(1, 2, 3, 2, 1), (3, 5, 2, 4, 3), (4, 3, 5, 3, 2), (2, 6, 3, 5, 4)]


@task({"en": "values on random sequences of several sizes", "ja": "いろいろな大きさのランダムな系列での値"}, points=3)
def test_values(sub, ref, rng):
    for size in SIZES:
        _run(sub, ref, _inputs(rng, *size), general=size[0] > 1)


@task({"en": "a single step (T = 1): the previous state is z_0 = 0", "ja": "1 時刻だけ（T = 1）: 前の状態は z_0 = 0"},
      points=1)
def test_first_step(sub, ref, rng):
    _run(sub, ref, _inputs(rng, 3, 1, 2, 4, 2))


@task({"en": "an input seen only at the first step still changes the later outputs",
       "ja": "最初の時刻にだけ入った入力が、後の時刻の出力にも影響する"}, points=2)
def test_memory(sub, ref, rng):
    X, W_in, W, W_out, b, c = _inputs(rng, 2, 6, 3, 4, 2)
    X[:, 1:] = 0.0
    _run(sub, ref, (3.0 * X, W_in, 1.5 * W, W_out, b, c))


@task({"en": "values when all sizes are equal (N = D = H = O)", "ja": "すべての大きさが等しいとき（N = D = H = O）の値"},
      points=1)
def test_square(sub, ref, rng):
    _run(sub, ref, _inputs(rng, 3, 3, 3, 3, 3))


@task({"en": "the inputs are left unchanged", "ja": "入力の配列を書き換えない"}, points=1)
def test_inputs_unchanged(sub, ref, rng):
    args = _inputs(rng, 2, 3, 3, 4, 2)
    _compare(check_unchanged(sub, "rnn_forward", args, names=_NAMES), ref.rnn_forward(*args), args)


@task({"en": "called again and again, each result depends only on its own arguments",
       "ja": "何度呼んでも、結果はその回の引数だけで決まる"}, points=1)
def test_repeatable(sub, ref, rng):
    calls = [_inputs(rng, 2, 3, 3, 4, 2) for _ in range(3)]
    check_fresh_each_call(sub, ref, "rnn_forward", calls, name="(Z, Y)", parts=_PARTS, mistakes=MISTAKES,
                          look_at=tr("Look at blanks (1) and (2).", "空欄 (1) と (2) を確認してください。"))
