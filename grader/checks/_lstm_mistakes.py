"""The catalogue of known mistakes for ``lstm`` (the blank is the new cell state c).

Each wrong answer is our own LSTM step with one rule changed: the cell update, the
candidate or the gates fed to it, or the h line after the blank.
"""
import numpy as np

from grader.mistakes import Mistake, bilingual


def _sig(x):
    return 1.0 / (1.0 + np.exp(-x))


def _blocks(x, prev_h, W, U, b, order="aifo"):
    return dict(zip(order, np.hsplit(x @ W.T + prev_h @ U.T + b, 4)))


def wrong_cell(rule, order="aifo", candidate=np.tanh, h_rule=None, raw=False):
    """Our own lstm with ``rule(a, i, f, o, prev_c, prev_h)`` for the new cell state;
    ``raw`` passes the pre-activation blocks to the rule instead of the gates."""
    def predict(x, prev_h, prev_c, W, U, b):
        k = _blocks(x, prev_h, W, U, b, order)
        a, i, f, o = candidate(k["a"]), _sig(k["i"]), _sig(k["f"]), _sig(k["o"])
        if raw:
            c = rule(a, k["i"], k["f"], k["o"], prev_c, prev_h)
        else:
            c = rule(a, i, f, o, prev_c, prev_h)
        h = (h_rule or (lambda c, o, prev_c: o * np.tanh(c)))(c, o, prev_c)
        return c, h
    return predict


_PREV_C = {"en": " (the original's c is the previous cell state, here prev_c)",
           "ja": "（元の問題の c は 1 ステップ前のセルの状態で、ここでは prev_c です）"}


def _m(mid, en, ja, hint_en, hint_ja, predict=None, **kw):
    return bilingual(mid, "lstm", en, ja, hint_en, hint_ja, predict, **kw)


def _both_orders(left, right):
    return (f"{left} + {right}", f"{right} + {left}")


MISTAKES = [
    Mistake("option-1", func="lstm",
            title={"en": "option (1) of the original, output_gate * a + forget_gate * c",
                   "ja": "元の選択肢 (1) output_gate * a + forget_gate * c"},
            hint={"en": "the output gate decides what leaves the cell as h, not what enters it; the candidate a "
                        "enters through the input gate" + _PREV_C["en"],
                  "ja": "出力ゲートはセルから h として何を出すかを決めるもので、セルに何を入れるかではありません。"
                        "候補 a は入力ゲートを通って入ります" + _PREV_C["ja"]},
            predict=wrong_cell(lambda a, i, f, o, c, h: o * a + f * c),
            code=("output_gate * a + forget_gate * c", "output_gate * a + forget_gate * prev_c")),
    Mistake("option-2", func="lstm",
            title={"en": "option (2) of the original, forget_gate * a + output_gate * c",
                   "ja": "元の選択肢 (2) forget_gate * a + output_gate * c"},
            hint={"en": "the forget gate scales the previous cell state (what to keep), and the input gate scales "
                        "the new candidate a; the output gate is used only for h" + _PREV_C["en"],
                  "ja": "忘却ゲートは前のセルの状態（何を残すか）に、入力ゲートは新しい候補 a に掛けます。"
                        "出力ゲートは h を作るときだけ使います" + _PREV_C["ja"]},
            predict=wrong_cell(lambda a, i, f, o, c, h: f * a + o * c),
            code=("forget_gate * a + output_gate * c", "forget_gate * a + output_gate * prev_c")),
    Mistake("option-4", func="lstm",
            title={"en": "option (4) of the original, forget_gate * a + input_gate * c: the input and forget "
                         "gates swapped",
                   "ja": "元の選択肢 (4) forget_gate * a + input_gate * c（入力ゲートと忘却ゲートが逆）"},
            hint={"en": "the input gate lets the candidate a in, the forget gate decides how much of the previous "
                        "cell state stays" + _PREV_C["en"],
                  "ja": "入力ゲートが候補 a を取り込み、忘却ゲートが前のセルの状態をどれだけ残すかを決めます" + _PREV_C["ja"]},
            predict=wrong_cell(lambda a, i, f, o, c, h: f * a + i * c),
            code=("forget_gate * a + input_gate * c", "forget_gate * a + input_gate * prev_c")),
    Mistake("c-for-prev-c", func="lstm",
            title={"en": "the original's option (3) typed as is, with c for the previous cell state",
                   "ja": "元の選択肢 (3) をそのまま入力（前のセルの状態を c と書いている）"},
            hint={"en": "option (3) is the right rule, but in this file c is the variable being defined; the "
                        "previous cell state is the argument prev_c: write that where the option says c",
                  "ja": "選択肢 (3) は正しい式ですが、このファイルでは c はいま定義している変数です。"
                        "前のセルの状態は引数 prev_c なので、選択肢で c と書かれたところを prev_c にしてください"},
            code=("input_gate * a + forget_gate * c", "forget_gate * c + input_gate * a"),
            error=r"\bc\b"),
    _m("prev-h-for-prev-c", "the previous hidden state prev_h used where the previous cell state prev_c belongs",
       "前のセルの状態 prev_c の代わりに前の隠れ状態 prev_h を使っている",
       "the cell state c is the LSTM's long-term memory (the CEC) and is carried separately from h: the "
       "memory kept from before is the previous cell state",
       "セルの状態 c は LSTM の長期記憶（CEC）で、h とは別に受け渡されます。前から残す記憶は 1 つ前のセルの状態です",
       wrong_cell(lambda a, i, f, o, c, h: i * a + f * h), code=_both_orders("input_gate * a", "forget_gate * prev_h")),
    _m("no-forget-gate", "the previous cell state added without the forget gate",
       "忘却ゲートを掛けずに前のセルの状態を足している",
       "without the forget gate the cell can never forget: the gate decides how much of prev_c stays",
       "忘却ゲートがないとセルは何も忘れられません。prev_c をどれだけ残すかは忘却ゲートが決めます",
       wrong_cell(lambda a, i, f, o, c, h: i * a + c), example={1: "input_gate * a + prev_c"}),
    _m("no-input-gate", "the candidate a added without the input gate", "入力ゲートを掛けずに候補 a を足している",
       "every candidate would be written in full at every step; the input gate decides how much of a enters",
       "毎ステップ候補がそのまま全部書き込まれてしまいます。a をどれだけ取り込むかは入力ゲートが決めます",
       wrong_cell(lambda a, i, f, o, c, h: a + f * c), example={1: "a + forget_gate * prev_c"}),
    _m("no-gates", "the candidate and the previous cell state added without any gate (a + prev_c)",
       "候補と前のセルの状態をゲートなしで足している（a + prev_c）",
       "the gates are what make an LSTM: one decides how much of the candidate is written, another how much of "
       "the previous cell state is kept", "ゲートこそが LSTM の仕組みです。候補をどれだけ書き込むか、前のセルの状態を"
       "どれだけ残すかを、それぞれ別のゲートが決めます",
       wrong_cell(lambda a, i, f, o, c, h: a + c), example={1: "a + prev_c"}),
    _m("forget-on-candidate", "the forget gate on the candidate, and the previous cell state added as it is "
       "(forget_gate * a + prev_c)", "候補に忘却ゲートを掛け、前のセルの状態はそのまま足している（forget_gate * a + prev_c）",
       "the forget gate belongs to the memory that is kept, prev_c; the candidate a is let in by the input gate",
       "忘却ゲートが掛かるのは残す記憶 prev_c のほうです。候補 a を取り込むのは入力ゲートです",
       wrong_cell(lambda a, i, f, o, c, h: f * a + c), example={1: "forget_gate * a + prev_c"}),
    _m("output-for-forget", "the output gate on the previous cell state (output_gate * prev_c)",
       "前のセルの状態に出力ゲートを掛けている（output_gate * prev_c）",
       "the output gate only chooses what leaves the cell as h; what is kept of prev_c is the forget gate's job",
       "出力ゲートはセルから h として何を出すかを選ぶだけです。prev_c のどれだけを残すかは忘却ゲートの役目です",
       wrong_cell(lambda a, i, f, o, c, h: i * a + o * c), example={1: "input_gate * a + output_gate * prev_c"}),
    _m("forget-on-both", "the forget gate on both terms (forget_gate * a + forget_gate * prev_c)",
       "両方の項に忘却ゲートを掛けている（forget_gate * a + forget_gate * prev_c）",
       "the forget gate only scales what is kept from prev_c; the new candidate a has its own gate",
       "忘却ゲートが掛かるのは prev_c から残す分だけです。新しい候補 a には別のゲートがあります",
       wrong_cell(lambda a, i, f, o, c, h: f * a + f * c), example={1: "forget_gate * a + forget_gate * prev_c"}),
    _m("input-on-both", "the input gate on both terms (input_gate * a + input_gate * prev_c)",
       "両方の項に入力ゲートを掛けている（input_gate * a + input_gate * prev_c）",
       "the input gate only scales the new candidate a; what is kept of prev_c has its own gate",
       "入力ゲートが掛かるのは新しい候補 a だけです。prev_c から残す分には別のゲートがあります",
       wrong_cell(lambda a, i, f, o, c, h: i * a + i * c), example={1: "input_gate * a + input_gate * prev_c"}),
    _m("coupled-gates", "1 - forget_gate used as the input gate ((1 - forget_gate) * a + ...), as in a GRU",
       "GRU のように 1 - forget_gate を入力ゲートの代わりに使っている（(1 - forget_gate) * a + ...）",
       "an LSTM has a separate input gate: what is written and what is kept need not add up to 1",
       "LSTM には独立した入力ゲートがあります。書き込む量と残す量の和が 1 である必要はありません",
       wrong_cell(lambda a, i, f, o, c, h: (1 - f) * a + f * c),
       example={1: "(1 - forget_gate) * a + forget_gate * prev_c"}),
    _m("minus", "the two terms subtracted instead of added", "2 つの項を足さずに引いている",
       "the new cell state is what is kept plus what is newly written: a sum",
       "新しいセルの状態は「残す分」と「新しく書き込む分」の和です",
       wrong_cell(lambda a, i, f, o, c, h: i * a - f * c), example={1: "input_gate * a - forget_gate * prev_c"}),
    _m("product-not-sum", "the two terms multiplied instead of added", "2 つの項を足さずに掛けている",
       "the kept memory and the new write are added; a product would wipe the cell whenever one of them is 0",
       "残す記憶と新しい書き込みは足し合わせます。掛け算では、どちらかが 0 になるたびにセルが消えてしまいます",
       wrong_cell(lambda a, i, f, o, c, h: i * a * f * c), example={1: "input_gate * a * forget_gate * prev_c"}),
    _m("matrix-product", "a matrix product of a gate and a state (input_gate.dot(a), or @) instead of the "
       "element-wise *", "ゲートと状態を要素ごとの * ではなく行列の積（input_gate.dot(a) や @）で掛けている",
       "a gate scales each unit of the same sample: multiply element-wise with *",
       "ゲートは同じサンプルの各ユニットを 1 つずつ調整します。要素ごとの積 * を使ってください",
       wrong_cell(lambda a, i, f, o, c, h: i @ a + f @ c),
       code=_both_orders("input_gate.dot(a)", "forget_gate.dot(prev_c)")
       + _both_orders("input_gate @ a", "forget_gate @ prev_c")
       + _both_orders("np.dot(input_gate, a)", "np.dot(forget_gate, prev_c)")),
    _m("raw-gates", "the raw parts i and f used instead of the gates (before the sigmoid)",
       "ゲート（シグモイドを通した値）ではなく、シグモイド前の i と f を使っている",
       "i and f are the parts of lstm_in before the sigmoid; the gates between 0 and 1 are input_gate and "
       "forget_gate", "i と f はシグモイドを通す前の lstm_in の一部です。0 から 1 のゲートは input_gate と forget_gate です",
       wrong_cell(lambda a, i, f, o, c, h: i * a + f * c, raw=True), example={1: "i * a + f * prev_c"}),
    _m("tanh-on-c", "tanh applied to the new cell state (np.tanh(...) around the sum)",
       "新しいセルの状態に tanh をかけている（和を np.tanh(...) で包んでいる）",
       "the cell state is kept without an activation, so it is not squashed at every step (the CEC); the tanh "
       "comes only in h, on the next line", "セルの状態は活性化関数を通さずに保ちます（CEC）。毎ステップ押しつぶさないためです。"
       "tanh は次の行の h でだけ使います",
       wrong_cell(lambda a, i, f, o, c, h: np.tanh(i * a + f * c)),
       example={1: "np.tanh(input_gate * a + forget_gate * prev_c)"}),
    _m("sigmoid-on-c", "the sigmoid applied to the new cell state", "新しいセルの状態にシグモイドをかけている",
       "the cell state is not passed through any activation: only the gates use the sigmoid",
       "セルの状態はどの活性化関数も通しません。シグモイドを使うのはゲートだけです",
       wrong_cell(lambda a, i, f, o, c, h: _sig(i * a + f * c)),
       example={1: "_sigmoid(input_gate * a + forget_gate * prev_c)"}),
    _m("tanh-twice", "tanh applied to the candidate a a second time (np.tanh(a) in the blank)",
       "候補 a に tanh をもう一度かけている（空欄で np.tanh(a)）",
       "a was already turned into the candidate by a = np.tanh(a) above: use a as it is",
       "a は上の a = np.tanh(a) ですでに候補になっています。そのまま使ってください",
       wrong_cell(lambda a, i, f, o, c, h: i * np.tanh(a) + f * c),
       example={1: "input_gate * np.tanh(a) + forget_gate * prev_c"}),
    _m("candidate-no-tanh", "the candidate a used without its tanh (the line a = np.tanh(a) left out)",
       "候補 a に tanh をかけていない（a = np.tanh(a) の行がない）",
       "the candidate is the tanh of its part of lstm_in, so that it lies between -1 and 1",
       "候補は lstm_in の該当部分に tanh をかけたもので、-1 から 1 の範囲に収まります",
       wrong_cell(lambda a, i, f, o, c, h: i * a + f * c, candidate=lambda v: v),
       example=[("    a = np.tanh(a)\n", "")]),
    _m("tanh-on-prev-c", "tanh applied to the previous cell state (np.tanh(prev_c))",
       "前のセルの状態に tanh をかけている（np.tanh(prev_c)）",
       "the memory is carried over as it is, only scaled by its gate; a tanh here would shrink it at every step",
       "記憶はゲートで調整するだけで、そのまま引き継ぎます。ここで tanh をかけると毎ステップ小さくなってしまいます",
       wrong_cell(lambda a, i, f, o, c, h: i * a + f * np.tanh(c)),
       example={1: "input_gate * a + forget_gate * np.tanh(prev_c)"}),
    _m("h-from-prev-c", "h computed from the previous cell state prev_c instead of the new c",
       "h を新しい c ではなく 1 つ前のセルの状態 prev_c から計算している",
       "h is read from the cell after this step's update: the c just computed in blank (1)",
       "h は今回の更新を終えたセル、つまり空欄 (1) で計算した c から読み出します",
       wrong_cell(lambda a, i, f, o, c, h: i * a + f * c, h_rule=lambda c, o, prev_c: o * np.tanh(prev_c)),
       example=[("h = output_gate * np.tanh(c)", "h = output_gate * np.tanh(prev_c)")]),
    _m("h-no-tanh", "h computed without the tanh of c (output_gate * c)", "h を c の tanh なしで計算している（output_gate * c）",
       "the cell state can grow beyond 1; h reads it through a tanh, scaled by the output gate",
       "セルの状態は 1 を超えることがあります。h はそれを tanh に通してから出力ゲートで調整して読み出します",
       wrong_cell(lambda a, i, f, o, c, h: i * a + f * c, h_rule=lambda c, o, prev_c: o * c),
       example=[("h = output_gate * np.tanh(c)", "h = output_gate * c")]),
    Mistake("gate-order-ifgo", func="lstm",
            title={"en": "lstm_in read in PyTorch's gate order i, f, g, o instead of the course's a, i, f, o",
                   "ja": "lstm_in を PyTorch のゲート順 i, f, g, o で分けている（この講座の順は a, i, f, o）"},
            hint={"en": "keep a, i, f, o = np.hsplit(lstm_in, 4): the rows of W, U and b are laid out in that order",
                  "ja": "a, i, f, o = np.hsplit(lstm_in, 4) のままにしてください。W, U, b の行はこの順に並んでいます"},
            predict=wrong_cell(lambda a, i, f, o, c, h: i * a + f * c, order="ifao"),
            example=[("a, i, f, o = np.hsplit(lstm_in, 4)", "i, f, a, o = np.hsplit(lstm_in, 4)")]),
]
