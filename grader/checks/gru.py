"""Checks for ``gru``: one GRU step, h_new = (1 - z) * h + z * h_bar (RC3 and DL2)."""
import numpy as np

from grader.compare import check_call, expect_form, shape_case
from grader.i18n import pick
from grader.mistakes import Mistake
from grader.tasks import task

FUNC = "gru"
ANSWERS = {1: "(1 - z) * h + z * h_bar"}
EQUIVALENTS = [
    {1: "h + z * (h_bar - h)"},
    {1: "z * h_bar + (1 - z) * h"},
    {1: "h - z * h + z * h_bar"},
    {1: "np.multiply(1 - z, h) + np.multiply(z, h_bar)"},
]


def _sig(x):
    return 1.0 / (1.0 + np.exp(-x))


def _wrong_update(rule):
    def predict(x, h, W_r, U_r, W_z, U_z, W, U):
        r = _sig(x @ W_r.T + h @ U_r.T)
        z = _sig(x @ W_z.T + h @ U_z.T)
        h_bar = np.tanh(x @ W.T + (r * h) @ U.T)
        return rule(z, r, h, h_bar)
    return predict


MISTAKES = [
    Mistake("option-1", func=FUNC,
            title={"en": "option (1) of the original, z * h_bar", "ja": "元の選択肢 (1) z * h_bar"},
            hint={"en": "the previous state h is dropped, so the GRU forgets everything at each step; the share "
                        "of the candidate that z does not take in, (1 - z), must come from h",
                  "ja": "前の隠れ状態 h が消えてしまい、GRU は毎ステップすべてを忘れます。z で取り入れなかった残り (1 - z) は"
                        " h から引き継ぎます"},
            predict=_wrong_update(lambda z, r, h, hb: z * hb), code=("z * h_bar", "h_bar * z")),
    Mistake("option-2", func=FUNC,
            title={"en": "option (2) of the original, (1 - z) * h_bar", "ja": "元の選択肢 (2) (1 - z) * h_bar"},
            hint={"en": "the previous state h is missing: the new state mixes h and the candidate h_bar, "
                        "with weights that add up to 1",
                  "ja": "前の隠れ状態 h が入っていません。新しい状態は h と候補 h_bar を、足して 1 になる重みで混ぜたものです"},
            predict=_wrong_update(lambda z, r, h, hb: (1 - z) * hb), code=("(1 - z) * h_bar", "h_bar * (1 - z)")),
    Mistake("option-3-pytorch", func=FUNC,
            title={"en": "option (3) of the original, z * h + (1 - z) * h_bar: PyTorch's convention, with the roles "
                         "of z swapped",
                   "ja": "元の選択肢 (3) z * h + (1 - z) * h_bar。z の役割が逆の PyTorch の書き方です"},
            hint={"en": "PyTorch writes h' = (1 - z) * n + z * h, where z is the share of the old state; this course "
                        "(the code challenge and DL2) lets z be the share of the candidate h_bar, so h_bar gets z "
                        "and h gets 1 - z",
                  "ja": "PyTorch は h' = (1 - z) * n + z * h と書き、z は古い状態を残す割合です。この講座（演習チャレンジと DL2）"
                        "では z は候補 h_bar を取り入れる割合なので、h_bar に z、h に 1 - z を掛けます"},
            predict=_wrong_update(lambda z, r, h, hb: z * h + (1 - z) * hb),
            code=("z * h + (1 - z) * h_bar", "(1 - z) * h_bar + z * h")),
    Mistake("reset-for-update", func=FUNC,
            title={"en": "the reset gate r used where the update gate z belongs", "ja": "更新ゲート z の代わりにリセットゲート r を使っている"},
            hint={"en": "r has already done its job inside h_bar (it chose how much of h enters the candidate); "
                        "the mix of h and h_bar is set by the update gate z",
                  "ja": "r は h_bar の中ですでに役目を終えています（候補に h をどれだけ使うかを決めました）。h と h_bar の"
                        "混ぜ方を決めるのは更新ゲート z です"},
            predict=_wrong_update(lambda z, r, h, hb: (1 - r) * h + r * hb),
            code=("(1 - r) * h + r * h_bar", "r * h_bar + (1 - r) * h")),
]

_LOOK = {"en": "Look at the new hidden state: it mixes the previous state h and the candidate h_bar, and the update "
               "gate z is the share of the candidate.",
         "ja": "新しい隠れ状態を確認してください。前の状態 h と候補 h_bar を混ぜたもので、更新ゲート z は候補を取り入れる割合です。"}


def _inputs(rng, N, D, H):
    return (rng.normal(size=(N, D)), rng.normal(size=(N, H)),
            *(rng.normal(size=shape) for shape in [(H, D), (H, H)] * 3))



def _run(sub, ref, args, rtol=1e-6, atol=1e-9):
    x, h = args[:2]
    check_call(sub, ref, FUNC, *args, name="h_new", mistakes=MISTAKES, look_at=pick(_LOOK),
               case=shape_case(x=x, h=h), rtol=rtol, atol=atol)


@task({"en": "returns h_new of shape (N, H)", "ja": "形 (N, H) の h_new を返す"}, points=2)
def test_shape(sub, ref, rng):
    for N, D, H in [(3, 5, 4), (1, 2, 6)]:
        args = _inputs(rng, N, D, H)
        expect_form(sub.gru(*args), ref.gru(*args), name="h_new", case=shape_case(x=args[0], h=args[1]))


@task({"en": "values on random inputs of several sizes", "ja": "いろいろな大きさのランダムな入力での値"}, points=4)
def test_values(sub, ref, rng):
    for N, D, H in [(2, 3, 4), (5, 7, 3), (4, 2, 6), (1, 1, 1)]:
        _run(sub, ref, _inputs(rng, N, D, H))


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
