"""Checking one question of a bank and building its :class:`~grader.quiz.model.Question`."""
from __future__ import annotations

import difflib
import itertools
import re
from typing import Any, Dict, List, Optional, Tuple

from ..i18n import Text, tr
from .checks import Checker, kind
from .expr import FUNCTIONS, Expr, ExprError, compile_expr
from .judge import parse_number, text_key
from .model import TYPES, Param, Question
from .template import option_numbers, scan, variants
from .yamltree import Map, Seq

QUESTION_KEYS = ("id", "section", "type", "prompt", "choices", "answer", "accept",
                 "tolerance", "params", "explanation", "source", "shuffle")
REQUIRED = ("id", "type", "prompt", "answer", "explanation")
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
PARAM_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
CHOICE_NAME = re.compile(r"choice([1-9][0-9]*)\Z")   # {choiceN}: the label option N is shown with
MAX_CHOICES = 26
MAX_COMBINATIONS = 2000


class QuestionChecker:
    """Checks question number ``number`` (1-based) found at ``line``; ``seen``
    maps the ids met so far to their lines."""

    def __init__(self, checker: Checker, raw: Any, line: int, number: int, seen: Dict[str, int],
                 shuffle: bool = False):
        self.c = checker
        self.bank_shuffle = shuffle
        self.raw = raw
        self.line = line
        self.number = number
        self.seen = seen
        self.qid: Optional[str] = None

    def add(self, line: int, en: str, ja: str, **fields) -> None:
        self.c.add(line, self.qid or f"#{self.number}", en, ja, **fields)

    def check(self) -> Optional[Question]:
        raw = self.raw
        if not isinstance(raw, Map):
            self.add(self.line, "a question is a mapping (id:, type:, prompt:, ...), not {k}",
                     "問題はマッピング（id:、type:、prompt: など）にしてください（いまは {k}）", k=kind(raw))
            return None
        before = len(self.c.problems)
        self.question_id(raw)
        self.c.keys(raw, QUESTION_KEYS, self.qid or f"#{self.number}")
        for key in REQUIRED:
            if key not in raw:
                self.add(raw.line, "missing '{k}:'", "「{k}:」がありません", k=key)
            elif raw[key] is None:
                self.add(raw.line_of(key), "'{k}:' is empty", "「{k}:」が空です", k=key)
        qtype = self.question_type(raw)
        prompt = self.c.text(raw, "prompt", self.qid, required=False) if "prompt" in raw else None
        explanation = (self.c.text(raw, "explanation", self.qid, required=False)
                       if "explanation" in raw else None)
        section = self.c.text(raw, "section", self.qid, required=False)
        source = self.c.text(raw, "source", self.qid, required=False)
        for key, types in (("choices", ("choice", "multi")), ("accept", ("text",)),
                           ("tolerance", ("numeric",)), ("params", ("numeric",)),
                           ("shuffle", ("choice", "multi"))):
            if key in raw and qtype is not None and qtype not in types:
                self.add(raw.line_of(key), "'{k}:' is only for {t} questions, and this one is {q}",
                         "「{k}:」は {t} の問題だけのものです（この問題は {q}）",
                         k=key, t=" / ".join(types), q=qtype)
        choices = self.choices(raw) if qtype in ("choice", "multi") else []
        params = self.params(raw) if qtype == "numeric" and "params" in raw else {}
        tolerance = self.tolerance(raw) if qtype == "numeric" else None
        answer = self.answer(raw, qtype, choices, params)
        shuffle = self.c.flag(raw, "shuffle", self.qid or f"#{self.number}")
        self.placeholders(raw, prompt, choices, explanation, params)
        if choices and (self.bank_shuffle if shuffle is None else shuffle):
            self.fixed_numbers(raw, [("prompt", prompt), ("explanation", explanation),
                                     *((f"choice {i + 1}", c) for i, c in enumerate(choices))])
        if len(self.c.problems) > before or qtype is None or answer is None:
            return None
        return Question(id=self.qid or "", type=qtype, prompt=prompt, answer=answer,
                        explanation=explanation, choices=choices, tolerance=tolerance,
                        params=params, section=section, source=source, line=raw.line,
                        shuffle=bool(choices) and (self.bank_shuffle if shuffle is None else shuffle))

    def question_id(self, raw: Map) -> None:
        value = raw.get("id")
        if "id" not in raw:
            return
        line = raw.line_of("id")
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.add(line, "id {v} must be letters, digits, '-', '_' or '.', such as lstm-forget-gate",
                     "id {v} は英数字と - _ . で書いてください（例: lstm-forget-gate）", v=kind(value))
            return
        self.qid = value
        if value in self.seen:
            self.add(line, "duplicate id '{v}' (also on line {first}): ids must be unique in a bank",
                     "id「{v}」が重複しています（{first} 行目にも）。バンク内で一意にしてください",
                     v=value, first=self.seen[value])
        else:
            self.seen[value] = line

    def question_type(self, raw: Map) -> Optional[str]:
        if "type" not in raw:
            return None
        value = raw["type"]
        if value in TYPES:
            return value
        close = difflib.get_close_matches(str(value), TYPES, n=1, cutoff=0.5)
        hint = tr(" (did you mean '{c}'?)", "（「{c}」の誤り？）", c=close[0]) if close else ""
        self.add(raw.line_of("type"), "unknown type {v}{h}; use one of {t}",
                 "不明な type {v}{h}。{t} のどれかにしてください", v=kind(value), h=hint, t=", ".join(TYPES))
        return None

    def choices(self, raw: Map) -> List[Text]:
        value = raw.get("choices")
        line = raw.line_of("choices")
        if "choices" not in raw:
            self.add(raw.line, "missing 'choices:' (a list of two or more options)",
                     "「choices:」（二つ以上の選択肢のリスト）がありません")
            return []
        if not isinstance(value, Seq) or not 2 <= len(value) <= MAX_CHOICES:
            self.add(line, "choices: must be a list of 2 to {m} options, not {k}",
                     "choices: は 2〜{m} 個の選択肢のリストにしてください（いまは {k}）",
                     m=MAX_CHOICES, k=kind(value) if not isinstance(value, Seq) else len(value))
            return []
        result: List[Text] = []
        keys: Dict[str, int] = {}
        for index, item in enumerate(value):
            text = self.c.text_value(item, value.line_of(index), self.qid, f"choice {index + 1}")
            result.append(text or "")
            for variant in variants(text):
                key = text_key(variant)
                if key in keys and keys[key] != index + 1:
                    self.add(value.line_of(index), "choice {n} reads the same as choice {m}: make them differ",
                             "選択肢 {n} が選択肢 {m} と同じ文面です。区別できるようにしてください",
                             n=index + 1, m=keys[key])
                keys.setdefault(key, index + 1)
        return result

    def params(self, raw: Map) -> Dict[str, Tuple[Param, ...]]:
        value = raw["params"]
        line = raw.line_of("params")
        if not isinstance(value, Map) or not value:
            self.add(line, "params: must map names to lists of numbers, such as {{x: [0.5, 1, 2]}}",
                     "params: は名前から数のリストへのマッピングにしてください（例: {{x: [0.5, 1, 2]}}）")
            return {}
        self.c.keys(value, list(value), self.qid)
        result = {}
        for name, values in value.items():
            at = value.line_of(name)
            if (not PARAM_PATTERN.match(name) or name in FUNCTIONS or name == "answer"
                    or re.match(r"choice[0-9]+\Z", name)):
                self.add(at, "'{n}' cannot name a parameter: use a name like x or h_in that is "
                         "not a function name, 'answer' or choiceN",
                         "「{n}」はパラメータ名に使えません。x や h_in のような名前にしてください"
                         "（関数名、answer、choiceN は不可）", n=name)
                continue
            if not isinstance(values, Seq) or not values:
                self.add(at, "params {n}: give a non-empty list of numbers, such as [1, 2, 3]",
                         "params {n}: 空でない数のリストにしてください（例: [1, 2, 3]）", n=name)
                continue
            items = []
            for index, item in enumerate(values):
                number = parse_number(item) if isinstance(item, str) else None
                if number is None:
                    self.add(values.line_of(index), "params {n}: {v} is not a number",
                             "params {n}: {v} は数ではありません", n=name, v=kind(item))
                else:
                    items.append(Param(item.strip(), number))
            if items:
                result[name] = tuple(items)
        return result

    def tolerance(self, raw: Map) -> Optional[float]:
        if "tolerance" not in raw:
            return None
        value = raw["tolerance"]
        number = parse_number(value) if isinstance(value, str) else None
        if number is None or number < 0:
            self.add(raw.line_of("tolerance"), "tolerance: must be a number >= 0 (an absolute margin), not {k}",
                     "tolerance: は 0 以上の数（絶対誤差）にしてください（いまは {k}）", k=kind(value))
            return None
        return number

    def answer(self, raw: Map, qtype: Optional[str], choices: List[Text],
               params: Dict[str, Tuple[Param, ...]]) -> Any:
        if "answer" not in raw or qtype is None:
            return None
        value = raw["answer"]
        line = raw.line_of("answer")
        if qtype == "choice":
            return self.choice_answer(value, line, choices)
        if qtype == "multi":
            if not isinstance(value, Seq) or not value:
                self.add(line, "a multi answer is a list of choice numbers, such as [1, 3]",
                         "multi の answer は選択肢の番号のリストです（例: [1, 3]）")
                return None
            numbers = [self.choice_answer(v, value.line_of(i), choices) for i, v in enumerate(value)]
            if any(n is None for n in numbers):
                return None
            if len(set(numbers)) != len(numbers):
                self.add(line, "the answer names a choice twice", "answer に同じ番号が二度あります")
                return None
            return tuple(sorted(numbers))
        if qtype == "numeric":
            return self.numeric_answer(value, line, params)
        accepted = [self.c.text_value(value, line, self.qid, "answer")]
        if "accept" in raw:
            extra = raw["accept"]
            if not isinstance(extra, Seq):
                self.add(raw.line_of("accept"), "accept: must be a list of texts",
                         "accept: は文字列のリストにしてください")
            else:
                accepted += [self.c.text_value(v, extra.line_of(i), self.qid, f"accept {i + 1}")
                             for i, v in enumerate(extra)]
        if any(a is None for a in accepted):
            return None
        return tuple(accepted)

    def choice_answer(self, value: Any, line: int, choices: List[Text]) -> Optional[int]:
        if not choices:
            return None
        count = len(choices)
        if isinstance(value, str) and value.strip().isdigit() and 1 <= int(value) <= count:
            return int(value)
        hint = ""
        if isinstance(value, str):
            for number, choice in enumerate(choices, start=1):
                if any(text_key(v) == text_key(value) for v in variants(choice)):
                    hint = tr(" (it reads like choice {n}: write {n})", "（選択肢 {n} の文面のようです。{n} と書いてください）",
                              n=number)
        self.add(line, "answer {v} is not among the choices: give a choice's number, 1 to {c}{h}",
                 "answer {v} が選択肢にありません。選択肢の番号（1〜{c}）を書いてください{h}",
                 v=kind(value), c=count, h=hint)
        return None

    def numeric_answer(self, value: Any, line: int, params: Dict[str, Tuple[Param, ...]]) -> Optional[Expr]:
        if not isinstance(value, str):
            self.add(line, "a numeric answer is a number or an expression, not {k}",
                     "numeric の answer は数か式です（いまは {k}）", k=kind(value))
            return None
        number = parse_number(value)
        try:
            expr = compile_expr(repr(number) if number is not None else value, params)
        except ExprError as exc:
            self.add(line, "bad answer expression '{v}': {e}", "answer の式「{v}」が使えません: {e}",
                     v=value, e=exc)
            return None
        names = list(params)
        combos = itertools.islice(itertools.product(*(params[n] for n in names)), MAX_COMBINATIONS)
        for combo in combos:
            values = {n: p.value for n, p in zip(names, combo)}
            try:
                expr.evaluate(values)
            except ExprError as exc:
                at = ", ".join(f"{n} = {p.text}" for n, p in zip(names, combo))
                if at:
                    self.add(line, "answer '{v}' cannot be computed when {a}: {e}",
                             "answer「{v}」が {a} のとき計算できません: {e}", v=value, a=at, e=exc)
                else:
                    self.add(line, "answer '{v}' cannot be computed: {e}",
                             "answer「{v}」が計算できません: {e}", v=value, e=exc)
                return None
        return expr

    def fixed_numbers(self, raw: Map, texts: List[Tuple[str, Optional[Text]]]) -> None:
        """A shuffled question must not name its options by a fixed number."""
        for what, text in texts:
            for found in dict.fromkeys(f for v in variants(text) for f in option_numbers(v)):
                self.add(raw.line_of(what.split()[0] + ("s" if what.startswith("choice") else "")),
                         "{w} says '{f}' but the options are shuffled: write {{choiceN}} (the label option N "
                         "of the file is shown with), or give the question shuffle: false",
                         "{w} に「{f}」とありますが選択肢はシャッフルされます。{{choiceN}}（ファイルで N 番目の"
                         "選択肢の表示ラベル）と書くか、この問題に shuffle: false を付けてください", w=what, f=found)

    def placeholders(self, raw: Map, prompt: Optional[Text], choices: List[Text],
                     explanation: Optional[Text], params: Dict[str, Tuple[Param, ...]]) -> None:
        declared = set(params)
        if "params" in raw and isinstance(raw["params"], Map):
            declared |= set(raw["params"])  # a bad value is reported already
        fields = [("prompt", raw.line_of("prompt"), prompt, declared),
                  ("explanation", raw.line_of("explanation"), explanation, declared | {"answer"})]
        listed = raw.get("choices")
        fields += [(f"choice {i + 1}", listed.line_of(i) if isinstance(listed, Seq) else raw.line, c, declared)
                   for i, c in enumerate(choices)]
        for what, line, text, allowed in fields:
            for variant in variants(text):
                names, mistakes = scan(variant)
                for mistake in mistakes:
                    self.add(line, "{w}: {m}", "{w}: {m}", w=what, m=mistake)
                for name in names:
                    option = CHOICE_NAME.match(name)
                    if option and not 1 <= int(option.group(1)) <= len(choices):
                        self.add(line, "{w} uses {{{n}}} but the question has {c} option(s): "
                                 "{{choiceN}} names option N of the file, 1 to {c}",
                                 "{w} が {{{n}}} を使っていますが選択肢は {c} 個です。"
                                 "{{choiceN}} はファイルでの N 番目の選択肢（1〜{c}）です",
                                 w=what, n=name, c=len(choices))
                    elif not option and name not in allowed:
                        self.add(line, "{w} uses {{{n}}} but params does not define '{n}' "
                                 "(write {{{{ and }}}} for literal braces)",
                                 "{w} が {{{n}}} を使っていますが params に「{n}」がありません"
                                 "（波かっこそのものは {{{{ と }}}}）", w=what, n=name)
        shown = [scan(v)[0] for v in variants(prompt)]
        for name in params:
            if shown and not any(name in s for s in shown):
                self.add(raw.line_of("prompt"),
                         "params defines '{n}' but the prompt never shows {{{n}}}: the learner "
                         "cannot know its value",
                         "params に「{n}」がありますが prompt に {{{n}}} がありません。"
                         "学習者には値がわかりません", n=name)
            elif not all(name in s for s in shown):
                self.add(raw.line_of("prompt"), "the prompt shows {{{n}}} in one language only",
                         "prompt の片方の言語にしか {{{n}}} がありません", n=name)
