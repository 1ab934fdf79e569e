"""Suggestions over HTTP: their JSON, accepting one (a tag that says so), hiding one, and the
fact that they count as nothing until accepted."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from annotate import sentences as sentencelib
from annotate.models import Annotation, Article, Layer, SuggestionDismissal
from annotate.suggestions import SUGGESTER, THRESHOLD, suggestions_json
from tests.conftest import snapshot, tag

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
EXPECTED = "Analysts expect shipments to begin next year."


def suggestions_url(article: Article) -> str:
    return reverse("annotate:article_suggestions", args=[article.pk])


def dismiss_url(article: Article) -> str:
    return reverse("annotate:suggestion_dismiss", args=[article.pk])


def suggestion_on(body: dict, article: Article, sentence: str) -> dict:
    start = article.text.index(sentence)
    return next(s for s in body["suggestions"] if s["start"] == start)


def test_suggestions_json_has_the_issues_shape_in_code_points(client_for, editor, article):
    response = client_for(editor).get(suggestions_url(article))
    assert response.status_code == 200
    body = response.json()
    assert body["suggester"] == SUGGESTER and body["threshold"] == THRESHOLD
    assert body == suggestions_json(article.text, article.sentences)
    shown = suggestion_on(body, article, EXPECTED)
    assert shown["label"] == "speculation" and 0 <= shown["score"] <= 1
    for reason in shown["reasons"]:
        assert article.text[reason["start"] : reason["end"]] == reason["text"]
        assert set(reason) == {"text", "start", "end", "rule"}
    # An emoji (a ZWJ sequence) and CJK come before "said": offsets still count code points.
    last = suggestion_on(body, article, "مرحبا said one.")
    [said] = last["reasons"]
    assert said["start"] == article.text.index(" said one") + 1 and said["text"] == "said"


def test_suggestions_json_needs_a_login(client, article):
    response = client.get(suggestions_url(article))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_suggestions_are_no_tags_anywhere(client_for, editor, article):
    client = client_for(editor)
    before = snapshot()
    client.get(suggestions_url(article))
    page = client.get(article.get_absolute_url()).content.decode()
    export = client.get(reverse("annotate:article_export", args=[article.pk])).json()
    assert snapshot() == before
    assert export["annotations"] == [] and export["summary"]["sentences_tagged"] == 0
    body = sentencelib.body_sentences(article.sentences, article.headings)
    assert f"0 of {len(body)}<" in page and not Layer.objects.exists()


def test_accepting_a_suggestion_stores_a_tag_naming_the_suggester(client_for, editor, article):
    start = article.text.index(EXPECTED)
    response = client_for(editor).post(
        reverse("annotate:annotation_create", args=[article.pk]),
        {
            "start": start,
            "end": start + len(EXPECTED),
            "label": "speculation",
            "quote": EXPECTED,
            "suggested_by": SUGGESTER,
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert "Accepted the suggestion: tagged “Analysts" in response.content.decode()
    annotation = Annotation.objects.get()
    assert (annotation.editor, annotation.label, annotation.suggested_by) == (
        editor,
        "speculation",
        SUGGESTER,
    )
    article.refresh_from_db()
    assert article.sentences_tagged == 1


def test_relabelling_an_accepted_tag_makes_it_the_editors_own(client_for, editor, article):
    client = client_for(editor)
    start = article.text.index(EXPECTED)
    span = {"start": start, "end": start + len(EXPECTED)}
    url = reverse("annotate:annotation_create", args=[article.pk])
    client.post(url, {**span, "label": "speculation", "suggested_by": SUGGESTER})
    client.post(url, {**span, "label": "speculation", "note": "checked the quote"})
    assert Annotation.objects.get().suggested_by == SUGGESTER  # a note keeps the origin
    client.post(url, {**span, "label": "fact"})
    assert Annotation.objects.get().suggested_by == ""


def test_a_suggester_name_with_spaces_is_refused(client_for, editor, article):
    response = client_for(editor).post(
        reverse("annotate:annotation_create", args=[article.pk]),
        {"start": 0, "end": 4, "label": "fact", "suggested_by": "cues 1; drop"},
    )
    assert response.status_code == 400
    assert b"suggested_by: is not a suggester's name." in response.content
    assert not Annotation.objects.exists()


def test_dismissing_hides_the_suggestion_for_that_editor_only(
    client_for, editor, other_editor, article
):
    start = article.text.index(EXPECTED)
    form = {"start": start, "end": start + len(EXPECTED), "label": "speculation"}
    response = client_for(editor).post(
        dismiss_url(article), {**form, "suggester": SUGGESTER, "dismissed": "1"}
    )
    assert response.json() == {"dismissed": True}
    mine = suggestion_on(client_for(editor).get(suggestions_url(article)).json(), article, EXPECTED)
    assert mine["dismissed"] is True
    theirs = client_for(other_editor).get(suggestions_url(article)).json()
    assert "dismissed" not in suggestion_on(theirs, article, EXPECTED)
    # And back: the same key again shows it.
    client_for(editor).post(dismiss_url(article), {**form, "suggester": SUGGESTER, "dismissed": ""})
    again = client_for(editor).get(suggestions_url(article)).json()
    assert "dismissed" not in suggestion_on(again, article, EXPECTED)
    assert not SuggestionDismissal.objects.exists()


def test_dismissing_a_span_that_is_no_sentence_is_refused(client_for, editor, article):
    response = client_for(editor).post(
        dismiss_url(article),
        {"start": 0, "end": 4, "label": "fact", "suggester": SUGGESTER, "dismissed": "1"},
    )
    assert response.status_code == 400
    assert b"whole sentences" in response.content
    assert not SuggestionDismissal.objects.exists()


def test_a_dismissal_lapses_when_an_edit_changes_its_words(client_for, editor, article):
    start = article.text.index(EXPECTED)
    SuggestionDismissal.objects.create(
        article=article,
        editor=editor,
        start=start,
        end=start + len(EXPECTED),
        quote="Analysts doubt shipments will begin next year.",
        label="speculation",
        suggester=SUGGESTER,
    )
    body = client_for(editor).get(suggestions_url(article)).json()
    assert "dismissed" not in suggestion_on(body, article, EXPECTED)


def test_blind_suggestions_do_not_depend_on_other_editors(
    client_for, editor, other_editor, make_article
):
    article = make_article(blind=True)
    alone = client_for(editor).get(suggestions_url(article)).json()
    tag(article, other_editor, EXPECTED, "fact")
    article.set_finished(other_editor, True)
    assert client_for(editor).get(suggestions_url(article)).json() == alone


def test_the_annotate_page_loads_suggestions_lazily(client_for, editor, article):
    html = client_for(editor).get(article.get_absolute_url()).content.decode()
    assert 'src="/static/annotate/page/suggestions.js"' in html
    assert html.index("page/suggestions.js") < html.index("page/keys.js")
    assert f'data-url="{suggestions_url(article)}"' in html
    assert "a claim about the future" not in html  # no reasons in the page: fetched when shown
    assert "<kbd>g</kbd>" in html and "suggested" in html


def test_suggest_command_prints_the_json_for_a_text_file(tmp_path, capsys):
    from django.core.management import call_command

    text = "Acme is expected to ship next year.\r\n\r\nIt is the greatest chip ever made!"
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode("utf-8"))
    call_command("suggest", str(path))
    body = json.loads(capsys.readouterr().out)
    normalized = text.replace("\r\n", "\n")
    spans = [[0, 35], [37, len(normalized)]]
    assert body == suggestions_json(normalized, spans)
    assert [s["label"] for s in body["suggestions"]] == ["speculation", "hype"]


def test_suggest_command_refuses_a_file_that_is_not_text(tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "binary.txt"
    path.write_bytes(b"\xff\xfe\x00chip")
    with pytest.raises(CommandError, match="not UTF-8 text"):
        call_command("suggest", str(path))


def test_suggest_command_reads_standard_input(monkeypatch, capsys):
    import io
    import sys

    from django.core.management import call_command

    text = "Shipments are expected to begin next year."
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    call_command("suggest", "-")
    [found] = json.loads(capsys.readouterr().out)["suggestions"]
    assert (found["start"], found["end"], found["label"]) == (0, len(text), "speculation")
