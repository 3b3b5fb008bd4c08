"""Running learner code in a worker process, with time limits, in a sandbox.

A :class:`Sandbox` owns one worker process (:mod:`grader.spawn`, confined by
:mod:`grader.confine`) that loads a private copy of the learner's file.  The
worker starts at once and confines itself, but the file is loaded only at the
first request: by then the grader has read the reference, the checks and the
registry, so no learner code runs before the grader holds what it judges with.
Every request has a time limit, and the whole submission a budget; after a
timeout the worker is killed and every later request fails at once as a
timeout, without waiting again.  A worker that dies (``os._exit``, a crash, a
limit) is started again for the next request.  Closing the sandbox ends the
worker's whole process tree and deletes its folder.

Everything the worker sends is untrusted: every text from it that reaches a
message is cut to :data:`TEXT_CAP` characters.
"""
from __future__ import annotations

import errno as errnos
import os
import queue
import signal
import time
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

from grader.i18n import tr
from grader.limits import Limits
from grader.outcome import BlankLeft, LearnerError, LearnerTimeout
from grader.spawn import WorkerProcess

TEXT_CAP = 300
FRAMES_CAP = 20
PRINTED_CAP = 600   # characters of printed output shown under a task


def clip(text: Any, cap: int = TEXT_CAP) -> str:
    """A text from the worker, cut to ``cap`` characters (learner code chooses
    its exception messages, type names and printed output)."""
    text = text if isinstance(text, str) else str(text)
    return text if len(text) <= cap else text[:cap] + tr(" … [{n} more characters]", " …［さらに {n} 文字］",
                                                         n=len(text) - cap)


def _at(line: Any, where=None) -> str:
    """A line of the learner's file as the learner finds it: "line 12", or through
    ``where`` (a notebook's: "cell 3, line 2")."""
    if where is not None and isinstance(line, int) and not isinstance(line, bool):
        try:
            return clip(where(line), 60)
        except Exception:   # a mapping that does not know the line: the plain number
            pass
    return tr("line {line}", "{line} 行目", line=clip(line, 12))


def _where(error: dict, where=None) -> str:
    frames = error.get("frames") or []
    if not frames or not isinstance(frames[-1], list) or len(frames[-1]) != 3:
        return ""
    line, _func, text = frames[-1]
    return tr(" ({at}: {text})", "（{at}: {text}）", at=_at(line, where), text=clip(text).strip())


# A limit the worker reached, named in the task's message (and in the result's
# extra "limit" field).
def _limit_text(limit: str, limits: Limits) -> str:
    texts = {
        "memory": tr("it reached the memory limit of {n} MiB (GRADER_MEMORY_MB)",
                     "メモリの上限 {n} MiB（GRADER_MEMORY_MB）に達しました", n=limits.memory_mb),
        "processes": tr("it reached the limit of {n} processes (GRADER_MAX_PROCESSES)",
                        "プロセス数の上限 {n}（GRADER_MAX_PROCESSES）に達しました", n=limits.processes),
        "files": tr("it reached the limit of {n} MiB of files in its scratch folder (GRADER_FILES_MB)",
                    "作業フォルダに書けるファイルの上限 {n} MiB（GRADER_FILES_MB）に達しました", n=limits.files_mb),
        "cpu": tr("it used up its CPU time of {n} s", "CPU 時間の上限 {n} 秒を使い切りました", n=limits.cpu_s),
    }
    return texts[limit]


def _limit_of(error: dict) -> str:
    """Which limit an exception in the worker comes from, or ''."""
    kind, number = error.get("type"), error.get("errno")
    if kind == "MemoryError":
        return "memory"
    if number in (errnos.EFBIG, errnos.ENOSPC, getattr(errnos, "EDQUOT", -1)):
        return "files"
    if kind == "BlockingIOError" and number == errnos.EAGAIN:
        return "processes"
    if kind == "RuntimeError" and "can't start new thread" in str(error.get("message", ""))[:200]:
        return "processes"   # threads count as processes
    return ""


class Sandbox:
    """The learner's file loaded in a worker process.

    ``blanks`` maps the line of each blank (``___``) in the file to its number,
    so a blank reached at run time is reported as "blank N at line L".
    ``private`` lists paths besides the fixed ones (see :mod:`grader.view`)
    that the worker must not read: the course, the solutions folder, a class
    folder.  ``source`` is the file's text, when the caller has read it already.
    ``where(line)`` names a line of ``source`` in messages where its lines are not
    the file's (a notebook's cell and line; default: ``source.where``, else "line N").
    """

    def __init__(self, path: Path, require: List[str], blanks: Dict[int, int], limits: Limits,
                 private: Optional[List] = None, source: Optional[str] = None, where=None):
        self.path = Path(path)
        self.where = where if where is not None else getattr(source, "where", None)
        # the worker imports a .py (a notebook's code goes in under a name of its own)
        self.module_file = self.path.name if self.path.suffix == ".py" else "notebook_code.py"
        self.require = list(require)
        self.blanks = blanks
        self.limits = limits
        self.source = source
        self.private = None if private is None else list(private)
        self.started = time.monotonic()
        self.deadline = self.started + limits.budget
        self.proc: Optional[WorkerProcess] = None
        self.facts: Optional[dict] = None
        self.next_id = 0
        self.load_error: Optional[LearnerError] = None
        self.timed_out: Optional[str] = None
        self.loaded = False
        self._load_id: Optional[int] = None
        self.calls = 0
        self.printed: List[str] = []   # what the learner's code printed, since take_printed()

    # -- process life ------------------------------------------------------
    def _private(self) -> List[str]:
        from grader import view
        from grader.course import find_course_root

        if self.private is None:
            root = find_course_root()
            self.private = [p for p in (root, self.path.resolve().parent) if p is not None]
        return view.private_paths(self.private)

    def start(self) -> None:
        """Start the worker, which confines itself; the file is loaded at the first request."""
        if self.source is None:
            self.source = self.path.read_text(encoding="utf-8", errors="replace")
        self.proc = WorkerProcess({self.module_file: self.source}, self.limits, self._private())
        self.loaded = False
        self._load_id = None

    def close(self) -> None:
        if self.proc is not None:
            if self.facts is None and self.proc.facts is not None:
                self.facts = self.protections()
            self.proc.kill()
            self.proc = None

    def protections(self) -> Optional[dict]:
        """What confined the worker, as :mod:`grader.protections` facts (None before it was ready)."""
        if self.proc is None or self.proc.facts is None:
            return self.facts
        from grader.protections import merge

        return merge(self.proc.facts, self.proc.grader_facts, self.limits)

    def take_printed(self) -> str:
        """What the learner's code printed since the last call (capped), and forget it."""
        text = "".join(self.printed)
        self.printed = []
        return clip(text.rstrip("\n"), PRINTED_CAP) if text.strip() else ""

    def _keep_printed(self, reply: dict) -> None:
        printed = reply.get("printed")
        if isinstance(printed, str) and printed and sum(map(len, self.printed)) < PRINTED_CAP:
            if self.proc is not None:   # the worker's private folder means nothing to the learner
                printed = printed.replace(self.proc.runtime + os.sep, "")
            self.printed.append(printed[:PRINTED_CAP])
        warned = reply.get("warnings")
        for item in warned[:5] if isinstance(warned, list) else []:
            if isinstance(item, list) and len(item) == 3 and sum(map(len, self.printed)) < PRINTED_CAP:
                kind, text, line = clip(item[0], 40), clip(item[1], 200), item[2]
                where = tr(" at {at}", "（{at}）", at=_at(line, self.where)) if isinstance(line, int) else ""
                self.printed.append(tr("{k}{w}: {t}\n", "{k}{w}: {t}\n", k=kind, w=where, t=text))

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _send(self, msg: dict) -> int:
        self.next_id += 1
        msg["id"] = self.next_id
        self.proc.send(msg)
        return self.next_id

    # -- waiting for replies -----------------------------------------------
    def _wait(self, msg_id: int, limit: float, what: str) -> dict:
        wait = min(limit, self.deadline - time.monotonic())
        end = time.monotonic() + max(wait, 0.0)
        while True:
            try:
                kind, body = self.proc.replies.get(timeout=max(end - time.monotonic(), 0.0))
            except queue.Empty:
                self._time_out(limit, budget=wait < limit)
            if kind == "msg" and body.get("id") == msg_id:
                return body
            if kind in ("msg", "ready"):
                if kind == "ready":
                    self.facts = self.protections()
                continue  # a stale or forged reply: ignored
            if kind == "bad":
                self.close()
                raise LearnerError(tr(
                    "your code sent the grader a reply it does not accept ({detail})",
                    "あなたのコードから採点プログラムへの応答が受け付けられない形でした（{detail}）",
                    detail=clip(body)), kind="output")
            raise self._died(what)

    def _time_out(self, limit: float, budget: bool) -> None:
        self.close()
        if budget:
            self.timed_out = tr(
                "the submission used up its time budget of {s:g} s",
                "提出全体の制限時間 {s:g} 秒を使い切りました", s=self.limits.budget)
        else:
            self.timed_out = tr(
                "your code ran longer than {s:g} s (an endless loop, or far too much work?)",
                "あなたのコードが {s:g} 秒以内に終わりませんでした（無限ループ、または計算が重すぎませんか）",
                s=limit)
        raise LearnerTimeout(self.timed_out)

    def _died(self, what: str) -> LearnerError:
        proc = self.proc
        code = proc.exit_code() if proc else None
        stderr = bytes(proc.stderr).decode("utf-8", "replace").strip() if proc else ""
        limit = ""
        if code is not None and code < 0 and os_signal(-code) == "SIGXFSZ":
            limit = "files"
        elif code is not None and code < 0 and os_signal(-code) == "SIGXCPU":
            limit = "cpu"
        elif proc is not None and proc.memory_killed():
            limit = "memory"
        never_ready = proc is not None and proc.facts is None
        self.close()
        if never_ready and not limit:
            return LearnerError(tr(
                "the grader's sandbox could not start a worker process (exit code {code}); "
                "`grade doctor` shows what this machine allows. {detail}",
                "採点用のサンドボックスが作業プロセスを起動できませんでした（終了コード {code}）。"
                "`grade doctor` でこのマシンで使える保護を確認できます。{detail}",
                code=code, detail=clip(stderr[-TEXT_CAP:])), kind="sandbox")
        detail = tr(" Last output: {t}", " 最後の出力: {t}", t=clip(stderr[-TEXT_CAP:])) if stderr else ""
        if limit:
            return LearnerError(tr(
                "the Python process running your code was ended during {what}: {why}.{detail}",
                "{what} の途中で、あなたのコードを実行していた Python プロセスが止められました: {why}。{detail}",
                what=what, why=_limit_text(limit, self.limits), detail=detail), kind="limit", limit=limit)
        how = tr("exit code {code}", "終了コード {code}", code=code)
        if code is not None and code < 0 and os_signal(-code):
            how = tr("ended by {sig}, a crash", "{sig} で停止。クラッシュです", sig=os_signal(-code))
        return LearnerError(tr(
            "the Python process running your code ended during {what} ({how}); "
            "os._exit, a crash or running out of memory end the whole process, so a function "
            "must return its result instead.{detail}",
            "{what} の途中で、あなたのコードを実行していた Python プロセスが終了しました（{how}）。"
            "os._exit やクラッシュ、メモリ不足はプロセスごと止めてしまいます。関数は結果を return してください。{detail}",
            what=what, how=how, detail=detail), kind="crash")

    # -- errors the learner's code raised --------------------------------
    def _learner_error(self, error: dict, what: str) -> LearnerError:
        error = error if isinstance(error, dict) else {}
        kind = error.get("kind")
        if kind == "blank":
            frames = error.get("frames") or []
            line = frames[-1][0] if frames and isinstance(frames[-1], list) and frames[-1] else None
            line = line if isinstance(line, int) else None
            number = self.blanks.get(line) if line is not None else None
            if number is None and len(self.blanks) == 1:
                number = next(iter(self.blanks.values()))
            return BlankLeft(tr("blank {n} at {at} is not filled in: replace ___ with your code",
                                "空欄 {n}（{at}）がまだ埋められていません。___ をあなたのコードに置き換えてください",
                                n=number if number is not None else "?", at=_at(line if line is not None else "?",
                                                                                 self.where)),
                             number, line)
        if kind == "exit":
            return LearnerError(tr(
                "your code called sys.exit({code}) during {what}{where}; a function must return its result, "
                "not end the program",
                "{what} の途中であなたのコードが sys.exit({code}) を呼びました{where}。関数は終了せず結果を return してください",
                code=clip(error.get("message"), 60), what=what, where=_where(error, self.where)), kind="exit", error=error)
        if kind == "syntax":
            return LearnerError(tr(
                "syntax error in {file}, {at}: {msg}\n    {text}",
                "{file} の {at}に文法エラーがあります: {msg}\n    {text}",
                file=self.path.name, at=_at(error.get("line"), self.where), msg=clip(error.get("message")),
                text=clip(error.get("text") or "").strip()), kind="syntax", error=error)
        if kind == "output":
            return LearnerError(tr(
                "your function returned {msg}; return NumPy arrays, numbers, or tuples/lists/dicts of these",
                "あなたの関数の戻り値が {msg} でした。NumPy 配列・数値、またはそれらのタプル・リスト・辞書を返してください",
                msg=clip(error.get("message"))), kind="output", error=error)
        limit = _limit_of(error)
        text = tr("your code raised {type}: {msg}{where}", "あなたのコードで {type} が発生しました: {msg}{where}",
                  type=clip(error.get("type"), 80), msg=clip(error.get("message")), where=_where(error, self.where))
        from grader.explain import explain

        hint = explain(error, self.source or "")
        if hint:
            text += tr(": {h}", "。{h}", h=hint)
        if limit:
            text += tr(" ({why})", "（{why}）", why=_limit_text(limit, self.limits))
        elif error.get("type") == "PermissionError":
            text += tr(" (the sandbox lets your code write only in its scratch folder, and read only Python "
                       "and its packages)",
                       "（サンドボックスの中では、書き込めるのは作業フォルダだけ、読めるのは Python とそのパッケージだけです）")
        return LearnerError(text, kind=kind or "exception", error=error, limit=limit)

    # -- requests ------------------------------------------------------------
    def ensure_loaded(self) -> None:
        """Load the file (the first time); raise the (cached) LearnerError when it did not load."""
        if self.load_error is not None:
            self.load_error.ran = False
            raise self.load_error
        if self.timed_out:
            again = LearnerTimeout(self.timed_out)
            again.ran = False
            raise again
        if self.proc is None:
            self.start()
        if self.loaded:
            return
        if self._load_id is None:
            self._load_id = self._send({"op": "load", "path": self.proc.paths[self.module_file],
                                        "require": self.require})
        what = tr("the import of {f}", "{f} の読み込み", f=self.path.name)
        try:
            reply = self._wait(self._load_id, self.limits.load, what)
        except LearnerTimeout:
            raise
        except LearnerError as exc:
            self.load_error = exc
            raise
        self._keep_printed(reply)
        if not reply.get("ok"):
            self.load_error = self._learner_error(reply.get("error") or {}, what)
            self.close()
            raise self.load_error
        value = reply.get("value")
        missing = value.get("missing") if isinstance(value, dict) else None
        if missing:
            names = ", ".join(clip(n, 60) for n in missing[:FRAMES_CAP]) if isinstance(missing, list) else "?"
            self.load_error = LearnerError(tr(
                "{file} has no function {names}: keep the names and signatures of the stub",
                "{file} に関数 {names} がありません。スタブの関数名と引数をそのまま使ってください",
                file=self.path.name, names=names), kind="missing")
            self.close()
            raise self.load_error
        self.loaded = True

    def request(self, op: str, what: str, **fields) -> Any:
        """Send one request and return its decoded value."""
        from grader import wire   # NumPy: imported by the grader while the worker starts

        self.ensure_loaded()
        msg = {"op": op}
        for key, value in fields.items():
            msg[key] = wire.encode(value) if key in ("args", "kwargs", "value") else value
        self.calls += 1
        msg_id = self._send(msg)
        reply = self._wait(msg_id, self.limits.call, what)
        self._keep_printed(reply)
        if not reply.get("ok"):
            raise self._learner_error(reply.get("error") or {}, what)
        try:
            return wire.decode(reply.get("value"))
        except wire.WireError as exc:
            raise LearnerError(tr("the reply of your code was malformed ({e})",
                                  "あなたのコードからの応答が不正な形式でした（{e}）", e=clip(exc)), kind="output")


def start_sandbox(exercise, submission: Path, source: str, solutions: Optional[Path] = None,
                  private: Iterable = (), limits: Optional[Limits] = None, where=None) -> Sandbox:
    """Start the worker for ``exercise`` at once: it confines itself and imports
    NumPy while the grader gets ready (this module does not import NumPy, so the
    worker can start before the grader's own imports); the learner's file is
    loaded only at the first request.  ``private`` adds paths the worker must
    not read (a class folder) to the course, the solutions and the file's folder;
    ``where`` names the lines of ``source`` (default: ``source.where``, see grader.submissions)."""
    from grader.blanks import blank_lines, stub_numbers
    from grader.course import find_course_root

    root = find_course_root()
    hidden = [p for p in (root, solutions, Path(submission).resolve().parent, *private) if p]
    stub = root / "exercises" / f"{exercise.slug}.py" if root is not None else None
    try:   # blanks are named by the stub's numbers, whichever are filled in already
        blanks = stub_numbers(stub.read_text(encoding="utf-8"), source) if stub else blank_lines(source)
    except OSError:
        blanks = blank_lines(source)
    sandbox = Sandbox(submission, list(exercise.functions), blanks, limits or Limits.from_env(),
                      private=hidden, source=source, where=where)
    sandbox.start()
    return sandbox


def os_signal(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return ""
