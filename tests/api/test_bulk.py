"""POST /api/v1/articles/{id}/annotations/bulk: pre-annotation, all or nothing."""

from __future__ import annotations

import pytest

from annotate import sentences as sentencelib
from annotate.models import Annotation, Article
from tests.conftest import tag

pytestmark = pytest.mark.django_db


def spans_of(article) -> list[dict]:
    return [{"start": s, "end": e, "label": "fact"} for s, e in article.sentences]


def test_bulk_tags_every_span_and_counts_progress(api, article):
    body = spans_of(article)
    response = api.post(f"/articles/{article.pk}/annotations/bulk", {"annotations": body})
    assert response.status_code == 201
    result = response.json()
    assert (result["created"], result["changed"], result["unchanged"]) == (len(body), 0, 0)
    made = [Annotation.objects.get(pk=pk) for pk in result["ids"]]
    assert [(a.start, a.end) for a in made] == [(s["start"], s["end"]) for s in body]
    assert [a.quote for a in made] == [article.text[s:e] for s, e in article.sentences]
    assert Annotation.objects.count() == len(body)
    again = api.post(f"/articles/{article.pk}/annotations/bulk", {"annotations": body})
    assert (again.json()["ids"], again.json()["unchanged"]) == (result["ids"], len(body))
    body_sentences = sentencelib.body_sentences(article.sentences, article.headings)
    assert Article.objects.get().sentences_tagged == len(body_sentences)  # headings not counted


def test_a_bad_span_in_the_middle_writes_nothing_and_is_named(api, article):
    body = spans_of(article)
    inside = article.text.index("👩‍💻") + 1
    body.insert(3, {"start": inside, "end": inside + 3, "label": "hype"})
    response = api.post(f"/articles/{article.pk}/annotations/bulk", {"annotations": body})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("annotations[3]: The span starts or ends inside a character")
    assert response.json()["field"] == "annotations[3]"
    assert not Annotation.objects.exists()
    assert Article.objects.get().sentences_tagged == 0


def test_a_bad_field_is_named_with_its_index(api, article):
    body = spans_of(article)
    body[2]["note"] = "bell \x07"
    response = api.post(f"/articles/{article.pk}/annotations/bulk", {"annotations": body})
    assert response.status_code == 400
    assert response.json()["field"] == "annotations[2].note"
    assert not Annotation.objects.exists()


def test_two_spans_alike_are_refused(api, article):
    body = spans_of(article)[:2]
    body.append(dict(body[0], label="hype"))
    response = api.post(f"/articles/{article.pk}/annotations/bulk", {"annotations": body})
    assert response.status_code == 400
    assert response.json()["detail"] == "annotations[2]: the same span as annotations[0]."
    assert not Annotation.objects.exists()


def test_bulk_over_an_existing_tag_is_last_writer_wins(api, article, editor, other_editor):
    mine = tag(article, editor, "greatest leap", "hype", note="mine")
    theirs = tag(article, other_editor, "greatest leap", "hype")
    start = article.text.index("greatest leap")
    body = [{"start": start, "end": start + len("greatest leap"), "label": "speculation"}]
    response = api.post(f"/articles/{article.pk}/annotations/bulk", {"annotations": body})
    assert response.status_code == 201
    assert response.json() == {"ids": [mine.pk], "created": 0, "changed": 1, "unchanged": 0}
    mine.refresh_from_db()
    assert (mine.label, mine.note, mine.version) == ("speculation", "mine", 2)
    theirs.refresh_from_db()
    assert theirs.label == "hype"  # one per editor and span: bob's stays his
    assert Annotation.objects.count() == 2


def test_a_span_sent_with_a_stale_version_refuses_the_lot(api, api_for, article, editor, lead):
    mine = tag(article, editor, "greatest leap", "hype")
    api_for(lead).patch(f"/annotations/{mine.pk}", {"version": 1, "label": "fact"})
    body = spans_of(article)
    body.append({"start": mine.start, "end": mine.end, "label": "speculation", "version": 1})
    response = api.post(f"/articles/{article.pk}/annotations/bulk", {"annotations": body})
    assert response.status_code == 409
    assert response.json()["detail"].startswith(
        f"annotations[{len(body) - 1}]: Someone changed this tag to “Fact”"
    )
    assert Annotation.objects.count() == 1
    assert Annotation.objects.get().label == "fact"


def test_more_than_5000_is_refused(api, article):
    body = [{"start": 0, "end": 4, "label": "fact"}] * 5001
    response = api.post(f"/articles/{article.pk}/annotations/bulk", {"annotations": body})
    assert response.status_code == 422
    assert response.json()["field"] == "annotations"
    assert "5000" in response.json()["detail"]
    assert not Annotation.objects.exists()


def test_bulk_into_a_text_since_edited_is_409(api, article):
    sha = article.text_sha256
    body = spans_of(article)
    article.edit(seen_version=1, text=article.text + " More.")
    response = api.post(
        f"/articles/{article.pk}/annotations/bulk", {"annotations": body, "text_sha256": sha}
    )
    assert response.status_code == 409
    assert not Annotation.objects.exists()


def test_bulk_after_the_text_was_edited_is_409(api, article, monkeypatch):
    read_before_the_edit = Article.objects.get(pk=article.pk)
    monkeypatch.setattr("annotate.api.annotations._article", lambda pk: read_before_the_edit)
    article.edit(seen_version=1, text="Another text entirely. " * 20)
    body = spans_of(read_before_the_edit)[:3]
    response = api.post(f"/articles/{article.pk}/annotations/bulk", {"annotations": body})
    assert response.status_code == 409
    assert not Annotation.objects.exists()


def test_a_spans_form_data_is_its_model_dump():
    from annotate.api.annotations import AnnotationIn

    for body in (
        {"start": 1, "end": 3, "label": "fact"},
        {"start": 1, "end": 3, "label": "hype", "note": "", "quote": "ab", "version": 2,
         "text_sha256": "x"},
    ):  # fmt: skip
        span = AnnotationIn.model_validate(body)
        dumped = span.model_dump(exclude_none=True, exclude={"text_sha256"})
        assert span.form_data() == dumped | {"label": span.label.value}
