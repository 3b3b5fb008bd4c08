"""Checks for ``birnn``: forward states joined with the backward states put back in time order."""
import numpy as np

from grader.checks._rnn_mistakes import candidates, check_fresh_each_call
from grader.compare import check_unchanged, expect, expect_form, shape_case
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


def _forms(*texts):
    """Each text, and the same with its list of arrays written as a tuple: np.concatenate((a, b), ...)."""
    out = []
    for text in texts:
        out.append(text)
        start = text.find("([")
        if start < 0:
            continue
        depth = 0
        for k in range(start + 1, len(text)):
            depth += {"[": 1, "]": -1}.get(text[k], 0)
            if depth == 0:
                out.append(text[:start + 1] + "(" + text[start + 2:k] + ")" + text[k + 1:])
                break
    return tuple(out)


def _wrong_join(join, backward_input=lambda xs: xs[:, ::-1]):
    """Our own bidirectional RNN with ``join(h_f, h_b)`` per sample in place of the right one,
    the backward RNN reading ``backward_input(xs)``."""
    def predict(xs, W_f, U_f, W_b, U_b, V):
        hs_f, hs_b = _rnn(xs, W_f, U_f), _rnn(backward_input(xs), W_b, U_b)
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
            code=("h_f + h_b[::-1]", "h_b[::-1] + h_f", "np.add(h_f, h_b[::-1])")),
    Mistake("option-2", func=FUNC,
            title={"en": "option (2) of the original, h_f * h_b[::-1]", "ja": "元の選択肢 (2) h_f * h_b[::-1]"},
            hint={"en": "an element-wise product also leaves H numbers per time step; " + _SHAPE["en"]
                        + ". Put the two directions side by side",
                  "ja": "要素ごとの積でも時刻ごとに H 個の数のままです。" + _SHAPE["ja"] + "。両方向の状態を横に並べてください"},
            code=("h_f * h_b[::-1]", "h_b[::-1] * h_f", "np.multiply(h_f, h_b[::-1])")),
    Mistake("option-4", func=FUNC,
            title={"en": "option (4) of the original, the concatenation on axis=0",
                   "ja": "元の選択肢 (4) axis=0 での結合"},
            hint={"en": "axis 0 of h_f and h_b is time: joining there gives 2T time steps of H numbers; " + _SHAPE["en"]
                        + ". Join on the feature axis (axis=1) to get T steps of 2H numbers",
                  "ja": "h_f と h_b の axis 0 は時刻です。そこで結合すると H 個の数が 2T 時刻分になります。" + _SHAPE["ja"]
                        + "。特徴の軸 (axis=1) で結合すれば 2H 個の数が T 時刻分になります"},
            code=_forms("np.concatenate([h_f, h_b[::-1]], axis=0)", "np.concatenate([h_f, h_b[::-1]])",
                        "np.concatenate([h_f, h_b[::-1]], 0)", "np.concatenate([h_f, h_b[::-1]], axis=-2)",
                        "np.vstack([h_f, h_b[::-1]])")),
    Mistake("backward-not-reversed", func=FUNC,
            title={"en": "the backward states are not put back in time order (h_b where h_b[::-1] belongs)",
                   "ja": "逆方向の隠れ状態を時刻順に戻していない（h_b[::-1] ではなく h_b）"},
            hint={"en": "the backward RNN read the sequence reversed, so h_b[0] belongs to the last time step; "
                        "put h_b back in time order before joining it with h_f",
                  "ja": "逆方向の RNN は逆順の系列を読んだので、h_b[0] は最後の時刻の状態です。h_f と結合する前に h_b を"
                        "時刻の順に戻してください"},
            predict=_wrong_join(lambda f, b: np.concatenate([f, b], axis=1)),
            code=_forms("np.concatenate([h_f, h_b], axis=1)", "np.hstack([h_f, h_b])")),
    Mistake("hidden-axis-reversed", func=FUNC,
            title={"en": "the backward states reversed along the hidden units (h_b[:, ::-1]) instead of along time",
                   "ja": "逆方向の隠れ状態を時刻ではなく隠れユニットの方向に反転している（h_b[:, ::-1]）"},
            hint={"en": "in h_b (T, H) the rows are time steps: h_b[::-1] (or np.flip(h_b, axis=0)) reverses time, "
                        "h_b[:, ::-1] shuffles the units",
                  "ja": "h_b (T, H) の行が時刻です。h_b[::-1]（または np.flip(h_b, axis=0)）で時刻が逆になり、"
                        "h_b[:, ::-1] ではユニットの順が入れ替わるだけです"},
            predict=_wrong_join(lambda f, b: np.concatenate([f, b[:, ::-1]], axis=1)),
            code=_forms("np.concatenate([h_f, h_b[:, ::-1]], axis=1)", "np.concatenate([h_f, np.flip(h_b, axis=1)], axis=1)")),
    Mistake("flip-both-axes", func=FUNC,
            title={"en": "np.flip(h_b) without an axis, which reverses the hidden units as well as time",
                   "ja": "軸を指定しない np.flip(h_b)（時刻だけでなく隠れユニットの順も反転する）"},
            hint={"en": "np.flip with no axis reverses every axis; reverse time only: np.flip(h_b, axis=0) or h_b[::-1]",
                  "ja": "軸を指定しない np.flip はすべての軸を反転します。時刻だけを反転してください: np.flip(h_b, axis=0) "
                        "または h_b[::-1]"},
            predict=_wrong_join(lambda f, b: np.concatenate([f, b[::-1, ::-1]], axis=1)),
            code=_forms("np.concatenate([h_f, np.flip(h_b)], axis=1)", "np.hstack([h_f, np.flip(h_b)])")),
    Mistake("halves-swapped", func=FUNC,
            title={"en": "the backward states put first, [h_b[::-1], h_f]", "ja": "逆方向の状態を先にしている（[h_b[::-1], h_f]）"},
            hint={"en": "the first H columns of V are the weights of the forward states and the last H those of "
                        "the backward states: the forward half comes first",
                  "ja": "V の最初の H 列は順方向の状態、後ろの H 列は逆方向の状態に掛かる重みです。順方向の半分を先にしてください"},
            predict=_wrong_join(lambda f, b: np.concatenate([b[::-1], f], axis=1)),
            code=_forms("np.concatenate([h_b[::-1], h_f], axis=1)", "np.hstack([h_b[::-1], h_f])")),
    Mistake("swapped-not-reversed", func=FUNC,
            title={"en": "the backward states put first and not put back in time order, [h_b, h_f]",
                   "ja": "逆方向の状態を先にし、しかも時刻順に戻していない（[h_b, h_f]）"},
            hint={"en": "two slips at once: the forward half comes first (the first H columns of V are its weights), "
                        "and the backward states, read in reversed time, must be put back in time order",
                  "ja": "2 つの間違いが重なっています。順方向の半分が先（V の最初の H 列がその重み）で、逆順の時刻で読んだ"
                        "逆方向の状態は時刻の順に戻す必要があります"},
            predict=_wrong_join(lambda f, b: np.concatenate([b, f], axis=1)),
            example={1: "np.concatenate([h_b, h_f], axis=1)"}),
    Mistake("forward-reversed", func=FUNC,
            title={"en": "the forward states reversed instead of the backward ones ([h_f[::-1], h_b])",
                   "ja": "逆方向ではなく順方向の状態を反転している（[h_f[::-1], h_b]）"},
            hint={"en": "h_f is already in time order; it is h_b, computed on the reversed sequence, that has to be "
                        "turned back",
                  "ja": "h_f はもともと時刻の順に並んでいます。反転して戻すのは、逆順の系列から計算した h_b のほうです"},
            predict=_wrong_join(lambda f, b: np.concatenate([f[::-1], b], axis=1)),
            example={1: "np.concatenate([h_f[::-1], h_b], axis=1)"}),
    Mistake("both-reversed", func=FUNC,
            title={"en": "both halves reversed in time ([h_f[::-1], h_b[::-1]])",
                   "ja": "両方の半分を時刻方向に反転している（[h_f[::-1], h_b[::-1]]）"},
            hint={"en": "only the backward states were computed in reversed time; the forward states are in time "
                        "order already and stay as they are",
                  "ja": "逆順の時刻で計算したのは逆方向の状態だけです。順方向の状態はもともと時刻の順なので、そのままにします"},
            predict=_wrong_join(lambda f, b: np.concatenate([f[::-1], b[::-1]], axis=1)),
            example={1: "np.concatenate([h_f[::-1], h_b[::-1]], axis=1)"}),
    Mistake("stacked", func=FUNC,
            title={"en": "the two halves stacked on a new axis (np.stack) instead of joined",
                   "ja": "2 つの半分を結合せずに新しい軸で積み重ねている（np.stack）"},
            hint={"en": "np.stack adds an axis, giving (T, 2, H) or (2, T, H); V (O, 2H) needs the two halves joined "
                        "on the existing feature axis, (T, 2H)",
                  "ja": "np.stack は軸を 1 つ増やすので (T, 2, H) や (2, T, H) になります。V (O, 2H) には、既存の特徴の軸で"
                        "2 つの半分を結合した (T, 2H) が必要です"},
            code=_forms(*(f"np.stack([h_f, h_b[::-1]]{ax})" for ax in ("", ", axis=0", ", axis=1", ", axis=-1", ", axis=2")),
                        "np.dstack([h_f, h_b[::-1]])", "np.array([h_f, h_b[::-1]])")),
    Mistake("backward-input-not-reversed", func=FUNC,
            title={"en": "the backward RNN fed the sequence in forward order (xs_b = xs)",
                   "ja": "逆方向の RNN に系列を順方向のまま入れている（xs_b = xs）"},
            hint={"en": "the backward RNN must read each sequence from its last time step back to the first: keep "
                        "the given line that reverses the time axis",
                  "ja": "逆方向の RNN は各系列を最後の時刻から最初へ向かって読みます。時刻の軸を反転する与えられた行はそのままにしてください"},
            predict=_wrong_join(lambda f, b: np.concatenate([f, b[::-1]], axis=1), backward_input=lambda xs: xs),
            example=[("xs_b = xs[:, ::-1]", "xs_b = xs")]),
    Mistake("batch-reversed", func=FUNC,
            title={"en": "the samples reversed instead of the time steps (xs[::-1] for xs[:, ::-1])",
                   "ja": "時刻ではなくサンプルの順を反転している（xs[:, ::-1] ではなく xs[::-1]）"},
            hint={"en": "axis 0 of xs is the batch and axis 1 is time: the backward RNN needs each sample's time "
                        "steps reversed, not the order of the samples",
                  "ja": "xs の axis 0 はバッチ、axis 1 が時刻です。逆方向の RNN に必要なのは各サンプルの時刻の反転で、"
                        "サンプルの並びの反転ではありません"},
            predict=_wrong_join(lambda f, b: np.concatenate([f, b[::-1]], axis=1), backward_input=lambda xs: xs[::-1]),
            example=[("xs_b = xs[:, ::-1]", "xs_b = xs[::-1]")]),
]

_LOOK = {"en": "Look at blank (1), where each sample's forward and backward states are joined: the time order of "
               "each half, which half comes first, and along which axis (and the lines above it that build the "
               "reversed input, if you changed them).",
         "ja": "空欄 (1) で、サンプルごとに順方向と逆方向の状態を結合しているところを確認してください。それぞれの半分の"
               "時刻の順、どちらの半分が先か、どの軸で結合するか（逆順の入力を作る上の行を変えた場合はその行も）。"}


def _inputs(rng, N, T, D, H, O):
    return (rng.normal(size=(N, T, D)), rng.normal(scale=0.7, size=(H, D)), rng.normal(scale=0.7, size=(H, H)),
            rng.normal(scale=0.7, size=(H, D)), rng.normal(scale=0.7, size=(H, H)), rng.normal(size=(O, 2 * H)))


def _compare(got, want, args, general=False):
    expect(got, want, name="ys", candidates=lambda: candidates(MISTAKES, FUNC, args, want, like_reference=general),
           case=shape_case(xs=args[0], V=args[5]), look_at=pick(_LOOK))


def _run(sub, ref, args, general=False):
    _compare(sub.bidirectional_rnn_net(*args), ref.bidirectional_rnn_net(*args), args, general)


@task({"en": "returns ys of shape (N, T, O)", "ja": "形 (N, T, O) の ys を返す"}, points=1)
def test_shape(sub, ref, rng):
    for sizes in [(2, 4, 3, 5, 2), (1, 3, 2, 2, 4)]:
        args = _inputs(rng, *sizes)
        expect_form(sub.bidirectional_rnn_net(*args), ref.bidirectional_rnn_net(*args), name="ys",
                    case=shape_case(xs=args[0], V=args[5]))


@task({"en": "values on random sequences of several sizes", "ja": "いろいろな大きさのランダムな系列での値"}, points=3)
def test_values(sub, ref, rng):
    for sizes in [(2, 4, 3, 5, 2), (3, 6, 2, 3, 4), (1, 2, 1, 1, 1), (4, 5, 4, 2, 3)]:
        _run(sub, ref, _inputs(rng, *sizes), general=sizes[0] > 1)


@task({"en": "a one-step sequence (T = 1)", "ja": "1 時刻だけの系列 (T = 1)"}, points=2)
def test_one_step(sub, ref, rng):
    for sizes in [(3, 1, 2, 4, 3), (1, 1, 3, 2, 2)]:
        _run(sub, ref, _inputs(rng, *sizes))


@task({"en": "the inputs are left unchanged", "ja": "入力の配列を書き換えない"}, points=1)
def test_inputs_unchanged(sub, ref, rng):
    args = _inputs(rng, 2, 4, 3, 2, 3)
    got = check_unchanged(sub, FUNC, args, names=("xs", "W_f", "U_f", "W_b", "U_b", "V"))
    _compare(got, ref.bidirectional_rnn_net(*args), args)


@task({"en": "called again and again, each result depends only on its own arguments",
       "ja": "何度呼んでも、結果はその回の引数だけで決まる"}, points=1)
def test_repeatable(sub, ref, rng):
    calls = [_inputs(rng, 2, 4, 3, 2, 3) for _ in range(3)]
    check_fresh_each_call(sub, ref, FUNC, calls, name="ys", mistakes=MISTAKES, look_at=pick(_LOOK))


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
