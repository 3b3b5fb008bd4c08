"""The catalogue of ``policy_gradient``'s known mistakes (its check module imports it)."""
import numpy as np

from grader.mistakes import bilingual as _m

_RET, _PROBS, _GRAD = "discounted_returns", "policy_probs", "reinforce_gradient"


# -- our own implementations of the mistakes -------------------------------------------------
def _returns(weights):
    """G_t = sum_k weights(t, k) * r_{t+k}, k = 0 .. T-1-t."""
    def predict(rewards, gamma):
        T = len(rewards)
        return np.array([np.sum(weights(gamma, t, np.arange(T - t)) * rewards[t:]) for t in range(T)])
    return predict


def _from_start(rewards, gamma):
    """The discount run from the first step forward: G_t = r_t + gamma * G_{t-1}."""
    G, before = np.zeros(len(rewards)), 0.0
    for t in range(len(rewards)):
        before = rewards[t] + gamma * before
        G[t] = before
    return G


def _probs(shift_axis=1, norm_axis=1, keepdims=True):
    def predict(theta, states):
        logits = states @ theta
        e = np.exp(logits - logits.max(axis=shift_axis, keepdims=True))
        return e / e.sum(axis=norm_axis, keepdims=keepdims)
    return predict


def _grad(dlogits_of=lambda onehot, probs: onehot - probs, weight=lambda G: G[:, None], mean=True, transpose=False,
          chosen=lambda actions, probs: actions):
    def predict(theta, states, actions, returns):
        T = states.shape[0]
        probs = _probs()(theta, states)
        onehot = np.eye(probs.shape[1])[chosen(actions, probs)]
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
       "each step further away costs one more factor gamma, so the later return is discounted once more at each step back",
       "1 ステップ遠くなるごとに gamma を 1 回多く掛けます。さかのぼるたびに、あとの収益をもう 1 回割り引きます",
       _returns(lambda g, t, k: np.ones_like(k, dtype=float)), example={1: "rewards[t] + later"}),
    _m("returns-discount-from-one", _RET, "the reward of step t itself discounted (gamma * (rewards[t] + later))",
       "ステップ t 自身の報酬まで割り引いている（gamma * (rewards[t] + later)）",
       "the sum starts at k = 0 with gamma ** 0 = 1: the reward received now counts in full",
       "和は k = 0（gamma ** 0 = 1）から始まります。いま受け取る報酬はそのまま数えます",
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
       "then all T * A entries together sum to 1; each step (each row) needs its own distribution",
       "これでは T * A 個すべての和が 1 になります。ステップ（行）ごとに分布が必要です",
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
       "log pi(a | s) = z_a - log sum_b exp(z_b): the second part gives -probs for every action, "
       "not only the one taken",
       "log pi(a | s) = z_a - log sum_b exp(z_b) です。後ろの項は、選んだ行動だけでなくすべての行動に -probs を与えます",
       _grad(dlogits_of=lambda onehot, probs: onehot), example={5: "onehot"}),
    _m("grad-sign", _GRAD, "the gradient with the wrong sign (probs - onehot)", "勾配の符号が逆（probs - onehot）",
       "probs - onehot is the gradient of the cross-entropy LOSS -log pi; the policy gradient climbs J "
       "(negated returns give the same wrong sign)",
       "probs - onehot は損失 -log pi（交差エントロピー）の勾配です。方策勾配は J を上る向きです（収益にマイナスを付けても同じ逆符号になります）",
       _grad(dlogits_of=lambda onehot, probs: probs - onehot), example={5: "probs - onehot"}),
    _m("grad-of-pi", _GRAD, "the gradient of pi instead of log pi (multiplied by the chosen probability)",
       "log pi ではなく pi の勾配になっている（選んだ行動の確率が掛かっている）",
       "the theorem uses grad log pi = grad pi / pi: the factor pi(a_t | s_t) cancels",
       "方策勾配定理で使うのは grad log pi = grad pi / pi です。pi(a_t | s_t) の因子は打ち消されます",
       _grad(dlogits_of=lambda onehot, probs: (probs * onehot).sum(axis=1, keepdims=True) * (onehot - probs)),
       example={5: "probs[np.arange(T), actions][:, None] * (onehot - probs)"}),
    _m("grad-chosen-logit-only", _GRAD, "only the chosen action's logit differentiated (onehot * (1 - probs))",
       "選んだ行動のロジットだけを微分している（onehot * (1 - probs)）",
       "pi(a | s) also depends on the logits of the actions NOT taken, through the normalizing sum: their "
       "derivative is -probs",
       "pi(a | s) は正規化の和を通して、選ばなかった行動のロジットにも依存します。その微分は -probs です",
       _grad(dlogits_of=lambda onehot, probs: onehot * (1 - probs)), example={5: "onehot * (1 - probs)"}),
    _m("grad-no-return-weight", _GRAD, "the steps not weighted by their return G_t",
       "各ステップを収益 G_t で重み付けしていない",
       "REINFORCE pushes up the log-probability of each action in proportion to its return: row t of dlogits is "
       "scaled by returns[t]",
       "REINFORCE は各行動の対数確率を、その収益に比例して押し上げます。dlogits の t 行目に returns[t] を掛けます",
       _grad(weight=lambda G: 1.0), example={6: "states.T @ dlogits / T"}),
    _m("grad-no-mean", _GRAD, "the sum over the steps not divided by T", "ステップについての和を T で割っていない",
       "J is the mean over the T steps, (1/T) sum_t ...: divide by T", "J は T ステップの平均 (1/T) sum_t ... です。T で割ってください",
       _grad(mean=False), example={6: "states.T @ (returns[:, None] * dlogits)"}),
    _m("grad-returns-not-column", _GRAD, "returns multiplied as a row (returns * dlogits)",
       "returns を行ベクトルのまま掛けている（returns * dlogits）",
       "returns (T,) lines up with the LAST axis of dlogits (T, A): a shape error, or when T == A each ACTION "
       "column gets a return; make it a column (T, 1) first",
       "returns (T,) は dlogits (T, A) の「最後の」軸に合わせられます。形のエラーになるか、T == A のときは行動の列ごとに"
       "収益が掛かってしまいます。先に (T, 1) の列にしてください",
       _grad(weight=lambda G: G),
       code=("states.T @ (returns * dlogits) / T", "states.T @ (dlogits * returns) / T",
             "np.dot(states.T, returns * dlogits) / T", "states.T.dot(returns * dlogits) / T"),
       example={6: "states.T @ (returns * dlogits) / T"}),
    _m("grad-transposed", _GRAD, "the gradient built transposed, shape (A, S)", "勾配を転置した形 (A, S) で作っている",
       "the gradient has the shape of theta, (S, A): logits = states @ theta, so the gradient is states.T @ (...)",
       "勾配は theta と同じ形 (S, A) です。logits = states @ theta なので勾配は states.T @ (...) です",
       _grad(transpose=True), example={6: "(returns[:, None] * dlogits).T @ states / T"}),
    _m("returns-from-start", _RET, "the discount run from the first step forward (G_t = r_t + gamma * G_{t-1})",
       "割引を最初のステップから前向きに積み上げている（G_t = r_t + gamma * G_{t-1}）",
       "a return looks AHEAD: G_t gathers the rewards of step t and of the steps after it, so it is built from the "
       "last step back, each step from the return of the step after it",
       "収益は「先」を見ます。G_t はステップ t とそれ以降の報酬を集めたものなので、最後のステップから逆向きに、"
       "次のステップの収益を使って作ります",
       _from_start, example=[("for t in range(T - 1, -1, -1):", "for t in range(T):"),
                             ("later = G[t + 1] if t + 1 < T else 0.0", "later = G[t - 1] if t > 0 else 0.0")]),
    _m("returns-rewards-only", _RET, "G_t left equal to the reward of step t (the later steps never added)",
       "G_t がステップ t の報酬のままになっている（後のステップが足されていない）",
       "G[t] is still 0 while it is being filled; the return of the NEXT step is what the stub keeps in later",
       "G[t] は埋めている最中なのでまだ 0 です。スタブでは「次の」ステップの収益を later に入れてあります",
       lambda rewards, gamma: np.array(rewards, dtype=float), example={1: "rewards[t] + gamma * G[t]"}),
    _m("returns-gamma-on-reward", _RET, "gamma put on the reward of step t instead of on the later return",
       "gamma をあとの収益ではなくステップ t の報酬に掛けている",
       "the reward received now counts in full; it is the return of the steps AFTER t that is discounted once more",
       "いま受け取る報酬はそのまま数えます。もう 1 回割り引くのは、t より「後」のステップの収益です",
       _returns(lambda g, t, k: np.full(len(k), float(g))), example={1: "gamma * rewards[t] + later"}),
    _m("logits-order", _PROBS, "the product written theta @ states (the wrong order)",
       "積の順序が逆（theta @ states）",
       "states holds one row per step (T, S) and theta is (S, A): the logits (T, A) need states on the left",
       "states はステップごとに 1 行の (T, S)、theta は (S, A) です。logits (T, A) を得るには states を左に置きます",
       code=("theta @ states", "np.dot(theta, states)", "theta.dot(states)", "theta @ states.T",
             "np.dot(theta, states.T)", "theta.T @ states.T"), example={2: "theta @ states"}),
    _m("grad-greedy-action", _GRAD, "the one-hot built from the most probable action instead of the action taken",
       "one-hot を実際に選んだ行動ではなく、確率が最大の行動から作っている",
       "REINFORCE raises the log-probability of the action that WAS taken, actions[t], whatever its probability "
       "was; the stub's onehot already marks it",
       "REINFORCE が押し上げるのは、確率にかかわらず実際に選んだ行動 actions[t] の対数確率です。スタブの onehot が"
       "すでにそれを表しています",
       _grad(chosen=lambda actions, probs: probs.argmax(axis=1)),
       example={5: "np.eye(probs.shape[1])[probs.argmax(axis=1)] - probs"}),
    _m("grad-baseline", _GRAD, "a baseline (the mean return) subtracted from the returns",
       "収益からベースライン（収益の平均）を引いている",
       "a baseline lowers the variance in training, but the gradient asked here, of (1/T) sum_t G_t log pi, uses the "
       "returns as they are given",
       "ベースラインは学習での分散を下げますが、ここで求める (1/T) sum_t G_t log pi の勾配は、与えられた収益をそのまま"
       "使います",
       _grad(weight=lambda G: (G - G.mean())[:, None]),
       example={6: "states.T @ ((returns - returns.mean())[:, None] * dlogits) / T"}),
]
