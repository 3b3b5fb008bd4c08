"""Moodle XML.

Per Moodle's XML format documentation: ``<quiz>`` holds ``<question
type="...">`` elements, each with ``<name><text>``, ``<questiontext
format="..."><text>``, ``<generalfeedback>`` and ``<answer fraction="...">``
elements (``<tolerance>`` inside a numerical answer); a ``<question
type="category">`` first puts the questions in a category named after the
bank.  Choices are written in the order of the instance (the file's
order, or the seed's shuffle in a ``shuffle: true`` bank) with
``shuffleanswers`` false, numbered 123, because explanations name options
by their label.  The tree is built
with xml.etree, so every text is escaped.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Sequence

from ..i18n import pick
from .export import accepted_texts, md, instance_name, multi_weights, number_text, tolerance_of
from .instance import Instance
from .model import Bank

FORMAT = "markdown"
QTYPE = {"choice": "multichoice", "multi": "multichoice", "numeric": "numerical", "text": "shortanswer"}


def _text(parent: ET.Element, tag: str, text: str, fmt: str = "") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = text
    return element


def _answer(parent: ET.Element, fraction: str, text: str, fmt: str = "") -> ET.Element:
    attrs = {"fraction": fraction}
    if fmt:
        attrs["format"] = fmt
    answer = ET.SubElement(parent, "answer", attrs)
    ET.SubElement(answer, "text").text = text
    _text(answer, "feedback", "", FORMAT)
    return answer


def question(inst: Instance, lang: str) -> ET.Element:
    q = inst.question
    element = ET.Element("question", {"type": QTYPE[q.type]})
    _text(element, "name", instance_name(inst))
    _text(element, "questiontext", md(pick(inst.prompt, lang)), FORMAT)
    _text(element, "generalfeedback", md(pick(inst.explanation, lang)), FORMAT)
    ET.SubElement(element, "defaultgrade").text = "1"
    ET.SubElement(element, "penalty").text = "0.3333333"
    ET.SubElement(element, "hidden").text = "0"
    if q.type in ("choice", "multi"):
        ET.SubElement(element, "single").text = "true" if q.type == "choice" else "false"
        ET.SubElement(element, "shuffleanswers").text = "false"
        ET.SubElement(element, "answernumbering").text = "123"
        right = [q.answer] if q.type == "choice" else list(q.answer)
        weights = ({True: "100", False: "0"} if q.type == "choice"
                   else multi_weights(len(inst.choices), len(right)))
        for n, choice in enumerate(inst.choices, start=1):
            _answer(element, weights[n in right], md(pick(choice, lang)), FORMAT)
    elif q.type == "numeric":
        answer = _answer(element, "100", number_text(inst.expected))
        ET.SubElement(answer, "tolerance").text = number_text(tolerance_of(inst))
    else:
        ET.SubElement(element, "usecase").text = "0"
        for text in accepted_texts(inst, lang):
            _answer(element, "100", text)
    return element


def to_moodle_xml(bank: Bank, instances: Sequence[Instance], lang: str, seeds: Sequence[int] = ()) -> str:
    quiz = ET.Element("quiz")
    category = ET.SubElement(quiz, "question", {"type": "category"})
    _text(category, "category", f"$course$/{bank.name}")
    _text(category, "info", pick(bank.title, lang), FORMAT)
    for inst in instances:
        quiz.append(question(inst, lang))
    ET.indent(quiz, space="  ")
    body = ET.tostring(quiz, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
