"""The catalogue of known mistakes for ``gru`` (the blank is the new hidden state).

Each wrong answer is our own GRU step with one rule changed: the mix of h and h_bar in
the blank, or the given lines that make the candidate h_bar.
"""
import numpy as np

from grader.mistakes import bilingual

FUNC = "gru"


def _sig(x):
    return 1.0 / (1.0 + np.exp(-x))


def _candidate(x, h, r, W, U):
    return np.tanh(x @ W.T + (r * h) @ U.T)


def wrong_update(rule, candidate=_candidate):
    """Our own gru with ``rule(z, r, h, h_bar)`` for h_new and ``candidate(x, h, r, W, U)`` for h_bar."""
    def predict(x, h, W_r, U_r, W_z, U_z, W, U):
        r = _sig(x @ W_r.T + h @ U_r.T)
        z = _sig(x @ W_z.T + h @ U_z.T)
        return rule(z, r, h, candidate(x, h, r, W, U))
    return predict


def _right(z, r, h, hb):
    return (1 - z) * h + z * hb


def _m(mid, en, ja, hint_en, hint_ja, predict=None, **kw):
    return bilingual(mid, FUNC, en, ja, hint_en, hint_ja, predict, **kw)


_H_BAR_LINE = "h_bar = np.tanh(x.dot(W.T) + (r * h).dot(U.T))"

MISTAKES = [
    _m("option-1", "option (1) of the original, z * h_bar", "元の選択肢 (1) z * h_bar",
       "the previous state h is dropped, so the GRU forgets everything at each step; the share of the "
       "candidate that z does not take in must come from h",
       "前の隠れ状態 h が消えてしまい、GRU は毎ステップすべてを忘れます。z で取り入れなかった残りの割合は h から引き継ぎます",
       wrong_update(lambda z, r, h, hb: z * hb), code=("z * h_bar", "h_bar * z")),
    _m("option-2", "option (2) of the original, (1 - z) * h_bar", "元の選択肢 (2) (1 - z) * h_bar",
       "the previous state h is missing: the new state mixes h and the candidate h_bar, with weights that "
       "add up to 1", "前の隠れ状態 h が入っていません。新しい状態は h と候補 h_bar を、足して 1 になる重みで混ぜたものです",
       wrong_update(lambda z, r, h, hb: (1 - z) * hb), code=("(1 - z) * h_bar", "h_bar * (1 - z)")),
    _m("option-3-pytorch", "option (3) of the original, z * h + (1 - z) * h_bar: PyTorch's convention, with the "
       "roles of z and 1 - z swapped", "元の選択肢 (3) z * h + (1 - z) * h_bar。z と 1 - z の役割が逆の PyTorch の書き方です",
       "PyTorch writes h' = (1 - z) * n + z * h, where z is the share of the old state; in this course (the "
       "code challenge and DL2) z is the share of the candidate h_bar",
       "PyTorch は h' = (1 - z) * n + z * h と書き、z は古い状態を残す割合です。この講座（演習チャレンジと DL2）では、"
       "z は候補 h_bar を取り入れる割合です",
       wrong_update(lambda z, r, h, hb: z * h + (1 - z) * hb), code=("z * h + (1 - z) * h_bar", "(1 - z) * h_bar + z * h")),
    _m("reset-for-update", "the reset gate r used where the update gate z belongs",
       "更新ゲート z の代わりにリセットゲート r を使っている",
       "r has already done its job inside h_bar (it chose how much of h enters the candidate); the mix of h "
       "and h_bar is set by the update gate z",
       "r は h_bar の中ですでに役目を終えています（候補に h をどれだけ使うかを決めました）。h と h_bar の混ぜ方を"
       "決めるのは更新ゲート z です",
       wrong_update(lambda z, r, h, hb: (1 - r) * h + r * hb), example={1: "(1 - r) * h + r * h_bar"}),
    _m("reset-on-kept", "the reset gate applied to the kept state as well ((1 - z) * r * h + ...)",
       "引き継ぐ状態にもリセットゲートを掛けている（(1 - z) * r * h + ...）",
       "r only acts inside the candidate h_bar; the share of the old state that is kept is h itself, scaled by "
       "the update gate alone", "r が働くのは候補 h_bar の中だけです。引き継ぐ古い状態は h そのもので、掛けるのは更新ゲートだけです",
       wrong_update(lambda z, r, h, hb: (1 - z) * r * h + z * hb), example={1: "(1 - z) * r * h + z * h_bar"}),
    _m("no-keep-share", "h kept in full, without its share 1 - z (h + z * h_bar)",
       "h をその割合 1 - z を掛けずに全部残している（h + z * h_bar）",
       "the new state is a weighted mean of h and h_bar: the two weights add up to 1, so h cannot keep its full "
       "weight when some of the candidate comes in",
       "新しい状態は h と h_bar の重み付き平均で、2 つの重みの和は 1 です。候補を取り入れる分だけ h の重みは減ります",
       wrong_update(lambda z, r, h, hb: h + z * hb), example={1: "h + z * h_bar"}),
    _m("candidate-unscaled", "the candidate h_bar added in full, without the update gate ((1 - z) * h + h_bar)",
       "候補 h_bar を更新ゲートを掛けずに全部足している（(1 - z) * h + h_bar）",
       "the update gate z decides how much of the candidate enters; both terms are scaled, and the weights add "
       "up to 1", "候補をどれだけ取り入れるかは更新ゲート z が決めます。2 つの項はどちらも重みが掛かり、その和は 1 です",
       wrong_update(lambda z, r, h, hb: (1 - z) * h + hb), example={1: "(1 - z) * h + h_bar"}),
    _m("interpolation-sign", "the difference in h + z * (...) taken the wrong way round (h + z * (h - h_bar))",
       "h + z * (...) の差の向きが逆（h + z * (h - h_bar)）",
       "moving from h towards the candidate means adding z times (where you go minus where you are)",
       "h から候補へ近づくには、z ×（行き先 − いまの位置）を足します",
       wrong_update(lambda z, r, h, hb: h + z * (h - hb)), example={1: "h + z * (h - h_bar)"}),
    _m("minus", "the two terms subtracted instead of added", "2 つの項を足さずに引いている",
       "the new state is a weighted mean of h and h_bar: both weights are positive and the terms are added",
       "新しい状態は h と h_bar の重み付き平均です。重みはどちらも正で、2 つの項は足し合わせます",
       wrong_update(lambda z, r, h, hb: (1 - z) * h - z * hb), example={1: "(1 - z) * h - z * h_bar"}),
    _m("matrix-product", "a matrix product of a gate and a state ((1 - z).dot(h), or @) instead of the "
       "element-wise *", "ゲートと状態を要素ごとの * ではなく行列の積（(1 - z).dot(h) や @）で掛けている",
       "a gate scales each unit of the same sample: multiply element-wise with *",
       "ゲートは同じサンプルの各ユニットを 1 つずつ調整します。要素ごとの積 * を使ってください",
       wrong_update(lambda z, r, h, hb: (1 - z) @ h + z @ hb),
       code=("(1 - z).dot(h) + z.dot(h_bar)", "(1 - z) @ h + z @ h_bar", "np.dot(1 - z, h) + np.dot(z, h_bar)",
             "z.dot(h_bar) + (1 - z).dot(h)", "z @ h_bar + (1 - z) @ h")),
    _m("tanh-on-new", "tanh applied to the new state (np.tanh(...) around the mix)",
       "新しい状態に tanh をかけている（混ぜた結果を np.tanh(...) で包んでいる）",
       "h_bar already went through tanh; the new state is only the mix of h and h_bar, with no activation on top",
       "h_bar はすでに tanh を通っています。新しい状態は h と h_bar を混ぜるだけで、その上に活性化関数はかけません",
       wrong_update(lambda z, r, h, hb: np.tanh(_right(z, r, h, hb))), example={1: "np.tanh((1 - z) * h + z * h_bar)"}),
    _m("sigmoid-on-new", "the sigmoid applied to the new state", "新しい状態にシグモイドをかけている",
       "only the gates use the sigmoid; the new state is the mix of h and h_bar as it is",
       "シグモイドを使うのはゲートだけです。新しい状態は h と h_bar を混ぜたものそのままです",
       wrong_update(lambda z, r, h, hb: _sig(_right(z, r, h, hb))), example={1: "_sigmoid((1 - z) * h + z * h_bar)"}),
    _m("tanh-twice", "tanh applied to h_bar a second time (np.tanh(h_bar) in the blank)",
       "h_bar に tanh をもう一度かけている（空欄で np.tanh(h_bar)）",
       "h_bar is already the candidate, tanh included: use it as it is",
       "h_bar はすでに tanh を含んだ候補です。そのまま使ってください",
       wrong_update(lambda z, r, h, hb: (1 - z) * h + z * np.tanh(hb)), example={1: "(1 - z) * h + z * np.tanh(h_bar)"}),
    _m("reset-after-product", "the reset gate applied after the product with U (r * h.dot(U.T), PyTorch's "
       "reset_after) instead of before it", "リセットゲートを U との積の後に掛けている（r * h.dot(U.T)、PyTorch の "
       "reset_after の形）。この講座では積の前です",
       "this course resets the state before the product, (r * h) U^T, as the given line does; PyTorch and "
       "Keras (reset_after) apply r to h U^T instead, which gives other values",
       "この講座では、与えられた行のとおり積の前に状態をリセットします: (r * h) U^T。PyTorch や Keras（reset_after）は "
       "h U^T に r を掛けるので、値が変わります",
       wrong_update(_right, candidate=lambda x, h, r, W, U: np.tanh(x @ W.T + r * (h @ U.T))),
       example=[(_H_BAR_LINE, "h_bar = np.tanh(x.dot(W.T) + r * h.dot(U.T))")]),
    _m("no-reset", "the candidate h_bar made from h instead of r * h (the reset gate left out)",
       "候補 h_bar を r * h ではなく h から作っている（リセットゲートがない）",
       "the reset gate chooses how much of the previous state enters the candidate: keep the given line "
       "with r * h", "リセットゲートは、前の状態のどれだけを候補に使うかを選びます。与えられた r * h の行のままにしてください",
       wrong_update(_right, candidate=lambda x, h, r, W, U: np.tanh(x @ W.T + h @ U.T)),
       example=[(_H_BAR_LINE, "h_bar = np.tanh(x.dot(W.T) + h.dot(U.T))")]),
    _m("candidate-no-tanh", "the candidate h_bar without its tanh", "候補 h_bar に tanh をかけていない",
       "the candidate is the tanh of its total input, so that it lies between -1 and 1: keep the given line",
       "候補は総入力に tanh をかけたもので、-1 から 1 の範囲に収まります。与えられた行のままにしてください",
       wrong_update(_right, candidate=lambda x, h, r, W, U: x @ W.T + (r * h) @ U.T),
       example=[(_H_BAR_LINE, "h_bar = x.dot(W.T) + (r * h).dot(U.T)")]),
]
