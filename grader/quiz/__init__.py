"""Quizzes: YAML banks of questions a learner takes in a terminal.

A *bank* is one YAML file ``quizzes/<bank>.yaml`` (see docs/quiz-format.md).
The modules, one concept each:

- :mod:`.yamltree`  reads YAML keeping the line of every value;
- :mod:`.model`     the Bank, Question and Problem types;
- :mod:`.validate`  checks a bank file against the format and builds the model
                    (with :mod:`.checks` and :mod:`.questioncheck`);
- :mod:`.expr`      the safe evaluator of numeric answer expressions;
- :mod:`.template`  ``{name}`` placeholders in texts;
- :mod:`.judge`     normalizes what a learner typed and judges it;
- :mod:`.instance`  one concrete question (parameters picked from a seed)
                    and a bank's answer key;
- :mod:`.history`   the learner's answers, appended as they are given;
- :mod:`.session`   choosing questions, running a quiz (typed or from a file);
- :mod:`.catalog`   finding banks in the course's ``quizzes/`` folder;
- :mod:`.export`, :mod:`.gift`, :mod:`.moodlexml`  exports for other tools;
- :mod:`.cli`       the ``quiz`` command.
"""
from __future__ import annotations

from .instance import Instance, answer_key, make_instance
from .model import Bank, InvalidBank, Problem, Question
from .validate import load_bank, validate_file

__all__ = [
    "Bank", "Question", "Problem", "InvalidBank", "Instance",
    "load_bank", "validate_file", "make_instance", "answer_key",
]
