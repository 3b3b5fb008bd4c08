"""Checking a bank against the format, and building the model from it.

:func:`validate_file` returns every problem found (each with file, line,
question id and what to change); :func:`load_bank` returns the
:class:`~grader.quiz.model.Bank` or raises
:class:`~grader.quiz.model.InvalidBank`.  The format is described in
docs/quiz-format.md.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union

from ..i18n import tr
from .checks import Checker, kind
from .model import Bank, InvalidBank, Problem, Question
from .questioncheck import QuestionChecker
from .yamltree import Map, Seq, YamlSyntaxError, parse

TOP_KEYS = ("bank", "title", "description", "source", "shuffle", "questions")


def display_path(path: Union[str, Path]) -> str:
    """``path`` relative to the current folder when it is below it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def read_bank_text(path: Path) -> Tuple[Optional[str], List[Problem]]:
    """The file's text, or a problem saying why it cannot be read."""
    name = display_path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(name, 0, None, tr("file not found", "ファイルがありません"))]
    except OSError as exc:
        return None, [Problem(name, 0, None, tr("cannot read the file ({e})",
                                                "ファイルを読めません（{e}）", e=exc.strerror or exc))]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(name, line, None, tr(
            "the file is not UTF-8 text: save it as UTF-8",
            "UTF-8 のテキストではありません。UTF-8 で保存してください"))]


def validate_file(path: Union[str, Path]) -> List[Problem]:
    """Every problem in the bank at ``path`` (empty when it is valid)."""
    return _load(Path(path))[1]


def load_bank(path: Union[str, Path]) -> Bank:
    """The bank at ``path``; raises :class:`InvalidBank` listing its problems."""
    bank, problems = _load(Path(path))
    if problems or bank is None:
        raise InvalidBank(problems)
    return bank


def _load(path: Path) -> Tuple[Optional[Bank], List[Problem]]:
    text, problems = read_bank_text(path)
    if text is None:
        return None, problems
    bank, problems = check_text(text, display_path(path), path.stem)
    if bank is not None:
        bank.path = path
    return bank, problems


def check_text(text: str, file: str, stem: str) -> Tuple[Optional[Bank], List[Problem]]:
    """Parse and check a bank's YAML ``text``; ``stem`` is its file name
    without extension, which ``bank:`` must equal."""
    try:
        tree = parse(text)
    except YamlSyntaxError as exc:
        return None, [Problem(file, exc.line, None, tr(
            "not valid YAML: {m} (look at this line and the one before; indent with spaces)",
            "YAML として読めません: {m}（この行と直前の行を確認してください。字下げは空白で）",
            m=exc.message))]
    return _BankChecker(file).bank(tree, stem)


class _BankChecker(Checker):
    def bank(self, tree: Any, stem: str) -> Tuple[Optional[Bank], List[Problem]]:
        if tree is None:
            self.add(1, None, "the file is empty: a bank needs bank:, title: and questions:",
                     "ファイルが空です。bank:、title:、questions: が必要です")
            return None, self.problems
        if not isinstance(tree, Map):
            self.add(getattr(tree, "line", 1), None,
                     "a bank is a mapping with bank:, title: and questions: at the top, not {k}",
                     "バンクは bank:、title:、questions: を持つマッピングです（いまは {k}）", k=kind(tree))
            return None, self.problems
        self.keys(tree, TOP_KEYS, None)
        name = tree.get("bank")
        if "bank" not in tree:
            self.add(tree.line, None, "missing 'bank: {s}' (the bank's name, equal to the file name)",
                     "「bank: {s}」がありません（ファイル名と同じ名前）", s=stem)
        elif name != stem:
            self.add(tree.line_of("bank"), None,
                     "bank: {n} differs from the file name {s}.yaml: make them equal",
                     "bank: {n} がファイル名 {s}.yaml と違います。そろえてください", n=name, s=stem)
        title = self.text(tree, "title", None, required=True)
        description = self.text(tree, "description", None, required=False)
        source = self.text(tree, "source", None, required=False)
        shuffle = self.flag(tree, "shuffle", None)
        questions = self.questions(tree, bool(shuffle))
        if self.problems:
            return None, self.problems
        return Bank(stem, title, questions, description=description, source=source,
                    shuffle=bool(shuffle)), []

    def questions(self, tree: Map, shuffle: bool = False) -> List[Question]:
        raw = tree.get("questions")
        line = tree.line_of("questions")
        if not isinstance(raw, Seq) or not raw:
            if "questions" not in tree:
                self.add(tree.line, None, "missing 'questions:' (a list of questions)",
                         "「questions:」（問題のリスト）がありません")
            else:
                self.add(line, None, "questions: must be a non-empty list, not {k}",
                         "questions: は空でないリストにしてください（いまは {k}）", k=kind(raw))
            return []
        seen: Dict[str, int] = {}
        built = []
        for index, item in enumerate(raw):
            q = QuestionChecker(self, item, raw.line_of(index), index + 1, seen,
                                shuffle=shuffle).check()
            if q is not None:
                built.append(q)
        return built
