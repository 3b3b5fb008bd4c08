"""``--compare``: one setting of the lab at several values, every curve in one chart.

The course's notes compare learning rates, initializations and hidden sizes
side by side; ``--compare lr=0.1,0.5,1`` trains once per value and draws all
curves in one terminal chart (a mark per value) and, with ``--plot``, one PNG
with a legend and each value's final accuracy.
"""
from __future__ import annotations

import math
from dataclasses import replace
from typing import Callable, List, Tuple

from grader.i18n import tr
from grader.lab import binary_addition as lab

# setting name as typed -> (Config field, how a value is read)
SETTINGS = {
    "lr": ("lr", float), "hidden": ("hidden", int), "init-std": ("init_std", float), "init_std": ("init_std", float),
    "init": ("init", str), "activation": ("activation", str), "iters": ("iters", int), "seed": ("seed", int),
}
MARKS = "*o+x#@%&"


class CompareError(ValueError):
    """A --compare text that cannot be read (the message says why)."""


def parse(text: str) -> Tuple[str, list]:
    """``"lr=0.1,0.5,1"`` -> ("lr", [0.1, 0.5, 1.0]) (the Config field and its values)."""
    name, sep, values = text.partition("=")
    name = name.strip().lower()
    if not sep or name not in SETTINGS:
        raise CompareError(tr("--compare takes SETTING=V1,V2,...; SETTING is one of {s}",
                              "--compare の形は SETTING=V1,V2,... です。SETTING は {s} のどれか",
                              s=", ".join(sorted(k for k in SETTINGS if "_" not in k))))
    field, kind = SETTINGS[name]
    items = [v.strip() for v in values.split(",") if v.strip()]
    if not 2 <= len(items) <= len(MARKS):
        raise CompareError(tr("--compare needs 2 to {n} values", "--compare には 2〜{n} 個の値が必要です", n=len(MARKS)))
    try:
        parsed = [kind(v) for v in items]
    except ValueError:
        raise CompareError(tr("--compare {s}: {v} is not a value of it", "--compare {s}: {v} は値として読めません",
                              s=name, v=values)) from None
    if field == "init" and any(v not in lab.INITS for v in parsed) or \
            field == "activation" and any(v not in lab.ACTIVATIONS for v in parsed):
        raise CompareError(tr("--compare {s}: the values are {c}", "--compare {s}: 値は {c} のどれかです",
                              s=name, c=", ".join(lab.INITS if field == "init" else lab.ACTIVATIONS)))
    if kind is float and any(not (math.isfinite(v) and v > 0) for v in parsed) or \
            kind is int and field != "seed" and any(v < 1 for v in parsed):
        raise CompareError(tr("--compare {s}: every value must be positive", "--compare {s}: 値はすべて正の数です", s=name))
    return field, parsed


def run(cfg: lab.Config, field: str, values: list, progress: Callable[[int, float], None]):
    """(label, outcome) for each value, trained with the reference functions."""
    results = []
    for value in values:
        label = f"{field}={value:g}" if isinstance(value, float) else f"{field}={value}"
        results.append((label, lab.train(replace(cfg, **{field: value}), progress=progress)))
    return results


def chart(series: List[Tuple[str, List[float]]], interval: int, width: int = 60, height: int = 14) -> str:
    """Every loss curve in one text chart: a mark per series, with a legend below."""
    finite = [v for _label, losses in series for v in losses if v == v and abs(v) != float("inf")]
    if not finite:
        return tr("(the loss is not a number: the trainings diverged)", "（損失が数値になりません。学習が発散しました）")
    top, bottom = max(finite), min(0.0, min(finite))
    span = (top - bottom) or 1.0
    longest = max(len(losses) for _label, losses in series)
    columns = max(1, min(width, longest))
    grid = [[" "] * columns for _ in range(height)]
    for mark, (_label, losses) in zip(MARKS, series):
        per = len(losses) / columns if losses else 1
        for col in range(columns):
            chunk = [v for v in losses[int(col * per):max(int((col + 1) * per), int(col * per) + 1)]
                     if v == v and abs(v) != float("inf")]
            if chunk:
                row = int(round((top - sum(chunk) / len(chunk)) / span * (height - 1)))
                grid[row][col] = mark
    lines = [(f"{top - span * r / (height - 1):8.3f} |" if r in (0, height // 2, height - 1) else "         |")
             + "".join(cells) for r, cells in enumerate(grid)]
    lines.append("         +" + "-" * columns)
    lines.append(f"          0{'':{max(columns - 12, 1)}}{longest * interval:>10}")
    lines.append(tr("          iterations (mean loss per {n})", "          イテレーション（{n} 回ごとの平均損失）", n=interval))
    return "\n".join(lines)


def legend(results) -> List[str]:
    return [tr("  {m} {l}: accuracy {a:.1f}%, last loss {x}", "  {m} {l}: 正解率 {a:.1f}%、最後の損失 {x}", m=mark, l=label,
               a=outcome.accuracy * 100, x=f"{outcome.losses[-1]:.4f}" if outcome.losses else "-")
            for mark, (label, outcome) in zip(MARKS, results)]


def plot(path, results, interval: int, title: str) -> None:
    """One PNG with every curve and a legend giving each value's final accuracy."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    for label, outcome in results:
        ax.plot([interval * (i + 1) for i in range(len(outcome.losses))], outcome.losses,
                label=f"{label} ({outcome.accuracy * 100:.1f}%)")
    ax.set_xlabel("iteration")
    ax.set_ylabel(f"mean loss per {interval} iterations")
    ax.set_title(title, fontsize=7)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
