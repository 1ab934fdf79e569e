"""Tagging and removing tags: the annotate page's POSTs, with and without htmx."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotate.models import Annotation, Article
from tests.conftest import tag

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def tag_url(article: Article) -> str:
    return reverse("annotate:annotation_create", args=[article.pk])


def delete_url(annotation: Annotation) -> str:
    return reverse("annotate:annotation_delete", args=[annotation.article_id, annotation.pk])


def span_of(article: Article, quote: str) -> dict:
    start = article.text.index(quote)
    return {"start": start, "end": start + len(quote)}


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
