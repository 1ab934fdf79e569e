"""Rows as the agreement module's tuples (annotate.agreement.Layer, ArticleLayers): the
annotations read as tuples, a chunk of articles at a time, three queries a chunk."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import models
from django.db.models import Q

from annotate import agreement
from annotate.models.annotation import Annotation
from annotate.models.documents import one_snapshot
from annotate.models.leads import is_lead
from annotate.models.review import Layer, Verdict


def article_layers(articles: list, *, with_verdicts: bool = True) -> list[agreement.ArticleLayers]:
    """Each article's layers (every editor with a layer row, by username), its verdicts
    and whether it is blind: one query for annotations, one for layers, one for verdicts
    (none without `with_verdicts`: the verdicts are then left empty)."""
    ids = [article.pk for article in articles]
    spans: dict[tuple[int, int], list] = {}
    # No ORDER BY: sorting every span of a chunk would cost more than reading them.
    rows = (
        Annotation.objects.filter(article_id__in=ids, orphaned=False)
        .order_by()
        .values_list("article_id", "editor_id", "start", "end", "label")
    )
    for article_id, editor_id, start, end, label in rows:
        spans.setdefault((article_id, editor_id), []).append((start, end, label))
    layers: dict[int, list[agreement.Layer]] = {pk: [] for pk in ids}
    rows = Layer.objects.filter(article_id__in=ids).order_by("editor__username")
    for article_id, editor_id, name, finished_at in rows.values_list(
        "article_id", "editor_id", "editor__username", "finished_at"
    ):
        layers[article_id].append(
            agreement.Layer(name, spans.get((article_id, editor_id), ()), finished_at is not None)
        )
    verdicts: dict[int, list] = {pk: [] for pk in ids}
    if with_verdicts:
        rows = (
            Verdict.objects.filter(article_id__in=ids)
            .order_by()
            .values_list("article_id", "start", "end", "label")
        )
        for article_id, start, end, label in rows:
            verdicts[article_id].append((start, end, label))
    return [
        agreement.ArticleLayers(a.body_sentences(), layers[a.pk], verdicts[a.pk], a.blind)
        for a in articles
    ]


def article_agreement(article) -> dict:
    """Agreement between `article`'s finished layers, as its agreement.json says: two
    queries, its annotations and its layers (verdicts play no part in it)."""
    [measured] = article_layers([article], with_verdicts=False)
    return agreement.article_agreement(measured.sentences, measured.layers, blind=measured.blind)


def chunked_layers(articles: Iterable, chunk_size: int) -> Iterator[agreement.ArticleLayers]:
    chunk: list = []
    for article in articles:
        chunk.append(article)
        if len(chunk) == chunk_size:
            yield from article_layers(chunk)
            chunk = []
    yield from article_layers(chunk)


class MeasuredQuerySet(models.QuerySet):
    """What ArticleQuerySet knows of agreement and blind work."""

    def open_to(self, user) -> MeasuredQuerySet:
        """The articles whose every layer `user` may see: all for a lead; for an editor,
        those not blind and the blind ones whose layer they have finished."""
        if is_lead(user):
            return self
        done = Layer.objects.filter(
            article=models.OuterRef("pk"), editor=user, finished_at__isnull=False
        )
        return self.filter(Q(blind=False) | models.Exists(done))

    def measured(self, *, chunk_size: int = 500) -> Iterator[agreement.ArticleLayers]:
        """Each article as `annotate.agreement.ArticleLayers`, in id order, read in chunks
        (annotations as tuples): what `pooled_agreement` takes."""
        articles = self.order_by("id").only("id", "sentences", "headings", "blind")
        with one_snapshot():
            yield from chunked_layers(articles.iterator(chunk_size=chunk_size), chunk_size)
