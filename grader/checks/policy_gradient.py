"""Checks for ``policy_gradient``: discounted returns, a softmax policy and the REINFORCE gradient.

The first case of each task keeps T, S and A apart (a transposed or unreshaped array fails with a
shape error); later cases with T == A or S == A let those slips run and be named from their output.
"""
import numpy as np

from grader.compare import check_call, check_repeatable, check_unchanged, difference, expect_form, shape_case
from grader.i18n import pick, tr
from grader.mistakes import predictions
from grader.checks._policy_gradient_mistakes import MISTAKES
from grader.numgrad import numerical_gradient, relative_error, remembered
from grader.outcome import TaskFailed
from grader.advice import falls_short, softmax_overflow
from grader.tasks import advise, task

_RET, _PROBS, _GRAD = "discounted_returns", "policy_probs", "reinforce_gradient"

ANSWERS = {
    1: "rewards[t] + gamma * later",
    2: "states @ theta",
    3: "np.exp(logits - logits.max(axis=1, keepdims=True))",
    4: "e / e.sum(axis=1, keepdims=True)",
    5: "onehot - probs",
    6: "states.T @ (returns[:, None] * dlogits) / T",
}
EQUIVALENTS = [
    # explicit sums instead of the backward recursion; the plain (unguarded) softmax; np.mean
    {1: "np.sum(gamma ** np.arange(T - t) * rewards[t:])", 2: "np.dot(states, theta)", 3: "np.exp(logits)",
     4: "e / np.sum(e, axis=1, keepdims=True)", 5: "-(probs - onehot)",
     6: "np.mean(returns[:, None, None] * states[:, :, None] * dlogits[:, None, :], axis=0)"},
    {1: "sum(gamma ** k * rewards[t + k] for k in range(T - t))", 2: "states.dot(theta)",
     3: "np.exp(logits - np.max(logits))", 4: "e / e.sum(axis=1)[:, None]", 5: "np.eye(probs.shape[1])[actions] - probs",
     6: "sum(returns[i] * np.outer(states[i], dlogits[i]) for i in range(T)) / T"},
    {1: "rewards[t:] @ gamma ** np.arange(len(rewards) - t)", 2: "np.einsum('ts,sa->ta', states, theta)",
     3: "np.exp(logits - logits.max(axis=1)[:, None])", 4: "(e.T / e.sum(axis=1)).T",
     6: "np.dot(states.T, dlogits * returns.reshape(-1, 1)) / len(returns)"},
]


_LOOK_RET = {"en": "Look at blank (1): how the return of step t is made from the reward of step t and the return of "
                   "the step after it (kept in later; the loop runs from the last step back).",
             "ja": "空欄 (1) を確認してください: ステップ t の収益を、ステップ t の報酬と次のステップの収益（later に入って"
                   "います。ループは最後のステップから逆向きに進みます）からどう作るか。"}


def _look(sub, func, args):
    """What to look at when ``func`` gave a wrong output on ``args`` and no mistake was named."""
    if func == _RET:
        return pick(_LOOK_RET)
    theta, states = args[:2]
    probs = sub.call(_PROBS, theta, states)
    if func == _GRAD:
        logits = states @ theta
        e = np.exp(logits - logits.max(axis=1, keepdims=True))
        if difference(probs, e / e.sum(axis=1, keepdims=True), "probs", 1e-6, 1e-9) is not None:
            return tr("reinforce_gradient uses your policy_probs, which is wrong on these inputs too: fix "
                      "policy_probs first (blanks 2 to 4).",
                      "reinforce_gradient はあなたの policy_probs を使いますが、その policy_probs もこの入力で正しく"
                      "ありません。先に policy_probs（空欄 2 から 4）を直してください。")
        return tr("Your policy_probs is right on these inputs: look at blanks (5) and (6), the derivative of "
                  "log pi(a_t | s_t) with respect to the logits and how the steps are weighted and combined.",
                  "あなたの policy_probs はこの入力で正しいです。空欄 (5) と (6)、つまり log pi(a_t | s_t) のロジットでの"
                  "微分と、各ステップの重み付け・まとめ方を確認してください。")
    if isinstance(probs, np.ndarray) and probs.ndim == 2 and probs.dtype == np.float64:
        with np.errstate(all="ignore"):
            ok = np.all(probs >= 0) and np.allclose(probs.sum(axis=1), 1.0, rtol=1e-9, atol=1e-9)
        if ok:
            return tr("Each row of your probs is positive and sums to 1, as a softmax's should: look at what goes "
                      "into the normalisation, the logits (blank 2) and the exponentials (blank 3).",
                      "probs の各行は正で和が 1 で、softmax として問題ありません。正規化に渡すもの、ロジット（空欄 2）と"
                      "指数（空欄 3）を確認してください。")
        return tr("The rows of your probs are not distributions over the actions (each must be positive and sum to "
                  "1): look at blank (4).",
                  "probs の各行が行動についての確率分布になっていません（正で和が 1 のはずです）。空欄 (4) を確認してください。")
    return ""


def _check(sub, ref, func, *args, case, **kw):
    try:
        return check_call(sub, ref, func, *args, mistakes=MISTAKES, case=case, **kw)
    except TaskFailed as exc:
        if exc.mistake is not None:
            raise
        raise TaskFailed("\n".join(filter(None, [exc.message, _look(sub, func, args)])), None) from None


def _episode(rng, T, S, A, scale=1.0):
    """theta (S, A), states (T, S), actions (T,) int64, returns (T,) of both signs."""
    return (rng.normal(scale=scale, size=(S, A)), rng.normal(size=(T, S)), rng.integers(0, A, size=T),
            rng.normal(scale=2.0, size=T))


def _rcase(rewards, gamma):
    return f"{shape_case(rewards=rewards)}, gamma = {gamma}"


@task({"en": "shapes: G (T,), probs (T, A), grad (S, A)", "ja": "形: G は (T,)、probs は (T, A)、grad は (S, A)"}, points=1)
def test_shapes(sub, ref, rng):
    theta, states, actions, returns = _episode(rng, 5, 4, 3)
    case = shape_case(theta=theta, states=states)
    expect_form(sub.discounted_returns(returns, gamma=0.9), ref.discounted_returns(returns, gamma=0.9), name="G",
                case=shape_case(rewards=returns))
    expect_form(sub.policy_probs(theta, states), ref.policy_probs(theta, states), name="probs", case=case)
    expect_form(sub.reinforce_gradient(theta, states, actions, returns),
                ref.reinforce_gradient(theta, states, actions, returns), name="grad", case=case)


@task({"en": "discounted returns on random rewards", "ja": "ランダムな報酬での割引収益"}, points=3)
def test_returns_values(sub, ref, rng):
    for T, gamma in [(5, 0.9), (8, 0.5), (12, 0.95), (3, 0.7)]:
        rewards = rng.normal(size=T)
        _check(sub, ref, _RET, rewards, case=_rcase(rewards, gamma), gamma=gamma)


@task({"en": "discounted returns: gamma = 0, T = 1, gamma close to 1, all-zero rewards",
       "ja": "割引収益: gamma = 0、T = 1、gamma が 1 に近い、報酬がすべて 0"}, points=2)
def test_returns_edge_cases(sub, ref, rng):
    cases = [(rng.normal(size=6), 0.0),        # G = rewards
             (rng.normal(size=1), 0.9),        # G = rewards
             (rng.normal(size=40), 0.999),     # almost undiscounted, but not quite
             (np.zeros(7), 0.9)]               # G = 0
    for rewards, gamma in cases:
        _check(sub, ref, _RET, rewards, case=_rcase(rewards, gamma), gamma=gamma)


# Large logits: a plain np.exp overflows beyond about 709, giving inf / inf = NaN.  This is advice
# only: the plain softmax is right on the graded, moderate inputs.
def _look_at_large_logits(sub, ref, rng):
    theta, states, _, _ = _episode(rng, 4, 3, 3, scale=400.0)
    shortfall = falls_short(lambda: sub.policy_probs(theta, states), ref.policy_probs(theta, states), "probs")
    if shortfall:
        advise(softmax_overflow("policy_probs", "probs", shortfall, float(np.abs(states @ theta).max()),
                                "np.exp(logits - logits.max(axis=1, keepdims=True))"))


@task({"en": "policy probabilities: a softmax over each row of states @ theta",
       "ja": "方策の確率: states @ theta の各行の softmax"}, points=2)
def test_probs_values(sub, ref, rng):
    for T, S, A in [(5, 4, 3), (1, 3, 4), (6, 2, 2), (4, 3, 4)]:
        theta, states, _, _ = _episode(rng, T, S, A)
        _check(sub, ref, _PROBS, theta, states, case=shape_case(theta=theta, states=states))
    _look_at_large_logits(sub, ref, rng)


@task({"en": "REINFORCE gradient on random episodes", "ja": "ランダムなエピソードでの REINFORCE の勾配"}, points=3)
def test_gradient_values(sub, ref, rng):
    for T, S, A in [(5, 4, 3), (7, 2, 5), (4, 3, 4), (3, 3, 3)]:
        args = _episode(rng, T, S, A)
        _check(sub, ref, _GRAD, *args, case=shape_case(theta=args[0], states=args[1]))


# Threshold for the numerical check.  Central differences (h = 1e-5) of this smooth objective are
# accurate to about 1e-10 in float64, and the CS231n rule of thumb reads a relative error below
# 1e-7 as right and above 1e-4 as wrong for smooth functions.  Entries of the gradient can be close
# to 0 (a feature near 0 in every state), where a plain relative error measures rounding noise, so
# the floor is 1e-3 of the largest numerical entry.  Over 21000 random draws of these sizes (7000
# seeds) the reference reached at most 1.0e-7 (median 3e-10); NUM_TOL = 1e-5 leaves a margin of 100,
# and every catalogued mistake of the gradient gives 0.2 or more.
NUM_TOL = 1e-5


def _objective(theta, states, actions, returns):
    """J = (1/T) sum_t G_t log pi(a_t | s_t), with a log-softmax that cannot overflow."""
    logits = states @ theta
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_pi = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return np.mean(returns * log_pi[np.arange(len(actions)), actions])


@task({"en": "REINFORCE gradient against a numerical gradient of J",
       "ja": "REINFORCE の勾配を J の数値微分と比較"}, points=3, independent=True)
def test_gradient_numerical(sub, rng):
    for T, S, A in [(5, 4, 3), (8, 3, 2), (3, 2, 4)]:
        theta, states, actions, returns = _episode(rng, T, S, A)
        numeric = remembered(("policy_gradient", theta, states, actions, returns),   # once for the reference's run
                             lambda: numerical_gradient(lambda th: _objective(th, states, actions, returns), theta))
        got = sub.reinforce_gradient(theta, states, actions, returns)
        case = shape_case(theta=theta, states=states)
        expect_form(got, numeric, name="grad", case=case)
        error = relative_error(got, numeric, floor=1e-3 * float(np.abs(numeric).max()) + 1e-12)
        if error > NUM_TOL:
            args = (theta, states, actions, returns)
            named = [m for m, w in predictions(MISTAKES, _GRAD, args, {}) if difference(got, w, "", 1e-6, 1e-9) is None]
            mistake = named[0] if len(named) == 1 else None
            raise TaskFailed(tr("With {c}: grad differs from the numerical gradient of J = (1/T) sum_t G_t "
                                "log pi(a_t | s_t) (relative error {e:.2g}, more than {t:g}).",
                                "{c} のとき: grad が J = (1/T) sum_t G_t log pi(a_t | s_t) の数値微分と一致しません"
                                "（相対誤差 {e:.2g}、許容 {t:g}）。", c=case, e=error, t=NUM_TOL)
                             + "\n" + (mistake.message() if mistake else _look(sub, _GRAD, args)), mistake)


@task({"en": "REINFORCE gradient: one action repeated, T = 1, all-zero returns",
       "ja": "REINFORCE の勾配: 同じ行動の繰り返し、T = 1、収益がすべて 0"}, points=1)
def test_gradient_edge_cases(sub, ref, rng):
    theta, states, _, returns = _episode(rng, 6, 3, 4)
    _check(sub, ref, _GRAD, theta, states, np.full(6, 2), returns,
           case=shape_case(theta=theta, states=states) + tr(", every action 2", "、行動はすべて 2"))
    theta, states, actions, returns = _episode(rng, 1, 3, 2)
    _check(sub, ref, _GRAD, theta, states, actions, returns, case=shape_case(theta=theta, states=states))
    theta, states, actions, _ = _episode(rng, 5, 2, 3)
    _check(sub, ref, _GRAD, theta, states, actions, np.zeros(5),
           case=shape_case(theta=theta, states=states) + tr(", returns all 0", "、収益はすべて 0"))


@task({"en": "each call depends on its own arguments only, and leaves them unchanged",
       "ja": "毎回その引数だけから計算し、引数を書き換えない"}, points=1)
def test_calls_independent(sub, ref, rng):
    rewards = [(rng.normal(size=6), 0.9) for _ in range(3)]
    check_repeatable(sub, ref, _RET, rewards, name="G", mistakes=MISTAKES)
    episodes = [_episode(rng, 5, 4, 3) for _ in range(3)]
    check_repeatable(sub, ref, _PROBS, [e[:2] for e in episodes], name="probs", mistakes=MISTAKES)
    check_repeatable(sub, ref, _GRAD, episodes, name="grad", mistakes=MISTAKES)
    check_unchanged(sub, _RET, list(rewards[0]), names=["rewards"])
    check_unchanged(sub, _PROBS, list(episodes[0][:2]), names=["theta", "states"])
    check_unchanged(sub, _GRAD, list(episodes[0]), names=["theta", "states", "actions", "returns"])
