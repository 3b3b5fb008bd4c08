"""Checks for ``lstm``: one LSTM step, gate order a, i, f, o."""
import numpy as np

from grader.compare import check_call, expect_form, shape_case
from grader.mistakes import Mistake
from grader.tasks import task

ANSWERS = {1: "input_gate * a + forget_gate * prev_c"}
EQUIVALENTS = [
    {1: "forget_gate * prev_c + input_gate * a"},
    {1: "np.multiply(input_gate, a) + np.multiply(forget_gate, prev_c)"},
    {1: "a * input_gate + prev_c * forget_gate"},
]


def _sig(x):
    return 1.0 / (1.0 + np.exp(-x))


def _parts(x, prev_h, W, U, b, order="aifo"):
    """Candidate a and the gates i, f, o when lstm_in is read in ``order``."""
    blocks = dict(zip(order, np.hsplit(x @ W.T + prev_h @ U.T + b, 4)))
    return np.tanh(blocks["a"]), _sig(blocks["i"]), _sig(blocks["f"]), _sig(blocks["o"])


def _wrong_cell(rule, order="aifo"):
    def predict(x, prev_h, prev_c, W, U, b):
        a, i, f, o = _parts(x, prev_h, W, U, b, order)
        c = rule(a, i, f, o, prev_c, prev_h)
        return c, o * np.tanh(c)
    return predict


_PREV_C = {"en": " (the original's c is the previous cell state, here prev_c)",
           "ja": "（元の問題の c は 1 ステップ前のセルの状態で、ここでは prev_c です）"}

MISTAKES = [
    Mistake("option-1", func="lstm",
            title={"en": "option (1) of the original, output_gate * a + forget_gate * c",
                   "ja": "元の選択肢 (1) output_gate * a + forget_gate * c"},
            hint={"en": "the output gate decides what leaves the cell as h, not what enters it; the candidate a "
                        "enters through the input gate" + _PREV_C["en"],
                  "ja": "出力ゲートはセルから h として何を出すかを決めるもので、セルに何を入れるかではありません。"
                        "候補 a は入力ゲートを通って入ります" + _PREV_C["ja"]},
            predict=_wrong_cell(lambda a, i, f, o, c, h: o * a + f * c),
            code=("output_gate * a + forget_gate * c", "output_gate * a + forget_gate * prev_c")),
    Mistake("option-2", func="lstm",
            title={"en": "option (2) of the original, forget_gate * a + output_gate * c",
                   "ja": "元の選択肢 (2) forget_gate * a + output_gate * c"},
            hint={"en": "the forget gate scales the previous cell state (what to keep), and the input gate scales "
                        "the new candidate a; the output gate is used only for h" + _PREV_C["en"],
                  "ja": "忘却ゲートは前のセルの状態（何を残すか）に、入力ゲートは新しい候補 a に掛けます。"
                        "出力ゲートは h を作るときだけ使います" + _PREV_C["ja"]},
            predict=_wrong_cell(lambda a, i, f, o, c, h: f * a + o * c),
            code=("forget_gate * a + output_gate * c", "forget_gate * a + output_gate * prev_c")),
    Mistake("option-4", func="lstm",
            title={"en": "option (4) of the original, forget_gate * a + input_gate * c",
                   "ja": "元の選択肢 (4) forget_gate * a + input_gate * c"},
            hint={"en": "the two gates are swapped: the input gate lets the candidate a in, the forget gate decides "
                        "how much of the previous cell state stays" + _PREV_C["en"],
                  "ja": "2 つのゲートが逆です。入力ゲートが候補 a を取り込み、忘却ゲートが前のセルの状態をどれだけ残すかを"
                        "決めます" + _PREV_C["ja"]},
            predict=_wrong_cell(lambda a, i, f, o, c, h: f * a + i * c),
            code=("forget_gate * a + input_gate * c", "forget_gate * a + input_gate * prev_c")),
    Mistake("c-for-prev-c", func="lstm",
            title={"en": "the original's option (3) typed as is, with c for the previous cell state",
                   "ja": "元の選択肢 (3) をそのまま入力（前のセルの状態を c と書いている）"},
            hint={"en": "option (3) is the right rule, but in this file c is the variable being defined; the "
                        "previous cell state is the argument prev_c: input_gate * a + forget_gate * prev_c",
                  "ja": "選択肢 (3) は正しい式ですが、このファイルでは c はいま定義している変数です。"
                        "前のセルの状態は引数 prev_c です: input_gate * a + forget_gate * prev_c"},
            code=("input_gate * a + forget_gate * c", "forget_gate * c + input_gate * a"),
            error=r"\bc\b"),
    Mistake("prev-h-for-prev-c", func="lstm",
            title={"en": "the previous hidden state prev_h used where the previous cell state prev_c belongs",
                   "ja": "前のセルの状態 prev_c の代わりに前の隠れ状態 prev_h を使っている"},
            hint={"en": "the cell state c is the LSTM's long-term memory (the CEC) and is carried separately "
                        "from h: the forget gate multiplies prev_c",
                  "ja": "セルの状態 c は LSTM の長期記憶（CEC）で、h とは別に受け渡されます。忘却ゲートを掛けるのは prev_c です"},
            predict=_wrong_cell(lambda a, i, f, o, c, h: i * a + f * h),
            code=("input_gate * a + forget_gate * prev_h",)),
    Mistake("no-forget-gate", func="lstm",
            title={"en": "the previous cell state added without the forget gate",
                   "ja": "忘却ゲートを掛けずに前のセルの状態を足している"},
            hint={"en": "without forget_gate * prev_c the cell can never forget; multiply prev_c by the forget gate",
                  "ja": "forget_gate * prev_c としないとセルは何も忘れられません。prev_c に忘却ゲートを掛けてください"},
            predict=_wrong_cell(lambda a, i, f, o, c, h: i * a + c),
            code=("input_gate * a + prev_c",)),
    Mistake("gate-order-ifgo", func="lstm",
            title={"en": "lstm_in read in PyTorch's gate order i, f, g, o instead of the course's a, i, f, o",
                   "ja": "lstm_in を PyTorch のゲート順 i, f, g, o で分けている（この講座の順は a, i, f, o）"},
            hint={"en": "keep a, i, f, o = np.hsplit(lstm_in, 4): the rows of W, U and b are laid out in that order",
                  "ja": "a, i, f, o = np.hsplit(lstm_in, 4) のままにしてください。W, U, b の行はこの順に並んでいます"},
            predict=_wrong_cell(lambda a, i, f, o, c, h: i * a + f * c, order="ifao"),
            example=[("a, i, f, o = np.hsplit(lstm_in, 4)", "i, f, a, o = np.hsplit(lstm_in, 4)")]),
]

_LOOK = {"en": "Look at the new cell state: c = (input gate) * (candidate a) + (forget gate) * (previous cell state).",
         "ja": "新しいセルの状態を確認してください: c = 入力ゲート × 候補 a + 忘却ゲート × 前のセルの状態。"}


def _inputs(rng, N, D, H, scale=1.0):
    return (rng.normal(size=(N, D)), rng.normal(size=(N, H)), rng.normal(size=(N, H)),
            rng.normal(scale=scale, size=(4 * H, D)), rng.normal(scale=scale, size=(4 * H, H)),
            rng.normal(scale=scale, size=4 * H))


def _run(sub, ref, args, **kw):
    from grader.i18n import pick
    x, prev_h, prev_c, W, U, b = args
    return check_call(sub, ref, "lstm", *args, parts=("c", "h"), mistakes=MISTAKES, look_at=pick(_LOOK),
                      case=shape_case(x=x, prev_h=prev_h, W=W), **kw)


@task({"en": "returns (c, h), each of shape (N, H)", "ja": "(c, h) を返し、どちらも形 (N, H)"}, points=2)
def test_shapes(sub, ref, rng):
    args = _inputs(rng, 3, 5, 4)
    expect_form(sub.lstm(*args), ref.lstm(*args), name="(c, h)", parts=("c", "h"),
                case=shape_case(x=args[0], prev_h=args[1]))


@task({"en": "values on random inputs of several sizes", "ja": "いろいろな大きさのランダムな入力での値"}, points=4)
def test_values(sub, ref, rng):
    for N, D, H in [(1, 1, 1), (2, 3, 4), (5, 7, 3), (4, 2, 6)]:
        _run(sub, ref, _inputs(rng, N, D, H))


@task({"en": "first step: zero previous state", "ja": "最初の時刻: 前の状態がすべて 0"}, points=2)
def test_zero_state(sub, ref, rng):
    x, prev_h, prev_c, W, U, b = _inputs(rng, 3, 4, 5)
    _run(sub, ref, (x, np.zeros_like(prev_h), np.zeros_like(prev_c), W, U, b))


@task({"en": "a nearly closed input gate and open forget gate keep the memory",
       "ja": "入力ゲートをほぼ閉じ忘却ゲートを開くと記憶が保たれる"}, points=2)
def test_keeps_memory(sub, ref, rng):
    N, D, H = 4, 3, 5
    x, prev_h, prev_c, W, U, b = _inputs(rng, N, D, H, scale=0.1)
    b = b.copy()
    b[H:2 * H] = -8.0      # input gate i close to 0
    b[2 * H:3 * H] = 8.0   # forget gate f close to 1
    _run(sub, ref, (x, prev_h, 3.0 * prev_c, W, U, b))
