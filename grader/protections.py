"""What confined the learner's code, as facts: for ``grade doctor``, for the
``"sandbox"`` field of a JSON report, and for the warning where a platform
cannot keep learner code away from the user's files.

The facts are what the worker found took effect (it reports them before any
learner code exists in it) and what the grader set up itself (the cgroup, the
Windows job object, the environment).  Each protection is a short text saying
how, or None when it is missing.
"""
from __future__ import annotations

import platform
import sys
from typing import Dict, List, Optional

from grader.i18n import tr

KEYS = ("filesystem", "network", "signals", "processes", "containment", "memory", "files", "user",
        "environment", "syscalls")


def _text(value, cap: int = 200) -> Optional[str]:
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value if v) or None
    if value is None or value == "":
        return None
    return str(value)[:cap]


def merge(worker: Dict, grader: Dict, limits) -> dict:
    """The facts of one worker: its own and the grader's, one text per protection."""
    facts = {key: _text(worker.get(key)) for key in KEYS}
    for key in ("processes", "memory"):   # set by the grader on Windows (a job object)
        facts[key] = ", ".join(t for t in (facts[key], _text(grader.get(key))) if t) or None
    facts["containment"] = _text(grader.get("containment")) or facts["containment"] or "process group"
    facts["environment"] = _text(grader.get("environment"))
    facts["user"] = facts["user"] or "the grader's own user"
    facts["user_files_protected"] = facts["filesystem"] is not None
    facts["missing"] = [key for key in KEYS if facts[key] is None]
    notes = worker.get("notes")
    facts["notes"] = [str(n)[:200] for n in notes[:10]] if isinstance(notes, list) else []
    facts["platform"] = f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    return facts


LABELS = {
    "filesystem": ("file system", "ファイル"),
    "network": ("network", "ネットワーク"),
    "signals": ("signals to the grader", "採点プログラムへのシグナル"),
    "processes": ("processes", "プロセス数"),
    "containment": ("clean-up", "後始末"),
    "memory": ("memory", "メモリ"),
    "files": ("files written", "書き込めるファイル"),
    "user": ("user", "ユーザー"),
    "environment": ("environment", "環境変数"),
    "syscalls": ("system calls", "システムコール"),
}

MISSING_MEANS = {
    "filesystem": ("learner code can read and change every file your user can, the course's solutions and "
                   "checks included", "採点中のコードが、模範解答やチェックを含め、あなたのユーザーが触れるすべての"
                   "ファイルを読み書きできます"),
    "network": ("learner code can open network connections", "採点中のコードがネットワークに接続できます"),
    "signals": ("learner code can signal the grader's process", "採点中のコードが採点プログラムにシグナルを送れます"),
    "processes": ("the number of processes is not limited", "プロセス数に上限がありません"),
    "memory": ("memory is not limited", "メモリに上限がありません"),
    "files": ("the size of files written is not limited", "書き込むファイルの大きさに上限がありません"),
    "syscalls": ("no system call is refused (UNIX sockets of local services can be reached)",
                 "拒否されるシステムコールがありません（ローカルのサービスの UNIX ソケットに届きます）"),
}


def label(key: str) -> str:
    en, ja = LABELS[key]
    return tr(en, ja)


def lines(facts: dict) -> List[str]:
    """``grade doctor``'s table: one line per protection, then what is missing."""
    out = [tr("Sandbox for learner code on this machine ({p}):", "このマシンで採点中のコードを囲むサンドボックス（{p}）:",
              p=facts.get("platform", ""))]
    width = 26
    for key in KEYS:
        value = facts.get(key)
        shown = value if value is not None else tr("MISSING", "なし")
        name = label(key)
        pad = width - sum(2 if ord(ch) > 0x2E80 else 1 for ch in name)
        out.append(f"  {name}{' ' * max(pad, 1)}{shown}")
    missing = [k for k in facts.get("missing", []) if k in MISSING_MEANS]
    if missing:
        out.append(tr("Missing here, so:", "この環境で欠けている保護:"))
        for key in missing:
            en, ja = MISSING_MEANS[key]
            out.append(f"  - {label(key)}: {tr(en, ja)}")
    else:
        out.append(tr("Every protection is active.", "すべての保護が有効です。"))
    for note in facts.get("notes", []):
        out.append(tr("  note: {n}", "  メモ: {n}", n=note))
    return out


def summary(facts: dict) -> str:
    """One line: ``file system: landlock ABI 7 · network: blocked · ...``."""
    parts = []
    for key in ("filesystem", "network", "signals", "processes", "memory", "user"):
        value = facts.get(key)
        parts.append(f"{label(key)}: {value.split(' (')[0] if value else tr('MISSING', 'なし')}")
    return " · ".join(parts)


def warning(facts: Optional[dict]) -> Optional[str]:
    """The line that says plainly that learner code could reach the user's files, or None."""
    if facts is None or facts.get("user_files_protected"):
        return None
    where = "Windows" if sys.platform.startswith("win") else ("macOS" if sys.platform == "darwin" else "Linux")
    return tr("Warning: on {where} without Landlock the graded code ran as you and could read and change your "
              "files; `grade doctor` says what is protected here.",
              "注意: Landlock のない {where} では、採点したコードはあなたの権限で動き、あなたのファイルを読み書き"
              "できました。この環境で何が守られているかは `grade doctor` で確認できます。", where=where)
