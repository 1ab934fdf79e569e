"""The history page's rows come as finished strings (for speed): the ones the template's
date, urlencode and truncatechars filters gave, in any time zone."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils import timezone
from django.utils.text import Truncator

from annotate import history_page

FILTERS = Template(
    "{% autoescape off %}{{ at|date:'c' }}|{{ at|date:'Y-m-d H:i:s' }}|"
    "{{ at|date:'c'|urlencode }}|{{ quote|truncatechars:80 }}{% endautoescape %}"
)
QUOTES = [
    "",
    "short",
    "x" * 80,
    "x" * 81,
    "é" * 79 + "e\u0301",  # not NFC: Truncator gives it composed
    "e\u0301" * 80,  # 160 code points, 80 characters: not cut
    "e\u0301" * 81,
    "👩‍💻 " * 30,
    "<q> & “quoted” " * 10,
]


@pytest.mark.parametrize("words", QUOTES)
def test_truncated_is_truncatechars(words):
    assert history_page._truncated(words) == Truncator(words).chars(80)
    assert unicodedata.is_normalized("NFC", history_page._truncated(words))


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata", "America/New_York"])
def test_rows_are_what_the_filters_gave(article, editor, zone):
    from annotate.models import Event, Kind

    moments = [
        datetime(2026, 11, 27, 3, 4, 5, tzinfo=UTC),
        datetime(2026, 3, 29, 1, 59, 59, 999_999, tzinfo=UTC),
    ]
    events = [
        Event.objects.create(
            article=article, who=editor, who_label="alice", kind=Kind.TAG_REMOVED,
            before={"label": "hype", "quote": words, "note": ""}, at=moments[i % 2],
        )
        for i, words in enumerate(QUOTES)
    ]  # fmt: skip
    shown = Event.objects.filter(pk__in=[e.pk for e in events]).order_by("id")
    with timezone.override(zone):
        rows = history_page.rows(list(shown.values(*history_page.ROW_COLUMNS)))
        for row, event, words in zip(rows, events, QUOTES, strict=True):
            given = FILTERS.render(Context({"at": event.at, "quote": words}))
            assert "|".join([row["at"], row["at_text"], row["at_query"], row["quote"]]) == given


@pytest.mark.django_db
def test_history_page_query_count_does_not_grow_with_events_tags_or_editors(
    client_for, editor, other_editor, make_article
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from annotate.models import Annotation, Kind

    client = client_for(editor)

    def count(article) -> int:
        with CaptureQueriesContext(connection) as queries:
            url = reverse("annotate:article_history", args=[article.pk])
            assert client.get(url).status_code == 200
        return len(queries)

    quiet = make_article()  # one tag, and one removed: each of the two queries for words
    for start, end in quiet.sentences[1:3]:
        quiet.tag(editor=editor, start=start, end=end, label="fact")
    Annotation.objects.filter(article=quiet).first().remove(by=editor)
    client.get(reverse("annotate:article_list"))  # the session, once
    few = count(quiet)
    busy = make_article()
    for start, end in busy.sentences:  # tags of two editors, relabelled, then removed
        for who in (editor, other_editor):
            busy.tag(editor=who, start=start, end=end, label="fact")
    for annotation in Annotation.objects.filter(article=busy):
        annotation.change(seen_version=annotation.version, label="hype", by=editor)
        annotation.remove(by=other_editor)
    assert busy.events.filter(kind=Kind.TAG_REMOVED).count() == 2 * len(busy.sentences)
    assert count(busy) == few


@pytest.mark.django_db
def test_history_page_names_what_an_undo_undid(client_for, editor, article):
    from django.urls import reverse

    from annotate.models import Event, Kind

    start, end = article.sentences[1]
    article.tag(editor=editor, start=start, end=end, label="fact")
    article.undo(editor)
    undo = Event.objects.get(undoes__isnull=False)
    html = client_for(editor).get(reverse("annotate:article_history", args=[article.pk]))
    undone = dict(Kind.choices)[undo.undoes.kind].lower()
    assert f"<small>(undo of {undone})</small>" in html.content.decode()
