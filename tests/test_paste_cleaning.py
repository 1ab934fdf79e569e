"""Paste as it comes: Word's and web pages' breaks and invisible characters are cleaned and
named; what is still refused says where it is."""

from __future__ import annotations

import pytest

from annotate import text as textlib


def test_clean_paste_turns_word_breaks_into_line_breaks_and_counts_them():
    pasted = "Acme Unveils a Chip\x0bBy a reporter\x0c\nThe chip\u2028is fast.\u2029Next."
    text, cleaned = textlib.clean_paste(pasted)
    assert text == "Acme Unveils a Chip\nBy a reporter\n\nThe chip\nis fast.\n\nNext."
    assert cleaned == {"line break": 4}


def test_clean_paste_drops_soft_hyphens_and_zero_width_spaces_inside_words():
    text, cleaned = textlib.clean_paste("super\u00adcomputer and Open\u200bAI\ufeff.")
    assert text == "supercomputer and OpenAI."
    assert cleaned == {"soft hyphen": 1, "zero-width space": 2}


def test_clean_paste_keeps_joiners_that_emoji_and_scripts_need():
    pasted = "Engineers 👩\u200d💻 said \u0645\u200c\u0631 hi."
    assert textlib.clean_paste(pasted) == (pasted, {})


def test_position_names_line_column_and_the_words_around():
    text = "First line.\nSecond \x07line here."
    where = textlib.position(text, text.index("\x07"))
    assert where == "line 2, column 8, at ▮ in “Second ▮line here.”"


@pytest.mark.django_db
def test_word_paste_is_accepted_and_the_page_says_what_was_cleaned(client_for, editor):
    from django.urls import reverse

    from annotate.models import Article

    client = client_for(editor)
    response = client.post(
        reverse("annotate:article_create"),
        {"title": "From Word", "text": "Acme said so.\x0bIt may ship.\x0bAnalysts dis\u00adagree."},
        follow=True,
    )
    article = Article.objects.get()
    assert article.text == "Acme said so.\nIt may ship.\nAnalysts disagree."
    page = response.content.decode()
    assert "Cleaned 2 line breaks, 1 soft hyphen from the pasted text" in page


@pytest.mark.django_db
def test_refused_control_character_is_shown_with_line_and_column(client_for, editor):
    from django.urls import reverse

    response = client_for(editor).post(
        reverse("annotate:article_create"),
        {"title": "T", "text": "Fine here.\n\nBut this\x07 is not."},
    )
    assert "control character U+0007 at line 3, column 9" in response.content.decode()
