"""Headings told from sentences: shown as headings, taggable, left out of progress."""

from __future__ import annotations

import importlib

import pytest

from annotate.page import headline_of
from annotate.sentences import heading_spans, sentence_spans
from tests.conftest import tag


def headings(text: str, title: str = "") -> list[str]:
    spans = heading_spans(text, sentence_spans(text), title=title)
    return [text[start:end] for start, end in spans]


ARTICLE = (
    "Nvidia's New Chip Is 3.5x Faster, and Rivals Are Scrambling\n"
    "\n"
    "By Jane Doe\n"
    "\n"
    "The company said on Monday that the chip ships in March. Analysts expect it to sell.\n"
    "\n"
    "What the benchmarks show\n"
    "\n"
    "Tests by three labs found the gains held.\n"
    "\n"
    "Will the lead last?\n"
    "\n"
    "Rivals say it will not.\n"
    "Pricing\n"
    "The price was not given.\n"
)


def test_headings_are_short_standalone_lines_and_subheads_over_prose():
    assert headings(ARTICLE) == [
        "Nvidia's New Chip Is 3.5x Faster, and Rivals Are Scrambling",
        "By Jane Doe",
        "What the benchmarks show",
        "Will the lead last?",
        "Pricing",
    ]


def test_headings_are_never_prose_paragraphs_or_list_items():
    text = (
        "Nobody knows the price.\n"  # ends like a sentence
        "\n"
        "“We are thrilled,” she said.\n"
        "\n"
        "the chip was delayed again and again\n"  # starts in lowercase
        "\n"
        "- Faster memory\n"  # a list item: a claim
        "\n"
        "It shipped. Then it failed\n"  # a sentence inside it
        "\n"
        "The company declined to say when the chip would ship or what it would cost "
        "buyers in the first year\n"  # too long for a heading: prose that lost its stop
    )
    assert headings(text) == []


def test_a_first_line_repeating_the_title_is_a_heading_even_with_a_full_stop():
    text = "Acme ships the chip.\n\nIt is fast."
    assert headings(text) == []
    assert headings(text, title="ACME ships  the chip") == ["Acme ships the chip."]


def test_a_first_sentence_repeating_the_title_inside_a_paragraph_is_no_heading():
    text = "Acme ships the chip. It is fast.\n\nMore."
    assert headings(text, title="Acme ships the chip") == []


def test_each_heading_is_one_of_the_sentences():
    spans = sentence_spans(ARTICLE)
    assert set(heading_spans(ARTICLE, spans, title="x")) <= set(spans)


@pytest.mark.django_db
def test_saved_article_keeps_its_headings_and_progress_leaves_them_out(make_article, editor):
    article = make_article(
        ARTICLE, title="Nvidia's new chip is 3.5x faster, and rivals are scrambling"
    )
    assert len(article.headings) == 5
    assert article.sentences_total == len(article.sentences) - 5
    tag(article, editor, "By Jane Doe", "fact")  # a heading can be tagged
    tag(article, editor, "Tests by three labs", "fact")
    article.refresh_from_db()
    assert article.sentences_tagged == 1
    assert headline_of(article) == article.sentences[0]


@pytest.mark.django_db
def test_annotate_page_shows_headings_as_headings_and_the_headline_once(
    make_article, client_for, editor
):
    article = make_article(
        ARTICLE, title="Nvidia's New Chip Is 3.5x Faster, and Rivals Are Scrambling"
    )
    html = client_for(editor).get(article.get_absolute_url()).content.decode()
    assert html.count('role="heading" aria-level="1"') == 1
    assert html.count('role="heading" aria-level="2"') == 4
    assert '<h1 id="article-title">' not in html  # the text's own headline is the h1
    assert f"of {len(article.sentences) - 5}</span>" in html


@pytest.mark.django_db
def test_annotate_page_keeps_the_title_heading_when_the_text_has_no_headline(
    make_article, client_for, editor
):
    article = make_article("It shipped.\n\nIt is fast.", title="Acme ships")
    html = client_for(editor).get(article.get_absolute_url()).content.decode()
    assert '<h1 id="article-title">Acme ships</h1>' in html
    assert 'role="heading"' not in html


@pytest.mark.django_db
def test_migration_gives_old_articles_their_headings_and_true_progress(make_article, editor):
    article = make_article(ARTICLE, title="Other")
    tag(article, editor, "By Jane Doe", "fact")
    type(article).objects.filter(pk=article.pk).update(headings=[], sentences_tagged=1)
    from django.apps import apps

    migration = importlib.import_module("annotate.migrations.0005_loop_headings")
    migration.compute_headings(apps, None)
    article.refresh_from_db()
    assert len(article.headings) == 5 and article.sentences_tagged == 0


@pytest.mark.django_db
def test_a_new_title_makes_the_first_line_the_headline(make_article, editor):
    article = make_article("Acme ships.\n\nIt is fast.", title="Chips")
    assert article.headings == []
    article.edit(seen_version=article.version, title="Acme ships")
    article.refresh_from_db()
    assert article.headings == [[0, 11]] and article.sentences_total == 1
