"""The export reads its rows as text (timestamps, uuids) for speed: its documents are the
ones model instances formatted in Python give, byte for byte, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.conftest import tag

pytestmark = pytest.mark.django_db

# Edges of the text forms: a whole second (stored without a fraction), a hair under the
# next second (cut, never rounded up), other time zones (stored as UTC), a leap day.
MOMENTS = [
    datetime(2026, 11, 27, 3, 4, 5, tzinfo=UTC),
    datetime(2026, 11, 27, 3, 4, 5, 999_999, tzinfo=UTC),
    datetime(1999, 12, 31, 23, 59, 59, 999_500, tzinfo=ZoneInfo("America/New_York")),
    datetime(2028, 2, 29, 0, 30, 0, 1, tzinfo=ZoneInfo("Asia/Kolkata")),
    datetime(2026, 3, 29, 2, 59, 59, 500_000, tzinfo=UTC),
]


def reference_annotation(a) -> dict:
    """The annotation as the export wrote it when it read model instances."""
    from annotate.models import iso

    data = {
        "id": a.pk,
        "uuid": str(a.uuid),
        "start": a.start,
        "end": a.end,
        "quote": a.quote,
        "label": a.label,
        "note": a.note,
        "editor": a.editor.username,
        "created_at": iso(a.created_at),
        "updated_at": iso(a.updated_at),
    }
    if a.orphaned:
        data["orphaned"] = True
    if a.suggested_by:
        data["suggested_by"] = a.suggested_by
    if a.reanchored_at is not None:
        data["reanchored_at"] = iso(a.reanchored_at)
    return data


def reference_document(article) -> dict:
    from annotate.agreement import SENTENCE_LABELS
    from annotate.formats import native
    from annotate.models import Annotation, iso

    article.refresh_from_db()
    rows = Annotation.objects.filter(article=article).select_related("editor")
    return native.article_document(
        article={
            "id": article.pk,
            "uuid": str(article.uuid),
            "title": article.title,
            "source_url": article.source_url,
            "outlet": article.outlet,
            "published_on": article.published_on.isoformat() if article.published_on else None,
            "status": article.status,
            "blind": article.blind,
            "created_by": article.created_by.username,
            "created_at": iso(article.created_at),
            "updated_at": iso(article.updated_at),
            "text": article.text,
            "text_sha256": article.text_sha256,
            "sentences": [list(span) for span in article.sentences],
            "headings": [list(span) for span in article.headings],
        },
        annotations=[reference_annotation(a) for a in rows.order_by("start", "end", "id")],
        sentence_labels={k: article.sentence_labels[k] for k in SENTENCE_LABELS},
    )


@pytest.fixture
def varied(article, editor, other_editor):
    """Tags of two editors with every optional field, at the edge moments."""
    from annotate.models import Annotation

    tags = [
        tag(article, editor, "Acme Corp.", "fact"),
        tag(article, other_editor, "Acme Corp.", "hype", note="“quoted” \\ \n line"),
        tag(article, editor, "3.5x faster", "speculation", suggested_by="cue phrases"),
        tag(article, editor, "Engineers 👩‍💻 in 東京", "hype"),
        tag(article, other_editor, "مرحبا", "fact", orphaned=True),
    ]
    for i, t in enumerate(tags):
        Annotation.objects.filter(pk=t.pk).update(
            created_at=MOMENTS[i],
            updated_at=MOMENTS[(i + 1) % len(MOMENTS)],
            reanchored_at=MOMENTS[(i + 2) % len(MOMENTS)] if i % 2 else None,
        )
    article.refresh_progress()
    return article


def test_document_annotations_are_their_instances_formatted_in_python(varied):
    from annotate.models import Article

    doc = next(Article.objects.filter(pk=varied.pk).documents())
    expected = reference_document(varied)["annotations"]
    assert json.dumps(doc["annotations"]) == json.dumps(expected)  # keys in order too
    assert [a["created_at"] for a in doc["annotations"]][:2] == [
        "2026-11-27T03:04:05Z",
        "2026-11-27T03:04:05Z",
    ]


def test_article_export_is_the_reference_document_byte_for_byte(client_for, editor, varied):
    response = client_for(editor).get(reverse("annotate:article_export", args=[varied.pk]))
    expected = json.dumps(reference_document(varied), ensure_ascii=False).encode()
    assert response.content == expected


def test_sentence_labels_come_in_one_order_on_every_database(client_for, editor, varied):
    # PostgreSQL's jsonb keeps an object's keys shortest first: the column alone would
    # give that database's export other bytes than SQLite's.
    from annotate.agreement import SENTENCE_LABELS

    response = client_for(editor).get(reverse("annotate:article_export", args=[varied.pk]))
    assert list(json.loads(response.content)["summary"]["sentence_labels"]) == list(SENTENCE_LABELS)


def test_events_are_their_instances_formatted_in_python(varied, editor):
    from annotate.models import Event, Kind

    tag = varied.annotations.first()
    undone = Event.objects.create(
        article=varied, who=editor, who_label="alice", kind=Kind.TAG_CREATED,
        annotation_uuid=tag.uuid, after={"label": "fact", "quote": tag.quote}, at=MOMENTS[2],
    )  # fmt: skip
    for i, moment in enumerate(MOMENTS):  # whole seconds (no fraction) and fractions
        Event.objects.create(
            article=varied, who=editor, who_label="alice", kind=Kind.TAG_REMOVED, at=moment,
            annotation_uuid=undone.annotation_uuid, undoes=undone if i % 2 else None,
            verdict_uuid=uuid4() if i == 3 else None,
            before={"label": "hype", "quote": "Acme", "note": "é “x”"}, after=None,
        )  # fmt: skip
    rows = Event.objects.filter(article=varied).order_by("at", "id").select_related("undoes")
    expected = [
        {
            "uuid": str(e.uuid),
            "at": e.at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "who": e.who_label,
            "kind": e.kind,
            "annotation": str(e.annotation_uuid) if e.annotation_uuid else None,
            "verdict": str(e.verdict_uuid) if e.verdict_uuid else None,
            "before": e.before,
            "after": e.after,
            "undoes": str(e.undoes.uuid) if e.undoes_id else None,
        }
        for e in rows
    ]
    assert json.dumps(rows.dicts()) == json.dumps(expected)
    assert {e["at"] for e in expected} >= {"2026-11-27T03:04:05Z", "2026-11-27T03:04:05.999999Z"}
