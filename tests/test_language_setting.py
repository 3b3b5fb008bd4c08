"""A language setting that lasts: GRADER_LANG, then `grade config lang`, then the locale."""
from __future__ import annotations

from click.testing import CliRunner

from grader import i18n
from grader.cli import main


def test_grader_lang_wins_over_the_locale():
    assert i18n.detect_lang({"GRADER_LANG": "ja", "LANG": "en_US.UTF-8"}) == "ja"
    assert i18n.detect_lang({"GRADER_LANG": "en", "LANG": "ja_JP.UTF-8"}) == "en"
    assert i18n.detect_lang({"GRADER_LANG": "fr", "LANG": "ja_JP.UTF-8"}) == "ja"   # not a language: ignored


def test_grade_config_lang_lasts_until_auto(monkeypatch):
    runner = CliRunner()
    assert runner.invoke(main, ["config", "lang"]).output.strip() == "auto"
    assert runner.invoke(main, ["config", "lang", "ja"]).exit_code == 0
    i18n.set_lang(None)
    assert i18n.get_lang() == "ja"
    hint = runner.invoke(main, ["hint", "lstm"])
    assert "のヒント" in hint.output
    monkeypatch.setenv("GRADER_LANG", "en")
    assert "Hint" in runner.invoke(main, ["hint", "lstm"]).output      # the variable still wins
    monkeypatch.delenv("GRADER_LANG")
    assert "Hint" in runner.invoke(main, ["hint", "lstm", "--lang", "en"]).output   # and --lang for one command
    runner.invoke(main, ["config", "lang", "auto"])
    i18n.set_lang(None)
    assert i18n.get_lang() == "en"                                      # the test's LANG=en_US again
    assert runner.invoke(main, ["config", "lang", "xx"]).exit_code == 2


def test_grade_list_aligns_by_display_width():
    import unicodedata

    from grader import registry

    def width(text):
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    CliRunner().invoke(main, ["exercise", "rnn"])      # one graded row ("0/10") among the ungraded ones
    result = CliRunner().invoke(main, ["list", "--lang", "ja"])
    lines = [line for line in result.output.splitlines() if line.strip()]
    columns = set()
    for line, exercise in zip(lines, registry.load().values()):
        title = exercise.title["ja"]
        assert line.endswith(title), line
        columns.add(width(line[: len(line) - len(title)]))
    assert len(columns) == 1, result.output     # every title starts in the same column
    assert "未採点" in result.output and "0/10" in result.output


def test_help_follows_the_language(monkeypatch):
    from grader.quiz.cli import main as quiz_main

    monkeypatch.setenv("GRADER_LANG", "ja")
    i18n.set_lang(None)
    for cli, args, word in ((main, ["--help"], "コマンド:"), (main, ["exercise", "--help"], "模範解答と比べて採点"),
                            (main, ["lab", "binary-addition", "--help"], "中間層の大きさ"),
                            (quiz_main, ["run", "--help"], "確認テスト BANK を解きます")):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0 and word in result.output and "使い方:" in result.output, result.output
        assert "このメッセージを表示して終了します。" in result.output
    monkeypatch.setenv("GRADER_LANG", "en")
    i18n.set_lang(None)
    english = CliRunner().invoke(main, ["exercise", "--help"])
    assert "Usage:" in english.output and "against the reference solution" in english.output


def test_usage_errors_keep_their_exit_code_through_the_localized_group(tmp_path):
    assert CliRunner().invoke(main, ["exercise", "lsmt"]).exit_code == 2
    assert CliRunner().invoke(main, ["exercise", "lstm", "--no-such-option"]).exit_code == 2
    assert CliRunner().invoke(main, ["--version"]).exit_code == 0
