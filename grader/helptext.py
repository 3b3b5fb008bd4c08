"""``--help`` and "Aborted!" in the learner's language.

The English help is each command's docstring and each option's ``help=``
(click's way); the Japanese is kept here, by command path and option.  The
commands of ``grade``, ``grade lab`` and ``quiz`` use :class:`Command` and
:class:`Group`, which pick the text of the current language
(:func:`grader.i18n.get_lang`: GRADER_LANG, ``grade config lang``, the locale).
"""
from __future__ import annotations

import sys
from typing import Dict

import click

from grader.i18n import get_lang, tr
from grader.registry import RegistryError

_LANG = "表示する言語（既定: GRADER_LANG、grade config lang、ロケールの順）。"
_FORMAT = "出力の形式。"
_SEED = "テストのランダムな入力の seed。"
_SOLUTIONS = "模範解答のフォルダ（既定: $GRADER_SOLUTIONS、なければ solutions/）。"

JA: Dict[str, Dict] = {
    "grade": {"help": "自動採点つき深層学習ドリル（ラビットチャレンジ Day 3/4、ゼロから作るDeep Learning 6〜7 章）。\n\n"
                      "exercises/NAME.py の空欄（___）を埋めて、`grade exercise NAME` を実行してください。",
              "options": {"--version": "バージョンを表示して終了します。"}},
    "grade list": {"help": "すべての演習を、タイトル・セクション・配点・前回の結果とともに表示します。",
                   "options": {"--lang": _LANG, "--format": _FORMAT}},
    "grade exercise": {"help": "exercises/NAME.py（または --file PATH）を模範解答と比べて採点します。\n\n"
                               "終了コード: すべて合格なら 0、合格していない課題があれば 1、使い方の誤りは 2。",
                       "options": {"--file": "exercises/NAME.py の代わりにこのファイル（.py またはノートブック .ipynb）を採点します。",
                                   "--solutions": _SOLUTIONS, "--format": _FORMAT, "--seed": _SEED, "--lang": _LANG}},
    "grade hint": {"help": "演習 NAME の次のヒントを表示します（やさしいものから具体的なものへ）。",
                   "options": {"--reset": "最初のヒントからやり直します。", "--lang": _LANG}},
    "grade class": {"help": "CLASS_DIR の受講者ごとのフォルダ（1 人 1 フォルダ）をすべて採点します。\n\n"
                            "演習 NAME の受講者のファイルは LEARNER/NAME.py または LEARNER/NAME.ipynb（LEARNER/exercises/ の中も可。"
                            "大文字・小文字は問いません）。--out なしでは最後に CSV（learner, exercise, score, max_score, passed, "
                            "statuses）か JSON を出力します。--out DIR では、採点が終わるたびに DIR/results.jsonl に 1 行ずつ追記し、"
                            "最後（または Ctrl-C のとき）にそこから成績ファイルを書き出します。--resume で中断した続きから採点します。"
                            "進み具合は stderr に出します。\n\n"
                            "終了コード: すべてのファイルを採点できれば 0、最後まで採点できなかったファイルがあれば 1、使い方の誤りは 2、"
                            "Ctrl-C で中断したときは 130。",
                    "options": {"--exercise": "この演習だけを採点します（繰り返し指定できます。既定: すべて）。",
                                "--solutions": _SOLUTIONS, "--format": "--out を付けないときに出力する形式。", "--seed": _SEED,
                                "--out": "結果のフォルダ: results.jsonl（採点したそばから 1 ファイル 1 行）、grades.csv、details.csv、"
                                         "junit.xml、report.html。",
                                "--jobs": "同時に採点するファイルの数（既定: CPU のコア数）。",
                                "--resume": "--out と使います。同じファイル・模範解答・ツールで採点済みの results.jsonl の行はそのまま使い、"
                                            "残りだけを採点します。",
                                "--lang": _LANG}},
    "grade doctor": {"help": "このマシンで、受講者のコードをサンドボックスに閉じ込める保護のうちどれが有効かを表示します。\n\n"
                             "提出と同じように調査用のワーカーを起動し、有効な保護（ファイル、ネットワーク、シグナル、プロセス数、"
                             "メモリ、ファイルの大きさ、ユーザー、環境変数）と欠けているもの、中から外へ出ようとした結果を示します。"
                             "終了コード 0。ワーカーをまったく起動できなければ 1。",
                     "options": {"--format": _FORMAT, "--lang": _LANG}},
    "grade config": {"help": "ずっと有効な設定を表示・変更します: `grade config lang ja`（en、または auto でロケールに従う）。\n\n"
                             "GRADER_LANG が設定されていればそちらが優先され、1 回のコマンドでは --lang が優先されます。"},
    "grade notebook": {"help": "演習ごとに、すぐ使える Jupyter / Colab のノートブック NAME.ipynb を書き出します。\n\n"
                               "最初のセルがツールを読み込み（Colab ではインストールも）、説明、%%grade NAME のセルに入ったスタブ、"
                               "ヒントのセルが続きます。",
                       "options": {"--all": "すべての演習のノートブックを書き出します。",
                                   "--out": "ノートブックを書き出すフォルダ。",
                                   "--install-from": "ツールが入っていない環境で最初のセルがインストールするもの"
                                                     "（既定: このプロジェクトのリポジトリ）。", "--lang": _LANG}},
    "grade init": {"help": "学習用の講座フォルダ FOLDER（exercises/、solutions/、quizzes/）を作ります。\n\n"
                           "そのあと `cd FOLDER` して `grade list`、`grade exercise lstm`、`quiz list`。",
                   "options": {"--lang": _LANG}},
    "grade lab": {"help": "実装演習: 小さなネットワークを学習させ、設定で何が変わるかを見ます。"},
    "grade lab binary-addition": {
        "help": "Day 3 の実装演習: 単純な RNN に 8 ビットの 2 進数の足し算を学習させます。\n\n"
                "損失の曲線を表示し、最後に新しい組での正解率を示します。",
        "options": {"--hidden": "中間層の大きさ（hidden_layer_size）", "--lr": "学習率（learning_rate）",
                    "--init-std": "重みの初期値の標準偏差（weight_init_std、--init normal のとき）",
                    "--init": "重みの初期化: normal（--init-std 倍）、xavier、he", "--activation": "中間層の活性化関数",
                    "--iters": "学習の回数（iters_num）", "--seed": "乱数の seed",
                    "--plot": "損失の曲線をこの PNG ファイルにも書き出します（matplotlib が必要）",
                    "--mine": "exercises/ にあるあなたの関数を、使えるところで使います",
                    "--compare": "1 つの設定を複数の値で学習し、すべての曲線を 1 つのグラフに描きます"
                                 "（例: lr=0.1,0.5,1、init=normal,xavier,he）", "--lang": _LANG}},
    "quiz": {"help": "ラビットチャレンジと『ゼロから作るDeep Learning』の確認テストをターミナルで解きます。"},
    "quiz list": {"help": "講座のバンクを、タイトル・問題数・前回の得点とともに表示します。", "options": {"--lang": _LANG}},
    "quiz run": {"help": "確認テスト BANK を解きます。1 問ずつ出題し、解答ごとに正誤と解説、最後に得点を表示します。"
                         "解答はその都度、確認テストの履歴に保存されます。\n\n"
                         "--answers FILE を付けると出題せず、FILE の解答を判定して結果を表示します"
                         "（--format json: {\"bank\", \"score\", \"total\", \"results\": [...]}）。履歴は変わりません。",
                 "options": {"--lang": _LANG, "--seed": "数値が変わる問題の seed（--shuffle にも使います）。既定: 対話では"
                                                        "ランダム、--answers では 0。",
                             "--limit": "出題する問題の数の上限。", "--shuffle": "問題の順番をランダムにします。",
                             "--review": "前回間違えた問題だけを出題します。",
                             "--answers": "出題せず、この YAML ファイルの解答（問題 id: 解答）を判定します。",
                             "--format": "--answers のときの出力: text は人向け、json はツール向け。"}},
    "quiz validate": {"help": "バンクが書式どおりか確かめます（既定: 講座のすべてのバンク）。\n\n"
                              "PATHS にはバンクの名前、YAML ファイル、フォルダを指定できます。問題は FILE:LINE: [QUESTION-ID] "
                              "メッセージ の形で表示します。すべて正しければ 0、そうでなければ 2 で終了します。",
                      "options": {"--lang": _LANG}},
    "quiz key": {"help": "BANK の解答を、ある seed で、解答ファイルの形で表示します。",
                 "options": {"--seed": "数値が変わる問題の seed。", "--lang": _LANG}},
    "quiz class": {"help": "CLASS_DIR の受講者ごとのフォルダにある BANK の解答（LEARNER/BANK.yaml、"
                           "`quiz run BANK --answers FILE` と同じ形式）をすべて判定します。\n\n"
                           "CSV（learner, score, total, 問題 id ごとの列: 正解 1、不正解・未解答 0）を出力します。"
                           "受講者のファイルの問題は stderr に出し、その受講者だけが 0 点になります。終了コード 0、"
                           "使い方の誤り（フォルダがない、受講者のフォルダがない、バンクがない）は 2。",
                   "options": {"--seed": "数値が変わる問題の seed（全員に同じ値）。", "--lang": _LANG}},
    "quiz export": {"help": "BANK をほかのツール向けに、1 つの言語で書き出します。",
                    "options": {"--format": "gift か moodle-xml（Moodle）、markdown（解答が末尾にある配布資料）、json。",
                                "--lang": _LANG, "--seed": "数値が変わる問題をこの seed で書き出します。繰り返すと複数（既定: 0）。",
                                "--out": "標準出力の代わりにこのファイルへ書き出します。"}},
}
HELP_OPTION = "このメッセージを表示して終了します。"


def _key(ctx: click.Context) -> str:
    """The command's path as JA names it ("grade exercise"), whatever the program was called."""
    names = []
    while ctx.parent is not None:
        names.append(ctx.info_name)
        ctx = ctx.parent
    names.append(getattr(ctx.command, "help_key", ctx.info_name))
    return " ".join(reversed(names))


def _entry(ctx: click.Context) -> Dict:
    return JA.get(_key(ctx), {}) if get_lang() == "ja" else {}


class _Localized:
    """What a command shows in ``--help``, in the current language."""

    def format_usage(self, ctx, formatter):
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), tr("Usage: ", "使い方: "))

    def format_help_text(self, ctx, formatter):
        text = _entry(ctx).get("help")
        if text is None:
            return super().format_help_text(ctx, formatter)
        with formatter.indentation():
            for paragraph in text.split("\n\n"):
                formatter.write_paragraph()
                formatter.write_text(paragraph)

    def format_options(self, ctx, formatter):
        entry = _entry(ctx)
        ja_options = entry.get("options", {})
        rows = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            name, help_text = record
            if get_lang() == "ja":
                opts = getattr(param, "opts", [])
                if "--help" in opts:
                    help_text = HELP_OPTION
                else:
                    translated = next((ja_options[o] for o in opts if o in ja_options), None)
                    if translated is not None:
                        extra = help_text[help_text.find("  ["):] if "  [" in help_text else ""
                        help_text = translated + extra
            rows.append((name, help_text))
        if rows:
            with formatter.section(tr("Options", "オプション")):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        return super().get_short_help_str(limit)


class Command(_Localized, click.Command):
    pass


class Group(_Localized, click.Group):
    command_class = Command

    def format_commands(self, ctx, formatter):
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            text = JA.get(f"{_key(ctx)} {name}", {}).get("help") if get_lang() == "ja" else None
            short = text.split("\n")[0].split("。")[0] + "。" if text else command.get_short_help_str(45)
            rows.append((name, short))
        if rows:
            with formatter.section(tr("Commands", "コマンド")):
                formatter.write_dl(rows)

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        """As click's, with "Aborted!" in the learner's language."""
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.Abort:
            click.echo(tr("Aborted!", "中断しました。"), err=True)
            sys.exit(1)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except RegistryError as exc:   # a course's registry.yaml or checks file is malformed: file and line
            click.echo(tr("Error: {m}", "エラー: {m}", m=exc), err=True)
            sys.exit(2)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        # without standalone mode click returns the code of an Exit (--help, ctx.exit) instead of raising it
        sys.exit(code if isinstance(code, int) else 0)
