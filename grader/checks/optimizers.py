"""Checks for ``optimizers``: SGD, Momentum, AdaGrad, RMSprop and Adam (DL1 6.1).

The learner's optimizer objects and their params live in the worker process: each
task creates one there, feeds it several steps of CHANGING gradients and reads the
params back after every step; the whole trajectory is compared with the reference's
and with the trajectories our own wrong optimizers (the catalogue) would give.
"""
import numpy as np

from grader.compare import expect
from grader.i18n import pick, tr
from grader.mistakes import predictions, bilingual as _m
from grader.outcome import TaskFailed
from grader.tasks import task

ANSWERS = {
    1: "params[key] -= self.lr * grads[key]",
    2: "self.momentum * self.v[key] - self.lr * grads[key]",
    3: "params[key] += self.v[key]",
    4: "self.h[key] + grads[key] * grads[key]",
    5: "params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)",
    6: "self.decay_rate * self.h[key] + (1 - self.decay_rate) * grads[key] * grads[key]",
    7: "params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)",
    8: "self.lr * np.sqrt(1.0 - self.beta2 ** self.iter) / (1.0 - self.beta1 ** self.iter)",
    9: "self.beta1 * self.m[key] + (1 - self.beta1) * grads[key]",
    10: "self.beta2 * self.v[key] + (1 - self.beta2) * grads[key] ** 2",
    11: "params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + 1e-7)",
}
EQUIVALENTS = [
    # rebinding params[key] still changes the caller's dict; DL1's incremental moving averages
    {1: "params[key] = params[key] - self.lr * grads[key]", 3: "params[key] = params[key] + self.v[key]",
     4: "self.h[key] + grads[key] ** 2",
     5: "params[key] = params[key] - self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)",
     9: "self.m[key] + (1 - self.beta1) * (grads[key] - self.m[key])",
     10: "self.v[key] + (1 - self.beta2) * (grads[key] ** 2 - self.v[key])"},
    # Momentum with v of the opposite sign: v = momentum * v + lr * g, p -= v is the same update
    {2: "self.momentum * self.v[key] + self.lr * grads[key]", 3: "params[key] -= self.v[key]"},
    # Adam in the paper's form, with bias-corrected m_hat and v_hat (lr_t is then unused)
    {11: "params[key] -= self.lr * (self.m[key] / (1 - self.beta1 ** self.iter)) "
         "/ (np.sqrt(self.v[key] / (1 - self.beta2 ** self.iter)) + 1e-7)"},
    # Adam with the 1e-7 inside the root: its probe cannot see where the 1e-7 goes (see test_adam)
    {11: "params[key] -= lr_t * self.m[key] / np.sqrt(self.v[key] + 1e-7)"},
    {1: "np.subtract(params[key], self.lr * grads[key], out=params[key])",
     6: "self.h[key] * self.decay_rate + (1 - self.decay_rate) * np.square(grads[key])",
     8: "self.lr * (1 - self.beta2 ** self.iter) ** 0.5 / (1 - self.beta1 ** self.iter)"},
]

EPS = 1e-7


def _run(rule, params0, grads_seq, shared=False, **hyper):
    """The trajectory (params after each step) of an optimizer whose per-key step is
    ``rule(p, g, state, t, **hyper) -> new p``; ``shared``: one state for every key."""
    params = {k: np.array(v, dtype=np.float64) for k, v in params0.items()}
    one = {}
    state = {k: one if shared else {} for k in params}
    trajectory = []
    for t, grads in enumerate(grads_seq, 1):
        for k in params:
            params[k] = rule(params[k], grads[k], state[k], t, **hyper)
        trajectory.append({k: v.copy() for k, v in params.items()})
    return trajectory


def _wrong(rule, shared=False):
    return lambda params0, grads_seq, **hyper: _run(rule, params0, grads_seq, shared, **hyper)


def _acc(s, name, value):
    s[name] = s.get(name, 0.0) + value
    return s[name]


def _avg(s, name, keep, new):
    s[name] = keep * s.get(name, 0.0) + new
    return s[name]


def _mom(p, g, s, t, lr=0.01, momentum=0.9, sign=-1.0, rate=None):
    v = _avg(s, "v", momentum, sign * (lr if rate is None else rate) * g)
    return p + v


def _ada(p, g, s, t, lr=0.01, h=None, root=np.sqrt, eps=EPS):
    h = _acc(s, "h", g * g) if h is None else h(s, g)
    with np.errstate(divide="ignore", invalid="ignore"):
        return p - lr * g / (root(h) + eps)


def _rms(p, g, s, t, lr=0.01, decay_rate=0.99, swap=False, eps=EPS, keep=None, root=np.sqrt):
    old, new = (1 - decay_rate, decay_rate) if swap else (decay_rate, 1 - decay_rate)
    h = _avg(s, "h", old if keep is None else keep, new * g * g)
    with np.errstate(divide="ignore", invalid="ignore"):
        return p - lr * g / (root(h) + eps)


def _root_eps(h):
    return np.sqrt(h + EPS)


def _adam(p, g, s, t, lr=0.001, beta1=0.9, beta2=0.999, correct=True, swap=False, square=True, root=np.sqrt):
    b1, b2 = (beta2, beta1) if swap else (beta1, beta2)
    m = _avg(s, "m", b1, (1 - b1) * g)
    v = _avg(s, "v", b2, (1 - b2) * (g * g if square else g))
    lr_t = lr * np.sqrt(1.0 - beta2 ** t) / (1.0 - beta1 ** t) if correct else lr
    with np.errstate(invalid="ignore"):
        return p - lr_t * m / (root(v) + EPS)



_ADA_P = "# a statement that updates params[key] (do not forget the 1e-7)\n            "
_EPS_ROOT = {"en": "the book adds 1e-7 after the root, np.sqrt(h) + 1e-7; inside the root it changes the step "
                   "wherever h is small (a gradient of 0.001 gives h = 1e-6, and sqrt(1e-6 + 1e-7) is 5 % larger "
                   "than sqrt(1e-6))",
             "ja": "本書では平方根の後に 1e-7 を足します: np.sqrt(h) + 1e-7。根の中に入れると h が小さいところで"
                   "更新量が変わります（勾配 0.001 なら h = 1e-6 で、sqrt(1e-6 + 1e-7) は sqrt(1e-6) より 5 % 大きい）"}
_NO_EPS = {"en": "while every gradient so far is 0, h is 0 too and g / sqrt(h) is 0 / 0 = NaN: divide by "
                 "(np.sqrt(self.h[key]) + 1e-7)",
           "ja": "それまでの勾配がすべて 0 の間は h も 0 で、g / sqrt(h) は 0 / 0 = NaN になります。"
                 "(np.sqrt(self.h[key]) + 1e-7) で割ってください"}
MISTAKES = [
    _m("sgd-plus", "SGD", "SGD adds lr * grads[key] (params[key] += ...)",
       "SGD で lr * grads[key] を足している（params[key] += ...）",
       "the gradient points uphill; a step against it lowers the loss: params[key] -= self.lr * grads[key]",
       "勾配は損失が増える向きです。逆向きに進むと損失が下がります: params[key] -= self.lr * grads[key]",
       _wrong(lambda p, g, s, t, lr=0.01: p + lr * g), example={1: "params[key] += self.lr * grads[key]"}),
    _m("sgd-no-lr", "SGD", "SGD without the learning rate (params[key] -= grads[key])",
       "SGD で学習率を掛けていない（params[key] -= grads[key]）",
       "the step is the gradient times the learning rate self.lr", "更新量は勾配に学習率 self.lr を掛けたものです",
       _wrong(lambda p, g, s, t, lr=0.01: p - g), example={1: "params[key] -= grads[key]"}),
    _m("params-not-updated", None, "params left unchanged (a new dict, or a value not assigned back, inside update)",
       "params が変わっていない（update の中で新しい辞書を作った、または計算結果を代入していない）",
       "update must change the arrays of the caller's dict: params[key] -= ... (or params[key] = ...); a new "
       "dict built inside update (even when returned or bound to the name params) does not reach the caller",
       "update は呼び出し側の辞書の配列を書き換える必要があります: params[key] -= ...（または params[key] = ...）。"
       "update の中で作った新しい辞書は（return しても、params という名前に結び付けても）呼び出し側には届きません",
       example=[("params[key] -= self.lr * grads[key]\n",
                 "params = {**params, key: params[key] - self.lr * grads[key]}\n")]),
    _m("momentum-uphill", "Momentum", "Momentum that moves uphill (v = momentum * v + lr * g with params += v, "
       "or v = momentum * v - lr * g with params -= v)",
       "Momentum が坂を上っている（v = momentum * v + lr * g のあと params += v、"
       "または v = momentum * v - lr * g のあと params -= v）",
       "the step must go against the gradient: v = momentum * v - lr * g, then params += v (if v holds + lr * g, "
       "subtract it: params -= v)",
       "更新は勾配と逆向きです: v = momentum * v - lr * g のあと params += v（v に + lr * g を入れるなら params -= v）",
       _wrong(lambda p, g, s, t, lr=0.01, momentum=0.9: _mom(p, g, s, t, lr, momentum, sign=1.0)),
       example={2: "self.momentum * self.v[key] + self.lr * grads[key]"}),
    _m("momentum-no-lr", "Momentum", "Momentum without the learning rate (v = momentum * v - g)",
       "Momentum で学習率を掛けていない（v = momentum * v - g）",
       "the gradient enters the velocity times lr: v = momentum * v - lr * g",
       "勾配は lr を掛けて速度に加えます: v = momentum * v - lr * g",
       _wrong(lambda p, g, s, t, lr=0.01, momentum=0.9: _mom(p, g, s, t, lr, momentum, rate=1.0)),
       example={2: "self.momentum * self.v[key] - grads[key]"}),
    _m("momentum-no-memory", "Momentum", "Momentum that forgets its velocity (v = -lr * g: plain SGD)",
       "Momentum が前の速度を使っていない（v = -lr * g で、ただの SGD）",
       "the new velocity keeps the old one scaled by momentum: v = momentum * v - lr * g",
       "新しい速度には、前の速度に momentum を掛けたものが残ります: v = momentum * v - lr * g",
       _wrong(lambda p, g, s, t, lr=0.01, momentum=0.9: p - lr * g), example={2: "-self.lr * grads[key]"}),
    _m("adagrad-no-eps", "AdaGrad", "AdaGrad without the 1e-7 (NaN where a gradient is 0)",
       "AdaGrad で 1e-7 を足していない（勾配が 0 のところで NaN）", _NO_EPS["en"], _NO_EPS["ja"],
       _wrong(lambda p, g, s, t, lr=0.01: _ada(p, g, s, t, lr, eps=0.0)),
       example={5: "params[key] -= self.lr * grads[key] / np.sqrt(self.h[key])"}),
    _m("adagrad-eps-in-root", "AdaGrad", "AdaGrad with the 1e-7 inside the square root",
       "AdaGrad で 1e-7 を平方根の中に入れている", _EPS_ROOT["en"], _EPS_ROOT["ja"],
       _wrong(lambda p, g, s, t, lr=0.01: _ada(p, g, s, t, lr, root=_root_eps, eps=0.0)),
       example={5: "params[key] -= self.lr * grads[key] / np.sqrt(self.h[key] + 1e-7)"}),
    _m("adagrad-no-sum", "AdaGrad", "AdaGrad that does not accumulate (h = g * g)",
       "AdaGrad で h を累積していない（h = g * g）",
       "h is the SUM of every squared gradient so far, so the step shrinks over time: h = h + g * g",
       "h はこれまでの勾配の 2 乗の「和」で、そのため更新量がだんだん小さくなります: h = h + g * g",
       _wrong(lambda p, g, s, t, lr=0.01: _ada(p, g, s, t, lr, h=lambda s, g: g * g)),
       example={4: "grads[key] * grads[key]"}),
    _m("adagrad-no-sqrt", "AdaGrad", "AdaGrad dividing by h instead of sqrt(h)", "AdaGrad で sqrt(h) ではなく h で割っている",
       "the learning rate is scaled by 1 / sqrt(h): divide by (np.sqrt(self.h[key]) + 1e-7)",
       "学習率は 1 / sqrt(h) 倍になります: (np.sqrt(self.h[key]) + 1e-7) で割ってください",
       _wrong(lambda p, g, s, t, lr=0.01: _ada(p, g, s, t, lr, root=lambda h: h)),
       example={5: "params[key] -= self.lr * grads[key] / (self.h[key] + 1e-7)"}),
    _m("adagrad-shared-h", "AdaGrad", "one h shared by every parameter", "すべてのパラメータで 1 つの h を共有している",
       "each parameter (each key) needs its own h, the sum of ITS squared gradients: keep a dict self.h with one "
       "array per key",
       "パラメータ（キー）ごとに、そのパラメータ自身の勾配の 2 乗和 h が必要です。キーごとに配列を持つ辞書 self.h を"
       "使ってください",
       _wrong(lambda p, g, s, t, lr=0.01: _ada(p, g, s, t, lr), shared=True),
       example=[("self.h = {key: np.zeros_like(val) for key, val in params.items()}\n        for key in params.keys():\n"
                 "            # 穴埋め (4)", "self.h = np.zeros_like(next(iter(params.values())))\n        for key in "
                 "params.keys():\n            # 穴埋め (4)"),
                ("self.h[key] = self.h[key] + grads[key] * grads[key]", "self.h += grads[key] * grads[key]"),
                (_ADA_P + "params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)",
                 _ADA_P + "params[key] -= self.lr * grads[key] / (np.sqrt(self.h) + 1e-7)")]),
    _m("rmsprop-decay-swapped", "RMSprop", "RMSprop with decay_rate on the new term "
       "(h = (1 - decay_rate) * h + decay_rate * g * g)",
       "RMSprop で decay_rate を新しい項に掛けている（h = (1 - decay_rate) * h + decay_rate * g * g）",
       "decay_rate is the share of the OLD h that stays, and the new squared gradient gets the rest: "
       "h = decay_rate * h + (1 - decay_rate) * g * g",
       "decay_rate は「古い h」が残る割合で、新しい勾配の 2 乗は残りの分だけ入ります: "
       "h = decay_rate * h + (1 - decay_rate) * g * g",
       _wrong(lambda p, g, s, t, lr=0.01, decay_rate=0.99: _rms(p, g, s, t, lr, decay_rate, swap=True)),
       example={6: "(1 - self.decay_rate) * self.h[key] + self.decay_rate * grads[key] * grads[key]"}),
    _m("rmsprop-no-decay", "RMSprop", "RMSprop that never lets the old h fade (h = h + (1 - decay_rate) * g * g)",
       "RMSprop で古い h を減衰させていない（h = h + (1 - decay_rate) * g * g）",
       "RMSprop forgets old gradients little by little: multiply the old h by decay_rate",
       "RMSprop は古い勾配を少しずつ忘れます。古い h に decay_rate を掛けてください",
       _wrong(lambda p, g, s, t, lr=0.01, decay_rate=0.99: _rms(p, g, s, t, lr, decay_rate, keep=1.0)),
       example={6: "self.h[key] + (1 - self.decay_rate) * grads[key] * grads[key]"}),
    _m("rmsprop-no-eps", "RMSprop", "RMSprop without the 1e-7 (NaN where a gradient is 0)",
       "RMSprop で 1e-7 を足していない（勾配が 0 のところで NaN）", _NO_EPS["en"], _NO_EPS["ja"],
       _wrong(lambda p, g, s, t, lr=0.01, decay_rate=0.99: _rms(p, g, s, t, lr, decay_rate, eps=0.0)),
       example={7: "params[key] -= self.lr * grads[key] / np.sqrt(self.h[key])"}),
    _m("rmsprop-eps-in-root", "RMSprop", "RMSprop with the 1e-7 inside the square root",
       "RMSprop で 1e-7 を平方根の中に入れている", _EPS_ROOT["en"], _EPS_ROOT["ja"],
       _wrong(lambda p, g, s, t, lr=0.01, decay_rate=0.99: _rms(p, g, s, t, lr, decay_rate, root=_root_eps, eps=0.0)),
       example={7: "params[key] -= self.lr * grads[key] / np.sqrt(self.h[key] + 1e-7)"}),
    _m("adam-no-bias-correction", "Adam", "Adam without the bias correction (lr_t = lr)",
       "Adam でバイアス補正をしていない（lr_t = lr）",
       "m and v start at 0, so early on they are too small; the book corrects this with "
       "lr_t = lr * sqrt(1 - beta2 ** iter) / (1 - beta1 ** iter)",
       "m と v は 0 から始まるので、最初のうちは小さすぎます。本書では "
       "lr_t = lr * sqrt(1 - beta2 ** iter) / (1 - beta1 ** iter) で補正します",
       _wrong(lambda p, g, s, t, lr=0.001, beta1=0.9, beta2=0.999: _adam(p, g, s, t, lr, beta1, beta2, correct=False)),
       example={8: "self.lr"}),
    _m("adam-betas-swapped", "Adam", "Adam with beta1 and beta2 swapped in m and v",
       "Adam で m と v の beta1 と beta2 が入れ替わっている",
       "beta1 (0.9) averages the gradients in m, beta2 (0.999) the squared gradients in v",
       "beta1（0.9）は m（勾配の平均）に、beta2（0.999）は v（勾配の 2 乗の平均）に使います",
       _wrong(lambda p, g, s, t, lr=0.001, beta1=0.9, beta2=0.999: _adam(p, g, s, t, lr, beta1, beta2, swap=True)),
       example={9: "self.beta2 * self.m[key] + (1 - self.beta2) * grads[key]",
                10: "self.beta1 * self.v[key] + (1 - self.beta1) * grads[key] ** 2"}),
    _m("adam-v-not-squared", "Adam", "Adam's v averages the gradients, not their squares",
       "Adam の v で勾配を 2 乗していない",
       "v is the moving average of g ** 2 (like AdaGrad's h); averaging g itself can go negative and its root is NaN",
       "v は g ** 2 の移動平均です（AdaGrad の h にあたります）。g のままでは負になり、その平方根は NaN です",
       _wrong(lambda p, g, s, t, lr=0.001, beta1=0.9, beta2=0.999: _adam(p, g, s, t, lr, beta1, beta2, square=False)),
       example={10: "self.beta2 * self.v[key] + (1 - self.beta2) * grads[key]"}),
    _m("adam-no-sqrt", "Adam", "Adam dividing by v instead of sqrt(v)", "Adam で sqrt(v) ではなく v で割っている",
       "v averages squared gradients; its square root has the gradients' scale: divide by "
       "(np.sqrt(self.v[key]) + 1e-7)",
       "v は勾配の 2 乗の平均で、その平方根が勾配の大きさにあたります: (np.sqrt(self.v[key]) + 1e-7) で割ってください",
       _wrong(lambda p, g, s, t, lr=0.001, beta1=0.9, beta2=0.999: _adam(p, g, s, t, lr, beta1, beta2, root=lambda v: v)),
       example={11: "params[key] -= lr_t * self.m[key] / (self.v[key] + 1e-7)"}),
]
_NOT_UPDATED = MISTAKES[2]

_LOOK = {
    "SGD": {"en": "Look at blank (1): params[key] moves against the gradient by lr times it.",
            "ja": "空欄 (1) を確認してください: params[key] は勾配と逆向きに、勾配の lr 倍だけ動きます。"},
    "Momentum": {"en": "Look at blanks (2) and (3): v = momentum * v - lr * g, then params += v.",
                 "ja": "空欄 (2) と (3) を確認してください: v = momentum * v - lr * g のあと params += v。"},
    "AdaGrad": {"en": "Look at blanks (4) and (5): h = h + g * g, then params -= lr * g / (sqrt(h) + 1e-7).",
                "ja": "空欄 (4) と (5) を確認してください: h = h + g * g のあと params -= lr * g / (sqrt(h) + 1e-7)。"},
    "RMSprop": {"en": "Look at blanks (6) and (7): h = decay_rate * h + (1 - decay_rate) * g * g, then the AdaGrad step.",
                "ja": "空欄 (6) と (7) を確認してください: h = decay_rate * h + (1 - decay_rate) * g * g のあと AdaGrad と同じ更新。"},
    "Adam": {"en": "Look at blanks (8) to (11): lr_t with the bias correction, the two moving averages, and "
                   "params -= lr_t * m / (sqrt(v) + 1e-7).",
             "ja": "空欄 (8) から (11) を確認してください: バイアス補正した lr_t、2 つの移動平均、"
                   "params -= lr_t * m / (sqrt(v) + 1e-7)。"},
}


def _trajectory(impl, cls, params0, grads_seq, hyper):
    opt = impl.new(cls, **hyper)
    params = impl.put(params0)
    steps = []
    for grads in grads_seq:
        opt.update(params, grads)
        steps.append(impl.get(params))
    return steps


def drive(sub, ref, cls, params0, grads_seq, hyper, atol=1e-9):
    """Run ``cls(**hyper)`` on both sides through every step of ``grads_seq`` and compare."""
    want = _trajectory(ref, cls, params0, grads_seq, hyper)
    got = _trajectory(sub, cls, params0, grads_seq, hyper)
    args = ", ".join(f"{k}={v}" for k, v in hyper.items())
    shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in params0.items())
    case = tr("{cls}({args}), params {shapes}, {n} updates with changing gradients",
              "{cls}({args})、params {shapes}、勾配を変えながら {n} 回更新", cls=cls, args=args, shapes=shapes,
              n=len(grads_seq))
    first = got[0] if isinstance(got, list) and got and isinstance(got[0], dict) else None
    if first is not None and set(first) == set(params0) and all(
            np.array_equal(np.asarray(first[k]), params0[k]) for k in params0):
        raise TaskFailed(tr("With {case}: params did not change at all in the first update.",
                            "{case} のとき: 1 回目の update で params がまったく変わりませんでした。", case=case)
                         + "\n" + _NOT_UPDATED.message(), _NOT_UPDATED)
    parts = [tr("params after update {k}", "{k} 回目の update の後の params", k=k) for k in range(1, len(want) + 1)]
    expect(got, want, name="params", parts=parts, rtol=1e-6, atol=atol, case=case, look_at=pick(_LOOK[cls]),
           candidates=predictions(MISTAKES, cls, (params0, grads_seq), hyper))


def _grads(rng, shapes, steps, size=None):
    """``steps`` dicts of gradients: normals, or with ``size`` = (lo, hi) random signs times sizes in [lo, hi]."""
    def one(shape):
        if size is None:
            return rng.normal(size=shape)
        return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(*size, size=shape)
    return [{k: one(s) for k, s in shapes.items()} for _ in range(steps)]


def _params(rng, shapes):
    return {k: rng.normal(size=s) for k, s in shapes.items()}


SHAPES = {"W": (3, 4), "b": (4,)}


@task({"en": "SGD: several steps, with lr given and by default", "ja": "SGD: 数回の更新（lr を指定、既定値）"}, points=2)
def test_sgd(sub, ref, rng):
    for hyper in ({"lr": 0.1}, {}):
        drive(sub, ref, "SGD", _params(rng, SHAPES), _grads(rng, SHAPES, 3), hyper)


# Momentum: the gradients change at every step, so from the second step on the velocity
# (momentum * v) matters and a Momentum that forgets it (plain SGD) is told apart.
@task({"en": "Momentum: the velocity carries over from step to step", "ja": "Momentum: 速度が次の更新に引き継がれる"},
      points=4)
def test_momentum(sub, ref, rng):
    for hyper in ({"lr": 0.1, "momentum": 0.9}, {"lr": 0.05, "momentum": 0.5}, {}):
        drive(sub, ref, "Momentum", _params(rng, SHAPES), _grads(rng, SHAPES, 4), hyper)


def _probe_h(rng):
    """Gradients for AdaGrad and RMSprop: sizes 0.25 to 1, except W[0, 0] = 0 in the first two
    steps and b[1] = 0 in every step (there h is 0, so without the 1e-7 the step is 0 / 0 = NaN),
    and W[1, 1] = 0.001 in every step (h about 1e-6 to 1e-8: sqrt(h + 1e-7) differs from
    sqrt(h) + 1e-7 by 5 % or more, which tells a 1e-7 put inside the root)."""
    grads_seq = _grads(rng, SHAPES, 4, size=(0.25, 1.0))
    for t, grads in enumerate(grads_seq):
        if t < 2:
            grads["W"][0, 0] = 0.0
        grads["W"][1, 1] = 0.001
        grads["b"][1] = 0.0
    return grads_seq


# AdaGrad: see _probe_h; changing gradients tell an h that is not accumulated.
@task({"en": "AdaGrad: h accumulates, and a zero gradient is safe", "ja": "AdaGrad: h が累積され、勾配 0 でも安全"}, points=4)
def test_adagrad(sub, ref, rng):
    for hyper in ({"lr": 0.1}, {}):
        drive(sub, ref, "AdaGrad", _params(rng, SHAPES), _probe_h(rng), hyper)


# RMSprop: see _probe_h; decay_rate 0.9 and 0.99 put 0.1 or 0.01 of the new squared gradient
# into h, so decay_rate on the wrong term changes h by a factor of 9 to 99 from the first step on.
@task({"en": "RMSprop: a moving average of squared gradients", "ja": "RMSprop: 勾配の 2 乗の移動平均"}, points=3)
def test_rmsprop(sub, ref, rng):
    for hyper in ({"lr": 0.1, "decay_rate": 0.9}, {"lr": 0.01}, {}):
        drive(sub, ref, "RMSprop", _params(rng, SHAPES), _probe_h(rng), hyper)


# Adam: gradients of order 1 (sizes 1 to 2), where the placement of the 1e-7 is invisible by
# design.  Bounds, per step and relative to lr (|m_hat| / sqrt(v_hat) <= 2 here, and
# v >= (1 - beta2^t) since every g * g >= 1):
# - the paper's form puts the 1e-7 next to sqrt(v_hat): the step changes by at most
#   2 * 1e-7 / sqrt(1 - beta2^t), i.e. 6.4e-6 at t = 1 and less after;
# - the 1e-7 inside the root changes it by at most 2 * 1e-7 / (2 v) <= 1e-4 at t = 1, about 1/t after.
# Over 5 steps of lr <= 0.1 that is at most 2.3e-5 in params: ATOL_ADAM = 1e-4 accepts both, while
# every catalogued mistake moves params by 1e-3 or more (no bias correction triples the first step).
ATOL_ADAM = 1e-4


@task({"en": "Adam: bias-corrected moving averages", "ja": "Adam: バイアス補正した移動平均"}, points=5)
def test_adam(sub, ref, rng):
    for hyper in ({"lr": 0.1}, {"lr": 0.05, "beta1": 0.8, "beta2": 0.99}, {}):
        drive(sub, ref, "Adam", _params(rng, SHAPES), _grads(rng, SHAPES, 5, size=(1.0, 2.0)), hyper, atol=ATOL_ADAM)


# Two parameters of the same shape: an optimizer with one state for all keys runs without an
# error here, and its steps differ from the right ones by 1e-2 or more.  This task is about the
# state only: with gradients of size 1 to 2 (h >= 0.1), a 1e-7 inside the root moves each step by
# less than 3.2e-7 and passes with atol = 1e-5 (test_adagrad and test_rmsprop grade its place).
@task({"en": "each parameter keeps its own state", "ja": "パラメータごとに別々の状態を持つ"}, points=2)
def test_separate_state(sub, ref, rng):
    shapes = {"W1": (2, 3), "W2": (2, 3)}
    for cls, hyper in (("Momentum", {"lr": 0.1}), ("AdaGrad", {"lr": 0.1}), ("RMSprop", {"lr": 0.1, "decay_rate": 0.9}),
                       ("Adam", {"lr": 0.1})):
        drive(sub, ref, cls, _params(rng, shapes), _grads(rng, shapes, 3, size=(1.0, 2.0)), hyper,
              atol=max(1e-5, ATOL_ADAM if cls == "Adam" else 0))
