"""Keeping an article's progress columns in step with its tags: `sentences_tagged`,
`sentence_labels` and each layer's `counts` (annotate/tally.py says what they count).

`recount` reads every tag and counts every sentence: what imports, edits, verdicts,
finishing and undo call. A change of one tag's span (a tag, relabel or removal) changes
only the sentences that span touches: `Window` reads the tags on those sentences before
the change, under the article's row lock, and after it adds the difference to the columns
as the lock read them (`Article.lock`). Where it cannot (the editor's layer or the columns
not counted yet, or a count that would go below zero), it recounts in full.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from annotate import agreement
from annotate import tally as tallylib
from annotate.models.annotation import Annotation
from annotate.models.review import Layer, Verdict

if TYPE_CHECKING:
    from annotate.models.article import Article

FIELDS = [field.attname for field in Annotation._meta.concrete_fields]
_AT = {name: i for i, name in enumerate(FIELDS)}
_PK, _EDITOR, _START, _END, _LABEL = (_AT[n] for n in ("id", "editor_id", "start", "end", "label"))


def recount(article: Article) -> None:
    """Count every sentence from every tag, layer and verdict, and store what changed."""
    rows = article.annotations.filter(orphaned=False).values_list(
        "editor_id", "start", "end", "label"
    )
    spans: dict[int, list[tallylib.Span]] = {}
    for editor_id, start, end, label in rows:
        spans.setdefault(editor_id, []).append((start, end, label))
    layers = {layer.editor_id: layer for layer in article.layers.all()}
    new = [Layer(article=article, editor_id=e) for e in spans.keys() - layers.keys()]
    layers.update((layer.editor_id, layer) for layer in new)
    body = article.body_sentences()  # headings count in neither progress nor agreement
    gold = agreement.verdict_values(body, article.verdicts.values_list("start", "end", "label"))
    finished = {e for e, layer in layers.items() if layer.finished}
    counted = tallylib.tally(body, sorted(layers), spans, finished, gold)
    article.sentences_tagged = counted.tagged
    article.sentence_labels = {x: counted.labels[x] for x in agreement.SENTENCE_LABELS}
    type(article).objects.filter(pk=article.pk).update(
        sentences_tagged=article.sentences_tagged, sentence_labels=article.sentence_labels
    )
    changed = []
    for editor_id, counts in counted.layers.items():
        if layers[editor_id].counts != counts:
            layers[editor_id].counts = counts
            changed.append(layers[editor_id])
    Layer.objects.bulk_update([layer for layer in changed if layer.pk], ["counts"])
    Layer.objects.bulk_create(new)
    article.remember_layers(layers)  # as stored now: the rest of the request reads these


class Window:
    """The live tags on the body sentences that [start, end) touches (and on the span
    itself), read once the article is locked, before a tag on that span changes."""

    def __init__(self, article: Article, start: int, end: int) -> None:
        self.article = article
        body = article.body_sentences()
        self.lo = bisect_right([e for _, e in body], start)
        self.hi = bisect_left([s for s, _ in body], end)
        self.body = body
        sentences = body[self.lo : self.hi]
        self.start = min(start, sentences[0][0]) if sentences else start
        self.end = max(end, sentences[-1][1]) if sentences else end
        rows = Annotation.objects.filter(
            article_id=article.pk, orphaned=False, start__lt=self.end, end__gt=self.start
        )
        self.rows = list(rows.order_by().values_list(*FIELDS))

    def tag_on(self, editor_id: int, start: int, end: int) -> Annotation | None:
        """The editor's live tag on exactly [start, end), as stored now."""
        for row in self.rows:
            if (row[_EDITOR], row[_START], row[_END]) == (editor_id, start, end):
                return self._instance(row)
        return None

    def tag(self, pk: int) -> Annotation | None:
        """The tag `pk` as stored now, when it is live and in this window."""
        for row in self.rows:
            if row[_PK] == pk:
                return self._instance(row)
        return None

    def _instance(self, row: tuple) -> Annotation:
        tag = Annotation.from_db(Annotation.objects.db, FIELDS, row)
        tag.article = self.article
        return tag

    def changed(
        self, editor_id: int, before: tallylib.Span | None, after: tallylib.Span | None
    ) -> None:
        """`editor_id`'s tag went from `before` to `after` ((start, end, label), None for
        no tag), both within the window: count the window's sentences again and store the
        article's columns and that editor's counts moved by the difference."""
        if before == after:
            return
        article = self.article
        layers = {
            x.editor_id: x
            for x in Layer.objects.filter(article_id=article.pk).select_related("editor")
        }
        layer = layers.get(editor_id)
        if layer is None:  # the editor's first tag here: their layer is born in a recount
            return recount(article)
        article.remember_layers(layers)
        if self.lo >= self.hi:  # only headings: nothing counted changes
            return None
        spans: dict[int, list[tallylib.Span]] = {}
        for row in self.rows:
            spans.setdefault(row[_EDITOR], []).append((row[_START], row[_END], row[_LABEL]))
        mine = list(spans.get(editor_id, ()))
        if before is not None:
            if before not in mine:  # not as read: count all
                return recount(article)
            mine.remove(before)
        if after is not None:
            mine.append(after)
        finished = {e for e, x in layers.items() if x.finished}
        editors = sorted(spans.keys() | finished | {editor_id})
        verdicts = Verdict.objects.filter(
            article_id=article.pk, start__lt=self.end, end__gt=self.start
        )
        gold: list[str | None] = [None] * (self.hi - self.lo)
        if found := list(verdicts.order_by().values_list("start", "end", "label")):
            # Which sentence a verdict settles depends on all it overlaps: the whole body.
            gold = agreement.verdict_values(self.body, found)[self.lo : self.hi]
        sentences = self.body[self.lo : self.hi]
        old = tallylib.tally(sentences, editors, spans, finished, gold)
        new = tallylib.tally(sentences, editors, {**spans, editor_id: mine}, finished, gold)
        labels = tallylib.shifted(
            article.sentence_labels, agreement.SENTENCE_LABELS, new.labels, old.labels
        )
        counts = tallylib.shifted(
            layer.counts, tallylib.LAYER_KEYS, new.layers[editor_id], old.layers[editor_id]
        )
        tagged = article.sentences_tagged + new.tagged - old.tagged
        if labels is None or counts is None or tagged < 0:  # not counted yet, or not in step
            return recount(article)
        if (tagged, labels) != (article.sentences_tagged, article.sentence_labels):
            article.sentences_tagged, article.sentence_labels = tagged, labels
            type(article).objects.filter(pk=article.pk).update(
                sentences_tagged=tagged, sentence_labels=labels
            )
        if counts != layer.counts:
            layer.counts = counts
            Layer.objects.filter(pk=layer.pk).update(counts=counts)
        return None
