"""Exports: GIFT and Moodle XML checked against the formats' documented
examples, the Markdown handout and the JSON dump.

The small readers below follow Moodle's documentation of each format (GIFT:
questions separated by blank lines, ``::name::``, ``[format]``, answers in
braces with ``=`` / ``~`` / ``%weight%`` / ``#feedback``, ``####`` general
feedback, ``{#answer:tolerance}``, backslash escapes of ``~ = # { } :`` and
``\\n``; Moodle XML: ``<question type>``, ``<answer fraction>`` with ``<text>``
and ``<tolerance>``).  Each reader is first tested on the documentation's own
examples, then our exports of the same questions must read the same.
"""
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from grader.quiz.export import export, export_instances
from grader.quiz.gift import escape
from grader.quiz.instance import make_instance
from grader.quiz.validate import check_text, load_bank

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = load_bank(FIXTURES / "sample.yaml")

# -- a GIFT reader written from the documentation ------------------------------

_ESCAPES = {"\\\\": "\x00BS", "\\~": "\x00TI", "\\=": "\x00EQ", "\\#": "\x00HA", "\\{": "\x00LB",
            "\\}": "\x00RB", "\\:": "\x00CO", "\\n": "\x00NL"}
_PLAIN = {"\x00BS": "\\", "\x00TI": "~", "\x00EQ": "=", "\x00HA": "#", "\x00LB": "{", "\x00RB": "}",
          "\x00CO": ":", "\x00NL": "\n"}


def _unescape(text):
    for code, char in _PLAIN.items():
        text = text.replace(code, char)
    return text.strip()


def read_gift(source):
    """The questions of a GIFT text, as plain dicts."""
    questions = []
    for block in re.split(r"\n\s*\n", source):
        lines = [ln for ln in block.splitlines() if not ln.strip().startswith("//")]
        text = "\n".join(lines).strip()
        if not text:
            continue
        for code, char in _ESCAPES.items():
            text = text.replace(code, char)
        if text.startswith("$CATEGORY:"):
            questions.append({"type": "category", "category": text[len("$CATEGORY:"):].strip()})
            continue
        name = None
        if text.startswith("::"):
            name, text = text[2:].split("::", 1)
            name, text = _unescape(name), text.strip()
        fmt = None
        match = re.match(r"\[(html|moodle|plain|markdown)\]", text)
        if match:
            fmt, text = match.group(1), text[match.end():]
        start, end = text.index("{"), text.index("}")
        body, prompt = text[start + 1:end].strip(), text[:start] + text[end + 1:]
        feedback = ""
        if "####" in body:
            body, feedback = body[:body.rindex("####")].strip(), body[body.rindex("####") + 4:]
        q = {"name": name, "format": fmt, "text": _unescape(prompt), "feedback": _unescape(feedback)}
        if body.startswith("#"):
            answer = body[1:].strip().lstrip("=")
            value, _, tolerance = answer.partition(":")
            q.update(type="numerical", answer=float(value), tolerance=float(tolerance or 0))
        elif "~" in body:
            q["type"] = "multichoice"
            q["single"] = "=" in body
            q["answers"] = []
            for part in re.findall(r"([~=])([^~=]*)", body):
                mark, rest = part
                weight = 100.0 if mark == "=" else 0.0
                match = re.match(r"\s*%(-?[0-9.]+)%", rest)
                if match:
                    weight, rest = float(match.group(1)), rest[match.end():]
                q["answers"].append((_unescape(rest.split("#")[0]), weight))
        else:
            q["type"] = "shortanswer"
            q["answers"] = [(_unescape(a.split("#")[0]), 100.0) for a in body.split("=") if a.strip()]
        questions.append(q)
    return questions


# Examples from Moodle's GIFT documentation and its examples file.
DOC_CHOICE = "Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}"
DOC_SHORT = "Who's buried in Grant's tomb?{=no one =nobody}"
DOC_NUMERIC = "When was Ulysses S. Grant born?{#1822:5}"
DOC_MULTI = """What two people are entombed in Grant's tomb? {
    ~%-50%No one
    ~%50%Grant
    ~%50%Grant's wife
    ~%-50%Grant's father }"""
DOC_ESCAPES = """Which answer equals 5? {
     ~ \\= 2 + 2
     = \\= 2 + 3
     ~ \\= 2 + 4  }"""
DOC_NAMED = """::Kanji Origins::Japanese characters originally
came from what country? {=China}"""
DOC_FORMAT = """[markdown]Who's buried in **Grant's tomb**?{
=no one#excellent answer!
=nobody#excellent answer!}"""


def test_the_gift_reader_reads_the_documented_examples_as_documented():
    [q] = read_gift(DOC_CHOICE)
    assert q["type"] == "multichoice" and q["single"]
    assert q["answers"] == [("Grant", 0), ("Jefferson", 0), ("no one", 100)]
    [q] = read_gift(DOC_SHORT)
    assert q["type"] == "shortanswer" and q["answers"] == [("no one", 100), ("nobody", 100)]
    [q] = read_gift(DOC_NUMERIC)
    assert (q["type"], q["answer"], q["tolerance"]) == ("numerical", 1822, 5)
    [q] = read_gift(DOC_MULTI)
    assert not q["single"]
    assert q["answers"] == [("No one", -50), ("Grant", 50), ("Grant's wife", 50), ("Grant's father", -50)]
    [q] = read_gift(DOC_ESCAPES)
    assert q["answers"] == [("= 2 + 2", 0), ("= 2 + 3", 100), ("= 2 + 4", 0)]
    [q] = read_gift(DOC_NAMED)
    assert q["name"] == "Kanji Origins" and q["text"] == "Japanese characters originally\ncame from what country?"
    [q] = read_gift(DOC_FORMAT)
    assert q["format"] == "markdown" and q["text"] == "Who's buried in **Grant's tomb**?"


GRANT_BANK = """
bank: grant
title: Grant
questions:
  - id: buried
    type: choice
    prompt: "Who's buried in Grant's tomb?"
    choices: [Grant, Jefferson, no one]
    answer: 3
    explanation: nobody is
  - id: buried-short
    type: text
    prompt: "Who's buried in Grant's tomb?"
    answer: no one
    accept: [nobody]
    explanation: nobody is
  - id: born
    type: numeric
    prompt: When was Ulysses S. Grant born?
    answer: 1822
    tolerance: 5
    explanation: in 1822
  - id: entombed
    type: multi
    prompt: "What two people are entombed in Grant's tomb?"
    choices: [No one, Grant, "Grant's wife", "Grant's father"]
    answer: [2, 3]
    explanation: the couple
  - id: equals
    type: choice
    prompt: Which answer equals 5?
    choices: ["= 2 + 2", "= 2 + 3", "= 2 + 4"]
    answer: 2
    explanation: 2 + 3 = 5
"""


def grant_bank():
    bank, problems = check_text(GRANT_BANK, "grant.yaml", "grant")
    assert problems == []
    return bank


def _core(q):
    return {k: v for k, v in q.items() if k not in ("name", "format", "feedback")}


@pytest.mark.parametrize("qid, documented", [
    ("buried", DOC_CHOICE), ("buried-short", DOC_SHORT), ("born", DOC_NUMERIC),
    ("entombed", DOC_MULTI), ("equals", DOC_ESCAPES),
])
def test_gift_export_reads_like_the_documented_example(qid, documented):
    gift = export(grant_bank(), "gift", "en")
    ours = {q["name"]: q for q in read_gift(gift) if q["type"] != "category"}
    [theirs] = read_gift(documented)
    assert _core(ours[qid]) == _core(theirs)
    assert ours[qid]["format"] == "markdown"
    assert ours[qid]["feedback"] == grant_bank().question(qid).explanation


def test_gift_escapes_every_special_character_and_newlines():
    nasty = "a~b=c#d{e}f:g\\h\nsecond line"
    assert escape(nasty) == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\nsecond line"
    bank, problems = check_text(
        "bank: nasty\ntitle: t\nquestions:\n"
        "  - id: q\n    type: choice\n"
        "    prompt: \"a~b=c#d{{e}}f:g\\\\h\\n\\nafter a blank line\"\n"
        "    choices: [\"x: {{1}}\", \"~y=#\"]\n    answer: 2\n"
        "    explanation: \"#### not a separator {{}}\"\n", "nasty.yaml", "nasty")
    assert problems == []
    gift = export(bank, "gift", "en")
    [_category, q] = read_gift(gift)
    assert q["text"] == "a~b=c#d{e}f:g\\h\n\nafter a blank line"
    assert q["answers"] == [("x: {1}", 0), ("~y=#", 100)]
    assert q["feedback"] == "#### not a separator {}"


def test_gift_export_of_a_whole_bank():
    gift = export(SAMPLE, "gift", "en", seeds=[0, 1])
    questions = read_gift(gift)
    assert questions[0] == {"type": "category", "category": "$course$/sample"}
    names = [q["name"] for q in questions[1:]]
    assert names == ["sigmoid-at-zero", "sigmoid-derivative (seed 0)", "sigmoid-derivative (seed 1)",
                     "conv-output (seed 0)", "conv-output (seed 1)", "forget-gate", "numbers-as-choices",
                     "gates-count", "rnn-uses", "bptt-blank", "vae-latent"]
    by_name = {q["name"]: q for q in questions[1:]}
    for seed in (0, 1):
        inst = make_instance(SAMPLE.question("sigmoid-derivative"), seed)
        q = by_name[f"sigmoid-derivative (seed {seed})"]
        assert q["answer"] == pytest.approx(inst.expected) and q["tolerance"] == 0.001
        assert f"x = {inst.values['x'].text}." in q["text"]
        assert by_name[f"conv-output (seed {seed})"]["tolerance"] == 0  # integer: exact
    assert by_name["sigmoid-at-zero"]["tolerance"] == pytest.approx(0.0025)  # 1% of 0.25
    multi = by_name["rnn-uses"]
    assert not multi["single"] and sum(w for _a, w in multi["answers"] if w > 0) == pytest.approx(100, abs=1e-3)
    assert [w > 0 for _a, w in multi["answers"]] == [True, False, True, True]
    assert by_name["vae-latent"]["answers"] == [("a probability distribution", 100), ("確率分布", 100),
                                                ("probability distribution", 100), ("分布", 100)]
    assert by_name["bptt-blank"]["text"] == "What is dh_t/dh_{t-1}? (as code)"


def test_gift_questions_contain_no_blank_line():
    gift = export(SAMPLE, "gift", "ja")
    blocks = gift.strip().split("\n\n")
    assert len(blocks) == 1 + len(SAMPLE.questions)  # the header, then one block per question
    assert all(b.strip() for b in blocks)


def test_gift_multi_with_one_right_option_keeps_checkboxes():
    bank, _ = check_text("bank: one\ntitle: t\nquestions:\n  - id: q\n    type: multi\n    prompt: p\n"
                         "    choices: [a, b, c]\n    answer: [2]\n    explanation: e\n", "one.yaml", "one")
    [_c, q] = read_gift(export(bank, "gift", "en"))
    assert not q["single"] and q["answers"] == [("a", -50), ("b", 100), ("c", -50)]


# -- a Moodle XML reader written from the documentation ---------------------

def read_moodle_xml(source):
    root = ET.fromstring(source)
    assert root.tag == "quiz"
    out = []
    for element in root.findall("question"):
        kind = element.get("type")
        if kind == "category":
            out.append({"type": kind, "category": element.findtext("category/text")})
            continue
        q = {"type": kind, "name": element.findtext("name/text"),
             "text": element.findtext("questiontext/text"),
             "format": element.find("questiontext").get("format"),
             "feedback": element.findtext("generalfeedback/text") or "",
             "answers": []}
        for answer in element.findall("answer"):
            item = (answer.findtext("text"), float(answer.get("fraction")))
            if kind == "numerical":
                item += (float(answer.findtext("tolerance") or 0),)
            q["answers"].append(item)
        if kind == "multichoice":
            q["single"] = (element.findtext("single") or "true") in ("true", "1")
        out.append(q)
    return out


# Examples in the shape of Moodle's XML format documentation.
DOC_XML = """<?xml version="1.0" ?>
<quiz>
<question type="multichoice">
  <name><text>buried</text></name>
  <questiontext format="html"><text>Who's buried in Grant's tomb?</text></questiontext>
  <answer fraction="0"><text>Grant</text><feedback><text>Ooops!</text></feedback></answer>
  <answer fraction="0"><text>Jefferson</text><feedback><text>Ooops!</text></feedback></answer>
  <answer fraction="100"><text>no one</text><feedback><text>Correct!</text></feedback></answer>
  <shuffleanswers>1</shuffleanswers>
  <single>true</single>
  <answernumbering>abc</answernumbering>
</question>
<question type="shortanswer">
  <name><text>buried-short</text></name>
  <questiontext format="html"><text>Who's buried in Grant's tomb?</text></questiontext>
  <answer fraction="100"><text>no one</text><feedback><text>Correct!</text></feedback></answer>
  <answer fraction="100"><text>nobody</text><feedback><text>Correct!</text></feedback></answer>
</question>
<question type="numerical">
  <name><text>born</text></name>
  <questiontext format="html"><text>When was Ulysses S. Grant born?</text></questiontext>
  <answer fraction="100">
    <text>1822</text>
    <tolerance>5</tolerance>
    <feedback><text>Feedback</text></feedback>
  </answer>
</question>
</quiz>
"""


def test_the_xml_reader_reads_the_documented_examples():
    buried, short, born = read_moodle_xml(DOC_XML)
    assert buried["single"] and buried["answers"] == [("Grant", 0), ("Jefferson", 0), ("no one", 100)]
    assert short["answers"] == [("no one", 100), ("nobody", 100)]
    assert born["answers"] == [("1822", 100, 5)]


@pytest.mark.parametrize("qid", ["buried", "buried-short", "born"])
def test_moodle_xml_export_reads_like_the_documented_example(qid):
    ours = {q.get("name"): q for q in read_moodle_xml(export(grant_bank(), "moodle-xml", "en"))}
    theirs = {q["name"]: q for q in read_moodle_xml(DOC_XML)}
    strip = lambda q: {k: v for k, v in q.items() if k not in ("format", "feedback")}  # noqa: E731
    assert strip(ours[qid]) == strip(theirs[qid])
    assert ours[qid]["format"] == "markdown"
    assert ours[qid]["feedback"] == grant_bank().question(qid).explanation


def test_moodle_xml_parses_and_holds_every_question_with_its_details():
    xml = export(SAMPLE, "moodle-xml", "ja", seeds=[3, 4])
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    questions = read_moodle_xml(xml)
    assert questions[0] == {"type": "category", "category": "$course$/sample"}
    by_name = {q["name"]: q for q in questions[1:]}
    assert len(by_name) == 11
    assert {q["type"] for q in by_name.values()} == {"multichoice", "numerical", "shortanswer"}
    inst = make_instance(SAMPLE.question("sigmoid-derivative"), 4)
    [(value, fraction, tolerance)] = by_name["sigmoid-derivative (seed 4)"]["answers"]
    assert float(value) == pytest.approx(inst.expected) and (fraction, tolerance) == (100, 0.001)
    assert by_name["sigmoid-derivative (seed 4)"]["text"] == inst.prompt["ja"]
    assert by_name["forget-gate"]["answers"] == [("入力ゲート", 0), ("忘却ゲート", 100), ("出力ゲート", 0)]
    assert by_name["forget-gate"]["feedback"] == "忘却ゲートが c に掛かる。"
    multi = by_name["rnn-uses"]
    assert not multi["single"]
    assert [f for _t, f in multi["answers"]] == [pytest.approx(33.33333), -100, pytest.approx(33.33333),
                                                 pytest.approx(33.33333)]
    root = ET.fromstring(xml)
    choice = [q for q in root.findall("question") if q.findtext("name/text") == "forget-gate"][0]
    assert choice.findtext("shuffleanswers") == "false" and choice.findtext("answernumbering") == "123"


def test_moodle_xml_escapes_markup_characters():
    bank, problems = check_text("bank: m\ntitle: t\nquestions:\n  - id: q\n    type: text\n"
                                "    prompt: \"is 1 < 2 && 3 > 2 ]]> ?\"\n    answer: \"<yes> & ok\"\n"
                                "    explanation: \"a <b>c</b>\"\n", "m.yaml", "m")
    assert problems == []
    [_c, q] = read_moodle_xml(export(bank, "moodle-xml", "en"))
    assert q["text"] == "is 1 < 2 && 3 > 2 ]]> ?" and q["answers"] == [("<yes> & ok", 100)]
    assert q["feedback"] == "a <b>c</b>"


# -- Markdown and JSON ------------------------------------------------------

def test_markdown_handout_has_every_question_then_the_answers():
    md = export(SAMPLE, "markdown", "en", seeds=[0])
    questions_part, answers_part = md.split("\n# Answers\n")
    assert md.startswith("# Sample bank\n")
    for q in SAMPLE.questions:
        prompt = make_instance(q, 0).prompt
        assert prompt["en"].split("{")[0] in questions_part
    assert "- (1) input gate\n- (2) forget gate" in questions_part
    assert "- (a) 2\n- (b) 3" in questions_part  # options that read like numbers: letters
    numbered = re.findall(r"^(\d+)\. \*\*(.+?)\*\*", answers_part, flags=re.M)
    assert [int(n) for n, _ in numbered] == list(range(1, 10))
    assert numbered[0][1] == "0.25" and numbered[3][1] == "2) forget gate"
    assert numbered[5][1] == "b: 2) 3"
    assert "The forget gate multiplies c." in answers_part
    assert "forget gate**" not in questions_part


def test_json_dump_lists_each_instance_with_its_answer():
    data = json.loads(export(SAMPLE, "json", "en", seeds=[1, 2]))
    assert data["bank"] == "sample" and data["lang"] == "en" and data["seeds"] == [1, 2]
    names = [q["name"] for q in data["questions"]]
    assert names.count("sigmoid-derivative (seed 1)") == 1 and len(names) == 11
    item = next(q for q in data["questions"] if q["name"] == "conv-output (seed 2)")
    inst = make_instance(SAMPLE.question("conv-output"), 2)
    assert item["value"] == inst.expected and item["tolerance"] == 0 and item["answer"] == inst.answer_text()
    assert item["params"] == {k: v.text for k, v in inst.values.items()} and item["seed"] == 2
    choice = next(q for q in data["questions"] if q["id"] == "rnn-uses")
    assert choice["correct"] == [1, 3, 4] and choice["seed"] is None and len(choice["choices"]) == 4


def test_each_question_appears_at_least_once_and_seed_zero_is_the_default():
    assert [i.seed for i in export_instances(SAMPLE)] == [0] * 9
    assert len(export_instances(SAMPLE, [5, 6, 5])) == 9 + 2


# -- the CLI --------------------------------------------------------------

def test_export_cli_writes_stdout_or_a_file(course, invoke, tmp_path):
    result = invoke("export", "sample", "--format", "gift", "--seed", "2", "--seed", "3")
    assert result.exit_code == 0
    assert "::sigmoid-derivative (seed 3)::" in result.stdout
    out = tmp_path / "sample.xml"
    result = invoke("export", "sample", "--format", "moodle-xml", "--lang", "ja", "--out", out)
    assert result.exit_code == 0 and result.stdout == ""
    assert str(out) in result.stderr  # the message is in the chosen language
    assert "忘却ゲート" in out.read_text(encoding="utf-8")
    ET.parse(out)


def test_export_to_an_unwritable_place_exits_2(course, invoke, tmp_path):
    result = invoke("export", "sample", "--format", "json", "--out", tmp_path / "no" / "such" / "dir.json")
    assert result.exit_code == 2 and "cannot write" in result.output


def test_line_breaks_inside_a_paragraph_survive_markdown_rendering():
    bank, problems = check_text("bank: br\ntitle: t\nquestions:\n  - id: q\n    type: choice\n"
                                "    prompt: \"line one\\nline two\\n\\nnext paragraph\"\n"
                                "    choices: [a, b]\n    answer: 1\n"
                                "    explanation: \"(1) is right\\n(2) is wrong\"\n", "br.yaml", "br")
    assert problems == []
    [_c, q] = read_gift(export(bank, "gift", "en"))
    assert q["text"] == "line one  \nline two\n\nnext paragraph"
    assert q["feedback"] == "(1) is right  \n(2) is wrong"
    [_c, q] = read_moodle_xml(export(bank, "moodle-xml", "en"))
    assert q["feedback"] == "(1) is right  \n(2) is wrong"
    assert "   (1) is right  \n   (2) is wrong" in export(bank, "markdown", "en")
