"""The catalogue of ``attention``'s known mistakes (its check module imports it)."""
import numpy as np

from grader.mistakes import bilingual


def _row_softmax(s):
    e = np.exp(s)
    return e / e.sum(axis=1, keepdims=True)


def _model(scores=lambda hs, h: np.einsum("nth,nh->nt", hs, h), softmax=_row_softmax,
           weighted=lambda hs, w: np.einsum("nt,nth->nh", w, hs)):
    """attention with one of its three steps replaced."""
    def predict(hs, h):
        with np.errstate(all="ignore"):
            weights = softmax(scores(hs, h))
            return weighted(hs, weights), weights
    return predict


def _m(mid, *texts, **kw):   # every mistake here is one of attention
    return bilingual(mid, "attention", *texts, **kw)


_OVER_T = {"en": "the weights of one example must sum to 1 over the T time steps: each row's exponentials are "
                 "divided by that row's own sum",
           "ja": "1 つの例の重みは T 個の時刻について和が 1 になる必要があります。各行の指数を、その行"
                 "自身の和で割ってください"}
MISTAKES = [
    _m("softmax-axis0", "softmax over axis 0 (the batch) instead of over time",
       "softmax を時刻ではなく軸 0（バッチ方向）でとっている",
       "axis 0 mixes different examples; " + _OVER_T["en"], "軸 0 では異なる例が混ざります。" + _OVER_T["ja"],
       _model(softmax=lambda s: np.exp(s) / np.exp(s).sum(axis=0, keepdims=True)),
       example={2: "np.exp(scores) / np.exp(scores).sum(axis=0, keepdims=True)"}),
    _m("softmax-all", "softmax divided by the sum over the whole array", "softmax を配列全体の和で割っている",
       "without an axis the sum adds all examples together; " + _OVER_T["en"],
       "axis を指定しないとすべての例の合計になります。" + _OVER_T["ja"],
       _model(softmax=lambda s: np.exp(s) / np.exp(s).sum()), example={2: "np.exp(scores) / np.exp(scores).sum()"}),
    _m("no-softmax", "the raw scores used as the weights (no softmax)", "スコアをそのまま重みにしている（softmax がない）",
       "raw dot products can be negative and do not sum to 1; turn them into weights with a softmax over time",
       "内積の値は負にもなり、和も 1 になりません。時刻についての softmax で重みに変えてください",
       _model(softmax=lambda s: s), code=("scores",), example={2: "scores"}),
    _m("sum-without-exp", "the scores divided by their sum without exp", "exp をとらずにスコアをその和で割っている",
       "the rows then sum to 1, but a negative score gives a negative weight (and a sum near 0 blows up); "
       "apply np.exp first, then normalise",
       "行の和は 1 になりますが、負のスコアは負の重みになります（和が 0 に近いと値が発散します）。先に np.exp をとってから"
       "正規化してください",
       _model(softmax=lambda s: s / s.sum(axis=1, keepdims=True)),
       example={2: "scores / scores.sum(axis=1, keepdims=True)"}),
    _m("exp-not-normalised", "np.exp(scores) used as the weights without dividing by their sum",
       "np.exp(scores) を和で割らずに重みにしている",
       "exp makes the scores positive, but " + _OVER_T["en"], "exp で正の値になりますが、" + _OVER_T["ja"],
       _model(softmax=np.exp), example={2: "np.exp(scores)"}),
    _m("softmax-no-keepdims", "softmax sum taken with axis=1 but without keepdims=True",
       "softmax の和を axis=1 でとっているが keepdims=True がない",
       "the sum has shape (N,), which NumPy lines up with the LAST axis of (N, T); keepdims=True gives (N, 1), "
       "so each row is divided by its own sum",
       "和の形は (N,) で、NumPy はこれを (N, T) の最後の軸に合わせます。keepdims=True で (N, 1) にすると各行が"
       "その行の和で割られます",
       code=("np.exp(scores) / np.exp(scores).sum(axis=1)", "np.exp(scores) / np.sum(np.exp(scores), axis=1)"),
       error="broadcast", example={2: "np.exp(scores) / np.exp(scores).sum(axis=1)"}),
    _m("scaled-scores", "the scores divided by sqrt(H) (the Transformer's scaled dot product)",
       "スコアを sqrt(H) で割っている（Transformer の scaled dot-product）",
       "here (DL2's attention) the score is the plain dot product hs[n, t] . h[n], with no scaling",
       "この演習（DL2 の Attention）のスコアは単純な内積 hs[n, t] . h[n] で、スケーリングはしません",
       _model(scores=lambda hs, h: np.einsum("nth,nh->nt", hs, h) / np.sqrt(hs.shape[2])),
       example={1: "np.sum(hs * h[:, np.newaxis, :], axis=2) / np.sqrt(hs.shape[2])"}),
    _m("scores-unaligned", "hs and h multiplied without lining up the examples (h has no time axis)",
       "例をそろえずに hs と h を掛けている（h に時刻の軸がない）",
       "a plain product of (N, T, H) and (N, H) does not pair example n with h[n]; give h a time axis of "
       "length 1, (N, 1, H), so that it meets every time step of its own example, then add up over H",
       "(N, T, H) と (N, H) をそのまま掛けても、例 n と h[n] は組になりません。h に長さ 1 の時刻の軸を"
       "加えて (N, 1, H) にすると、自分の例のすべての時刻と掛け合わされます。そのあと H について足してください",
       code=("np.dot(hs, h)", "hs @ h", "np.matmul(hs, h)", "hs.dot(h)", "hs @ h.T", "np.dot(hs, h.T)",
             "np.sum(hs * h, axis=2)", "(hs * h).sum(axis=2)", "np.sum(hs * h, axis=-1)", "(hs * h).sum(axis=-1)"),
       example={1: "np.dot(hs, h)"}),
    _m("scores-over-time", "the product summed over the time axis (axis=1) instead of over H",
       "積を H ではなく時刻の軸（axis=1）で足している",
       "a score is a dot product over the H features; summing over axis=1 adds time steps and gives (N, H): "
       "sum over axis=2 to get scores (N, T)",
       "スコアは H 個の特徴についての内積です。axis=1 で足すと時刻を足し合わせて (N, H) になります。"
       "axis=2 で足して scores (N, T) にしてください",
       code=("np.sum(hs * h[:, np.newaxis, :], axis=1)", "np.sum(hs * h[:, None, :], axis=1)",
             "(hs * h[:, np.newaxis, :]).sum(axis=1)", "(hs * h[:, None, :]).sum(axis=1)",
             "np.sum(hs * h[:, np.newaxis], axis=1)", "np.sum(hs * h[:, None], axis=1)"),
       example={1: "np.sum(hs * h[:, np.newaxis, :], axis=1)"}),
    _m("context-over-h", "the weighted states summed over H (axis=2) instead of over time",
       "重み付けした状態を時刻ではなく H（axis=2）で足している",
       "the context is a mix of the T encoder states, so it keeps the H features: sum over time, axis=1, "
       "to get (N, H)",
       "コンテキストは T 個のエンコーダの状態を混ぜたものなので、H 個の特徴は残ります。時刻の軸 axis=1 で足して "
       "(N, H) にしてください",
       _model(weighted=lambda hs, w: np.sum(hs * w[:, :, None], axis=2)),
       example={3: "np.sum(hs * weights[:, :, np.newaxis], axis=2)"}),
    _m("context-over-batch", "the weighted states summed over the batch (axis=0)",
       "重み付けした状態をバッチ方向（axis=0）で足している",
       "each example gets its own context; sum over time, axis=1, to get (N, H)",
       "コンテキストは例ごとに作ります。時刻の軸 axis=1 で足して (N, H) にしてください",
       _model(weighted=lambda hs, w: np.sum(hs * w[:, :, None], axis=0)),
       example={3: "np.sum(hs * weights[:, :, np.newaxis], axis=0)"}),
    _m("context-no-weights", "the encoder states added up (or averaged) without the weights",
       "重みを使わずにエンコーダの状態を足して（平均して）いる",
       "attention exists to weight the time steps: each state hs[n, t] is scaled by its weight before the sum over time",
       "Attention は時刻ごとに重みを付けるための仕組みです。時刻について足す前に、各状態 hs[n, t] に"
       "その重みを掛けてください",
       _model(weighted=lambda hs, w: hs.sum(axis=1)),
       code=("np.sum(hs, axis=1)", "hs.sum(axis=1)", "np.mean(hs, axis=1)", "hs.mean(axis=1)"),
       example={3: "np.sum(hs, axis=1)"}),
    _m("weights-unaligned", "the weights lined up with the wrong axis of hs (the new axis is not the last)",
       "重みが hs の違う軸にそろえられている（新しい軸が最後にない）",
       "weights (N, T) must become (N, T, 1) to scale every feature of hs[n, t]: the new axis "
       "goes last; weights[:, np.newaxis] is (N, 1, T)",
       "weights (N, T) は (N, T, 1) にすると hs[n, t] のすべての特徴に掛かります。新しい軸は最後です。"
       "weights[:, np.newaxis] は (N, 1, T) です",
       code=("np.sum(hs * weights[:, np.newaxis, :], axis=1)", "np.sum(hs * weights[:, None, :], axis=1)",
             "np.sum(hs * weights[:, np.newaxis], axis=1)", "np.sum(hs * weights[:, None], axis=1)",
             "np.sum(hs * weights, axis=1)", "(hs * weights).sum(axis=1)", "(hs * weights[:, None]).sum(axis=1)"),
       error="broadcast", example={3: "np.sum(hs * weights[:, np.newaxis], axis=1)"}),
    _m("swapped-return", "the outputs returned in the wrong order, (weights, context)",
       "戻り値の順序が逆（weights, context）",
       "return the context first and the weights second: return context, weights",
       "コンテキストを先に、重みを後に返してください: return context, weights",
       lambda hs, h: _model()(hs, h)[::-1],
       example=[("return context, weights", "return weights, context")]),
    _m("scores-mean", "the scores averaged over H (np.mean) instead of summed",
       "スコアを H について足さずに平均している（np.mean）",
       "a dot product adds the H products up; a mean divides every score by H, which flattens the weights (this "
       "attention has no scaling at all)",
       "内積は H 個の積を足したものです。平均にするとすべてのスコアが H で割られ、重みが平らになります（この Attention "
       "にはスケーリングがありません）",
       _model(scores=lambda hs, h: np.einsum("nth,nh->nt", hs, h) / hs.shape[2]),
       example={1: "np.mean(hs * h[:, np.newaxis, :], axis=2)"}),
    _m("softmax-shift-numerator-only", "the maximum subtracted in the numerator only (not inside the sum below it)",
       "最大値を分子だけで引いていて、分母の和の中では引いていない",
       "subtracting the row's maximum leaves a softmax unchanged only when it is done in both places: the sum that "
       "divides must be the sum of the very exponentials on top",
       "行の最大値を引いても softmax が変わらないのは、分子と分母の両方で引いたときだけです。割る和は、分子と同じ指数の和"
       "でなければなりません",
       _model(softmax=lambda s: np.exp(s - s.max(axis=1, keepdims=True)) / np.exp(s).sum(axis=1, keepdims=True)),
       example={2: "np.exp(scores - scores.max(axis=1, keepdims=True)) / np.exp(scores).sum(axis=1, keepdims=True)"}),
    _m("softmax-shift-axis0", "the maximum for the overflow guard taken per column (axis=0)",
       "オーバーフロー対策の最大値を列ごと（axis=0）にとっている",
       "a softmax is unchanged only when the same number is subtracted from a whole row (one example); a column's "
       "maximum differs from one time step to the next",
       "softmax が変わらないのは、行（1 つの例）全体から同じ数を引いたときだけです。列の最大値は時刻ごとに違います",
       _model(softmax=lambda s: _row_softmax(s - s.max(axis=0, keepdims=True))),
       example={2: "np.exp(scores - scores.max(axis=0, keepdims=True)) / "
                   "np.exp(scores - scores.max(axis=0, keepdims=True)).sum(axis=1, keepdims=True)"}),
    _m("context-mean", "the weighted states averaged over time (np.mean) instead of summed",
       "重み付けした状態を時刻について足さずに平均している（np.mean）",
       "the weights already sum to 1 over time, so the weighted SUM is the average that attention wants; a mean "
       "divides by T once more",
       "重みは時刻について和が 1 なので、重み付きの「和」がそのまま Attention の求める平均です。np.mean ではさらに T で"
       "割ってしまいます",
       _model(weighted=lambda hs, w: np.einsum("nt,nth->nh", w, hs) / hs.shape[1]),
       example={3: "np.mean(hs * weights[:, :, np.newaxis], axis=1)"}),
    _m("context-with-scores", "the context weighted by the raw scores instead of the weights",
       "コンテキストを重みではなく生のスコアで重み付けしている",
       "the softmax turns the scores into the weights that mix the states; the context must use those weights",
       "softmax がスコアを、状態を混ぜるための重みに変えます。コンテキストにはその重みを使ってください",
       lambda hs, h: (np.einsum("nt,nth->nh", np.einsum("nth,nh->nt", hs, h), hs), _model()(hs, h)[1]),
       example={3: "np.sum(hs * scores[:, :, np.newaxis], axis=1)"}),
]
