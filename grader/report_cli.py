"""`grade report RESULTS_DIR`: the class run's outputs built again from results.jsonl alone."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import click

from grader import results
from grader.cli_common import UsageProblem
from grader.helptext import JA, Command
from grader.i18n import set_lang, tr

# the Japanese --help, kept beside the command (grader.helptext reads JA by command path)
JA["grade report"] = {
    "help": "RESULTS_DIR の grades.csv、details.csv、junit.xml、report.html を作り直します。\n\n"
            "もとにするのは RESULTS_DIR/results.jsonl（`grade class --out` が書き出すファイル）だけです。"
            "同じ受講者と演習の行が 2 つ以上あれば最後の行を使います。書き出したファイルのパスを表示します。",
    "options": {"--lang": "report.html の言語（既定: GRADER_LANG、grade config lang、ロケールの順）。"},
}


@click.command("report", cls=Command)
@click.argument("results_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["ja", "en"]), default=None,
              help="Language of report.html and the messages (default: GRADER_LANG, grade config lang, the locale).")
def report_cmd(results_dir: Path, lang: Optional[str]) -> None:
    """Rebuild grades.csv, details.csv, junit.xml and report.html in RESULTS_DIR.

    Everything comes from RESULTS_DIR/results.jsonl (what `grade class --out`
    writes); where a learner and exercise appear twice, the last row counts.
    Prints the paths written.
    """
    lang = set_lang(lang)
    source = results_dir / results.FILE
    if not source.is_file():
        raise UsageProblem(tr("no results file {f}: give the folder that `grade class --out` wrote",
                              "結果のファイル {f} がありません。`grade class --out` で書き出したフォルダを指定してください",
                              f=source))
    try:
        with open(source, "rb"):
            pass
        table = results.latest(results_dir)
    except OSError as exc:
        raise UsageProblem(tr("cannot read {f}: {e}", "{f} を読めません: {e}", f=source, e=exc.strerror)) from None
    except UnicodeDecodeError:
        raise UsageProblem(tr("{f} is not UTF-8 text", "{f} は UTF-8 のテキストではありません", f=source)) from None
    if not table:
        raise UsageProblem(tr("{f} holds no result rows", "{f} に採点結果の行がありません", f=source))
    from grader.class_outputs import write_outputs

    try:
        written = write_outputs(results_dir, lang)
    except OSError as exc:
        raise UsageProblem(tr("cannot write into {d}: {e}", "{d} に書き込めません: {e}",
                              d=results_dir, e=exc.strerror or exc)) from None
    for path in written:
        click.echo(str(path))
