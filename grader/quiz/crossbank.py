"""Questions from several banks at once, each named ``bank/id``: what ``quiz exam``
and ``quiz review`` share.

An answers file for them is the one of ``quiz run --answers`` with ``bank/id``
keys (``day3/lstm-forget-gate: 2``); a key prints the same lines.  Judging goes
bank by bank through :func:`grader.quiz.session.run_answers`, and every result
gets a ``bank`` field beside its ``id`` and the question's ``section``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import click

from ..cli_common import UsageProblem
from ..i18n import pick, tr
from . import catalog, history
from .instance import Instance
from .model import Bank, InvalidBank, QuizError, Question
from .session import SKIP, read_answers, results_text, run_answers, select
from .validate import display_path, load_bank

SHOWN = 5

# The Japanese help of the options below (grader.helptext), for a command's "options" entry.
ANSWERS_OPTIONS_JA = {"--lang": "表示する言語: ja か en（既定: LANG / LC_ALL から）。",
                      "--answers": "出題せず、この YAML ファイルの解答（bank/id: 解答）を判定します。",
                      "--format": "--answers のときの出力: text は人向け、json はツール向け。"}


def answers_options(func):
    """--lang, --answers FILE (bank/id keys) and --format text|json, as quiz exam and quiz review take them."""
    for option in reversed([
            click.option("--lang", type=click.Choice(["ja", "en"]), default=None,
                         help="Language of the texts: ja or en (default: from LANG / LC_ALL)."),
            click.option("--answers", "answers_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
                         help="Judge the answers in this YAML file (bank/id: answer) instead of asking."),
            click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                         help="Output of an --answers run: text for people, json for tools.")]):
        func = option(func)
    return func


def check_answers_flags(fmt: str, answers_file: Optional[Path], save: bool, taken: Dict[str, str]) -> None:
    """UsageProblem for --format json or --history without --answers FILE; ``taken`` names
    what is always saved when taken interactively ({"en": "an exam", "ja": "試験"})."""
    if fmt == "json" and answers_file is None:
        raise UsageProblem(tr("--format json needs --answers FILE", "--format json には --answers FILE が必要です"))
    if save and answers_file is None:
        raise UsageProblem(tr("--history goes with --answers FILE ({t} you take is always saved)",
                              "--history は --answers FILE と使います（対話の{t}は常に保存されます）",
                              t=pick(taken)))


@dataclass
class Item:
    """One question of a cross-bank run, ready to ask."""

    bank: Bank
    inst: Instance

    @property
    def name(self) -> str:
        return f"{self.bank.name}/{self.inst.id}"

    def section(self, lang: Optional[str] = None) -> str:
        """The question's section, or its bank's title when it has none."""
        return section_name(self.bank, self.inst.question, lang)


def section_name(bank: Bank, question: Question, lang: Optional[str] = None) -> str:
    return pick(question.section, lang) if question.section else pick(bank.title, lang)


def open_banks(refs: Optional[str]) -> List[Bank]:
    """The banks a ``--banks a,b,c`` value names (default: every bank of the course)."""
    names = [r.strip() for r in (refs or "").split(",") if r.strip()]
    if not names:
        paths = catalog.bank_paths()
        if not paths:
            raise UsageProblem(tr("no banks found: run this inside the course folder or name them with --banks",
                                  "バンクが見つかりません。講座のフォルダの中で実行するか --banks で指定してください"))
        names = [str(p) for p in paths]
    banks: List[Bank] = []
    for ref in names:
        try:
            bank = load_bank(catalog.resolve(ref))
        except InvalidBank as exc:
            raise UsageProblem(tr("{r} is not a valid bank: {p} (see `quiz validate`)",
                                  "{r} は正しいバンクではありません: {p}（`quiz validate` を参照）",
                                  r=ref, p=exc.message.splitlines()[0] if exc.message else "")) from None
        except QuizError as exc:
            raise UsageProblem(exc.message) from None
        if all(b.name != bank.name for b in banks):
            banks.append(bank)
    return banks


def make_items(picks: Sequence[Tuple[Bank, List[str]]], seed: int) -> List[Item]:
    """Items for each bank's ids, at ``seed``, in the order given."""
    items: List[Item] = []
    for bank, ids in picks:
        by_id = {inst.id: inst for inst in select(bank, seed, only=ids)}
        items += [Item(bank, by_id[qid]) for qid in ids if qid in by_id]
    return items


def read_named_answers(path: Path, items: Sequence[Item], banks: Sequence[Bank],
                       warn: Callable[[str], None]) -> Dict[str, Optional[str]]:
    """``bank/id`` -> answer from ``path``; a name that is not asked here is
    warned about (with its line) and ignored."""
    try:
        answers, lines = read_answers(path)
    except QuizError as exc:
        raise UsageProblem(exc.message) from None
    asked = {item.name for item in items}
    known = {bank.name: bank for bank in banks}
    kinds: Dict[str, List[str]] = {"form": [], "other": [], "none": []}
    for name in answers:
        if name in asked:
            continue
        bank_name, _, qid = name.partition("/")
        if not qid:
            kinds["form"].append(name)
        elif bank_name in known and known[bank_name].question(qid) is not None:
            kinds["other"].append(name)
        else:
            kinds["none"].append(name)
    messages = {
        "form": tr("{n} name(s) not in the form bank/id (e.g. day3/lstm-forget-gate): {q}; ignored",
                   "bank/id の形（例: day3/lstm-forget-gate）でない名前 {n} 件: {q}（無視します）"),
        "other": tr("{n} answer(s) to questions not asked here: {q}; ignored (the same --seed and options as "
                    "the key's?)", "ここで出題していない問題への解答 {n} 件: {q}（無視します。key と同じ --seed と"
                    "オプションですか？）"),
        "none": tr("{n} answer(s) to no such question: {q}; ignored", "存在しない問題への解答 {n} 件: {q}（無視します）"),
    }
    for kind, names in kinds.items():
        if names:
            where = f"{display_path(path)}:{lines.get(names[0], 0)}: "
            warn(where + messages[kind].format(n=len(names), q=listed(names)))
    return {name: answers[name] for name in answers if name in asked}


def listed(names: Sequence[str], shown: int = SHOWN) -> str:
    """The first ``shown`` names, and how many more."""
    more = len(names) - shown
    return ", ".join(names[:shown]) + (tr(" and {n} more", " ほか {n} 件", n=more) if more > 0 else "")


def judge_items(items: Sequence[Item], answers: Dict[str, Optional[str]],
                lang: Optional[str] = None) -> List[dict]:
    """One result per item, in the items' order: ``{"bank", "id", ...what
    run_answers gives (correct, given, expected, params)..., "section", "seed"}``:
    with the seed and the params an instructor can draw the question again."""
    results: Dict[str, dict] = {}
    for bank in _banks_of(items):
        mine = [item for item in items if item.bank is bank]
        given = {item.inst.id: answers.get(item.name) for item in mine}
        judged = run_answers(bank, [item.inst for item in mine], given, lang)["results"]
        for item, result in zip(mine, judged):
            results[item.name] = {"bank": bank.name, **result, "section": item.section(lang),
                                  "seed": item.inst.seed}
    return [results[item.name] for item in items]


def _banks_of(items: Sequence[Item]) -> List[Bank]:
    banks: List[Bank] = []
    for item in items:
        if all(b is not item.bank for b in banks):
            banks.append(item.bank)
    return banks


def key_lines(items: Sequence[Item], lang: Optional[str] = None) -> List[str]:
    """``bank/id: answer`` lines (the answer as JSON text, as `quiz key` prints it)."""
    return [f"{item.name}: {json.dumps(item.inst.answer_text(lang), ensure_ascii=False)}" for item in items]


def text_of_results(results: Sequence[dict], score: int, total: int) -> str:
    """The results for people, as quiz run --answers prints them, named bank/id."""
    named = [{**r, "id": f"{r['bank']}/{r['id']}"} for r in results]
    return results_text({"score": score, "total": total, "results": named})


def record(item: Item, given: Optional[str], correct: bool, session: str) -> bool:
    """Append one answer to the history (no answer: a skipped line)."""
    if given is None or given.strip() in SKIP:
        return history.record(item.bank.name, item.inst, "", False, session, skipped=True)
    return history.record(item.bank.name, item.inst, given, correct, session)


def record_results(items: Sequence[Item], results: Sequence[dict], session: str) -> bool:
    """Record judged results (an --answers run with --history); False when a write failed."""
    ok = True
    for item, result in zip(items, results):
        ok = record(item, result["given"], result["correct"], session) and ok
    return ok
