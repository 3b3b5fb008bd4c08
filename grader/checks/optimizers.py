"""Checks for ``optimizers``: SGD, Momentum, AdaGrad, RMSprop and Adam (DL1 6.1).

The learner's optimizer objects and their params live in the worker process: each
task creates one there, feeds it several steps of CHANGING gradients and reads the
params back after every step; the whole trajectory is compared with the reference's
and with the trajectories our own wrong optimizers (the catalogue, in
_optimizers_mistakes.py) would give.  update changes the arrays of params IN PLACE, as
in DL1 (the network's layers hold the same arrays): test_in_place holds each array
separately and reads those arrays back.  Two objects of one class must not share their
state: test_two_objects runs two side by side, and every comparison that fails first
asks whether two fresh objects given the same update disagree (state kept in the class
or the module), which is then what the learner is told.
"""
import numpy as np

from grader.checks._optimizers_mistakes import BY_ID, MISTAKES
from grader.compare import difference, expect
from grader.i18n import tr
from grader.mistakes import predictions
from grader.outcome import LearnerError, LearnerTimeout, TaskFailed
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
    # writing into the same arrays with [...] =; DL1's incremental moving averages
    {1: "params[key][...] = params[key] - self.lr * grads[key]", 3: "params[key][...] = params[key] + self.v[key]",
     4: "self.h[key] + grads[key] ** 2",
     5: "params[key][...] = params[key] - self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)",
     9: "self.m[key] + (1 - self.beta1) * (grads[key] - self.m[key])",
     10: "self.v[key] + (1 - self.beta2) * (grads[key] ** 2 - self.v[key])"},
    # Momentum with v of the opposite sign: v = momentum * v + lr * g, p -= v is the same update
    {2: "self.momentum * self.v[key] + self.lr * grads[key]", 3: "params[key] -= self.v[key]"},
    # Momentum with lr applied when moving: v = momentum * v - g, p += lr * v is the same update (lr fixed)
    {2: "self.momentum * self.v[key] - grads[key]", 3: "params[key] += self.lr * self.v[key]"},
    # Adam in the paper's form, with bias-corrected m_hat and v_hat (lr_t is then unused)
    {11: "params[key] -= self.lr * (self.m[key] / (1 - self.beta1 ** self.iter)) "
         "/ (np.sqrt(self.v[key] / (1 - self.beta2 ** self.iter)) + 1e-7)"},
    {1: "np.subtract(params[key], self.lr * grads[key], out=params[key])",
     6: "self.h[key] * self.decay_rate + (1 - self.decay_rate) * np.square(grads[key])",
     8: "self.lr * (1 - self.beta2 ** self.iter) ** 0.5 / (1 - self.beta1 ** self.iter)",
     11: "params[key] -= lr_t * self.m[key] / (self.v[key] ** 0.5 + 1e-7)"},
]

_LOOK = {
    "SGD": ("Look at blank (1), in SGD.update.", "SGD.update の空欄 (1) を確認してください。"),
    "Momentum": ("Look at blanks (2) and (3), in Momentum.update: the new velocity, and how it moves params.",
                 "Momentum.update の空欄 (2) と (3) を確認してください: 新しい速度と、それで params をどう動かすか。"),
    "AdaGrad": ("Look at blanks (4) and (5), in AdaGrad.update: how h grows, and how it scales the step.",
                "AdaGrad.update の空欄 (4) と (5) を確認してください: h の増え方と、h で更新量をどう調整するか。"),
    "RMSprop": ("Look at blanks (6) and (7), in RMSprop.update: the moving average h, and the step.",
                "RMSprop.update の空欄 (6) と (7) を確認してください: 移動平均 h と更新。"),
    "Adam": ("Look at blanks (8) to (11), in Adam.update: the step size lr_t, the two moving averages, and the step.",
             "Adam.update の空欄 (8) から (11) を確認してください: 更新の大きさ lr_t、2 つの移動平均、更新。"),
}


def _trajectory(impl, cls, params0, grads_seq, hyper, in_place=False):
    """params after each update, as the dict holds them and (``in_place``) as the arrays first
    put into it hold them."""
    opt = impl.new(cls, **hyper)
    arrays = {k: impl.put(v) for k, v in params0.items()} if in_place else None
    params = impl.put(arrays if in_place else params0)
    dicts, steps = [], []
    for grads in grads_seq:
        opt.update(params, grads)
        dicts.append(impl.get(params))
        steps.append({k: impl.get(a) for k, a in arrays.items()} if in_place else dicts[-1])
    return steps, dicts


def _same(a, b):
    return difference(a, b, "", 0.0, 0.0) is None


def _fail(message, mistake):
    raise TaskFailed(message + "\n" + mistake.message(), mistake)


def _check_shared(sub, cls, hyper, params0, grads, case):
    """Fail naming state-shared when two fresh objects given the same update disagree."""
    try:
        results = []
        for _ in range(2):
            opt, params = sub.new(cls, **hyper), sub.put(params0)
            opt.update(params, grads)
            results.append(sub.get(params))
    except LearnerTimeout:
        raise
    except LearnerError:
        return
    if not _same(results[0], results[1]):
        _fail(tr("With {case}: the params are wrong, and two new {cls} objects given the same params and the same "
                 "gradients moved them differently: the second one started from what the first had kept.",
                 "{case} のとき: params が違います。新しく作った 2 つの {cls} に同じ params と同じ勾配を与えると、"
                 "動き方が違いました。2 つ目のオブジェクトが、1 つ目の持っていたものから始めています。",
                 case=case, cls=cls), BY_ID["state-shared"])


def drive(sub, ref, cls, params0, grads_seq, hyper, atol=1e-9, in_place=False):
    """Run ``cls(**hyper)`` on both sides through every step of ``grads_seq`` and compare."""
    want, _ = _trajectory(ref, cls, params0, grads_seq, hyper)
    got, dicts = _trajectory(sub, cls, params0, grads_seq, hyper, in_place)
    args = ", ".join(f"{k}={v}" for k, v in hyper.items())
    shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in params0.items())
    case = tr("{cls}({args}), params {shapes}, {n} updates with changing gradients",
              "{cls}({args})、params {shapes}、勾配を変えながら {n} 回更新", cls=cls, args=args, shapes=shapes,
              n=len(grads_seq))
    parts = [tr("params after update {k}", "{k} 回目の update の後の params", k=k) for k in range(1, len(want) + 1)]
    if difference(got, want, "params", 1e-6, atol, parts) is None:
        return
    first = got[0] if isinstance(got, list) and got and isinstance(got[0], dict) else None
    if first is not None and set(first) == set(params0) and all(
            np.array_equal(np.asarray(first[k]), params0[k]) for k in params0):
        if in_place and not _same(dicts[0], params0):
            _fail(tr("With {case}: the dict params holds new values after the first update, but the arrays it held "
                     "before were not changed.", "{case} のとき: 1 回目の update の後、辞書 params には新しい値が"
                     "入っていますが、もともと入っていた配列は変わっていません。", case=case), BY_ID["params-rebound"])
        _fail(tr("With {case}: params did not change at all in the first update.",
                 "{case} のとき: 1 回目の update で params がまったく変わりませんでした。", case=case),
              BY_ID["params-not-updated"])
    _check_shared(sub, cls, hyper, params0, grads_seq[0], case)
    expect(got, want, name="params", parts=parts, rtol=1e-6, atol=atol, case=case, look_at=_look(cls, got),
           candidates=predictions(MISTAKES, cls, (params0, grads_seq), hyper))


def _look(cls, got):
    """The class's blanks, unless an array is not float64: that message stands alone (it may come from anywhere)."""
    arrays = [v for step in got if isinstance(step, dict) for v in step.values()] if isinstance(got, list) else []
    if any(isinstance(a, np.ndarray) and a.dtype.kind == "f" and a.dtype != np.float64 for a in arrays):
        return ""
    return tr(*_LOOK[cls])


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
      points=3)
def test_momentum(sub, ref, rng):
    for hyper in ({"lr": 0.1, "momentum": 0.9}, {"lr": 0.05, "momentum": 0.5}, {}):
        drive(sub, ref, "Momentum", _params(rng, SHAPES), _grads(rng, SHAPES, 4), hyper)


def _probe_h(rng):
    """Gradients for AdaGrad and RMSprop: sizes 0.25 to 1, except W[0, 0] = 0 in the first two
    steps and b[1] = 0 in every step (there h is 0, so without the 1e-7 the step is 0 / 0 = NaN),
    W[1, 1] = 0.001 in every step (h about 1e-6 to 1e-8: sqrt(h + 1e-7) differs from
    sqrt(h) + 1e-7 by 5 % or more, which tells a 1e-7 put inside the root), and W[2, 2] of size
    0.5e-7 to 2e-7 (sqrt(h) is then of the order of 1e-7 and the step with 1e-8 in the place of
    1e-7 is 1.3 to 2 times as large)."""
    grads_seq = _grads(rng, SHAPES, 4, size=(0.25, 1.0))
    for t, grads in enumerate(grads_seq):
        if t < 2:
            grads["W"][0, 0] = 0.0
        grads["W"][1, 1] = 0.001
        grads["W"][2, 2] = rng.choice([-1.0, 1.0]) * rng.uniform(0.5e-7, 2e-7)
        grads["b"][1] = 0.0
    return grads_seq


# AdaGrad: see _probe_h; changing gradients tell an h that is not accumulated.
@task({"en": "AdaGrad: h accumulates, and a zero or tiny gradient is safe",
       "ja": "AdaGrad: h が累積され、勾配が 0 やとても小さくても安全"}, points=3)
def test_adagrad(sub, ref, rng):
    for hyper in ({"lr": 0.1}, {}):
        drive(sub, ref, "AdaGrad", _params(rng, SHAPES), _probe_h(rng), hyper)


# RMSprop: see _probe_h; decay_rate 0.9 and 0.99 put 0.1 or 0.01 of the new squared gradient
# into h, so decay_rate on the wrong term changes h by a factor of 9 to 99 from the first step on.
@task({"en": "RMSprop: a moving average of squared gradients", "ja": "RMSprop: 勾配の 2 乗の移動平均"}, points=3)
def test_rmsprop(sub, ref, rng):
    for hyper in ({"lr": 0.1, "decay_rate": 0.9}, {"lr": 0.01}, {}):
        drive(sub, ref, "RMSprop", _params(rng, SHAPES), _probe_h(rng), hyper)


# Adam, first with gradients of order 1 (sizes 1 to 2), where the placement of the 1e-7 is
# invisible by design.  Bounds, per step and relative to lr (|m_hat| / sqrt(v_hat) <= 2 here,
# and v >= (1 - beta2^t) since every g * g >= 1): the paper's form puts the 1e-7 next to
# sqrt(v_hat), which changes the step by at most 2 * 1e-7 / sqrt(1 - beta2^t), i.e. 6.4e-6 at
# t = 1 and less after; over 5 steps of lr <= 0.1 that is at most 3.2e-6 in params, and
# ATOL_ADAM = 1e-4 accepts it, while every catalogued mistake but the 1e-7's moves params by
# 1e-3 or more (no bias correction triples the first step).
ATOL_ADAM = 1e-4


# Then with tiny gradients (sizes 0.5e-7 to 2e-7) and beta2 = 0.01, where the 1e-7 is as large
# as sqrt(v).  There the book's step is lr_t * m / (sqrt(v) + 1e-7) and the paper's is the same
# with 1e-7 * sqrt(1 - beta2^t) in the place of the 1e-7: with beta2 = 0.01 that is 0.995e-7 at
# t = 1 and 1e-7 to 5e-5 % after, so the two forms differ by at most 0.7 % of a step, 7e-5 with
# lr = 0.01 (the first step's part of a step is between 1/3 and 2/3: each entry's step is lr times
# x / (x + 1e-7) with x = sqrt(1 - beta2)|g|, and d/d(eps) of it is at most 1 / (4x)).  1e-8 makes
# each step 1.3 to 2 times as large (a difference of 2e-3 or more), and a 1e-7 inside the root
# makes it about 3e-4 as large: ATOL_ADAM = 1e-4 tells both.
def _tiny(rng, shapes, steps):
    return _grads(rng, shapes, steps, size=(0.5e-7, 2e-7))


@task({"en": "Adam: bias-corrected moving averages, with gradients of order 1 and tiny ones",
       "ja": "Adam: バイアス補正した移動平均（大きさ 1 程度の勾配と、とても小さい勾配）"}, points=4)
def test_adam(sub, ref, rng):
    for hyper in ({"lr": 0.1}, {"lr": 0.05, "beta1": 0.8, "beta2": 0.99}, {}):
        drive(sub, ref, "Adam", _params(rng, SHAPES), _grads(rng, SHAPES, 5, size=(1.0, 2.0)), hyper, atol=ATOL_ADAM)
    drive(sub, ref, "Adam", _params(rng, SHAPES), _tiny(rng, SHAPES, 4), {"lr": 0.01, "beta2": 0.01}, atol=ATOL_ADAM)


# Two parameters of the same shape: an optimizer with one state for all keys runs without an
# error here, and its steps differ from the right ones by 1e-2 or more.  With gradients of size
# 1 to 2 (h >= 0.1) the 1e-7 hardly matters: atol = 1e-5 (test_adagrad, test_rmsprop and
# test_adam grade it).
@task({"en": "each parameter keeps its own state", "ja": "パラメータごとに別々の状態を持つ"}, points=1)
def test_separate_state(sub, ref, rng):
    shapes = {"W1": (2, 3), "W2": (2, 3)}
    for cls, hyper in (("Momentum", {"lr": 0.1}), ("AdaGrad", {"lr": 0.1}), ("RMSprop", {"lr": 0.1, "decay_rate": 0.9}),
                       ("Adam", {"lr": 0.1})):
        drive(sub, ref, cls, _params(rng, shapes), _grads(rng, shapes, 3, size=(1.0, 2.0)), hyper,
              atol=max(1e-5, ATOL_ADAM if cls == "Adam" else 0))


CLASSES = (("SGD", {"lr": 0.1}), ("Momentum", {"lr": 0.1}), ("AdaGrad", {"lr": 0.1}),
           ("RMSprop", {"lr": 0.1, "decay_rate": 0.9}), ("Adam", {"lr": 0.1}))


@task({"en": "update changes the arrays of params in place (as the network's layers hold them)",
       "ja": "update は params の配列そのものを書き換える（ネットワークの層が同じ配列を持っているため）"}, points=2)
def test_in_place(sub, ref, rng):
    for cls, hyper in CLASSES:
        drive(sub, ref, cls, _params(rng, SHAPES), _grads(rng, SHAPES, 3, size=(1.0, 2.0)), hyper,
              atol=ATOL_ADAM if cls == "Adam" else 1e-5, in_place=True)


def _pair(impl, cls, hyper, starts, grads):
    """Two objects of ``cls`` updated in turn, each on its own params: the params after every update."""
    opts = [impl.new(cls, **hyper) for _ in starts]
    params = [impl.put(p) for p in starts]
    seen = []
    for step in range(len(grads[0])):
        for opt, p, g in zip(opts, params, grads):
            opt.update(p, g[step])
            seen.append(impl.get(p))
    return seen


def _pair_candidates(cls, hyper, starts, grads):
    """Each catalogued mistake of ``cls`` as two separate objects updated in turn."""
    found = []
    for mistake, one in predictions(MISTAKES, cls, (starts[0], grads[0]), hyper):
        two = mistake.predict(starts[1], grads[1], **hyper)
        found.append((mistake, [x for pair in zip(one, two) for x in pair]))
    return found


@task({"en": "two objects of one class, updated in turn, do not share their state",
       "ja": "同じクラスの 2 つのオブジェクトを交互に更新しても、状態を共有しない"}, points=2)
def test_two_objects(sub, ref, rng):
    for cls, hyper in CLASSES[1:]:
        starts = [_params(rng, SHAPES), _params(rng, SHAPES)]
        grads = [_grads(rng, SHAPES, 3, size=(1.0, 2.0)), _grads(rng, SHAPES, 3, size=(1.0, 2.0))]
        want, got = _pair(ref, cls, hyper, starts, grads), _pair(sub, cls, hyper, starts, grads)
        atol = ATOL_ADAM if cls == "Adam" else 1e-5
        if difference(got, want, "params", 1e-6, atol) is None:
            continue
        case = tr("two {cls}({a}) objects A and B, updated A, B, A, B, A, B with other gradients",
                  "2 つの {cls}({a}) オブジェクト A と B を A、B、A、B、A、B の順に別々の勾配で更新",
                  cls=cls, a=", ".join(f"{k}={v}" for k, v in hyper.items()))
        _check_shared(sub, cls, hyper, starts[0], grads[0][0], case)
        parts = [tr("params of {o} after its update {k}", "{o} の {k} 回目の update の後の params", o="AB"[i % 2],
                    k=i // 2 + 1) for i in range(len(want))]
        expect(got, want, name="params", parts=parts, rtol=1e-6, atol=atol, case=case,
               look_at=_look(cls, [{"p": a} for step in got for a in step.values()] if isinstance(got, list) and all(
                   isinstance(step, dict) for step in got) else []),
               candidates=_pair_candidates(cls, hyper, starts, grads))
