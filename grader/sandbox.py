"""Running learner code in a worker process, with time limits.

A :class:`Sandbox` owns one worker process (:mod:`grader.worker`) that has
loaded the learner's file.  Every request has a time limit, and the whole
submission a budget; after a timeout the worker is killed and every later
request fails at once as a timeout, without waiting again.  A worker that dies
(``os._exit``, a crash) is started again for the next request.  Closing the
sandbox kills the worker's whole process tree, so nothing the learner's code
started is left running.
"""
from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional

from grader import wire
from grader.i18n import tr
from grader.outcome import BlankLeft, LearnerError, LearnerTimeout

STDERR_CAP = 16 * 1024


@dataclass
class Limits:
    call: float = 5.0      # seconds for one call
    load: float = 10.0     # seconds to start the worker and import the file
    budget: float = 24.0   # seconds for the whole submission
    reply_bytes: int = 32 * 1024 * 1024

    @classmethod
    def from_env(cls) -> "Limits":
        limits = cls()
        for field, var in (("call", "GRADER_CALL_TIMEOUT"), ("load", "GRADER_LOAD_TIMEOUT"),
                           ("budget", "GRADER_BUDGET")):
            value = os.environ.get(var)
            if value:
                try:
                    setattr(limits, field, max(0.1, float(value)))
                except ValueError:
                    pass
        return limits


def _descendants(pid: int) -> List[int]:
    """Child processes of ``pid``, recursively (Linux /proc; elsewhere none)."""
    children: Dict[int, List[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read().decode("ascii", "replace")
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_tree(proc: subprocess.Popen) -> None:
    """Kill ``proc`` and everything it started (its process group, and on
    Linux every descendant still traceable); a taskkill /T fallback on Windows."""
    if os.name == "posix":
        pids = _descendants(proc.pid)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
    else:
        try:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=10)
        except (OSError, subprocess.SubprocessError):
            pass
    try:
        proc.kill()
    except OSError:
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


class _Process:
    """One worker process with reader threads for its stdout and stderr."""

    def __init__(self, reply_bytes: int):
        env = dict(os.environ)
        env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
                   PYTHONDONTWRITEBYTECODE="1", PYTHONIOENCODING="utf-8")
        package_parent = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, env.get("PYTHONPATH")) if p)
        kwargs: Dict[str, Any] = {}
        if os.name == "posix":
            kwargs["start_new_session"] = True
        else:
            kwargs["creationflags"] = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "grader.worker"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=env, **kwargs)
        self.replies: "queue.Queue" = queue.Queue()
        self.stderr = bytearray()
        self.reply_bytes = reply_bytes
        threading.Thread(target=self._read_replies, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _read_replies(self) -> None:
        while True:
            try:
                msg = wire.read_message(self.proc.stdout, self.reply_bytes)
            except wire.WireError as exc:
                self.replies.put(("bad", str(exc)))
                return
            except (OSError, ValueError):
                msg = None
            if msg is None:
                self.replies.put(("eof", None))
                return
            self.replies.put(("msg", msg))

    def _drain_stderr(self) -> None:
        try:
            while True:
                chunk = self.proc.stderr.read(4096)
                if not chunk:
                    return
                room = STDERR_CAP - len(self.stderr)
                if room > 0:
                    self.stderr.extend(chunk[:room])
        except (OSError, ValueError):
            return

    def send(self, msg: dict) -> bool:
        try:
            wire.write_message(self.proc.stdin, msg)
            return True
        except (OSError, ValueError):
            return False

    def exit_code(self) -> Optional[int]:
        try:
            return self.proc.wait(timeout=1)
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        kill_tree(self.proc)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                stream.close()
            except (OSError, ValueError):
                pass


def _where(error: dict) -> str:
    frames = error.get("frames") or []
    if not frames:
        return ""
    line, _func, text = frames[-1]
    return tr(" (line {line}: {text})", "（{line} 行目: {text}）", line=line, text=text.strip())


class Sandbox:
    """The learner's file loaded in a worker process.

    ``blanks`` maps the line of each blank (``___``) in the file to its number,
    so a blank reached at run time is reported as "blank N at line L".
    """

    def __init__(self, path: Path, require: List[str], blanks: Dict[int, int], limits: Limits):
        self.path = Path(path)
        self.require = list(require)
        self.blanks = blanks
        self.limits = limits
        self.started = time.monotonic()
        self.deadline = self.started + limits.budget
        self.proc: Optional[_Process] = None
        self.next_id = 0
        self.load_error: Optional[LearnerError] = None
        self.timed_out: Optional[str] = None
        self.loaded = False
        self.calls = 0

    # -- process life ------------------------------------------------------
    def start(self) -> None:
        """Start the worker and ask it to load the file, without waiting."""
        self.proc = _Process(self.limits.reply_bytes)
        self.loaded = False
        self._load_id = self._send({"op": "load", "path": str(self.path), "require": self.require})

    def close(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc = None

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
            if kind == "msg":
                continue  # a stale or forged reply: ignored
            if kind == "bad":
                self.close()
                raise LearnerError(tr(
                    "your code returned more data than the grader accepts ({detail})",
                    "あなたのコードが返したデータが大きすぎます（{detail}）", detail=body), kind="output")
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
        code = self.proc.exit_code() if self.proc else None
        stderr = bytes(self.proc.stderr).decode("utf-8", "replace").strip() if self.proc else ""
        self.close()
        detail = tr(" Last output: {t}", " 最後の出力: {t}", t=stderr[-300:]) if stderr else ""
        return LearnerError(tr(
            "the Python process running your code ended during {what} (exit code {code}); "
            "os._exit, a crash or running out of memory end the whole process, so a function "
            "must return its result instead.{detail}",
            "{what} の途中で、あなたのコードを実行していた Python プロセスが終了しました（終了コード {code}）。"
            "os._exit やクラッシュ、メモリ不足はプロセスごと止めてしまいます。関数は結果を return してください。{detail}",
            what=what, code=code, detail=detail), kind="crash")

    # -- errors the learner's code raised --------------------------------
    def _learner_error(self, error: dict, what: str) -> LearnerError:
        kind = error.get("kind")
        if kind == "blank":
            frames = error.get("frames") or []
            line = frames[-1][0] if frames else None
            number = self.blanks.get(line) if line is not None else None
            if number is None and len(self.blanks) == 1:
                number = next(iter(self.blanks.values()))
            return BlankLeft(tr("blank {n} at line {line} is not filled in: replace ___ with your code",
                                "空欄 {n}（{line} 行目）がまだ埋められていません。___ をあなたのコードに置き換えてください",
                                n=number if number is not None else "?", line=line if line is not None else "?"),
                             number, line)
        if kind == "exit":
            return LearnerError(tr(
                "your code called sys.exit({code}) during {what}{where}; a function must return its result, "
                "not end the program",
                "{what} の途中であなたのコードが sys.exit({code}) を呼びました{where}。関数は終了せず結果を return してください",
                code=error.get("message"), what=what, where=_where(error)), kind="exit", error=error)
        if kind == "syntax":
            return LearnerError(tr(
                "syntax error in {file}, line {line}: {msg}\n    {text}",
                "{file} の {line} 行目に文法エラーがあります: {msg}\n    {text}",
                file=self.path.name, line=error.get("line"), msg=error.get("message"),
                text=(error.get("text") or "").strip()), kind="syntax", error=error)
        if kind == "output":
            return LearnerError(tr(
                "your function returned {msg}; return NumPy arrays, numbers, or tuples/lists/dicts of these",
                "あなたの関数の戻り値が {msg} でした。NumPy 配列・数値、またはそれらのタプル・リスト・辞書を返してください",
                msg=error.get("message")), kind="output", error=error)
        return LearnerError(tr(
            "your code raised {type}: {msg}{where}",
            "あなたのコードで {type} が発生しました: {msg}{where}",
            type=error.get("type"), msg=error.get("message"), where=_where(error)), kind=kind or "exception",
            error=error)

    # -- requests ------------------------------------------------------------
    def ensure_loaded(self) -> None:
        """Wait for the file to load; raise the (cached) LearnerError when it did not."""
        if self.load_error is not None:
            raise self.load_error
        if self.timed_out:
            raise LearnerTimeout(self.timed_out)
        if self.proc is None:
            self.start()
        if self.loaded:
            return
        what = tr("the import of {f}", "{f} の読み込み", f=self.path.name)
        try:
            reply = self._wait(self._load_id, self.limits.load, what)
        except LearnerTimeout:
            raise
        except LearnerError as exc:
            self.load_error = exc
            raise
        if not reply.get("ok"):
            self.load_error = self._learner_error(reply.get("error") or {}, what)
            self.close()
            raise self.load_error
        missing = (reply.get("value") or {}).get("missing") or []
        if missing:
            self.load_error = LearnerError(tr(
                "{file} has no function {names}: keep the names and signatures of the stub",
                "{file} に関数 {names} がありません。スタブの関数名と引数をそのまま使ってください",
                file=self.path.name, names=", ".join(missing)), kind="missing")
            self.close()
            raise self.load_error
        self.loaded = True

    def request(self, op: str, what: str, **fields) -> Any:
        """Send one request and return its decoded value."""
        self.ensure_loaded()
        msg = {"op": op}
        for key, value in fields.items():
            msg[key] = wire.encode(value) if key in ("args", "kwargs", "value") else value
        self.calls += 1
        msg_id = self._send(msg)
        reply = self._wait(msg_id, self.limits.call, what)
        if not reply.get("ok"):
            raise self._learner_error(reply.get("error") or {}, what)
        try:
            return wire.decode(reply.get("value"))
        except wire.WireError as exc:
            raise LearnerError(tr("the reply of your code was malformed ({e})",
                                  "あなたのコードからの応答が不正な形式でした（{e}）", e=exc), kind="output")
