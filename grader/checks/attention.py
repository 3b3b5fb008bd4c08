"""Checks for ``attention``: dot-product attention over the encoder states (DL2 ch. 8).

The original challenge has no multiple-choice blank here, so the catalogue lists
likely slips only.  Sizes keep N, T and H apart so that an axis taken for another
gives a different shape or a broadcasting error.  The weights are compared before
the context, since a wrong context usually comes from wrong weights.
"""
import numpy as np

from grader.compare import expect, expect_form, shape_case
from grader.i18n import pick, tr
from grader.mistakes import predictions, bilingual
from grader.outcome import TaskFailed
from grader.advice import falls_short, softmax_overflow
from grader.tasks import advise, task

ANSWERS = {1: "np.sum(hs * h[:, np.newaxis, :], axis=2)",
           2: "np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)",
           3: "np.sum(hs * weights[:, :, np.newaxis], axis=1)"}
EQUIVALENTS = [
    # einsum, and a stable softmax (subtract each row's max)
    {1: "np.einsum('nth,nh->nt', hs, h)",
     2: "np.exp(scores - scores.max(axis=1, keepdims=True)) / "
        "np.exp(scores - scores.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True)",
     3: "np.einsum('nt,nth->nh', weights, hs)"},
    # batched matrix products with an added axis
    {1: "(hs @ h[:, :, np.newaxis])[:, :, 0]",
     2: "np.exp(scores) / np.sum(np.exp(scores), axis=-1, keepdims=True)",
     3: "(weights[:, np.newaxis, :] @ hs)[:, 0, :]"},
    # DL2's repeat, loops over the batch, the transposed softmax
    {1: "np.sum(hs * h.reshape(h.shape[0], 1, h.shape[1]).repeat(hs.shape[1], axis=1), axis=2)",
     2: "(np.exp(scores.T - scores.max(axis=1)) / np.exp(scores.T - scores.max(axis=1)).sum(axis=0)).T",
     3: "np.array([weights[n] @ hs[n] for n in range(hs.shape[0])])"},
    {1: "np.array([[hs[n, t] @ h[n] for t in range(hs.shape[1])] for n in range(hs.shape[0])])",
     3: "(hs * weights[..., None]).sum(axis=1)"},
]


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


_OVER_T = {"en": "the weights of one example must sum to 1 over the T time steps: exp, then divide by the sum over "
                 "axis=1 with keepdims=True",
           "ja": "1 つの例の重みは T 個の時刻について和が 1 になる必要があります。exp をとってから、axis=1、"
                 "keepdims=True の和で割ってください"}
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
       "a plain product of (N, T, H) and (N, H) does not pair example n with h[n]; give h a time axis, "
       "h[:, np.newaxis, :] (N, 1, H), multiply and sum over H (axis=2), or use np.einsum('nth,nh->nt', hs, h)",
       "(N, T, H) と (N, H) をそのまま掛けても、例 n と h[n] は組になりません。h に時刻の軸を加えて "
       "h[:, np.newaxis, :]（形 (N, 1, H)）とし、掛けて H について（axis=2）和をとるか、"
       "np.einsum('nth,nh->nt', hs, h) を使ってください",
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
       "attention exists to weight the time steps: multiply hs by weights[:, :, np.newaxis] before summing over time",
       "Attention は時刻ごとに重みを付けるための仕組みです。時刻について足す前に hs に weights[:, :, np.newaxis] を"
       "掛けてください",
       _model(weighted=lambda hs, w: hs.sum(axis=1)),
       code=("np.sum(hs, axis=1)", "hs.sum(axis=1)", "np.mean(hs, axis=1)", "hs.mean(axis=1)"),
       example={3: "np.sum(hs, axis=1)"}),
    _m("weights-unaligned", "the weights lined up with the wrong axis of hs (the new axis is not the last)",
       "重みが hs の違う軸にそろえられている（新しい軸が最後にない）",
       "weights (N, T) must become (N, T, 1) to scale every feature of hs[n, t]: weights[:, :, np.newaxis]; "
       "weights[:, np.newaxis] is (N, 1, T)",
       "weights (N, T) は (N, T, 1) にすると hs[n, t] のすべての特徴に掛かります: weights[:, :, np.newaxis]。"
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
]

_LOOK = {"en": "Look at the three steps: scores (N, T) summed over H (axis=2), the softmax over time (axis=1, "
               "keepdims=True), and the context summed over time (axis=1) with weights[:, :, np.newaxis].",
         "ja": "3 つの手順を確認してください: H について（axis=2）和をとる scores (N, T)、時刻についての softmax"
               "（axis=1、keepdims=True）、weights[:, :, np.newaxis] を掛けて時刻（axis=1）について足す context。"}


def _inputs(rng, N, T, H, scale=1.0):
    return rng.normal(size=(N, T, H)), rng.normal(scale=scale, size=(N, H))


def _pair(out):
    """(weights, context) from (context, weights); anything else unchanged."""
    return (out[1], out[0]) if isinstance(out, (tuple, list)) and len(out) == 2 else out


def _expect(got, want, hs, h, name_mistakes=True):
    """Compare the weights first, then the context (a tuple of another length is reported as such).
    On degenerate inputs (h = 0) many answers coincide, so no mistake is named from the output there."""
    cands = predictions(MISTAKES, "attention", (hs, h), {}) if name_mistakes else []
    case = shape_case(hs=hs, h=h)
    if isinstance(got, (tuple, list)) and len(got) == 2:
        expect(_pair(got), _pair(want), name="(weights, context)", parts=("weights", "context"), case=case,
               candidates=[(m, _pair(o)) for m, o in cands], look_at=pick(_LOOK))
    else:
        expect(got, want, name="(context, weights)", parts=("context", "weights"), case=case,
               candidates=cands, look_at=pick(_LOOK))


def _look_large(sub, ref, rng):
    """Advice only: scores above 709 overflow a softmax that skips the max subtraction."""
    hs, h = _inputs(rng, 3, 4, 5)
    h = 400.0 + 50.0 * np.abs(h)
    hs[:, 0] = 1.0        # the first step scores above 2000 in every row, where np.exp overflows
    shortfall = falls_short(lambda: sub.attention(hs, h), ref.attention(hs, h), "(context, weights)")
    if shortfall:
        scores = float(np.abs(np.einsum("nth,nh->nt", hs, h)).max())
        advise(softmax_overflow("attention", "weights", shortfall, scores,
                                "scores - scores.max(axis=1, keepdims=True)"))


@task({"en": "returns (context, weights) of shapes (N, H) and (N, T)",
       "ja": "(context, weights) を返し、形は (N, H) と (N, T)"}, points=2)
def test_shapes(sub, ref, rng):
    hs, h = _inputs(rng, 2, 5, 3)
    expect_form(sub.attention(hs, h), ref.attention(hs, h), name="(context, weights)", parts=("context", "weights"),
                case=shape_case(hs=hs, h=h))


@task({"en": "values on random inputs of several sizes (N = 1 included)",
       "ja": "いろいろな大きさのランダムな入力での値（N = 1 を含む）"}, points=4)
def test_values(sub, ref, rng):
    for N, T, H in [(2, 5, 3), (4, 3, 6), (1, 4, 2), (3, 6, 4)]:
        hs, h = _inputs(rng, N, T, H)
        _expect(sub.attention(hs, h), ref.attention(hs, h), hs, h)
    _look_large(sub, ref, rng)


@task({"en": "the weights of each example are positive and sum to 1 over time",
       "ja": "各例の重みは正で、時刻について和が 1"}, points=2, independent=True)
def test_weights_normalised(sub, rng):
    N, T, H = 3, 5, 4
    hs, h = _inputs(rng, N, T, H)
    out = sub.attention(hs, h)
    expect_form(out, (np.zeros((N, H)), np.zeros((N, T))), name="(context, weights)", parts=("context", "weights"),
                case=shape_case(hs=hs, h=h))
    weights = out[1]
    if not np.all(np.isfinite(weights)) or np.any(weights <= 0):
        n, t = (int(i) for i in np.argwhere(~(np.isfinite(weights) & (weights > 0)))[0])
        raise TaskFailed(tr("weights[{n}, {t}] is {v:.6g}: a softmax weight is always positive. Take np.exp of "
                            "the scores before normalising.",
                            "weights[{n}, {t}] が {v:.6g} です。softmax の重みは必ず正です。正規化の前にスコアの "
                            "np.exp をとってください。", n=n, t=t, v=float(weights[n, t])))
    sums = weights.sum(axis=1)
    if not np.allclose(sums, 1.0, rtol=1e-9, atol=1e-9):
        n = int(np.argmax(np.abs(sums - 1.0)))
        raise TaskFailed(tr("the weights of example {n} sum to {s:.6g} over time, not 1: divide np.exp(scores) by "
                            "its sum over axis=1 (keepdims=True), the time axis.",
                            "例 {n} の重みの時刻についての和が 1 ではなく {s:.6g} です。np.exp(scores) を時刻の軸 "
                            "axis=1 についての和（keepdims=True）で割ってください。", n=n, s=float(sums[n])))


@task({"en": "one encoder step (T = 1: all weight on it) and h = 0 (equal weights 1/T)",
       "ja": "エンコーダが 1 時刻（T = 1: 重みはすべてそこへ）と h = 0（重みはすべて 1/T）"}, points=2, independent=True)
def test_edges(sub, rng):
    hs, h = _inputs(rng, 3, 1, 4)
    _expect(sub.attention(hs, h), (hs[:, 0].copy(), np.ones((3, 1))), hs, h)
    hs, h = _inputs(rng, 4, 3, 5)
    h = np.zeros_like(h)
    _expect(sub.attention(hs, h), (hs.mean(axis=1), np.full((4, 3), 1.0 / 3)), hs, h, name_mistakes=False)
