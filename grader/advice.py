"""Advice that never costs points: a right answer that would go wrong on
inputs the graded tasks avoid, such as the course's plain softmax, whose
``np.exp`` overflows for scores above about 709.

A check calls :func:`falls_short` on such an input and, when the learner's
function stops with an error or gives other values there, leaves the advice
of :func:`softmax_overflow` with :func:`grader.tasks.advise`.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from grader.compare import difference
from grader.i18n import tr
from grader.outcome import LearnerError


def falls_short(call: Callable[[], Any], want: Any, name: str) -> Optional[str]:
    """``"error"`` when ``call()`` stops with an error in the learner's code,
    ``"differs"`` when its output is not ``want``, None when it matches.  A
    blank left or a timeout is not a matter for advice: it propagates."""
    try:
        got = call()
    except LearnerError as exc:
        if exc.status != "error":
            raise
        return "error"
    return "differs" if difference(got, want, name, 1e-6, 1e-9) is not None else None


def softmax_overflow(func: str, output: str, shortfall: str, scores: float, fix: str) -> str:
    """Advice for a softmax that overflows: ``func`` gave an error or other
    ``output`` values (``shortfall``) with scores of size ``scores``; ``fix``
    is the stable form written with the function's own names."""
    what = (tr("stops with an error", "エラーで止まります") if shortfall == "error"
            else tr("gives other values (nan, inf or 0)", "異なる値（nan、inf、0）を返します"))
    return tr("Advice (not counted): with scores of about {m:.0f}, {func} {what} for {out}, while the softmax is "
              "well defined there: in float64 np.exp(710) is already inf. Subtract each row's maximum before "
              "np.exp, {fix}: the softmax is unchanged and every exp is at most 1.",
              "アドバイス（採点には影響しません）: スコアが {m:.0f} 程度のとき、{func} の {out} は{what}"
              "（softmax の値自体はきちんと決まります）。float64 では np.exp(710) がすでに inf です。"
              "np.exp の前に各行の最大値を引いてください（{fix}）。softmax の値は変わらず、exp は 1 以下に収まります。",
              m=scores, func=func, what=what, out=output, fix=fix)
