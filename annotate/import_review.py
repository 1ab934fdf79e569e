"""The review part of an import: finished layers and verdicts, matched as annotations are.

`finished_by` marks those editors' layers finished (an import never reopens a layer: a
file says who had finished when it was written). A verdict is matched by its `uuid`,
else by its article and span; a file's verdict replaces the one it matches.
"""

from __future__ import annotations

from django.utils import timezone

from annotate.formats import ImportFailure
from annotate.import_sql import moment
from annotate.models import Article, Layer, Verdict, iso

VERDICT_FIELDS = ("start", "end", "quote", "label", "note", "decided_by_id", "agrees_with")


def import_review(
    pending: list[tuple[Article, dict, int]], *, users: dict, fallback: str, result
) -> set[int]:
    """Write the finished layers and verdicts of `pending` (article, doc, index) triples;
    return the ids of the articles where something changed."""
    touched = _finish_layers(pending, users)
    touched |= _verdicts(pending, users=users, fallback=fallback, result=result)
    return touched


def _finish_layers(pending: list, users: dict) -> set[int]:
    wanted = {
        (article.pk, users[name]) for article, doc, _ in pending for name in doc["finished_by"]
    }
    if not wanted:
        return set()
    articles = {article_id for article_id, _ in wanted}
    existing = {
        (layer.article_id, layer.editor_id): layer
        for layer in Layer.objects.filter(article_id__in=articles)
    }
    now = timezone.now()
    new, reopened = [], []
    for article_id, editor_id in sorted(wanted):
        layer = existing.get((article_id, editor_id))
        if layer is None:
            new.append(Layer(article_id=article_id, editor_id=editor_id, finished_at=now))
        elif layer.finished_at is None:
            layer.finished_at = now
            reopened.append(layer)
    Layer.objects.bulk_create(new)
    Layer.objects.bulk_update(reopened, ["finished_at"])
    return {layer.article_id for layer in [*new, *reopened]}


def _verdicts(pending: list, *, users: dict, fallback: str, result) -> set[int]:
    articles = [article.pk for article, doc, _ in pending if doc["verdicts"]]
    if not articles:
        return set()
    by_uuid, by_span = {}, {}
    for verdict in Verdict.objects.filter(article_id__in=articles):
        by_uuid[str(verdict.uuid)] = verdict
        by_span[(verdict.article_id, verdict.start, verdict.end)] = verdict
    uuids = [v["uuid"].lower() for _, doc, _ in pending for v in doc["verdicts"] if v["uuid"]]
    elsewhere = set(
        map(
            str,
            Verdict.objects.filter(uuid__in=uuids)
            .exclude(article_id__in=articles)
            .values_list("uuid", flat=True),
        )
    )
    new, changed, touched = [], [], set()
    for article, doc, index in pending:
        for i, data in enumerate(doc["verdicts"]):
            uuid = data["uuid"].lower() if data["uuid"] else None
            verdict = by_uuid.get(uuid) if uuid else None
            if uuid in elsewhere or (verdict is not None and verdict.article_id != article.pk):
                raise ImportFailure(
                    f"{uuid} is the uuid of a verdict of another article in the database",
                    index=index,
                    title=doc["article"]["title"],
                    field=f"verdicts[{i}].uuid",
                )
            verdict = verdict or by_span.get((article.pk, data["start"], data["end"]))
            fields = {
                "start": data["start"],
                "end": data["end"],
                "quote": data["quote"],
                "label": data["label"],
                "decided_by_id": users[data["decided_by"] or fallback],
            }
            # Absent is not empty: a file without a note or agrees_with (Label Studio's
            # gold) leaves the stored ones alone.
            if data.get("note") is not None:
                fields["note"] = data["note"]
            if data.get("agrees_with") is not None:
                fields["agrees_with"] = list(data["agrees_with"])
            decided_at = moment(data["decided_at"])
            if verdict is None:
                extra = {"uuid": uuid} if uuid else {}
                verdict = Verdict(
                    article_id=article.pk,
                    decided_at=decided_at or timezone.now(),
                    **{"note": "", "agrees_with": [], **fields},
                    **extra,
                )
                new.append(verdict)
                by_span[(article.pk, data["start"], data["end"])] = verdict
            elif any(getattr(verdict, k) != v for k, v in fields.items()) or (
                decided_at and iso(verdict.decided_at) != iso(decided_at)
            ):
                for name, value in fields.items():
                    setattr(verdict, name, value)
                verdict.decided_at = decided_at or verdict.decided_at
                changed.append(verdict)
            else:
                result.verdicts_unchanged += 1
                continue
            touched.add(article.pk)
    Verdict.objects.bulk_create(new)
    Verdict.objects.bulk_update(changed, [*VERDICT_FIELDS, "decided_at"])
    result.verdicts_created += len(new)
    result.verdicts_updated += len(changed)
    return touched
