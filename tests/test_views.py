"""The article pages through Django's test client: login, paste, the annotate page, the list
and the export downloads."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from annotate.models import Annotation, Article
from tests.conftest import PASSWORD, TEXT, tag
from tests.test_annotation_views import HTMX, tag_url

pytestmark = pytest.mark.django_db


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
    # The panel counts sentences by what they say: the fact covering the sentence wins.
    assert 'data-count="fact">1<' in html and 'data-count="hype">0<' in html
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
    mark = re.search(rf'<mark [^>]*data-annotation-id="{annotation.pk}"[^>]*>', html)[0]
    assert f'data-editor="alice" data-when="{shown}" data-note="loaded"' in mark
    assert "title=" not in mark  # the page's script makes the tooltip from these


def test_detail_page_escapes_title_text_and_note(client_for, editor, make_article):
    evil = "<script>alert(1)</script> {{ user.password }} {% csrf_token %}"
    article = make_article(text=f"Plain start. {evil} End.", title=evil)
    tag(article, editor, "Plain start.", "fact", note='<img src=x onerror="alert(2)">')
    html = client_for(editor).get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ user.password }}" in html  # shown as text, not evaluated
    assert '<img src=x onerror="alert(2)">' not in html


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
    assert f"2/{newer.sentences_total}" in row  # the heading is not counted
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
    # The headline is a heading: in `headings`, not counted in the summary.
    assert doc["article"]["headings"] == [article.sentences[0]]
    assert doc["summary"]["sentences"] == len(article.sentences) - 1


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
