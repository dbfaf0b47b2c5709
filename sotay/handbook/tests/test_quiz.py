"""The study quiz typed as text (docs/rules/handbook-app.md, 339-QĐ/TW "học tập nghị quyết chuyên sâu"): property
tests."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sotay.handbook.quiz import MAX_CHOICES, Question, format_quiz, parse_quiz

LETTERS = list("abcdđeêghiklmnoôơpqrstuưvxyáàảãạăắằẳẵặâấầẩẫậéèẻẽẹếềểễệ")
words = st.lists(st.text(alphabet=LETTERS, min_size=1, max_size=10), min_size=1, max_size=4).map(" ".join)
# No timing in tests (the machine is shared): no deadline, and slow generation is not a failure.
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def questions(draw):
    out = []
    for _ in range(draw(st.integers(1, 6))):
        texts = draw(st.lists(words, min_size=2, max_size=MAX_CHOICES))
        correct = draw(st.integers(0, len(texts) - 1))
        out.append(Question(draw(words), [(t, i == correct) for i, t in enumerate(texts)]))
    return out


@relaxed
@given(questions())
def test_format_then_parse_gives_the_same_quiz(qs):
    assert parse_quiz(format_quiz(qs)) == qs


@relaxed
@given(st.text(max_size=400))
def test_any_text_parses_or_is_refused_in_vietnamese(text):
    try:
        parsed = parse_quiz(text)
    except ValidationError as exc:
        assert exc.message_dict["quiz"][0].startswith(("Câu", "Nhiều nhất"))
    else:
        assert all(sum(ok for _t, ok in q.choices) == 1 for q in parsed)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Câu hỏi\n*Đúng", "cần từ 2 đến"),
        ("Câu hỏi\nA\nB", "đúng một phương án đúng"),
        ("Câu hỏi\n*A\n*B", "đúng một phương án đúng"),
        ("*Câu hỏi\nA\n*B", "không đánh dấu"),
        ("Câu hỏi\nA\n*", "phương án trống"),
    ],
)
def test_refusals(text, message):
    with pytest.raises(ValidationError) as exc:
        parse_quiz(text)
    assert message in exc.value.message_dict["quiz"][0]


def test_blank_lines_and_crlf():
    text = (
        "\r\n\r\nNghị quyết số mấy?\r\n* 21-NQ/TW\r\n  18-NQ/TW \r\n\r\n\r\n"
        "Ai ban hành?\nBộ Chính trị *\n*Ban Chấp hành Trung ương\n"
    )
    qs = parse_quiz(text)
    assert [q.text for q in qs] == ["Nghị quyết số mấy?", "Ai ban hành?"]
    assert qs[0].choices == [("21-NQ/TW", True), ("18-NQ/TW", False)]
    assert qs[1].choices == [("Bộ Chính trị *", False), ("Ban Chấp hành Trung ương", True)]
    assert parse_quiz("  \n ") == []
