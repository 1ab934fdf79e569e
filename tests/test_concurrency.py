"""Several editors at once, through the real URLs, each thread with its own connection.

These need PostgreSQL: SQLite serializes every writer on one file lock, so it cannot
show a lost update. CI runs the suite on PostgreSQL too, where they run.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from annotate.models import Annotation, Article

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (CI runs it there)"
    ),
]

HTMX = {"HTTP_HX_REQUEST": "true"}
SENTENCES = " ".join(f"Claim number {i} says the gadget is {i}x faster." for i in range(30))


def logged_in(user) -> Client:
    # A 500 must come back as a response to count, not be raised in the thread.
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def together(jobs: list[Callable[[], object]]) -> list[object]:
    """Run the jobs in threads released at the same moment; return their results."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[i] = jobs[i]()
        except Exception as error:  # reported by the test, not lost in the thread
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_twenty_editors_tagging_one_article_at_once_are_all_stored(make_user, make_article):
    article = make_article(text=SENTENCES)
    editors = [make_user(f"editor{i}") for i in range(20)]
    url = reverse("annotate:annotation_create", args=[article.pk])

    def job(i: int) -> Callable[[], int]:
        client = logged_in(editors[i])
        start, end = article.sentences[i]
        return lambda: client.post(url, {"start": start, "end": end, "label": "hype"}).status_code

    statuses = together([job(i) for i in range(20)])
    assert statuses == [302] * 20
    assert Annotation.objects.filter(article=article).count() == 20
    article.refresh_from_db()
    assert article.sentences_tagged == 20


def test_double_submit_of_one_span_stores_one_row(editor, make_article):
    article = make_article(text=SENTENCES)
    url = reverse("annotate:annotation_create", args=[article.pk])
    start, end = article.sentences[3]
    clients = [logged_in(editor) for _ in range(10)]
    statuses = together(
        [
            lambda c=c, n=n: (
                c.post(
                    url, {"start": start, "end": end, "label": "fact"}, **(HTMX if n % 2 else {})
                ).status_code
            )
            for n, c in enumerate(clients)
        ]
    )
    assert sorted(statuses) == [200] * 5 + [302] * 5
    assert Annotation.objects.filter(article=article).count() == 1
    article.refresh_from_db()
    assert article.sentences_tagged == 1


def test_two_leads_setting_status_from_one_version_one_wins_one_is_told(make_user, article):
    leads = [make_user(name, lead=True) for name in ("lena", "lars")]
    url = reverse("annotate:article_status", args=[article.pk])
    wanted = ["in_review", "done"]
    clients = [logged_in(lead) for lead in leads]
    results = together(
        [
            lambda c=c, s=status: c.post(url, {"status": s, "version": 1})
            for c, status in zip(clients, wanted, strict=True)
        ]
    )
    codes = [r.status_code for r in results]
    assert sorted(codes) == [302, 409]
    winner = wanted[codes.index(302)]
    loser = results[codes.index(409)]
    article.refresh_from_db()
    assert (article.status, article.version) == (winner, 2)
    shown = {"in_review": "In review", "done": "Done"}[winner]
    assert f"status to “{shown}” while you were looking" in loser.content.decode()


def test_lead_and_owner_changing_one_tag_at_once_one_wins_one_is_told(editor, lead, make_article):
    article = make_article(text=SENTENCES)
    start, end = article.sentences[2]
    annotation = Annotation.objects.create(
        article=article, editor=editor, start=start, end=end, quote="x", label="hype"
    )
    url = reverse("annotate:annotation_update", args=[article.pk, annotation.pk])
    owner, boss = logged_in(editor), logged_in(lead)
    results = together(
        [
            lambda: owner.post(url, {"label": "speculation", "version": 1}),
            lambda: boss.post(url, {"label": "fact", "version": 1}),
        ]
    )
    codes = [r.status_code for r in results]
    assert sorted(codes) == [302, 409]
    winner = ["speculation", "fact"][codes.index(302)]
    annotation.refresh_from_db()
    assert (annotation.label, annotation.version) == (winner, 2)
    assert "while you were looking" in results[codes.index(409)].content.decode()


def test_lead_removing_a_tag_its_owner_relabels_never_loses_silently(editor, lead, make_article):
    article = make_article(text=SENTENCES)
    start, end = article.sentences[2]
    annotation = Annotation.objects.create(
        article=article, editor=editor, start=start, end=end, quote="x", label="hype"
    )
    relabel = reverse("annotate:annotation_update", args=[article.pk, annotation.pk])
    remove = reverse("annotate:annotation_delete", args=[article.pk, annotation.pk])
    owner, boss = logged_in(editor), logged_in(lead)
    relabeled, removed = together(
        [
            lambda: owner.post(relabel, {"label": "fact", "version": 1}),
            lambda: boss.post(remove, {"version": 1}),
        ]
    )
    survivor = Annotation.objects.filter(pk=annotation.pk).first()
    if removed.status_code == 302:
        # Removed first: the relabel is told, whether it found the tag (409) or not (404).
        assert survivor is None
        assert relabeled.status_code in (404, 409)
    else:
        assert (relabeled.status_code, removed.status_code) == (302, 409)
        assert (survivor.label, survivor.version) == ("fact", 2)
        assert "changed this tag to “Fact”" in removed.content.decode()


def test_export_taken_while_others_write_is_consistent(make_user, make_article, lead):
    article = make_article(text=SENTENCES)
    writers = [make_user(f"writer{i}") for i in range(4)]
    edits = 8
    done = threading.Event()  # set by the text editor after its edits (or by a deadline)
    deadline = time.monotonic() + 30
    tag_url = reverse("annotate:annotation_create", args=[article.pk])
    edit_url = reverse("annotate:article_edit", args=[article.pk])
    exports = [
        reverse("annotate:article_export", args=[article.pk]),
        reverse("annotate:export") + "?format=json",
    ]

    def tagger(i: int) -> Callable[[], int]:
        client = logged_in(writers[i])

        def run() -> int:
            n = 0
            while not done.is_set():
                current = Article.objects.get(pk=article.pk)
                start, end = current.sentences[(i * 7 + n) % len(current.sentences)]
                client.post(tag_url, {"start": start, "end": end, "label": "fact"})
                n += 1
            return n

        return run

    def editor_of_text() -> int:
        # Adds and removes a first line: every annotation moves each time.
        client = logged_in(lead)
        n = 0
        try:
            while n < edits and time.monotonic() < deadline:
                current = Article.objects.get(pk=article.pk)
                text = current.text[8:] if n % 2 else "Update. " + current.text
                data = {"title": current.title, "text": text, "version": current.version}
                assert client.post(edit_url, data).status_code == 302
                n += 1
                time.sleep(0.05)  # let the others in between edits
        finally:
            done.set()
        return n

    def exporter(url: str) -> Callable[[], list[dict]]:
        client = logged_in(lead)

        def run() -> list[dict]:
            docs = []
            while not done.is_set():
                response = client.get(url)
                assert response.status_code == 200
                if response.streaming:
                    body = b"".join(response.streaming_content)
                    docs.extend(json.loads(body)["articles"])
                else:
                    docs.append(response.json())
            return docs

        return run

    results = together(
        [tagger(i) for i in range(4)] + [editor_of_text] + [exporter(u) for u in exports] * 2
    )
    for result in results:
        assert not isinstance(result, BaseException), result
    docs = [doc for result in results[5:] for doc in result]
    assert results[4] == edits and len(docs) >= 4
    for doc in docs:
        text = doc["article"]["text"]
        # A tag on the "Update." line that a later edit removed is orphaned: flagged, and
        # its offsets point into the older text by design.
        for a in (a for a in doc["annotations"] if not a.get("orphaned")):
            assert 0 <= a["start"] < a["end"] <= len(text)
            assert text[a["start"] : a["end"]] == a["quote"], (doc["article"]["updated_at"], a)
    # And what is stored holds too: no tag saved at offsets meant for another text.
    article.refresh_from_db()
    stored = Annotation.objects.filter(article=article, orphaned=False)
    assert stored.count() > 4
    assert all(article.text[a.start : a.end] == a.quote for a in stored)


def test_tags_relabels_and_removals_at_once_keep_the_counts_a_recounts(make_user, make_article):
    # Each change adjusts the article's columns by its own sentences' difference, from the
    # columns as the row lock reads them: ten editors at once must add up to a recount.
    from tests.test_recount import columns, recounted

    article = make_article(text=SENTENCES)
    editors = [make_user(f"editor{i}") for i in range(10)]
    tags = []
    for i, editor in enumerate(editors):  # their layers exist: every change is adjusted
        start, end = article.sentences[i % 4]
        Article.objects.get(pk=article.pk).tag(editor=editor, start=start, end=end, label="hype")
        tags.append(Annotation.objects.get(article=article, editor=editor))
    url = reverse("annotate:annotation_create", args=[article.pk])

    def job(i: int) -> Callable[[], int]:
        client, tag = logged_in(editors[i]), tags[i]
        if i % 3 == 0:  # a relabel of a sentence others tagged too
            data = {"start": tag.start, "end": tag.end, "label": "fact"}
            return lambda: client.post(url, data).status_code
        if i % 3 == 1:  # a removal
            remove = reverse("annotate:annotation_delete", args=[article.pk, tag.pk])
            return lambda: client.post(remove, {"version": 1}).status_code
        start, end = article.sentences[i % 4 + 1]  # a new tag
        return lambda: client.post(url, {"start": start, "end": end, "label": "fact"}).status_code

    assert together([job(i) for i in range(10)]) == [302] * 10
    assert columns(article.pk) == recounted(article.pk)
