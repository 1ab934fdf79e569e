from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from annotate import anchoring
from annotate import text as textlib
from annotate.formats import native

LEADS_GROUP = "leads"


class Label(models.TextChoices):
    FACT = "fact", "Fact"
    SPECULATION = "speculation", "Speculation"
    HYPE = "hype", "Hype"


LABEL_DEFINITIONS = {
    Label.FACT: "A checkable statement of what is or happened: numbers, dates, attributed reports.",
    Label.SPECULATION: "A claim about the future or an unverified possibility: "
    "“is expected to”, “could become”, “aims to”.",
    Label.HYPE: "Promotional or loaded framing the evidence does not carry: "
    "“formidable”, “greatest rival”, “AI supremacy”.",
}

# Keys in the order the page shows them: h/1, f/2, s/3.
LABEL_KEYS = {Label.HYPE: ("h", "1"), Label.FACT: ("f", "2"), Label.SPECULATION: ("s", "3")}


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    DONE = "done", "Done"


def is_lead(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    # Asked several times a request (page data, panel, permissions): one query, kept on
    # the user object, which lives as long as the request.
    if not hasattr(user, "_is_lead"):
        user._is_lead = user.groups.filter(name=LEADS_GROUP).exists()
    return user._is_lead


class ArticleQuerySet(models.QuerySet):
    def with_counts(self) -> ArticleQuerySet:
        """One query for the list page: a count per label, whatever the number of rows."""
        counts = {
            f"n_{label}": Count(
                "annotations", filter=Q(annotations__label=label, annotations__orphaned=False)
            )
            for label in Label.values
        }
        # Meta.ordering does not apply to a GROUP BY query: order explicitly.
        return (
            self.select_related("created_by")
            .defer("text")
            .annotate(**counts)
            .order_by("-created_at", "-id")
        )

    def filtered(
        self,
        *,
        ids: list[int] | None = None,
        status: str = "",
        label: str = "",
        editor: AbstractBaseUser | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> ArticleQuerySet:
        """Articles for an export. `label` and `editor` keep the articles with an annotation
        of that label (by that editor); dates are the day an article was added, inclusive."""
        articles = self
        if ids:
            articles = articles.filter(pk__in=ids)
        if status:
            articles = articles.filter(status=status)
        if label or editor:
            spans = Annotation.objects.filter(article=models.OuterRef("pk"))
            spans = spans.filter(label=label) if label else spans
            spans = spans.filter(editor=editor) if editor else spans
            articles = articles.filter(models.Exists(spans))
        if since:
            articles = articles.filter(created_at__date__gte=since)
        if until:
            articles = articles.filter(created_at__date__lte=until)
        return articles

    def documents(self, *, chunk_size: int = 100) -> Iterator[dict]:
        """Each article as ``annotate.article/v1``, in id order, `chunk_size` rows at a time
        (a server-side cursor on PostgreSQL): memory does not grow with the number of rows.

        Annotations are read as tuples, one query a chunk: building a model instance per
        annotation would take most of an export's time. All reads see one snapshot, so
        an edit committing mid-export cannot pair an old text with new offsets."""
        articles = self.order_by("id").select_related("created_by")
        with one_snapshot():
            chunk: list[Article] = []
            for article in articles.iterator(chunk_size=chunk_size):
                chunk.append(article)
                if len(chunk) == chunk_size:
                    yield from _documents(chunk)
                    chunk = []
            yield from _documents(chunk)


class Article(models.Model):
    title = models.CharField(max_length=300)
    source_url = models.URLField(max_length=2000, blank=True, help_text="Where it was published.")
    outlet = models.CharField(max_length=200, blank=True, help_text="The publication's name.")
    published_on = models.DateField(null=True, blank=True)
    text = models.TextField(help_text="Plain text; paragraphs separated by a blank line.")
    text_sha256 = models.CharField(max_length=64, editable=False)
    sentences = models.JSONField(default=list, editable=False)
    # Kept in step with the annotations by Article.refresh_progress(), so that the list
    # page can show progress without reading every annotation of every article.
    sentences_tagged = models.PositiveIntegerField(default=0, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Bumped by every status or text change: a form sends the version it was drawn from,
    # and a stale one is refused (409) rather than silently overwriting someone's change.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="articles"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["-created_at"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.text = textlib.normalize(self.text)
        digest = textlib.sha256_hex(self.text)
        if digest != self.text_sha256 or not self.sentences:
            self.text_sha256 = digest
            self.sentences = [list(span) for span in textlib.sentence_spans(self.text)]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("annotate:article_detail", args=[self.pk])

    def clean(self) -> None:
        # One-line fields hold no line break or tab either (the paste form and the admin).
        for field in ("title", "outlet"):
            bad = textlib.bad_character(getattr(self, field), single_line=True)
            if bad is not None:
                raise ValidationError(
                    {field: f"The {field} holds a {bad[1]} at character {bad[0]}."}
                )
        text = textlib.normalize(self.text)
        bad = textlib.bad_character(text)
        if bad is not None:
            raise ValidationError({"text": f"The text holds a {bad[1]} at character {bad[0]}."})
        if len(text) > textlib.MAX_TEXT_LENGTH:
            raise ValidationError(
                {
                    "text": f"The text is {len(text):,} characters; the limit is "
                    f"{textlib.MAX_TEXT_LENGTH:,}."
                }
            )

    def set_status(self, status: str, *, seen_version: int) -> bool:
        """Set the status if nobody changed the article since ``seen_version``; say if it did."""
        # One UPDATE: of two concurrent ones, the second finds the version moved on.
        return bool(
            Article.objects.filter(pk=self.pk, version=seen_version).update(
                status=status, version=F("version") + 1, updated_at=timezone.now()
            )
        )

    @transaction.atomic
    def edit(self, *, seen_version: int, **fields) -> list[Annotation] | None:
        """Change the article's fields if nobody changed it since ``seen_version``.

        A new text re-anchors every annotation (annotate/anchoring.py) in the same
        transaction; those that cannot be found again are orphaned, never deleted.
        Returns the orphaned annotations, or None when the version was stale.
        """
        article = Article.objects.select_for_update().get(pk=self.pk)
        if article.version != seen_version:
            return None
        old_text = article.text
        for name, value in fields.items():
            setattr(article, name, value)
        article.text = textlib.normalize(article.text)
        article.version += 1
        article.save()
        orphans = []
        if article.text != old_text:
            orphans = _reanchor(article, old_text)
            article.refresh_progress()
        self.refresh_from_db()
        return orphans

    def paragraphs(self) -> list[tuple[int, int]]:
        return textlib.paragraph_spans(self.text)

    def refresh_progress(self) -> None:
        """Recount the sentences that at least one annotation touches, and store it."""
        spans = self.annotations.filter(orphaned=False).values_list("start", "end")
        self.sentences_tagged = textlib.count_tagged(self.sentences, spans)
        Article.objects.filter(pk=self.pk).update(sentences_tagged=self.sentences_tagged)

    def progress_percent(self) -> int:
        return round(100 * self.sentences_tagged / len(self.sentences)) if self.sentences else 0

    def to_document(self, annotations: list[dict]) -> dict:
        """This article and its annotations (dicts from ``annotation_dict``) as
        ``annotate.article/v1`` (see DESIGN.md). ``ArticleQuerySet.documents`` reads both."""
        article = {
            "id": self.pk,
            "uuid": str(self.uuid),
            "title": self.title,
            "source_url": self.source_url,
            "outlet": self.outlet,
            "published_on": self.published_on.isoformat() if self.published_on else None,
            "status": self.status,
            "created_by": self.created_by.get_username(),
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
            "text": self.text,
            "text_sha256": self.text_sha256,
            "sentences": [list(span) for span in self.sentences],
        }
        return native.article_document(article=article, annotations=annotations)


def _reanchor(article: Article, old_text: str) -> list[Annotation]:
    edit = anchoring.Edit(old_text, article.text)
    annotations = list(article.annotations.order_by("orphaned", "start", "end", "id"))
    taken: set[tuple[int, int, int]] = set()
    placed: list[tuple[Annotation, tuple[int, int] | None]] = []
    for a in annotations:
        span = edit.reanchor(a.start, a.end, a.quote)
        # Two of one editor's tags landing on the same span: the second is orphaned.
        if span is not None and (a.editor_id, *span) in taken:
            span = None
        if span is not None:
            taken.add((a.editor_id, *span))
        placed.append((a, span))
    # Orphan all first, so that no row blocks another's new place on the unique constraint
    # while they move; then set each placed one down in its new span.
    article.annotations.update(orphaned=True)
    now = timezone.now()
    orphans = []
    for a, span in placed:
        if span is None:
            a.orphaned = True
            orphans.append(a)
            continue
        changes = {"start": span[0], "end": span[1], "orphaned": False}
        if span != (a.start, a.end):
            changes["updated_at"] = now
        Annotation.objects.filter(pk=a.pk).update(**changes)
    return orphans


def _documents(articles: list[Article]) -> Iterator[dict]:
    rows = (
        Annotation.objects.filter(article__in=articles)
        .order_by("article_id", "start", "end", "id")
        .values_list("article_id", *ANNOTATION_COLUMNS)
    )
    by_article: dict[int, list[dict]] = {article.pk: [] for article in articles}
    for article_id, *values in rows:
        by_article[article_id].append(annotation_dict(*values))
    for article in articles:
        yield article.to_document(by_article[article.pk])


class AnnotationQuerySet(models.QuerySet):
    def editable_by(self, user) -> AnnotationQuerySet:
        return self if is_lead(user) else self.filter(editor=user)


class Annotation(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="annotations")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="annotations"
    )
    start = models.PositiveIntegerField(help_text="Code point offset into the article text.")
    end = models.PositiveIntegerField(help_text="Code point offset, exclusive.")
    quote = models.TextField(help_text="text[start:end] when tagged; kept to re-anchor.")
    label = models.CharField(max_length=20, choices=Label.choices)
    note = models.CharField(max_length=500, blank=True)
    # Set when an edit of the article's text lost this annotation's quote: start and end
    # are then offsets into the old text, and the annotation is listed for an editor to fix.
    orphaned = models.BooleanField(default=False)
    # Bumped by every change of label or note: a relabel or removal that names the version
    # its page showed is refused (409) when someone changed the tag since.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = AnnotationQuerySet.as_manager()

    class Meta:
        ordering = ["start", "end", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__gte=0) & Q(end__gt=F("start")), name="annotation_span_valid"
            ),
            models.CheckConstraint(
                condition=Q(label__in=Label.values), name="annotation_label_valid"
            ),
            # Orphaned annotations hold stale offsets: they may not block a live one.
            models.UniqueConstraint(
                fields=["article", "editor", "start", "end"],
                condition=Q(orphaned=False),
                name="annotation_one_per_span",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.quote[:60]}"

    def editable_by(self, user) -> bool:
        return self.editor_id == user.pk or is_lead(user)


ANNOTATION_COLUMNS = (
    "id", "uuid", "start", "end", "quote", "label", "note", "editor__username",
    "created_at", "updated_at", "orphaned",
)  # fmt: skip


def annotation_dict(
    pk, uuid, start, end, quote, label, note, editor, created_at, updated_at, orphaned=False
) -> dict:
    """An annotation of ``annotate.article/v1`` from its columns (ANNOTATION_COLUMNS)."""
    data = {
        "id": pk,
        "uuid": str(uuid),
        "start": start,
        "end": end,
        "quote": quote,
        "label": label,
        "note": note,
        "editor": editor,
        "created_at": iso(created_at),
        "updated_at": iso(updated_at),
    }
    if orphaned:  # its offsets point into an older text (see Article.edit)
        data["orphaned"] = True
    return data


@contextmanager
def one_snapshot() -> Iterator[None]:
    """Reads that see the database at one moment (for exports: views and commands).

    An export reads an article and its annotations in separate queries; under READ
    COMMITTED a text edit committing between them would pair the old text with
    annotations re-anchored to the new one. (SQLite's transactions are snapshots already.)
    """
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def iso(moment: datetime) -> str:
    """UTC, to the second, with a Z: the timestamps of every export."""
    # isoformat, not strftime: it runs twice per annotation of every export.
    return moment.astimezone(UTC).isoformat(timespec="seconds")[:19] + "Z"
