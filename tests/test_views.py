from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotate.models import Annotation, Article
from tests.conftest import PASSWORD, TEXT, tag

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def tag_url(article: Article) -> str:
    return reverse("annotate:annotation_create", args=[article.pk])


def delete_url(annotation: Annotation) -> str:
    return reverse("annotate:annotation_delete", args=[annotation.article_id, annotation.pk])


def span_of(article: Article, quote: str) -> dict:
    start = article.text.index(quote)
    return {"start": start, "end": start + len(quote)}


def text_of(html: str) -> str:
    """What a reader sees: the page's text without tags (entities decoded)."""
    import html as htmllib

    return htmllib.unescape(re.sub(r"<[^>]+>", "", html))


# --- login -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, args",
    [
        ("annotate:article_list", []),
        ("annotate:article_create", []),
        ("annotate:article_detail", [1]),
        ("annotate:article_export", [1]),
        ("annotate:export", []),
    ],
)
def test_anonymous_get_is_sent_to_login(client, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_tag_is_sent_to_login_and_stores_nothing(client, article):
    response = client.post(tag_url(article), {"start": 0, "end": 4, "label": "hype"}, **HTMX)
    assert response.status_code == 302
    assert not Annotation.objects.exists()


def test_login_page_and_healthz_need_no_login(client):
    assert client.get(reverse("login")).status_code == 200
    response = client.get(reverse("annotate:healthz"))
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_login_then_logout(client, editor):
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("annotate:article_list")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("annotate:article_list")).status_code == 302


def test_login_with_wrong_password_says_so(client, editor):
    response = client.post(reverse("login"), {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert (
        "didn’t match" in response.content.decode()
        or "correct username" in response.content.decode()
    )


# --- paste -------------------------------------------------------------------------------


def test_paste_creates_article_and_redirects_to_it(client_for, editor):
    client = client_for(editor)
    response = client.post(
        reverse("annotate:article_create"),
        {"title": "A title", "text": "One sentence here.\r\n\r\nAnother one.", "outlet": "Wire"},
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()
    assert article.text == "One sentence here.\n\nAnother one."
    assert article.created_by == editor
    assert [article.text[s:e] for s, e in article.sentences] == [
        "One sentence here.",
        "Another one.",
    ]


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "This field is required."),
        ("   \n\n  ", "This field is required."),
        ("Before\x00after", "holds a NUL (U+0000) at line 1, column 7, at ▮ in “Before▮after”"),
        ("Bell\x07here", "control character U+0007"),
        ("x" * 200_001, "the limit is 200,000"),
    ],
)
def test_paste_with_bad_text_shows_why_and_makes_nothing(client_for, editor, text, message):
    response = client_for(editor).post(
        reverse("annotate:article_create"), {"title": "T", "text": text}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_paste_form_shows_the_limit(client_for, editor):
    response = client_for(editor).get(reverse("annotate:article_create"))
    assert "200,000 characters" in response.content.decode()


# --- the annotate page -------------------------------------------------------------------


def test_detail_page_shows_paragraphs_and_sentences_with_offsets(client_for, editor, article):
    html = client_for(editor).get(article.get_absolute_url()).content.decode()
    body = html.split('id="article-text"', 1)[1].split("</div>", 1)[0]
    sentences = re.findall(r'class="sentence[^"]*"[^>]*data-start="(\d+)" data-end="(\d+)"', body)
    assert len(sentences) == len(article.sentences) > 4
    assert [[int(s), int(e)] for s, e in sentences] == article.sentences
    # The page's paragraphs hold exactly the text: nothing added, nothing lost.
    paragraphs = re.findall(r'<p class="para"[^>]*>(.*?)</p>', body)
    assert "".join(text_of(p) for p in paragraphs) == article.text.replace("\n\n", "")
    assert "Engineers 👩‍💻 in 東京 tested it." in text_of(body)


def test_detail_page_shows_each_annotation_with_label_and_id(client_for, editor, article):
    sentence = tag(
        article, editor, "The company called it the greatest leap in computing history.", "fact"
    )
    phrase = tag(article, editor, "greatest leap", "hype")
    html = client_for(editor).get(article.get_absolute_url()).content.decode()
    marks = re.findall(r'<mark class="([^"]*)" data-annotation-id="(\d+)" data-label="(\w+)"', html)
    ids = {(int(i), label) for _, i, label in marks}
    assert ids == {(sentence.pk, "fact"), (phrase.pk, "hype")}
    # The phrase sits inside the sentence's mark: both visible.
    outer = html.index(f'data-annotation-id="{sentence.pk}"')
    inner = html.index(f'data-annotation-id="{phrase.pk}"')
    assert outer < inner < html.index("</mark>", inner) < html.rindex("</mark>")
    assert 'data-count="hype">1<' in html and 'data-count="fact">1<' in html
    assert "1 of " in html  # one sentence tagged


@pytest.mark.parametrize(
    "zone, shown", [("UTC", "2026-01-02 23:50"), ("Asia/Kolkata", "2026-01-03 05:20")]
)
def test_mark_tooltip_shows_label_editor_and_local_minute(
    client_for, editor, article, settings, zone, shown
):
    settings.TIME_ZONE = zone
    annotation = tag(article, editor, "greatest leap", "hype", note="loaded")
    moment = datetime(2026, 1, 2, 23, 50, 59, 123456, tzinfo=UTC)
    Annotation.objects.filter(pk=annotation.pk).update(updated_at=moment)
    html = client_for(editor).get(article.get_absolute_url()).content.decode()
    assert f'title="Hype · alice · {shown} · loaded"' in html


def test_detail_page_escapes_title_text_and_note(client_for, editor, make_article):
    evil = "<script>alert(1)</script> {{ user.password }} {% csrf_token %}"
    article = make_article(text=f"Plain start. {evil} End.", title=evil)
    tag(article, editor, "Plain start.", "fact", note='<img src=x onerror="alert(2)">')
    html = client_for(editor).get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ user.password }}" in html  # shown as text, not evaluated
    assert '<img src=x onerror="alert(2)">' not in html


def annotate_every_sentence(article: Article, editors: list) -> None:
    Annotation.objects.bulk_create(
        Annotation(
            article=article,
            editor=editors[i % len(editors)],
            start=start,
            end=end,
            quote=article.text[start:end],
            label=["fact", "hype", "speculation"][i % 3],
        )
        for i, (start, end) in enumerate(article.sentences)
    )
    article.refresh_progress()


def long_text(sentences: int) -> str:
    """``sentences`` sentences, 40 a paragraph."""
    lines = [f"Sentence number {i} says the thing is big." for i in range(sentences)]
    return "\n\n".join(" ".join(lines[i : i + 40]) for i in range(0, sentences, 40))


def test_detail_page_query_count_does_not_grow_with_sentences_or_annotations(
    client_for, editor, other_editor, make_article
):
    small = make_article(text=long_text(10))
    client = client_for(editor)

    def count(article: Article) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(article.get_absolute_url()).status_code == 200
        return len(queries)

    client.get(small.get_absolute_url())  # the session, once
    few = count(small)
    big = make_article(text=long_text(400))
    assert len(big.sentences) == 400
    annotate_every_sentence(big, [editor, other_editor])
    for _ in range(5):
        make_article()
    assert count(big) == few


def test_tag_query_count_does_not_grow_with_sentences_or_annotations(
    client_for, editor, other_editor, make_article
):
    client = client_for(editor)

    def count(article: Article) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                tag_url(article), {"start": 0, "end": 8, "label": "fact"}, **HTMX
            )
            assert response.status_code == 200
        return len(queries)

    small = make_article(text=long_text(10))
    few = count(small)
    big = make_article(text=long_text(400))
    annotate_every_sentence(big, [editor, other_editor])
    assert count(big) == few


def test_detail_page_has_no_inline_script(client_for, editor, article):
    html = client_for(editor).get(article.get_absolute_url()).content.decode()
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    assert scripts
    for attributes, body in scripts:
        # Either a file, or data that no browser runs (json_script).
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
        assert "src=" not in attributes or not body.strip()
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers either


def test_missing_article_is_404(client_for, editor):
    assert client_for(editor).get(reverse("annotate:article_detail", args=[999])).status_code == 404


# --- tagging -----------------------------------------------------------------------------


def test_tag_with_htmx_stores_it_and_returns_only_changed_fragments(client_for, editor, article):
    quote = "Analysts expect shipments to begin next year."
    response = client_for(editor).post(
        tag_url(article), {**span_of(article, quote), "label": "speculation"}, **HTMX
    )
    assert response.status_code == 200
    annotation = Annotation.objects.get()
    assert (annotation.quote, annotation.label, annotation.editor) == (quote, "speculation", editor)
    html = response.content.decode()
    # The paragraph holding the span, the panel and the announcement; not the whole article.
    assert html.count('<p class="para"') == 1
    assert 'id="para-1"' in html and 'hx-swap-oob="true"' in html
    assert f'data-annotation-id="{annotation.pk}" data-label="speculation"' in html
    assert 'id="panel"' in html and 'data-count="speculation">1<' in html
    assert "Tagged “Analysts expect shipments to begin next year.” as speculation." in html
    assert "Acme Unveils a Chip" not in html
    article.refresh_from_db()
    assert article.sentences_tagged == 1


def test_tag_without_htmx_redirects_back(client_for, editor, article):
    response = client_for(editor).post(tag_url(article), {"start": 0, "end": 4, "label": "fact"})
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()
    assert Annotation.objects.get().quote == "Acme"


def test_tag_same_span_again_changes_its_label(client_for, editor, article):
    client = client_for(editor)
    span = span_of(article, "3.5x faster")
    client.post(tag_url(article), {**span, "label": "fact", "note": "from the press release"})
    client.post(tag_url(article), {**span, "label": "hype"}, **HTMX)
    annotation = Annotation.objects.get()
    assert annotation.label == "hype"
    assert annotation.note == "from the press release"  # a relabel without a note keeps it


def test_two_editors_tag_the_same_span_separately(client_for, editor, other_editor, article):
    span = span_of(article, "3.5x faster")
    client_for(editor).post(tag_url(article), {**span, "label": "fact"})
    client_for(other_editor).post(tag_url(article), {**span, "label": "hype"})
    assert sorted(Annotation.objects.values_list("label", flat=True)) == ["fact", "hype"]


def test_tag_trims_white_space_at_the_edges(client_for, editor, article):
    start = article.text.index(" Analysts")
    client_for(editor).post(tag_url(article), {"start": start, "end": start + 10, "label": "fact"})
    assert Annotation.objects.get().quote == "Analysts"


def test_tag_after_emoji_stores_code_point_offsets(client_for, editor, article):
    quote = "東京 tested it"
    client_for(editor).post(tag_url(article), {**span_of(article, quote), "label": "fact"})
    annotation = Annotation.objects.get()
    assert annotation.quote == quote == article.text[annotation.start : annotation.end]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"start": "a", "end": "4", "label": "hype"}, "start: Enter a whole number."),
        ({"start": "1.5", "end": "4", "label": "hype"}, "start: Enter a whole number."),
        ({"start": "-1", "end": "4", "label": "hype"}, "start: Ensure this value is greater"),
        ({"start": "8", "end": "4", "label": "hype"}, "is not inside the text"),
        ({"start": "4", "end": "4", "label": "hype"}, "is not inside the text"),
        ({"start": "0", "end": "99999", "label": "hype"}, "is not inside the text"),
        ({"start": "0", "end": "4", "label": "hyped"}, "label: Select a valid choice."),
        ({"start": "0", "end": "4"}, "label: This field is required."),
        ({"start": "19", "end": "21", "label": "fact"}, "only white space"),
        ({"start": "0", "end": "4", "label": "fact", "note": "n" * 501}, "note: Ensure this value"),
    ],
)
def test_tag_with_bad_input_is_400_with_message_and_stores_nothing(
    client_for, editor, article, data, message
):
    response = client_for(editor).post(tag_url(article), data, **HTMX)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Annotation.objects.exists()


@pytest.mark.parametrize(
    "quote",
    [
        "Tested it",  # off by one code point: what a UTF-16 slip after 👩‍💻 gives
        "\ufffdin 東京 tested",  # a split surrogate pair arrives as U+FFFD
        "東京 tested",  # a shorter span than the offsets say
    ],
)
def test_tag_with_quote_not_matching_the_offsets_is_400(client_for, editor, article, quote):
    data = {**span_of(article, "東京 tested it"), "label": "fact", "quote": quote}
    response = client_for(editor).post(tag_url(article), data, **HTMX)
    assert response.status_code == 400
    assert "The selection does not match the text at those offsets" in response.content.decode()
    assert not Annotation.objects.exists()


def test_tag_with_matching_quote_across_paragraphs_is_stored(client_for, editor, article):
    quote = "next year.\n\nEngineers"
    data = {**span_of(article, quote), "label": "fact", "quote": "next year.Engineers"}
    response = client_for(editor).post(tag_url(article), data, **HTMX)
    assert response.status_code == 400  # the words run together: not the same text
    data["quote"] = "next year.\nEngineers"  # what the page sends: paragraphs joined by a line
    response = client_for(editor).post(tag_url(article), data, **HTMX)
    assert response.status_code == 200
    assert Annotation.objects.get().quote == quote


def test_tag_splitting_an_emoji_sequence_is_400(client_for, editor, article):
    start = article.text.index("👩‍💻")
    data = {"start": start, "end": start + 1, "label": "hype"}  # 👩 without ‍💻
    response = client_for(editor).post(tag_url(article), data, **HTMX)
    assert response.status_code == 400
    assert "inside a character" in response.content.decode()
    data["end"] = start + 3
    assert client_for(editor).post(tag_url(article), data, **HTMX).status_code == 200


def test_note_on_own_annotation_is_saved_and_announced(client_for, editor, article):
    annotation = tag(article, editor, "3.5x faster", "fact")
    span = {"start": annotation.start, "end": annotation.end}
    client = client_for(editor)
    response = client.post(tag_url(article), {**span, "label": "fact", "note": "<b>PR</b>"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Saved the note on “3.5x faster”." in html
    assert 'data-note="&lt;b&gt;PR&lt;/b&gt;"' in html
    annotation.refresh_from_db()
    assert (annotation.note, annotation.label) == ("<b>PR</b>", "fact")
    response = client.post(tag_url(article), {**span, "label": "fact", "note": ""}, **HTMX)
    assert "Removed the note." in response.content.decode()
    annotation.refresh_from_db()
    assert annotation.note == ""


def test_note_on_someone_elses_span_leaves_their_annotation_alone(
    client_for, editor, other_editor, article
):
    theirs = tag(article, other_editor, "3.5x faster", "fact", note="theirs")
    span = {"start": theirs.start, "end": theirs.end}
    client_for(editor).post(tag_url(article), {**span, "label": "fact", "note": "mine"}, **HTMX)
    theirs.refresh_from_db()
    assert theirs.note == "theirs"
    assert Annotation.objects.get(editor=editor).note == "mine"


def test_tag_on_missing_article_is_404(client_for, editor):
    url = reverse("annotate:annotation_create", args=[999])
    response = client_for(editor).post(url, {"start": 0, "end": 1, "label": "fact"})
    assert response.status_code == 404


def test_tag_without_csrf_token_is_403(client, editor, article):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    response = strict.post(tag_url(article), {"start": 0, "end": 4, "label": "hype"}, **HTMX)
    assert response.status_code == 403
    assert not Annotation.objects.exists()


def test_get_on_tag_url_is_405(client_for, editor, article):
    assert client_for(editor).get(tag_url(article)).status_code == 405


# --- removing ----------------------------------------------------------------------------


def test_delete_own_annotation_with_htmx_updates_fragments(client_for, editor, article):
    annotation = tag(article, editor, "3.5x faster", "hype")
    response = client_for(editor).post(delete_url(annotation), **HTMX)
    assert response.status_code == 200
    assert not Annotation.objects.exists()
    html = response.content.decode()
    assert "data-annotation-id" not in html
    assert 'data-count="hype">0<' in html
    assert "Removed the tag on “3.5x faster”." in html


def test_delete_without_htmx_redirects(client_for, editor, article):
    annotation = tag(article, editor, "3.5x faster", "hype")
    response = client_for(editor).post(delete_url(annotation))
    assert response.status_code == 302
    assert not Annotation.objects.exists()


def test_delete_another_editors_annotation_is_404_and_keeps_it(
    client_for, editor, other_editor, article
):
    annotation = tag(article, other_editor, "3.5x faster", "hype")
    response = client_for(editor).post(delete_url(annotation), **HTMX)
    assert response.status_code == 404
    assert Annotation.objects.filter(pk=annotation.pk).exists()


def test_lead_may_delete_anyones_annotation(client_for, editor, lead, article):
    annotation = tag(article, editor, "3.5x faster", "hype")
    assert client_for(lead).post(delete_url(annotation)).status_code == 302
    assert not Annotation.objects.exists()


def test_delete_with_annotation_of_another_article_is_404(client_for, editor, make_article):
    first, second = make_article(), make_article()
    annotation = tag(first, editor, "3.5x faster", "hype")
    url = reverse("annotate:annotation_delete", args=[second.pk, annotation.pk])
    assert client_for(editor).post(url).status_code == 404
    assert Annotation.objects.exists()


# --- list --------------------------------------------------------------------------------


def test_list_shows_articles_newest_first_with_counts_and_progress(
    client_for, editor, make_article
):
    older = make_article(title="Older story")
    newer = make_article(title="Newer <b>story</b>", outlet="The Wire")
    tag(newer, editor, "Acme Corp. said on Monday that its chip is 3.5x faster.", "fact")
    tag(newer, editor, "greatest leap", "hype")
    html = client_for(editor).get(reverse("annotate:article_list")).content.decode()
    assert html.index("Newer &lt;b&gt;story&lt;/b&gt;") < html.index("Older story")
    row = html.split("Newer &lt;b&gt;story")[1].split("</tr>")[0]
    assert "The Wire" in row
    assert "hype 1" in row and "fact 1" in row and "speculation 0" in row
    assert f"2/{len(newer.sentences)}" in row
    assert older.sentences_tagged == 0


def test_list_is_paginated_and_searchable(client_for, editor, make_article):
    for i in range(30):
        make_article(title=f"Story {i:02d}")
    make_article(title="Quantum hype", outlet="Byte")
    client = client_for(editor)
    first = client.get(reverse("annotate:article_list")).content.decode()
    assert first.count("<tr>") == 1 + 25
    assert "Page 1 of 2" in first
    second = client.get(reverse("annotate:article_list") + "?page=2").content.decode()
    assert second.count("<tr>") == 1 + 6
    found = client.get(reverse("annotate:article_list") + "?q=quantum").content.decode()
    assert "Quantum hype" in found and "Story 01" not in found


def test_list_query_count_does_not_grow_with_articles(
    client_for, editor, other_editor, make_article
):
    client = client_for(editor)
    make_article()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("annotate:article_list")).status_code == 200
        return len(queries)

    client.get(reverse("annotate:article_list"))  # the session, once
    few = count()
    for i in range(29):
        article = make_article(text=long_text(10 + i * 10))
        annotate_every_sentence(article, [editor, other_editor])
    assert Article.objects.count() == 30
    assert count() == few


# --- export ------------------------------------------------------------------------------


def test_article_export_is_a_json_download_in_the_v1_shape(client_for, editor, article):
    annotation = tag(article, editor, "Engineers 👩‍💻 in 東京", "fact", note="check <this>")
    response = client_for(editor).get(reverse("annotate:article_export", args=[article.pk]))
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="article-{article.pk}-'
    )
    doc = json.loads(response.content)
    assert doc["format"] == "annotate.article/v1"
    assert doc["article"]["uuid"] == str(article.uuid)
    assert doc["article"]["text"] == TEXT
    assert doc["article"]["created_by"] == "alice"
    [exported] = doc["annotations"]
    assert exported["uuid"] == str(annotation.uuid)
    assert doc["article"]["text"][exported["start"] : exported["end"]] == "Engineers 👩‍💻 in 東京"
    assert exported["note"] == "check <this>"
    assert exported["editor"] == "alice"
    assert doc["summary"]["fact"] == 1
    assert doc["summary"]["sentences_tagged"] == 1
    assert doc["summary"]["sentences"] == len(article.sentences)


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_bulk_export_streams_every_article(client_for, editor, make_article, fmt):
    make_article(title="First")
    second = make_article(title="Second")
    tag(second, editor, "greatest leap", "hype")
    response = client_for(editor).get(reverse("annotate:export") + f"?format={fmt}")
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content).decode()
    if fmt == "json":
        data = json.loads(body)
        assert data["format"] == "annotate.export/v1"
        docs = data["articles"]
    else:
        docs = [json.loads(line) for line in body.splitlines()]
    assert [d["article"]["title"] for d in docs] == ["First", "Second"]
    assert docs[1]["annotations"][0]["quote"] == "greatest leap"


def test_bulk_export_with_unknown_format_is_400(client_for, editor):
    response = client_for(editor).get(reverse("annotate:export") + "?format=xml")
    assert response.status_code == 400
    assert "Unknown format 'xml'" in response.content.decode()


def test_bulk_export_query_count_does_not_grow_with_articles(
    client_for, editor, other_editor, make_article
):
    client = client_for(editor)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("annotate:export") + "?format=json")
            b"".join(response.streaming_content)
        return len(queries)

    tag(make_article(), editor, "greatest leap", "hype")
    client.get(reverse("annotate:article_list"))  # the session, once
    few = count()
    # Up to one chunk of the stream (100 articles): more chunks add three queries each.
    for i in range(19):
        article = make_article(text=long_text(10 + i * 20))
        annotate_every_sentence(article, [editor, other_editor])
    assert Article.objects.count() == 20
    assert count() == few


def test_article_export_query_count_does_not_grow_with_sentences_or_annotations(
    client_for, editor, other_editor, make_article
):
    client = client_for(editor)

    def count(article: Article) -> int:
        with CaptureQueriesContext(connection) as queries:
            url = reverse("annotate:article_export", args=[article.pk])
            assert client.get(url).status_code == 200
        return len(queries)

    bare = make_article(text=long_text(10))
    client.get(reverse("annotate:article_list"))  # the session, once
    small = make_article(text=long_text(10))
    tag(small, editor, "Sentence number 1 says", "fact")
    few = count(small)
    assert count(bare) == few  # annotations and their editors come in one query
    big = make_article(text=long_text(400))
    annotate_every_sentence(big, [editor, other_editor])
    assert count(big) == few
