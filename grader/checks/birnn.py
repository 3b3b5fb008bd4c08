"""Checks for ``birnn``: forward states joined with the backward states put back in time order."""
import numpy as np

from grader.compare import check_call, expect_form, shape_case
from grader.i18n import pick, tr
from grader.mistakes import Mistake
from grader.outcome import TaskFailed
from grader.tasks import task

FUNC = "bidirectional_rnn_net"
ANSWERS = {1: "np.concatenate([h_f, h_b[::-1]], axis=1)"}
EQUIVALENTS = [
    {1: "np.hstack([h_f, h_b[::-1]])"},
    {1: "np.concatenate([h_f, np.flip(h_b, axis=0)], axis=1)"},
    {1: "np.concatenate((h_f, np.flipud(h_b)), axis=-1)"},
    {1: "np.c_[h_f, h_b[::-1, :]]"},
    {1: "np.column_stack([h_f, np.flip(h_b, 0)])"},
]


def _rnn(xs, W, U):
    h = np.zeros((xs.shape[0], W.shape[0]))
    hs = []
    for t in range(xs.shape[1]):
        h = np.tanh(xs[:, t] @ W.T + h @ U.T)
        hs.append(h)
    return np.stack(hs, axis=1)


def _wrong_join(join):
    """Our own bidirectional RNN with ``join(h_f, h_b)`` per sample in place of the right one."""
    def predict(xs, W_f, U_f, W_b, U_b, V):
        hs_f, hs_b = _rnn(xs, W_f, U_f), _rnn(xs[:, ::-1], W_b, U_b)
        return np.stack([join(f, b) for f, b in zip(hs_f, hs_b)]) @ V.T
    return predict


_SHAPE = {"en": "hs.dot(V.T) then fails, because V (O, 2H) expects 2H numbers per time step",
          "ja": "すると V (O, 2H) は時刻ごとに 2H 個の数を受け取るので、hs.dot(V.T) が失敗します"}

MISTAKES = [
    Mistake("option-1", func=FUNC,
            title={"en": "option (1) of the original, h_f + h_b[::-1]", "ja": "元の選択肢 (1) h_f + h_b[::-1]"},
            hint={"en": "adding mixes the two directions into H numbers per time step; " + _SHAPE["en"]
                        + ". Put the forward and the backward states side by side",
                  "ja": "足し算では両方向が時刻ごとに H 個の数に混ざってしまいます。" + _SHAPE["ja"]
                        + "。順方向と逆方向の状態を横に並べてください"},
            code=("h_f + h_b[::-1]", "h_b[::-1] + h_f")),
    Mistake("option-2", func=FUNC,
            title={"en": "option (2) of the original, h_f * h_b[::-1]", "ja": "元の選択肢 (2) h_f * h_b[::-1]"},
            hint={"en": "an element-wise product also leaves H numbers per time step; " + _SHAPE["en"]
                        + ". Put the two directions side by side",
                  "ja": "要素ごとの積でも時刻ごとに H 個の数のままです。" + _SHAPE["ja"] + "。両方向の状態を横に並べてください"},
            code=("h_f * h_b[::-1]", "h_b[::-1] * h_f")),
    Mistake("option-4", func=FUNC,
            title={"en": "option (4) of the original, the concatenation on axis=0",
                   "ja": "元の選択肢 (4) axis=0 での結合"},
            hint={"en": "axis 0 of h_f and h_b is time: joining there gives 2T time steps of H numbers; " + _SHAPE["en"]
                        + ". Join on the feature axis (axis=1) to get T steps of 2H numbers",
                  "ja": "h_f と h_b の axis 0 は時刻です。そこで結合すると H 個の数が 2T 時刻分になります。" + _SHAPE["ja"]
                        + "。特徴の軸 (axis=1) で結合すれば 2H 個の数が T 時刻分になります"},
            code=("np.concatenate([h_f, h_b[::-1]], axis=0)", "np.concatenate([h_f, h_b[::-1]])",
                  "np.concatenate([h_f, h_b[::-1]], 0)", "np.vstack([h_f, h_b[::-1]])")),
    Mistake("backward-not-reversed", func=FUNC,
            title={"en": "the backward states are not put back in time order (h_b where h_b[::-1] belongs)",
                   "ja": "逆方向の隠れ状態を時刻順に戻していない（h_b[::-1] ではなく h_b）"},
            hint={"en": "the backward RNN read the sequence reversed, so h_b[0] belongs to the last time step; "
                        "reverse h_b along time (h_b[::-1]) before joining it with h_f",
                  "ja": "逆方向の RNN は逆順の系列を読んだので、h_b[0] は最後の時刻の状態です。h_f と結合する前に h_b を"
                        "時刻方向に反転（h_b[::-1]）してください"},
            predict=_wrong_join(lambda f, b: np.concatenate([f, b], axis=1)),
            code=("np.concatenate([h_f, h_b], axis=1)", "np.hstack([h_f, h_b])")),
    Mistake("hidden-axis-reversed", func=FUNC,
            title={"en": "the backward states reversed along the hidden units (h_b[:, ::-1]) instead of along time",
                   "ja": "逆方向の隠れ状態を時刻ではなく隠れユニットの方向に反転している（h_b[:, ::-1]）"},
            hint={"en": "in h_b (T, H) the rows are time steps: h_b[::-1] (or np.flip(h_b, axis=0)) reverses time, "
                        "h_b[:, ::-1] shuffles the units",
                  "ja": "h_b (T, H) の行が時刻です。h_b[::-1]（または np.flip(h_b, axis=0)）で時刻が逆になり、"
                        "h_b[:, ::-1] ではユニットの順が入れ替わるだけです"},
            predict=_wrong_join(lambda f, b: np.concatenate([f, b[:, ::-1]], axis=1)),
            code=("np.concatenate([h_f, h_b[:, ::-1]], axis=1)", "np.concatenate([h_f, np.flip(h_b, axis=1)], axis=1)")),
    Mistake("flip-both-axes", func=FUNC,
            title={"en": "np.flip(h_b) without an axis, which reverses the hidden units as well as time",
                   "ja": "軸を指定しない np.flip(h_b)（時刻だけでなく隠れユニットの順も反転する）"},
            hint={"en": "np.flip with no axis reverses every axis; reverse time only: np.flip(h_b, axis=0) or h_b[::-1]",
                  "ja": "軸を指定しない np.flip はすべての軸を反転します。時刻だけを反転してください: np.flip(h_b, axis=0) "
                        "または h_b[::-1]"},
            predict=_wrong_join(lambda f, b: np.concatenate([f, b[::-1, ::-1]], axis=1)),
            code=("np.concatenate([h_f, np.flip(h_b)], axis=1)", "np.hstack([h_f, np.flip(h_b)])")),
    Mistake("halves-swapped", func=FUNC,
            title={"en": "the backward states put first, [h_b[::-1], h_f]", "ja": "逆方向の状態を先にしている（[h_b[::-1], h_f]）"},
            hint={"en": "the first H columns of V are the weights of the forward states and the last H those of "
                        "the backward states: keep the order [h_f, h_b[::-1]]",
                  "ja": "V の最初の H 列は順方向の状態、後ろの H 列は逆方向の状態に掛かる重みです。[h_f, h_b[::-1]] の順にしてください"},
            predict=_wrong_join(lambda f, b: np.concatenate([b[::-1], f], axis=1)),
            code=("np.concatenate([h_b[::-1], h_f], axis=1)", "np.hstack([h_b[::-1], h_f])")),
]

_LOOK = {"en": "Look at how the two directions are joined: per sample, the forward states h_f (T, H) and the backward "
               "states put back in time order, side by side on the feature axis, (T, 2H).",
         "ja": "両方向の結合を確認してください: サンプルごとに、順方向の状態 h_f (T, H) と時刻順に戻した逆方向の状態を"
               "特徴の軸で横に並べて (T, 2H) にします。"}


def _inputs(rng, N, T, D, H, O):
    return (rng.normal(size=(N, T, D)), rng.normal(scale=0.7, size=(H, D)), rng.normal(scale=0.7, size=(H, H)),
            rng.normal(scale=0.7, size=(H, D)), rng.normal(scale=0.7, size=(H, H)), rng.normal(size=(O, 2 * H)))



def _run(sub, ref, args, rtol=1e-6, atol=1e-9):
    check_call(sub, ref, FUNC, *args, name="ys", mistakes=MISTAKES, look_at=pick(_LOOK),
               case=shape_case(xs=args[0], V=args[5]), rtol=rtol, atol=atol)


@task({"en": "returns ys of shape (N, T, O)", "ja": "形 (N, T, O) の ys を返す"}, points=2)
def test_shape(sub, ref, rng):
    for sizes in [(2, 4, 3, 5, 2), (1, 3, 2, 2, 4)]:
        args = _inputs(rng, *sizes)
        expect_form(sub.bidirectional_rnn_net(*args), ref.bidirectional_rnn_net(*args), name="ys",
                    case=shape_case(xs=args[0], V=args[5]))


@task({"en": "values on random sequences of several sizes", "ja": "いろいろな大きさのランダムな系列での値"}, points=4)
def test_values(sub, ref, rng):
    for sizes in [(2, 4, 3, 5, 2), (3, 6, 2, 3, 4), (1, 2, 1, 1, 1), (4, 5, 4, 2, 3)]:
        _run(sub, ref, _inputs(rng, *sizes))


@task({"en": "a one-step sequence (T = 1)", "ja": "1 時刻だけの系列 (T = 1)"}, points=2)
def test_one_step(sub, ref, rng):
    for sizes in [(3, 1, 2, 4, 3), (1, 1, 3, 2, 2)]:
        _run(sub, ref, _inputs(rng, *sizes))


def _changed_times(sub, args, t_input):
    """The time steps whose output changes when the input at ``t_input`` changes."""
    xs = args[0]
    ys = sub.bidirectional_rnn_net(*args)
    xs2 = xs.copy()
    xs2[:, t_input] += 1.0
    ys2 = sub.bidirectional_rnn_net(xs2, *args[1:])
    for y in (ys, ys2):
        expect_form(y, np.zeros(xs.shape[:2] + (args[5].shape[0],)), name="ys")
    return [t for t in range(xs.shape[1]) if np.abs(ys2[:, t] - ys[:, t]).max() > 1e-12]


@task({"en": "at time t the forward half has seen the inputs up to t, the backward half those from t on",
       "ja": "時刻 t で、順方向の半分は t までの入力を、逆方向の半分は t 以降の入力を見ている"}, points=2, independent=True)
def test_each_direction_sees_its_side(sub, rng):
    N, T, D, H, O = 2, 5, 3, 4, 3
    xs, W_f, U_f, W_b, U_b, V = _inputs(rng, N, T, D, H, O)
    only_f, only_b = V.copy(), V.copy()
    only_f[:, H:] = 0.0   # only the forward states reach ys
    only_b[:, :H] = 0.0   # only the backward states reach ys
    for half, V_half, t_input, want in [("forward", only_f, T - 1, [T - 1]), ("backward", only_b, 0, [0])]:
        got = _changed_times(sub, (xs, W_f, U_f, W_b, U_b, V_half), t_input)
        if got != want:
            raise TaskFailed(tr(
                "With V keeping only the {half} half (T = {T}), changing the input at time {ti} changed the outputs at "
                "times {got}, but only time {w} should change: the forward state at time t has read x_0 ... x_t, the "
                "backward state at time t has read x_(T-1) ... x_t. Check that the backward states are put back in "
                "time order and that the forward states come first.",
                "V で{half_ja}の半分だけを残したとき（T = {T}）、時刻 {ti} の入力を変えると時刻 {got} の出力が変わりましたが、"
                "変わるべきなのは時刻 {w} だけです。時刻 t の順方向の状態は x_0 ... x_t を、逆方向の状態は x_(T-1) ... x_t を"
                "読んでいます。逆方向の状態を時刻順に戻しているか、順方向の状態が先に来ているかを確認してください。",
                half=half, half_ja={"forward": "順方向", "backward": "逆方向"}[half], T=T, ti=t_input, got=got, w=want[0]))
