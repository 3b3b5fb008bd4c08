"""Checks for ``policy_gradient``: discounted returns, a softmax policy and the REINFORCE gradient.

The first case of each task keeps T, S and A apart (a transposed or unreshaped array fails with a
shape error); later cases with T == A or S == A let those slips run and be named from their output.
"""
import numpy as np

from grader.compare import check_call, difference, expect_form, shape_case
from grader.i18n import pick, tr
from grader.mistakes import predictions, bilingual as _m
from grader.numgrad import numerical_gradient, relative_error
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


# -- our own implementations of the mistakes -------------------------------------------------
def _returns(weights):
    """G_t = sum_k weights(t, k) * r_{t+k}, k = 0 .. T-1-t."""
    def predict(rewards, gamma):
        T = len(rewards)
        return np.array([np.sum(weights(gamma, t, np.arange(T - t)) * rewards[t:]) for t in range(T)])
    return predict


def _probs(shift_axis=1, norm_axis=1, keepdims=True):
    def predict(theta, states):
        logits = states @ theta
        e = np.exp(logits - logits.max(axis=shift_axis, keepdims=True))
        return e / e.sum(axis=norm_axis, keepdims=keepdims)
    return predict


def _grad(dlogits_of=lambda onehot, probs: onehot - probs, weight=lambda G: G[:, None], mean=True, transpose=False):
    def predict(theta, states, actions, returns):
        T = states.shape[0]
        probs = _probs()(theta, states)
        onehot = np.eye(probs.shape[1])[actions]
        grad = states.T @ (weight(returns) * dlogits_of(onehot, probs))
        grad = grad / T if mean else grad
        return grad.T if transpose else grad
    return predict



MISTAKES = [
    _m("returns-absolute-time", _RET, "the discount counted from the start of the episode (gamma ** (t + k))",
       "割引をエピソードの最初から数えている（gamma ** (t + k)）",
       "G_t looks ahead from step t: the reward of step t itself gets gamma ** 0 = 1, the next one gamma, and so on; "
       "the absolute time t must not appear in the power",
       "G_t はステップ t から先を見ます。ステップ t の報酬は gamma ** 0 = 1 倍、次は gamma 倍…です。"
       "べき乗に絶対時刻 t を入れてはいけません",
       _returns(lambda g, t, k: g ** (t + k)), example={1: "np.sum(gamma ** np.arange(t, T) * rewards[t:])"}),
    _m("returns-all-g0", _RET, "every G_t set to the return of the whole episode, G_0",
       "すべての G_t をエピソード全体の収益 G_0 にしている",
       "each step has its own return: only the rewards from step t on count, rewards[t:], not all of rewards",
       "収益はステップごとに違います。数えるのはステップ t 以降の報酬 rewards[t:] だけで、rewards 全体ではありません",
       lambda rewards, gamma: np.full(len(rewards), np.sum(gamma ** np.arange(len(rewards)) * rewards)),
       example={1: "np.sum(gamma ** np.arange(T) * rewards)"}),
    _m("returns-undiscounted", _RET, "later rewards added without the discount gamma (rewards[t] + later)",
       "将来の報酬を割り引かずに足している（rewards[t] + later）",
       "each step further away costs one more factor gamma: G_t = r_t + gamma * G_{t+1}",
       "1 ステップ遠くなるごとに gamma を 1 回多く掛けます: G_t = r_t + gamma * G_{t+1}",
       _returns(lambda g, t, k: np.ones_like(k, dtype=float)), example={1: "rewards[t] + later"}),
    _m("returns-discount-from-one", _RET, "the reward of step t itself discounted (gamma * (rewards[t] + later))",
       "ステップ t 自身の報酬まで割り引いている（gamma * (rewards[t] + later)）",
       "the sum starts at k = 0 with gamma ** 0 = 1: the reward received now counts in full, G_t = r_t + gamma * G_{t+1}",
       "和は k = 0（gamma ** 0 = 1）から始まります。いま受け取る報酬はそのまま数えます: G_t = r_t + gamma * G_{t+1}",
       _returns(lambda g, t, k: g ** (k + 1)), example={1: "gamma * (rewards[t] + later)"}),
    _m("softmax-axis-0", _PROBS, "the softmax normalized over the steps (axis=0) instead of the actions",
       "softmax をステップの方向（axis=0）で正規化している（正しくは行動の方向）",
       "pi(. | s_t) is a distribution over the A actions of one step: each ROW of probs sums to 1, so sum over axis=1",
       "pi(. | s_t) は 1 ステップでの A 個の行動についての分布です。probs の各「行」の和が 1 になるよう axis=1 で和をとります",
       _probs(norm_axis=0), code=("e / e.sum(axis=0, keepdims=True)", "e / np.sum(e, axis=0, keepdims=True)",
                                  "e / e.sum(axis=0)", "e / np.sum(e, axis=0)"),
       example={4: "e / e.sum(axis=0, keepdims=True)"}),
    _m("softmax-whole-array", _PROBS, "the softmax normalized over the whole array (e / e.sum())",
       "softmax を配列全体の和で正規化している（e / e.sum()）",
       "then all T * A entries together sum to 1; each step needs its own distribution: e.sum(axis=1, keepdims=True)",
       "これでは T * A 個すべての和が 1 になります。ステップごとに分布が必要です: e.sum(axis=1, keepdims=True)",
       _probs(norm_axis=None), code=("e / e.sum()", "e / np.sum(e)", "e / sum(sum(e))"), example={4: "e / e.sum()"}),
    _m("softmax-no-keepdims", _PROBS, "the row sums divided without keepdims (e / e.sum(axis=1))",
       "keepdims なしで行の和で割っている（e / e.sum(axis=1)）",
       "e.sum(axis=1) has shape (T,), which NumPy lines up with the LAST axis of e (T, A): a shape error, or when "
       "T == A a division of each column by a wrong sum; keep the axis: e.sum(axis=1, keepdims=True)",
       "e.sum(axis=1) の形は (T,) で、NumPy は e (T, A) の「最後の」軸に合わせます。形のエラーになるか、T == A のときは"
       "各列を別の和で割ってしまいます。keepdims=True で軸を残してください",
       _probs(keepdims=False), code=("e / e.sum(axis=1)", "e / np.sum(e, axis=1)"), example={4: "e / e.sum(axis=1)"}),
    _m("softmax-shift-axis-0", _PROBS, "the maximum for the overflow guard taken per column (axis=0)",
       "オーバーフロー対策の最大値を列ごと（axis=0）にとっている",
       "subtracting a constant leaves a softmax unchanged only when it is the same for the whole row: use "
       "logits.max(axis=1, keepdims=True) (or the single number logits.max())",
       "定数を引いても softmax が変わらないのは、行全体で同じ数を引くときだけです。logits.max(axis=1, keepdims=True)"
       "（または 1 つの数 logits.max()）を使ってください",
       _probs(shift_axis=0), code=("np.exp(logits - logits.max(axis=0, keepdims=True))",
                                   "np.exp(logits - np.max(logits, axis=0, keepdims=True))",
                                   "np.exp(logits - logits.max(axis=0))", "np.exp(logits - np.max(logits, axis=0))"),
       example={3: "np.exp(logits - logits.max(axis=0, keepdims=True))"}),
    _m("grad-onehot-only", _GRAD, "d log pi / d logits written as the one-hot alone (probs not subtracted)",
       "d log pi / d logits を one-hot だけにしている（probs を引いていない）",
       "log pi(a | s) = z_a - log sum_b exp(z_b): the second part gives -probs for every action, so "
       "dlogits = onehot - probs",
       "log pi(a | s) = z_a - log sum_b exp(z_b) です。後ろの項がすべての行動に -probs を与えるので dlogits = onehot - probs",
       _grad(dlogits_of=lambda onehot, probs: onehot), example={5: "onehot"}),
    _m("grad-sign", _GRAD, "the gradient with the wrong sign (probs - onehot)", "勾配の符号が逆（probs - onehot）",
       "probs - onehot is the gradient of the cross-entropy LOSS -log pi; the policy gradient climbs J, "
       "so it is onehot - probs",
       "probs - onehot は損失 -log pi（交差エントロピー）の勾配です。方策勾配は J を上る向きなので onehot - probs です",
       _grad(dlogits_of=lambda onehot, probs: probs - onehot), example={5: "probs - onehot"}),
    _m("grad-of-pi", _GRAD, "the gradient of pi instead of log pi (multiplied by the chosen probability)",
       "log pi ではなく pi の勾配になっている（選んだ行動の確率が掛かっている）",
       "the theorem uses grad log pi = grad pi / pi: the factor pi(a_t | s_t) cancels, leaving onehot - probs",
       "方策勾配定理で使うのは grad log pi = grad pi / pi です。pi(a_t | s_t) の因子は打ち消され、onehot - probs が残ります",
       _grad(dlogits_of=lambda onehot, probs: (probs * onehot).sum(axis=1, keepdims=True) * (onehot - probs)),
       example={5: "probs[np.arange(T), actions][:, None] * (onehot - probs)"}),
    _m("grad-chosen-logit-only", _GRAD, "only the chosen action's logit differentiated (onehot * (1 - probs))",
       "選んだ行動のロジットだけを微分している（onehot * (1 - probs)）",
       "pi(a | s) also depends on the logits of the actions NOT taken, through the normalizing sum: their "
       "derivative is -probs, so dlogits = onehot - probs",
       "pi(a | s) は正規化の和を通して、選ばなかった行動のロジットにも依存します。その微分は -probs なので "
       "dlogits = onehot - probs です",
       _grad(dlogits_of=lambda onehot, probs: onehot * (1 - probs)), example={5: "onehot * (1 - probs)"}),
    _m("grad-no-return-weight", _GRAD, "the steps not weighted by their return G_t",
       "各ステップを収益 G_t で重み付けしていない",
       "REINFORCE pushes up the log-probability of each action in proportion to its return: multiply row t of "
       "dlogits by returns[t], returns[:, None] * dlogits",
       "REINFORCE は各行動の対数確率を、その収益に比例して押し上げます。dlogits の t 行目に returns[t] を掛けます: "
       "returns[:, None] * dlogits",
       _grad(weight=lambda G: 1.0), example={6: "states.T @ dlogits / T"}),
    _m("grad-no-mean", _GRAD, "the sum over the steps not divided by T", "ステップについての和を T で割っていない",
       "J is the mean over the T steps, (1/T) sum_t ...: divide by T", "J は T ステップの平均 (1/T) sum_t ... です。T で割ってください",
       _grad(mean=False), example={6: "states.T @ (returns[:, None] * dlogits)"}),
    _m("grad-returns-not-column", _GRAD, "returns multiplied as a row (returns * dlogits)",
       "returns を行ベクトルのまま掛けている（returns * dlogits）",
       "returns (T,) lines up with the LAST axis of dlogits (T, A): a shape error, or when T == A each ACTION "
       "column gets a return; make it a column first, returns[:, None] * dlogits",
       "returns (T,) は dlogits (T, A) の「最後の」軸に合わせられます。形のエラーになるか、T == A のときは行動の列ごとに"
       "収益が掛かってしまいます。先に列にしてください: returns[:, None] * dlogits",
       _grad(weight=lambda G: G),
       code=("states.T @ (returns * dlogits) / T", "states.T @ (dlogits * returns) / T",
             "np.dot(states.T, returns * dlogits) / T", "states.T.dot(returns * dlogits) / T"),
       example={6: "states.T @ (returns * dlogits) / T"}),
    _m("grad-transposed", _GRAD, "the gradient built transposed, shape (A, S)", "勾配を転置した形 (A, S) で作っている",
       "the gradient has the shape of theta, (S, A): logits = states @ theta, so the gradient is states.T @ (...)",
       "勾配は theta と同じ形 (S, A) です。logits = states @ theta なので勾配は states.T @ (...) です",
       _grad(transpose=True), example={6: "(returns[:, None] * dlogits).T @ states / T"}),
]

_LOOK = {
    _RET: {"en": "Look at blank (1): G_t = r_t + gamma * G_{t+1}; the reward of step t counts in full and each later "
                 "step adds one factor gamma, counted from t, not from the start of the episode.",
           "ja": "空欄 (1) を確認してください: G_t = r_t + gamma * G_{t+1}。ステップ t の報酬はそのまま数え、1 ステップ先に"
                 "進むごとに gamma を 1 回掛けます（エピソードの最初からではなく t から数えます）。"},
    _PROBS: {"en": "Look at blanks (2) to (4): logits = states @ theta has shape (T, A); the softmax normalizes each "
                   "row (axis=1, keepdims=True), and any overflow guard must subtract the same number from a whole row.",
             "ja": "空欄 (2) から (4) を確認してください: logits = states @ theta の形は (T, A)。softmax は各行を正規化します"
                   "（axis=1, keepdims=True）。オーバーフロー対策では行全体から同じ数を引きます。"},
    _GRAD: {"en": "Look at blanks (5) and (6): d log pi(a_t | s_t) / d logits = onehot - probs; the gradient is "
                  "states.T @ (returns[:, None] * dlogits) / T, of shape (S, A).",
            "ja": "空欄 (5) と (6) を確認してください: d log pi(a_t | s_t) / d logits = onehot - probs。勾配は "
                  "states.T @ (returns[:, None] * dlogits) / T で、形は (S, A) です。"},
}


def _check(sub, ref, func, *args, case, **kw):
    return check_call(sub, ref, func, *args, mistakes=MISTAKES, look_at=pick(_LOOK[func]), case=case, **kw)


def _episode(rng, T, S, A, scale=1.0):
    """theta (S, A), states (T, S), actions (T,) int64, returns (T,) of both signs."""
    return (rng.normal(scale=scale, size=(S, A)), rng.normal(size=(T, S)), rng.integers(0, A, size=T),
            rng.normal(scale=2.0, size=T))


def _rcase(rewards, gamma):
    return f"{shape_case(rewards=rewards)}, gamma = {gamma}"


@task({"en": "shapes: G (T,), probs (T, A), grad (S, A)", "ja": "形: G は (T,)、probs は (T, A)、grad は (S, A)"}, points=2)
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
        numeric = numerical_gradient(lambda th: _objective(th, states, actions, returns), theta)
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
                             + "\n" + (mistake.message() if mistake else pick(_LOOK[_GRAD])), mistake)


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
