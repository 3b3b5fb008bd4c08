"""Checks for ``lstm``: one LSTM step, gate order a, i, f, o.

The catalogue is in ``_lstm_mistakes``.  The task that calls lstm again and again uses
N == H, so that a matrix product where * belongs runs there and is named from its output.
"""
import numpy as np

from grader.compare import check_unchanged, difference, expect, expect_form, shape_case
from grader.checks._lstm_mistakes import MISTAKES
from grader.checks._rnn_mistakes import candidates, check_fresh_each_call
from grader.i18n import tr
from grader.tasks import task

ANSWERS = {1: "input_gate * a + forget_gate * prev_c"}
EQUIVALENTS = [
    {1: "forget_gate * prev_c + input_gate * a"},
    {1: "np.multiply(input_gate, a) + np.multiply(forget_gate, prev_c)"},
    {1: "a * input_gate + prev_c * forget_gate"},
    {1: "np.add(input_gate * a, forget_gate * prev_c.copy())"},
]
__all__ = ["MISTAKES"]

_NAMES = ("x", "prev_h", "prev_c", "W", "U", "b")
_PARTS = ("c", "h")


def _look(got, want):
    """Where to look: at the blank when c differs, at the h line when only h does."""
    c_ok = isinstance(got, (tuple, list)) and len(got) == 2 and difference(got[0], want[0], "c", 1e-6, 1e-9) is None
    if c_ok:
        return tr("c is right but h is not: look at the line after blank (1) that computes h from c, and at what "
                  "the function returns.",
                  "c は正しいのに h が違います。空欄 (1) の次の、c から h を計算する行と、関数が返すものを確認してください。")
    return tr("Look at blank (1), the new cell state: what it keeps of the previous cell state, what it writes "
              "of the candidate a, and which gate scales each (and the lines above it, if you changed them).",
              "空欄 (1) の新しいセルの状態を確認してください。前のセルの状態から何を残し、候補 a から何を書き込むか、"
              "それぞれにどのゲートを掛けるか（上の行を変えた場合はその行も）。")


def _inputs(rng, N, D, H, scale=1.0):
    return (rng.normal(size=(N, D)), rng.normal(size=(N, H)), rng.normal(size=(N, H)),
            rng.normal(scale=scale, size=(4 * H, D)), rng.normal(scale=scale, size=(4 * H, H)),
            rng.normal(scale=scale, size=4 * H))


def _case(args):
    return shape_case(x=args[0], prev_h=args[1], W=args[3])


def _compare(got, want, args, general=False):
    expect(got, want, name=tr("the output (c, h)", "出力 (c, h)"), parts=_PARTS, case=_case(args),
           candidates=lambda: candidates(MISTAKES, "lstm", args, want, parts=_PARTS, like_reference=general),
           look_at=lambda: _look(got, want))


def _run(sub, ref, args, general=False):
    _compare(sub.lstm(*args), ref.lstm(*args), args, general)


@task({"en": "returns (c, h), each of shape (N, H)", "ja": "(c, h) を返し、どちらも形 (N, H)"}, points=1)
def test_shapes(sub, ref, rng):
    args = _inputs(rng, 3, 5, 4)
    expect_form(sub.lstm(*args), ref.lstm(*args), name="(c, h)", parts=_PARTS,
                case=shape_case(x=args[0], prev_h=args[1]))


@task({"en": "values on random inputs of several sizes", "ja": "いろいろな大きさのランダムな入力での値"}, points=3)
def test_values(sub, ref, rng):
    for N, D, H in [(2, 3, 4), (5, 7, 3), (4, 2, 6), (1, 1, 1)]:
        _run(sub, ref, _inputs(rng, N, D, H), general=N > 1)


@task({"en": "first step: zero previous state", "ja": "最初の時刻: 前の状態がすべて 0"}, points=2)
def test_zero_state(sub, ref, rng):
    x, prev_h, prev_c, W, U, b = _inputs(rng, 3, 4, 5)
    _run(sub, ref, (x, np.zeros_like(prev_h), np.zeros_like(prev_c), W, U, b))


@task({"en": "a nearly closed input gate and open forget gate keep the memory",
       "ja": "入力ゲートをほぼ閉じ忘却ゲートを開くと記憶が保たれる"}, points=2)
def test_keeps_memory(sub, ref, rng):
    N, D, H = 4, 3, 5
    x, prev_h, prev_c, W, U, b = _inputs(rng, N, D, H, scale=0.1)
    b = b.copy()
    b[H:2 * H] = -8.0      # input gate i close to 0
    b[2 * H:3 * H] = 8.0   # forget gate f close to 1
    _run(sub, ref, (x, prev_h, 3.0 * prev_c, W, U, b))


@task({"en": "the inputs are left unchanged", "ja": "入力の配列を書き換えない"}, points=1)
def test_inputs_unchanged(sub, ref, rng):
    args = _inputs(rng, 3, 2, 4)
    got = check_unchanged(sub, "lstm", args, names=_NAMES)
    _compare(got, ref.lstm(*args), args)


@task({"en": "called again and again, each result depends only on its own arguments",
       "ja": "何度呼んでも、結果はその回の引数だけで決まる"}, points=1)
def test_repeatable(sub, ref, rng):
    calls = [_inputs(rng, 3, 2, 3) for _ in range(3)]      # N == H: see the module docstring
    check_fresh_each_call(sub, ref, "lstm", calls, name=tr("the output (c, h)", "出力 (c, h)"), parts=_PARTS,
                          mistakes=MISTAKES,
                          look_at=tr("Look at blank (1), the new cell state, and at the line after it that computes h.",
                                  "空欄 (1) の新しいセルの状態と、その次の h を計算する行を確認してください。"))
