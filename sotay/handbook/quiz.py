"""The optional multiple-choice quiz of a study session, typed as plain text by the committee.

One question per paragraph (blank line between): the first line is the question, each further line a choice, the
correct choice marked with a leading "*". Exactly one correct choice, 2–8 choices, at most 20 questions.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_QUESTIONS = 20
MAX_CHOICES = 8
QUESTION_MAX = 500
CHOICE_MAX = 300


@dataclass
class Question:
    text: str
    choices: list[tuple[str, bool]] = field(default_factory=list)


def _error(message: str) -> ValidationError:
    return ValidationError({"quiz": message})


def parse_quiz(text: str) -> list[Question]:
    blocks: list[list[str]] = [[]]
    for raw in unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = " ".join(raw.split())
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    if len(blocks) > MAX_QUESTIONS:
        raise _error(_("Nhiều nhất %(n)s câu hỏi.") % {"n": MAX_QUESTIONS})
    questions = []
    for n, (head, *rest) in enumerate(blocks, start=1):
        if head.startswith("*"):
            raise _error(_("Câu %(n)s: dòng đầu là câu hỏi, không đánh dấu *.") % {"n": n})
        if len(head) > QUESTION_MAX:
            raise _error(_("Câu %(n)s dài quá %(m)s ký tự.") % {"n": n, "m": QUESTION_MAX})
        if not 2 <= len(rest) <= MAX_CHOICES:
            raise _error(_("Câu %(n)s cần từ 2 đến %(m)s phương án.") % {"n": n, "m": MAX_CHOICES})
        choices = []
        for line in rest:
            correct = line.startswith("*")
            choice = line.lstrip("*").strip()
            if not choice:
                raise _error(_("Câu %(n)s có phương án trống.") % {"n": n})
            if len(choice) > CHOICE_MAX:
                raise _error(_("Câu %(n)s có phương án dài quá %(m)s ký tự.") % {"n": n, "m": CHOICE_MAX})
            choices.append((choice, correct))
        if sum(c for _t, c in choices) != 1:
            raise _error(_("Câu %(n)s phải có đúng một phương án đúng (đánh dấu * ở đầu dòng).") % {"n": n})
        questions.append(Question(head, choices))
    return questions


def format_quiz(questions: list[Question]) -> str:
    return "\n\n".join("\n".join([q.text, *(("*" if ok else "") + text for text, ok in q.choices)]) for q in questions)
