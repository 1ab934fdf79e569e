"""Editing an article, and the edit's effect on its tags: each found again
(annotate/anchoring.py) or orphaned, in the edit's transaction. Moving a tag is not its
editor's change: `updated_at` stays; a tag whose words changed under it gets its new
quote and `reanchored_at`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from annotate import anchoring
from annotate.models import history
from annotate.models.annotation import Annotation
from annotate.text import normalize

if TYPE_CHECKING:
    from annotate.models.article import Article


@dataclass
class Reanchored:
    """What an edit did to the tags: `moved` onto changed words (or found again after an
    earlier edit had orphaned them), and `orphaned` (their words are gone)."""

    moved: list[Annotation] = field(default_factory=list)
    orphaned: list[Annotation] = field(default_factory=list)

    def message(self) -> str:
        parts = []
        if self.moved:
            n = len(self.moved)
            parts.append(f"{n} tag{'s' if n != 1 else ''} moved to the corrected text.")
        if self.orphaned:
            n = len(self.orphaned)
            parts.append(f"{n} tag{'s' if n != 1 else ''} could not be found in the new text.")
        return " ".join(parts)


class Editing:
    """Article's edit of its fields, with re-anchoring when its text changes."""

    @transaction.atomic
    def edit(self, *, seen_version: int, by=None, **fields) -> Reanchored | None:
        """Change the article's fields if nobody changed it since ``seen_version``.

        A new text re-anchors every annotation (annotate/anchoring.py) in the same
        transaction; those that cannot be found again are orphaned, never deleted.
        Returns what that did to the tags, or None when the version was stale.
        """
        article = type(self).objects.select_for_update().get(pk=self.pk)
        if article.version != seen_version:
            return None
        old_text = article.text
        old = {name: getattr(article, name) for name in fields}
        for name, value in fields.items():
            setattr(article, name, value)
        article.text = normalize(article.text)
        article.version += 1
        article.save()
        before, after = history.field_changes(old, article)
        if before:  # the old text is kept, so that any past state can be shown
            article._record(by, history.Kind.ARTICLE_EDITED, before, after)
        result = Reanchored()
        if article.text != old_text:
            placed = {pk: was for pk, *was in article.annotations.values_list(*history.PLACE)}
            result = reanchor(article, old_text)
            history.record_reanchoring(article, by, placed)
        # A new title can make the first line a headline, or no longer one.
        article.refresh_progress()
        self.refresh_from_db()
        return result


def reanchor(article: Article, old_text: str) -> Reanchored:
    edit = anchoring.Edit(old_text, article.text)
    annotations = list(article.annotations.order_by("orphaned", "start", "end", "id"))
    taken: set[tuple[int, int, int]] = set()
    placed: list[tuple[Annotation, anchoring.Anchor | None]] = []
    for a in annotations:
        anchor = edit.place(a.start, a.end, a.quote)
        # Two of one editor's tags landing on the same span: the second is orphaned.
        if anchor is not None and (a.editor_id, anchor.start, anchor.end) in taken:
            anchor = None
        if anchor is not None:
            taken.add((a.editor_id, anchor.start, anchor.end))
        placed.append((a, anchor))
    # Orphan all first, so that no row blocks another's new place on the unique constraint
    # while they move; then set each placed one down in its new span. (QuerySet.update
    # leaves updated_at alone.)
    article.annotations.update(orphaned=True)
    now = timezone.now()
    result = Reanchored()
    for a, anchor in placed:
        if anchor is None:
            a.orphaned = True
            result.orphaned.append(a)
            continue
        changes: dict = {"start": anchor.start, "end": anchor.end, "orphaned": False}
        if anchor.how == anchoring.FUZZY or a.orphaned:
            changes["quote"] = article.text[anchor.start : anchor.end]
            changes["reanchored_at"] = now
        Annotation.objects.filter(pk=a.pk).update(**changes)
        if "reanchored_at" in changes:
            for name, value in changes.items():
                setattr(a, name, value)
            result.moved.append(a)
    return result
