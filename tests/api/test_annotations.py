"""/api/v1/.../annotations: each span checked exactly as the annotate page checks it."""

from __future__ import annotations

import pytest

from annotate.models import Annotation, Article
from tests.conftest import tag

pytestmark = pytest.mark.django_db


def url(article) -> str:
    return f"/articles/{article.pk}/annotations"


def test_offsets_after_an_emoji_are_code_points(api, article):
    # "👩‍💻" is three code points (five UTF-16 units): a UTF-16 offset would miss "東京".
    start = article.text.index("東京")
    assert article.text[start - 7 : start] == "👩‍💻 in "
    response = api.post(url(article), {"start": start, "end": start + 2, "label": "fact"})
    assert response.status_code == 201
    body = response.json()
    assert body["quote"] == "東京"
    assert set(body) == {
        "id", "uuid", "start", "end", "quote", "label", "note", "editor",
        "created_at", "updated_at", "version", "orphaned",
    }  # fmt: skip
    read = api.get(url(article)).json()
    assert [(a["start"], a["end"], a["quote"]) for a in read] == [(start, start + 2, "東京")]
    assert Article.objects.get().sentences_tagged == 1  # the progress count


def test_a_quote_that_does_not_match_is_400_and_writes_nothing(api, article):
    start = article.text.index("東京")
    body = {"start": start, "end": start + 2, "label": "fact", "quote": "Tokyo"}
    response = api.post(url(article), body)
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "The selection does not match the text at those offsets. "
        "Reload the page and select it again."
    )
    assert not Annotation.objects.exists()


def test_a_span_that_splits_an_emoji_is_400(api, article):
    inside = article.text.index("👩‍💻") + 1  # between 👩 and the joiner
    response = api.post(url(article), {"start": inside, "end": inside + 4, "label": "hype"})
    assert response.status_code == 400
    assert "inside a character" in response.json()["detail"]
    assert not Annotation.objects.exists()


def test_a_span_outside_the_text_is_400_with_the_pages_message(api, article):
    n = len(article.text)
    response = api.post(url(article), {"start": 5, "end": n + 1, "label": "hype"})
    assert response.status_code == 400
    assert response.json()["detail"] == (
        f"The span 5–{n + 1} is not inside the text (0–{n}, start before end)."
    )


def test_an_unknown_label_is_422(api, article):
    response = api.post(url(article), {"start": 0, "end": 4, "label": "opinion"})
    assert response.status_code == 422
    assert response.json()["field"] == "label"


def test_tagging_your_span_again_changes_its_label(api, article):
    first = api.post(url(article), {"start": 0, "end": 4, "label": "hype", "note": "n"})
    again = api.post(url(article), {"start": 0, "end": 4, "label": "fact"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert (again.json()["label"], again.json()["note"]) == ("fact", "n")  # no note: kept
    assert Annotation.objects.count() == 1


def test_tagging_after_the_text_was_edited_is_409(api, article, monkeypatch):
    # The race the row lock closes: the request read (and checked its offsets against)
    # the text an edit replaced before the tag took the article's lock.
    read_before_the_edit = Article.objects.get(pk=article.pk)
    monkeypatch.setattr("annotate.api.annotations._article", lambda pk: read_before_the_edit)
    article.edit(seen_version=1, text=article.text.replace("東京", "大阪"))
    start = read_before_the_edit.text.index("東京")
    response = api.post(url(article), {"start": start, "end": start + 2, "label": "fact"})
    assert response.status_code == 409
    assert "text was edited" in response.json()["detail"]
    assert not Annotation.objects.exists()


def test_offsets_into_a_text_since_edited_are_409(api, article):
    read = api.get(f"/articles/{article.pk}").json()["article"]
    article.edit(seen_version=1, text="Breaking: " + article.text)
    start = read["text"].index("東京")  # an offset into the text as it was read
    body = {"start": start, "end": start + 2, "label": "fact", "text_sha256": read["text_sha256"]}
    response = api.post(url(article), body)
    assert response.status_code == 409
    assert response.json()["detail"].startswith("The article's text was edited")
    assert not Annotation.objects.exists()


def test_someone_elses_annotation_is_404_to_change_or_delete(api, article, other_editor):
    theirs = tag(article, other_editor, "greatest leap")
    response = api.patch(f"/annotations/{theirs.pk}", {"version": 1, "label": "fact"})
    assert response.status_code == 404
    assert api.delete(f"/annotations/{theirs.pk}").status_code == 404
    assert Annotation.objects.get().label == "hype"


def test_a_lead_changes_and_deletes_anyones(api_for, article, other_editor, lead):
    theirs = tag(article, other_editor, "greatest leap")
    lead_api = api_for(lead)
    response = lead_api.patch(f"/annotations/{theirs.pk}", {"version": 1, "label": "fact"})
    assert response.status_code == 200
    assert (response.json()["label"], response.json()["version"]) == ("fact", 2)
    assert response.json()["editor"] == "bob"
    assert lead_api.delete(f"/annotations/{theirs.pk}?version=2").status_code == 204
    assert not Annotation.objects.exists()
    assert Article.objects.get().sentences_tagged == 0


def test_a_change_from_a_stale_version_is_409(api_for, api, article, editor, lead):
    mine = tag(article, editor, "greatest leap")
    assert api_for(lead).patch(f"/annotations/{mine.pk}", {"version": 1, "label": "fact"})
    response = api.patch(f"/annotations/{mine.pk}", {"version": 1, "label": "speculation"})
    assert response.status_code == 409
    assert "Someone changed this tag to “Fact”" in response.json()["detail"]
    assert api.delete(f"/annotations/{mine.pk}?version=1").status_code == 409
    assert Annotation.objects.get().label == "fact"


def test_patch_sets_the_note_only_when_sent(api, article, editor):
    mine = tag(article, editor, "greatest leap", note="keep")
    response = api.patch(f"/annotations/{mine.pk}", {"version": 1, "label": "fact"})
    assert response.json()["note"] == "keep"
    response = api.patch(f"/annotations/{mine.pk}", {"version": 2, "note": "new"})
    assert (response.json()["label"], response.json()["note"]) == ("fact", "new")


def test_list_filters_by_editor_and_label(api, article, editor, other_editor):
    tag(article, editor, "greatest leap", "hype")
    tag(article, other_editor, "3.5x faster", "fact")
    assert [a["editor"] for a in api.get(url(article), {"editor": "bob"}).json()] == ["bob"]
    assert [a["quote"] for a in api.get(url(article), {"label": "hype"}).json()] == [
        "greatest leap"
    ]
    response = api.get(url(article), {"editor": "nobody"})
    assert response.status_code == 400


def test_annotations_of_a_missing_article_is_404(api):
    assert api.get("/articles/999/annotations").status_code == 404
    response = api.post("/articles/999/annotations", {"start": 0, "end": 1, "label": "hype"})
    assert response.status_code == 404


def test_a_blind_article_shows_an_editor_only_their_own_tags(
    api_for, article, editor, other_editor, lead
):
    from annotate.models import Article

    Article.objects.filter(pk=article.pk).update(blind=True)
    bob = api_for(other_editor)
    tag(article, editor, "greatest leap", "hype")
    bobs = tag(article, other_editor, "3.5x faster", "fact")
    assert [a["quote"] for a in bob.get(url(article)).json()] == ["3.5x faster"]
    doc = bob.get(f"/articles/{article.pk}").json()
    assert [a["id"] for a in doc["annotations"]] == [bobs.pk]
    assert (doc["summary"]["fact"], doc["summary"]["hype"]) == (1, 0)
    # What the sentences say is counted from bob's layer alone: alice's hype shows nowhere.
    assert doc["summary"]["sentence_labels"]["hype"] == 0 and doc["verdicts"] == []
    listed = bob.get("/articles").json()["items"][0]
    assert [a["id"] for a in listed["annotations"]] == [bobs.pk]
    # A lead sees every layer; so does bob once his own layer is finished.
    assert len(api_for(lead).get(url(article)).json()) == 2
    assert len(api_for(lead).get(f"/articles/{article.pk}").json()["annotations"]) == 2
    Article.objects.get(pk=article.pk).set_finished(other_editor, True)
    assert len(bob.get(url(article)).json()) == 2
    assert len(bob.get(f"/articles/{article.pk}").json()["annotations"]) == 2


def test_the_tag_posts_answer_is_the_tag_as_stored(api, article):
    start = article.text.index("3.5x faster")
    for body in (
        {"start": start, "end": start + 11, "label": "fact"},  # created
        {"start": start, "end": start + 11, "label": "hype", "note": "n"},  # relabelled
        {"start": start, "end": start + 11, "label": "hype"},  # unchanged
    ):
        answer = api.post(url(article), body).json()
        (stored,) = api.get(url(article)).json()
        assert answer == stored


def test_the_patchs_answer_is_the_tag_as_stored(api_for, article, editor, lead):
    mine = tag(article, editor, "3.5x faster", "fact")
    for who, body in ((editor, {"label": "hype"}), (lead, {"label": "fact", "note": "n"})):
        body["version"] = Annotation.objects.get(pk=mine.pk).version
        answer = api_for(who).patch(f"/annotations/{mine.pk}", body).json()
        (stored,) = api_for(who).get(url(article)).json()
        assert answer == stored
