"""Article.tag_many (the API's bulk tags) writes what Article.tag would, span by span: the
same rows, the same events, the same counts; and its tags are undone and shown in the
past like any other."""

from __future__ import annotations

import json
import random

import pytest

from annotate.models import Annotation, Article, Event
from tests.test_recount import columns, random_text, recounted

pytestmark = pytest.mark.django_db


def spans_for(rng: random.Random, article: Article, n: int) -> list[dict]:
    spans: dict[tuple[int, int], dict] = {}
    while len(spans) < n:
        start, end = rng.choice(article.sentences)
        if rng.random() < 0.5:
            end = rng.randrange(start + 1, end + 1)
        label = rng.choice(["fact", "speculation", "hype"])
        spans[(start, end)] = {"start": start, "end": end, "label": label,
                               "note": rng.choice([None, "", "n"])}  # fmt: skip
    return list(spans.values())


def _without(state: dict | None, *keys: str) -> dict | None:
    return None if state is None else {k: v for k, v in state.items() if k not in keys}


def state(article: Article) -> tuple:
    tags = sorted(
        Annotation.objects.filter(article=article).values_list(
            "start", "end", "quote", "label", "note", "suggested_by", "version", "orphaned"
        )
    )
    rows = Event.objects.filter(article=article).exclude(kind="article_pasted")
    events = sorted(
        json.dumps([kind, owner, who, before, _without(after, "uuid", "created_at")])
        for kind, owner, who, before, after in rows.values_list(
            "kind", "owner_id", "who_label", "before", "after"
        )
    )
    tagged, labels, layers = columns(article.pk)
    return tags, events, tagged, labels, layers


@pytest.mark.parametrize("seed", [1, 2])
def test_tag_many_writes_what_tag_writes_span_by_span(seed, make_article, editor, other_editor):
    rng = random.Random(seed)
    text = random_text(rng)
    one, many = make_article(text=text, title="One"), make_article(text=text, title="Many")
    start, end = one.sentences[3]
    s, e = one.sentences[5]
    for article in (one, many):  # someone else's tag, which the editor's leave alone
        article.tag(editor=other_editor, start=start, end=end, label="hype")
        article.tag(editor=editor, start=s, end=e, label="fact", suggested_by="cues/1")
    for label in ("fact", "hype", "hype"):  # new tags, relabels, notes and unchanged ones
        spans = [*spans_for(rng, one, 12), {"start": s, "end": e, "label": label, "note": None}]
        spans = list({(x["start"], x["end"]): x for x in spans}.values())
        for span in spans:
            Article.objects.get(pk=one.pk).tag(editor=editor, **span)
        Article.objects.get(pk=many.pk).tag_many(editor=editor, spans=spans)
        assert state(one) == state(many)
        assert columns(many.pk) == recounted(many.pk)


def test_a_bulk_tag_is_undone_and_absent_from_the_past(client_for, editor, make_article):
    article = make_article()
    start, end = article.sentences[1]
    before = Event.objects.latest("at").at
    result = article.tag_many(editor=editor, spans=[
        {"start": start, "end": end, "label": "fact", "note": None}])  # fmt: skip
    (tag,) = Annotation.objects.filter(pk__in=result["ids"])
    client = client_for(editor)
    past = client.get(f"/articles/{article.pk}/history.json").json()
    assert [e["kind"] for e in past][:1] == ["tag_created"]
    assert past[0]["annotation"] == str(tag.uuid)
    shown = client.get(f"/articles/{article.pk}/", {"at": before.isoformat()}).content.decode()
    assert f'data-id="{tag.pk}"' not in shown
    Article.objects.get(pk=article.pk).undo(editor)
    assert not Annotation.objects.filter(pk=tag.pk).exists()
    assert columns(article.pk) == recounted(article.pk)
