"""`grade lab binary-addition`: train the Day 3 RNN to add binary numbers.

The loss curve is drawn in the terminal, a progress bar goes to stderr, and
stdout ends with ``accuracy: NN.N% (exact sums on N fresh pairs)``.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, List

import click

from grader.course import find_course_root
from grader.helptext import Group
from grader.i18n import get_lang, set_lang, tr
from grader.lab import ACTIVATIONS, FUNCTIONS, INITS

if TYPE_CHECKING:
    from grader.lab import binary_addition as lab

LAB_MODULES = ("lab/__init__.py", "lab/binary_addition.py", "lab/mine.py")


def ascii_curve(losses: List[float], interval: int, width: int = 60, height: int = 12) -> str:
    """The loss curve as text: one column per group of points, '*' marks the mean."""
    if not losses:
        return ""
    values = [v if v == v and v != float("inf") else float("nan") for v in losses]
    finite = [v for v in values if v == v]
    if not finite:
        return tr("(the loss is not a number: the training diverged)", "（損失が数値になりません。学習が発散しました）")
    top, bottom = max(finite), min(0.0, min(finite))
    span = (top - bottom) or 1.0
    columns = min(width, len(values))
    per = len(values) / columns
    grid = [[" "] * columns for _ in range(height)]
    for col in range(columns):
        chunk = [v for v in values[int(col * per):max(int((col + 1) * per), int(col * per) + 1)] if v == v]
        if not chunk:
            continue
        mean = sum(chunk) / len(chunk)
        row = int(round((top - mean) / span * (height - 1)))
        grid[row][col] = "*"
    lines = []
    for r, cells in enumerate(grid):
        label = f"{top - span * r / (height - 1):8.3f} |" if r in (0, height // 2, height - 1) else "         |"
        lines.append(label + "".join(cells))
    lines.append("         +" + "-" * columns)
    lines.append(f"          0{'':{max(columns - 12, 1)}}{len(values) * interval:>10}")
    lines.append(tr("          iterations (mean loss per {n})", "          イテレーション（{n} 回ごとの平均損失）", n=interval))
    return "\n".join(lines)


def _plot_png(path: Path, losses: List[float], interval: int, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot([interval * (i + 1) for i in range(len(losses))], losses)
    english = ("iteration", f"mean loss per {interval} iterations")
    labels = english
    if get_lang() == "ja":   # Japanese labels only where a font can draw them (else English, not boxes)
        from matplotlib import font_manager

        cjk = [f.name for f in font_manager.fontManager.ttflist
               if any(k in f.name for k in ("Noto Sans CJK", "Noto Sans JP", "IPAexGothic", "IPAGothic", "Hiragino",
                                            "Yu Gothic", "Meiryo", "TakaoGothic", "VL Gothic"))]
        if cjk:
            plt.rcParams["font.family"] = cjk[0]
            labels = ("イテレーション", f"{interval} 回ごとの平均損失")
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])
    ax.set_title(title, fontsize=7)
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def _train_mine(cfg: lab.Config, course: Path, bar) -> dict:
    """Train in a sandboxed worker with the learner's functions; return the 'done' event."""
    from grader import view
    from grader.limits import Limits
    from grader.spawn import WORKER_MODULES, WorkerProcess

    files = {}
    for stem in FUNCTIONS:
        path = course / "exercises" / f"{stem}.py"
        if path.is_file():
            files[path.name] = path.read_text(encoding="utf-8", errors="replace")
    limits = Limits.from_env()
    limits.budget = max(limits.budget, 3600.0)   # a training runs longer than a grading
    worker = WorkerProcess(files, limits, view.private_paths([course]), entry="grader.lab.mine",
                           modules=WORKER_MODULES + LAB_MODULES)
    try:
        worker.send({"config": vars(cfg)})
        done = None
        while done is None:
            kind, event = worker.replies.get()
            if kind == "ready":
                continue
            if kind != "msg":
                break
            if event.get("event") == "parts":
                differs = set(event.get("differs") or [])
                mine = ", ".join(str(m) + (tr(" (differs from the reference!)", "（参照実装と結果が違います！）")
                                           if m in differs else "") for m in event.get("mine") or []) or tr("none", "なし")
                click.echo(tr("Your functions used: {m}", "あなたの関数を使う部分: {m}", m=mine[:2000]))
                for item in (event.get("skipped") or [])[:20]:
                    click.echo(tr("  reference used instead of {s}", "  参照実装を使用: {s}", s=str(item)[:300]))
                click.echo(tr("Everything else is the reference code.", "それ以外は参照実装です。"))
            elif event.get("event") == "progress":
                bar.update(cfg.plot_interval)
            elif event.get("event") in ("done", "error"):
                done = event
        if done is None or done.get("event") == "error":
            message = str((done or {}).get("message") or tr("the training process ended early",
                                                            "学習プロセスが途中で終了しました"))[:300]
            raise click.ClickException(tr("training with your functions failed: {m}",
                                          "あなたの関数での学習に失敗しました: {m}", m=message))
        return done
    finally:
        worker.kill()


@click.group("lab", cls=Group)
def lab_group() -> None:
    """Hands-on labs: train a small network and watch what the settings do."""


@lab_group.command("binary-addition")
@click.option("--hidden", type=click.IntRange(1, 512), default=16, show_default=True, help="hidden_layer_size")
@click.option("--lr", type=click.FloatRange(0, None, min_open=True), default=0.1, show_default=True,
              help="learning_rate")
@click.option("--init-std", type=click.FloatRange(0, None, min_open=True), default=1.0, show_default=True,
              help="weight_init_std (with --init normal)")
@click.option("--init", type=click.Choice(INITS), default="normal", show_default=True,
              help="weight initialization: normal (times --init-std), xavier, he")
@click.option("--activation", type=click.Choice(ACTIVATIONS), default="sigmoid", show_default=True,
              help="activation of the hidden layer")
@click.option("--iters", type=click.IntRange(1, 1_000_000), default=10000, show_default=True, help="iters_num")
@click.option("--seed", type=int, default=0, show_default=True, help="random seed")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="also write the loss curve to this PNG file (needs matplotlib)")
@click.option("--mine", is_flag=True, help="use your own functions from exercises/ where they apply")
@click.option("--compare", "compare_text", default=None,
              help="train once per value of one setting and draw every curve in one chart, e.g. lr=0.1,0.5,1 "
                   "or init=normal,xavier,he")
@click.option("--lang", type=click.Choice(["ja", "en"]), default=None, help="Language of the messages.")
def binary_addition(hidden, lr, init_std, init, activation, iters, seed, plot, mine, compare_text, lang) -> None:
    """Train an RNN to add two 8-bit numbers given bit by bit from the low end.

    Prints the loss curve and ends with the accuracy on fresh pairs.
    """
    from grader.lab import binary_addition as lab   # NumPy: only when the lab runs

    set_lang(lang)
    if plot is not None:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            from grader.cli_common import UsageProblem

            raise UsageProblem(tr("--plot needs matplotlib: python -m pip install matplotlib "
                                  "(or pip install -e '.[plot]')",
                                  "--plot には matplotlib が必要です: python -m pip install matplotlib "
                                  "（または pip install -e '.[plot]'）")) from None
    cfg = lab.Config(hidden=hidden, lr=lr, init_std=init_std, init=init, activation=activation, iters=iters,
                     seed=seed)
    settings = (f"hidden_layer_size={hidden} learning_rate={lr:g} "
                + (f"weight_init_std={init_std:g}" if init == "normal" else f"init={init}")
                + f" activation={activation} iters_num={iters} seed={seed}")
    click.echo(tr("Binary addition lab: {s}", "2 進数の足し算ラボ: {s}", s=settings))
    if compare_text is not None:
        _compare(cfg, compare_text, plot, mine, settings)
        return
    with click.progressbar(length=iters, label=tr("training", "学習中"), file=sys.stderr) as bar:
        if mine:
            course = find_course_root()
            if course is None:
                from grader.cli_common import UsageProblem

                raise UsageProblem(tr("--mine needs the course folder (with exercises/)",
                                      "--mine には講座のフォルダ（exercises/ のある場所）が必要です"))
            done = _train_mine(cfg, course, bar)
            losses, acc, pairs = done["losses"], float(done["accuracy"]), int(done["pairs"])
        else:
            click.echo(tr("Using the reference code (add --mine to use your own functions).",
                          "参照実装で学習します（自分の関数を使うには --mine）。"))
            outcome = lab.train(cfg, progress=lambda i, loss: bar.update(cfg.plot_interval))
            losses, acc, pairs = outcome.losses, outcome.accuracy, outcome.pairs
    click.echo(ascii_curve(losses, cfg.plot_interval))
    if losses:
        click.echo(tr("loss: first {a:.4f}, last {b:.4f}", "損失: 最初 {a:.4f}、最後 {b:.4f}", a=losses[0], b=losses[-1]))
    if plot is not None:
        _plot_png(plot, losses, cfg.plot_interval, settings)
        click.echo(tr("plot written to {p}", "グラフを {p} に書き出しました", p=plot))
    click.echo(tr("accuracy: {a:.1f}% (exact sums on {n} fresh pairs)", "正解率: {a:.1f}%（新しい {n} 組で和が完全に一致）",
                  a=acc * 100, n=pairs))


def _compare(cfg: lab.Config, text: str, plot, mine: bool, settings: str) -> None:
    """--compare: the same lab at each value of one setting, all curves in one chart."""
    from grader.cli_common import UsageProblem
    from grader.lab import compare

    if mine:
        raise UsageProblem(tr("--compare trains the reference code; leave out --mine",
                              "--compare は参照実装で学習します。--mine は付けないでください"))
    try:
        field, values = compare.parse(text)
    except compare.CompareError as exc:
        raise UsageProblem(str(exc)) from None
    total = sum(compare.replace(cfg, **{field: v}).iters for v in values)
    with click.progressbar(length=total, label=tr("training", "学習中"), file=sys.stderr) as bar:
        results = compare.run(cfg, field, values, lambda i, loss: bar.update(cfg.plot_interval))
    click.echo(compare.chart([(label, outcome.losses) for label, outcome in results], cfg.plot_interval))
    for line in compare.legend(results):
        click.echo(line)
    if plot is not None:
        compare.plot(plot, results, cfg.plot_interval, settings + f"  --compare {text}")
        click.echo(tr("plot written to {p}", "グラフを {p} に書き出しました", p=plot))
