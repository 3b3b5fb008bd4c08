"""Checks for ``gru``: one GRU step, h_new = (1 - z) * h + z * h_bar (RC3 and DL2).

The catalogue is in ``_gru_mistakes``.  The task that calls gru again and again uses
N == H, so that a matrix product where * belongs runs there and is named from its output.
"""
import numpy as np

from grader.checks._gru_mistakes import FUNC, MISTAKES
from grader.checks._rnn_mistakes import candidates, check_fresh_each_call
from grader.compare import check_unchanged, expect, expect_form, shape_case
from grader.i18n import pick
from grader.tasks import task

ANSWERS = {1: "(1 - z) * h + z * h_bar"}
EQUIVALENTS = [
    {1: "h + z * (h_bar - h)"},
    {1: "z * h_bar + (1 - z) * h"},
    {1: "h - z * h + z * h_bar"},
    {1: "np.multiply(1 - z, h) + np.multiply(z, h_bar)"},
    {1: "np.add((1.0 - z) * h, z * h_bar)"},
]
__all__ = ["MISTAKES"]

_NAMES = ("x", "h", "W_r", "U_r", "W_z", "U_z", "W", "U")
_LOOK = {"en": "Look at blank (1), how the new hidden state mixes the previous state h and the candidate h_bar: "
               "which gate sets the shares, and which share goes with which term (the lines above it are given "
               "complete: check they are as given).",
         "ja": "空欄 (1) で、新しい隠れ状態が前の状態 h と候補 h_bar をどう混ぜているかを確認してください。"
               "割合を決めるのはどのゲートか、どの割合がどちらの項に掛かるか（上の行は完成したものが与えられているので、"
               "そのままになっているかも確認してください）。"}


def _inputs(rng, N, D, H):
    return (rng.normal(size=(N, D)), rng.normal(size=(N, H)),
            *(rng.normal(size=shape) for shape in [(H, D), (H, H)] * 3))


def _compare(got, want, args, general=False):
    expect(got, want, name="h_new", candidates=lambda: candidates(MISTAKES, FUNC, args, want, like_reference=general),
           case=shape_case(x=args[0], h=args[1]), look_at=pick(_LOOK))


def _run(sub, ref, args, general=False):
    _compare(sub.gru(*args), ref.gru(*args), args, general)


@task({"en": "returns h_new of shape (N, H)", "ja": "形 (N, H) の h_new を返す"}, points=1)
def test_shape(sub, ref, rng):
    for N, D, H in [(3, 5, 4), (1, 2, 6)]:
        args = _inputs(rng, N, D, H)
        expect_form(sub.gru(*args), ref.gru(*args), name="h_new", case=shape_case(x=args[0], h=args[1]))


@task({"en": "values on random inputs of several sizes", "ja": "いろいろな大きさのランダムな入力での値"}, points=3)
def test_values(sub, ref, rng):
    for N, D, H in [(2, 3, 4), (5, 7, 3), (4, 2, 6), (1, 1, 1)]:
        _run(sub, ref, _inputs(rng, N, D, H), general=N > 1)


@task({"en": "first step: zero previous state", "ja": "最初の時刻: 前の隠れ状態がすべて 0"}, points=1)
def test_zero_state(sub, ref, rng):
    x, h, *weights = _inputs(rng, 3, 4, 5)
    _run(sub, ref, (x, np.zeros_like(h), *weights))


@task({"en": "a nearly closed update gate (z close to 0) mostly keeps the previous state",
       "ja": "更新ゲートがほぼ閉じている（z が 0 に近い）と前の隠れ状態がほぼ保たれる"}, points=2)
def test_small_update_gate(sub, ref, rng):
    N, D, H = 4, 3, 5
    x, h, W_r, U_r, W_z, U_z, W, U = _inputs(rng, N, D, H)
    x = np.abs(x) + 1.0                       # inputs of at least 1 ...
    W_z = -np.full((H, D), 4.0 / D)           # ... make x W_z^T = -4 * mean(x) <= -4, so z < 0.02
    _run(sub, ref, (x, h, W_r, U_r, W_z, np.zeros((H, H)), W, U))


@task({"en": "a nearly open update gate (z close to 1) mostly takes the candidate",
       "ja": "更新ゲートがほぼ開いている（z が 1 に近い）と新しい候補がほぼそのまま入る"}, points=1)
def test_large_update_gate(sub, ref, rng):
    N, D, H = 3, 4, 4
    x, h, W_r, U_r, W_z, U_z, W, U = _inputs(rng, N, D, H)
    x = np.abs(x) + 1.0
    W_z = np.full((H, D), 4.0 / D)            # x W_z^T >= 4, so z > 0.98
    _run(sub, ref, (x, h, W_r, U_r, W_z, np.zeros((H, H)), W, U))


@task({"en": "the inputs are left unchanged", "ja": "入力の配列を書き換えない"}, points=1)
def test_inputs_unchanged(sub, ref, rng):
    args = _inputs(rng, 3, 2, 4)
    _compare(check_unchanged(sub, FUNC, args, names=_NAMES), ref.gru(*args), args)


@task({"en": "called again and again, each result depends only on its own arguments",
       "ja": "何度呼んでも、結果はその回の引数だけで決まる"}, points=1)
def test_repeatable(sub, ref, rng):
    calls = [_inputs(rng, 3, 2, 3) for _ in range(3)]      # N == H: see the module docstring
    check_fresh_each_call(sub, ref, FUNC, calls, name="h_new", mistakes=MISTAKES, look_at=pick(_LOOK))
