"""Finding banks: ``<bank>.yaml`` in the instructor's bank folder
(``--bank-dir DIR`` or ``$QUIZ_BANKS``) or the course's ``quizzes/``, or a path
to a YAML file.

The bank folder, when one is chosen, stands for ``quizzes/`` in listings and
in ``quiz validate``; a bank name it does not have is still looked up in the
course's ``quizzes/`` (as a reference missing from $GRADER_SOLUTIONS is taken
from the course's solutions/), so own banks and the course's mix in one exam.
"""
from __future__ import annotations

import difflib
import functools
import os
from pathlib import Path
from typing import List, Optional

import click

from ..course import find_course_root
from ..i18n import set_lang, tr
from .model import QuizError

SUFFIXES = (".yaml", ".yml")
ENV = "QUIZ_BANKS"
_chosen: Optional[Path] = None   # the --bank-dir (or $QUIZ_BANKS) of the running command


class BankNotFound(QuizError):
    """No bank by that name or path."""


def use_bank_dir(folder: Optional[Path]) -> Optional[Path]:
    """Find banks in ``folder``, else in ``$QUIZ_BANKS`` when set, else in the
    course's quizzes/; :class:`BankNotFound` when the folder given is not one."""
    global _chosen
    _chosen = None
    if folder is None:
        return _from_env()      # checked now; read again at each use
    _chosen = _checked(folder, "--bank-dir")
    return _chosen


def _checked(folder: Path, where: str) -> Path:
    if not folder.is_dir():
        raise BankNotFound(tr("the bank folder {d} ({w}) is not a folder", "バンクのフォルダ {d}（{w}）がありません",
                              d=folder, w=where))
    return folder


def _from_env() -> Optional[Path]:
    env = os.environ.get(ENV)
    return _checked(Path(env), f"${ENV}") if env else None


def _forget() -> None:
    global _chosen
    _chosen = None


def bank_dir() -> Optional[Path]:
    """The instructor's bank folder, when one is chosen (--bank-dir, $QUIZ_BANKS);
    :class:`BankNotFound` when $QUIZ_BANKS names no folder."""
    return _chosen if _chosen is not None else _from_env()


def course_quizzes_dir() -> Optional[Path]:
    """The course's ``quizzes/`` folder, or None when there is no course."""
    root = find_course_root()
    if root is None:
        return None
    folder = root / "quizzes"
    return folder if folder.is_dir() else None


def quizzes_dir() -> Optional[Path]:
    """The folder whose banks ``quiz list`` shows: the chosen bank folder, else
    the course's ``quizzes/``; None when there is neither."""
    return bank_dir() or course_quizzes_dir()


def open_bank(ref: str):
    """The checked bank ``ref`` names; QuizError (one message, every problem
    with its line for an invalid bank) when there is none."""
    from .model import InvalidBank
    from .validate import load_bank

    try:
        return load_bank(resolve(ref))
    except InvalidBank as exc:
        raise QuizError(tr("{r} is not a valid bank:\n{p}\n(fix these, then check with `quiz validate`)",
                           "{r} は正しいバンクではありません:\n{p}\n（直したら `quiz validate` で確認してください）",
                           r=ref, p=exc.message)) from None


def answer_keys_allowed() -> bool:
    """False in a student copy made by ``grade release`` without
    ``--with-quiz-key`` (release.json at the course root): there ``quiz key``,
    exam keys and exports with answers are refused and a handout has none."""
    from ..course import release_info

    info = release_info()
    return info is None or bool(info.get("quiz_key"))


def keys_off() -> str:
    """The one line saying why a key is refused in a student copy."""
    return tr("answer keys are off in this student copy; the instructor can release with --with-quiz-key",
              "この受講者用コピーでは解答を表示できません。講師は --with-quiz-key を付けて配布できます")


BANK_DIR_JA = ("自分のバンクのフォルダ（既定: $QUIZ_BANKS、なければ講座の quizzes/）。"
               "ここにない名前は quizzes/ から探します。")   # the option's Japanese help (grader.helptext.JA)


def bank_dir_option(func):
    """The ``--bank-dir DIR`` option of a quiz command; checks it (or
    $QUIZ_BANKS) before the command runs: not a folder is exit 2, one line."""
    from ..cli_common import UsageProblem

    @functools.wraps(func)
    def command(*args, bank_folder: Optional[Path] = None, **kwargs):
        set_lang(kwargs.get("lang"))
        try:
            use_bank_dir(bank_folder)
        except QuizError as exc:
            raise UsageProblem(exc.message) from None
        try:
            return func(*args, **kwargs)
        finally:
            _forget()   # the next command (or Python caller) chooses again

    return click.option("--bank-dir", "bank_folder", type=click.Path(path_type=Path), default=None,
                        help="Folder of your own banks (default: $QUIZ_BANKS, else the course's quizzes/); "
                             "names it lacks are looked up in quizzes/.")(command)


def bank_paths(folder: Optional[Path] = None) -> List[Path]:
    """Every bank file in ``folder`` (default: the course's), sorted by name."""
    folder = folder if folder is not None else quizzes_dir()
    if folder is None:
        return []
    try:
        return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())
    except OSError:
        return []


def looks_like_path(name: str) -> bool:
    return name.endswith(SUFFIXES) or "/" in name or "\\" in name


def resolve(name: str) -> Path:
    """The file of bank ``name`` (a bank name or a path to a YAML file)."""
    if looks_like_path(name) or Path(name).is_file():
        path = Path(name)
        if not path.is_file():
            raise BankNotFound(tr("{p}: no such file", "{p}: ファイルがありません", p=name))
        return path
    folders = [f for f in dict.fromkeys([bank_dir(), course_quizzes_dir()]) if f is not None]
    if not folders:
        raise BankNotFound(tr(
            "no quizzes/ folder found from {here}: run this inside the course folder, "
            "or give a path to a bank's YAML file",
            "{here} から quizzes/ フォルダが見つかりません。コースのフォルダの中で実行するか、"
            "バンクの YAML ファイルのパスを指定してください", here=Path.cwd()))
    for folder in folders:
        for suffix in SUFFIXES:
            path = folder / f"{name}{suffix}"
            if path.is_file():
                return path
    folder = ", ".join(str(f) for f in folders)
    names = sorted({p.stem for f in folders for p in bank_paths(f)})
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    hint = tr(" Did you mean '{c}'?", "「{c}」のことですか？", c=close[0]) if close else ""
    raise BankNotFound(tr(
        "no bank named '{n}' in {d}.{h} Banks: {all} (see `quiz list`).",
        "{d} に「{n}」というバンクはありません。{h} バンク: {all}（`quiz list` で一覧）",
        n=name, d=folder, h=hint, all=", ".join(names) or "-"))
