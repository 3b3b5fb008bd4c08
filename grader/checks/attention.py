"""Checks for ``attention``: dot-product attention over the encoder states (DL2 ch. 8).

The original challenge has no multiple-choice blank here, so the catalogue lists
likely slips only.  Sizes keep N, T and H apart so that an axis taken for another
gives a different shape or a broadcasting error.  The weights are compared before
the context, since a wrong context usually comes from wrong weights.
"""
import numpy as np

from grader.compare import check_repeatable, check_unchanged, expect, expect_form, shape_case
from grader.i18n import tr
from grader.mistakes import predictions
from grader.outcome import TaskFailed
from grader.checks._attention_mistakes import MISTAKES
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


def _look(got, hs, want):
    """Where the slip can be, from the learner's (context, weights): right weights put it in blank (3);
    weights that are distributions point at the scores; other weights at the softmax."""
    if not (isinstance(got, (tuple, list)) and len(got) == 2 and all(isinstance(g, np.ndarray) for g in got)):
        return ""
    context, weights = got
    if weights.shape != want[1].shape or weights.dtype != np.float64:
        return ""
    if np.allclose(weights, want[1], rtol=1e-6, atol=1e-9):
        return tr("Your weights are right: look at the context, blank (3), the weighted sum of the encoder states.",
                  "重みは正しいです。コンテキスト、つまりエンコーダの状態の重み付き和（空欄 3）を確認してください。")
    with np.errstate(all="ignore"):
        sums = weights.sum(axis=1)
    if np.all(weights > 0) and np.allclose(sums, 1.0, rtol=1e-9, atol=1e-9):
        return tr("Each row of your weights is positive and sums to 1, as a softmax's should, but the values "
                  "differ: look at the scores (blank 1), and at what the softmax (blank 2) is applied to.",
                  "重みの各行は正で和が 1 で、softmax として問題ありませんが、値が違います。スコア（空欄 1）と、softmax"
                  "（空欄 2）に何を渡しているかを確認してください。")
    return tr("Your weights are not a softmax over time (a row has a negative entry, or does not sum to 1): look at "
              "blank (2).", "重みが時刻についての softmax になっていません（負の要素があるか、行の和が 1 ではありません）。"
              "空欄 (2) を確認してください。")


def _inputs(rng, N, T, H, scale=1.0):
    return rng.normal(size=(N, T, H)), rng.normal(scale=scale, size=(N, H))


def _pair(out):
    """(weights, context) from (context, weights); anything else unchanged."""
    return (out[1], out[0]) if isinstance(out, (tuple, list)) and len(out) == 2 else out


def _expect(got, want, hs, h, name_mistakes=True):
    """Compare the weights first, then the context (a tuple of another length is reported as such).
    On degenerate inputs (h = 0) many answers coincide, so no mistake is named from the output there."""
    def cands():   # only when the output is wrong
        return predictions(MISTAKES, "attention", (hs, h), {}) if name_mistakes else []

    case = shape_case(hs=hs, h=h)
    if isinstance(got, (tuple, list)) and len(got) == 2:
        expect(_pair(got), _pair(want), name="(weights, context)", parts=("weights", "context"), case=case,
               candidates=lambda: [(m, _pair(o)) for m, o in cands()], look_at=lambda: _look(got, hs, want))
    else:
        expect(got, want, name="(context, weights)", parts=("context", "weights"), case=case,
               candidates=cands, look_at=lambda: _look(got, hs, want))


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
       "ja": "(context, weights) を返し、形は (N, H) と (N, T)"}, points=1)
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
        raise TaskFailed(tr("the weights of example {n} sum to {s:.6g} over time, not 1: a softmax divides each "
                            "example's exponentials by their own sum over the time axis.",
                            "例 {n} の重みの時刻についての和が 1 ではなく {s:.6g} です。softmax では、各例の指数を"
                            "時刻の軸についてのその例自身の和で割ります。", n=n, s=float(sums[n])))


@task({"en": "one encoder step (T = 1: all weight on it) and h = 0 (equal weights 1/T)",
       "ja": "エンコーダが 1 時刻（T = 1: 重みはすべてそこへ）と h = 0（重みはすべて 1/T）"}, points=2, independent=True)
def test_edges(sub, rng):
    hs, h = _inputs(rng, 3, 1, 4)
    _expect(sub.attention(hs, h), (hs[:, 0].copy(), np.ones((3, 1))), hs, h)
    hs, h = _inputs(rng, 4, 3, 5)
    h = np.zeros_like(h)
    _expect(sub.attention(hs, h), (hs.mean(axis=1), np.full((4, 3), 1.0 / 3)), hs, h, name_mistakes=False)


@task({"en": "each call depends on its own arguments only, and leaves hs and h unchanged",
       "ja": "毎回その引数だけから計算し、hs と h を書き換えない"}, points=1)
def test_calls_independent(sub, ref, rng):
    calls = [_inputs(rng, 3, 4, 5) for _ in range(3)]
    check_repeatable(sub, ref, "attention", calls, name="(context, weights)", parts=("context", "weights"),
                     mistakes=MISTAKES)
    check_unchanged(sub, "attention", calls[0], names=["hs", "h"])
