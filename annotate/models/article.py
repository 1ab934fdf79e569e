"""An article: its text, derived sentences and progress, and how it is edited and exported."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from annotate import sentences as sentencelib
from annotate import text as textlib
from annotate.models import history
from annotate.models.adjudicating import Adjudicating
from annotate.models.article_queries import ArticleQuerySet
from annotate.models.choices import Status
from annotate.models.documents import Documented
from annotate.models.leads import is_lead
from annotate.models.reanchoring import Editing
from annotate.models.recount import Window, recount
from annotate.models.review import NONE, Layer, Verdict
from annotate.models.tagging import Tagging
from annotate.models.undo import Undone, undo_last
from annotate.tally import layer_counts as layer_counts  # the migrations import it here


def blind_by_default() -> bool:
    return settings.ANNOTATE_BLIND_BY_DEFAULT


class Article(Tagging, Adjudicating, Editing, Documented, models.Model):
    title = models.CharField(max_length=300)
    source_url = models.URLField(max_length=2000, blank=True, help_text="Where it was published.")
    outlet = models.CharField(max_length=200, blank=True, help_text="The publication's name.")
    published_on = models.DateField(null=True, blank=True)
    text = models.TextField(help_text="Plain text; paragraphs separated by a blank line.")
    text_sha256 = models.CharField(max_length=64, editable=False)
    sentences = models.JSONField(default=list, editable=False)
    # The sentences that are headings (sentences.heading_spans): shown as headings, taggable,
    # and left out of progress.
    headings = models.JSONField(default=list, editable=False)
    # Kept in step with the annotations by Article.refresh_progress(), so that the list
    # page can show progress without reading every annotation of every article.
    sentences_tagged = models.PositiveIntegerField(default=0, editable=False)
    # What the article says, sentence by sentence, by the one rule (annotate.agreement:
    # its verdict, else what the layers giving a value agree on, else disputed), counted:
    # {"fact", "speculation", "hype", "disputed", "none"}; kept in step with every change.
    sentence_labels = models.JSONField(default=dict, editable=False)
    # White-space-separated tokens, counted at save: insights' hype per 1,000 words.
    words = models.PositiveIntegerField(default=0, editable=False)
    # Blind: an editor sees only their own layer until they have finished it.
    blind = models.BooleanField(
        default=blind_by_default, help_text="Editors see only their own tags until they finish."
    )
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
            self.sentences = [list(span) for span in sentencelib.sentence_spans(self.text)]
            self.words = textlib.count_words(self.text)
        self.headings = sentencelib.heading_lists(self.text, self.sentences, self.title)
        if not self._state.adding:
            return super().save(*args, **kwargs)
        with transaction.atomic():  # a new article: its first event, in the same transaction
            super().save(*args, **kwargs)
            history.record(article=self, who=self.created_by, kind=history.Kind.ARTICLE_PASTED)

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
            where = textlib.position(text, bad[0])
            raise ValidationError({"text": f"The text holds a {bad[1]} at {where}."})
        if len(text) > textlib.MAX_TEXT_LENGTH:
            raise ValidationError(
                {
                    "text": f"The text is {len(text):,} characters; the limit is "
                    f"{textlib.MAX_TEXT_LENGTH:,}."
                }
            )

    @transaction.atomic
    def set_status(self, status: str, *, seen_version: int, by=None) -> bool:
        """Set the status if nobody changed the article since ``seen_version``; say if it did."""
        # One UPDATE: of two concurrent ones, the second finds the version moved on.
        rows = Article.objects.filter(pk=self.pk, version=seen_version)
        old = rows.values_list("status", flat=True).first()
        if not rows.update(status=status, version=F("version") + 1, updated_at=timezone.now()):
            return False
        if old != status:
            self._record(by, history.Kind.STATUS_CHANGED, {"status": old}, {"status": status})
        return True

    def _record(self, who, kind: str, before: dict | None, after: dict | None) -> None:
        history.record(article=self, who=who, kind=kind, before=before, after=after)

    def undo(self, editor) -> Undone:
        """Take back `editor`'s last tag change here; Conflict when it cannot be."""
        return undo_last(self, editor)

    def paragraphs(self) -> list[tuple[int, int]]:
        return sentencelib.paragraph_spans(self.text)

    def lock(self) -> str | None:
        """Take the article's row lock for this transaction and read again what it guards:
        the progress columns (a change of one tag then adjusts them, see Window) and the
        headings (a new title may have changed them). Tags, layers and verdicts of one
        article change one at a time behind it. Returns the text's digest under the lock;
        None when the article is gone."""
        locked = Article.objects.select_for_update().filter(pk=self.pk).order_by()
        row = locked.values_list(
            "text_sha256", "headings", "sentences_tagged", "sentence_labels"
        ).first()
        if row is None:
            return None
        sha, self.headings, self.sentences_tagged, self.sentence_labels = row
        return sha

    def window(self, start: int, end: int) -> Window:
        """The tags on the sentences [start, end) touches, read now: call it under the lock
        (self.lock()), before changing the tag on that span."""
        return Window(self, start, end)

    def refresh_progress(self) -> None:
        """Recount what the article's columns say of its tags, and store it: the sentences
        at least one tag touches, what each sentence says by the one rule, and each
        editor's own counts. Every change of tags, layers or verdicts calls this (or, for
        one tag, Window.changed), under the article's row lock, so that lists, panels,
        exports and insights read columns."""
        recount(self)

    def layer_of(self, user) -> Layer | None:
        """The user's layer on this article, read once a request."""
        if not hasattr(self, "_layers_by_editor"):  # the list prefetches the layers it needs
            self._layers_by_editor = {layer.editor_id: layer for layer in self.layers.all()}
        return self._layers_by_editor.get(user.pk)

    def editor_layers(self) -> list[Layer]:
        """Every layer with its editor, by the editor's name, read once a request (and then
        the user's layer too): the page's layer switch, its panel and its blind check all
        ask. A change of layers (refresh_progress, set_finished) forgets it."""
        if not hasattr(self, "_editor_layers"):
            self._editor_layers = sorted(
                self.layers.select_related("editor"), key=lambda x: x.editor.get_username()
            )
            self._layers_by_editor = {layer.editor_id: layer for layer in self._editor_layers}
        return self._editor_layers

    def forget_layers(self) -> None:
        """After a change of layers: read them again when next asked."""
        self.__dict__.pop("_layers_by_editor", None)
        self.__dict__.pop("_editor_layers", None)

    def remember_layers(self, layers: dict[int, Layer]) -> None:
        """The layers as a recount stored them, by editor: the rest of the request reads
        these (editor_layers too, when they came with their editors)."""
        self.forget_layers()
        self._layers_by_editor = layers
        if all(Layer.editor.is_cached(x) for x in layers.values()):
            self._editor_layers = sorted(layers.values(), key=lambda x: x.editor.get_username())

    def finished_by(self, user) -> bool:
        layer = self.layer_of(user)
        return layer is not None and layer.finished

    def hides_others_from(self, user) -> bool:
        """Blind work: an editor sees only their own layer until they finish it; leads
        always see everything."""
        return self.blind and not is_lead(user) and not self.finished_by(user)

    @transaction.atomic
    def set_finished(self, editor, finished: bool) -> None:
        """Mark `editor`'s layer finished (untagged sentences then count as `none`) or
        reopen it. Only ever the requester's own layer: the views pass request.user."""
        Article.objects.select_for_update().filter(pk=self.pk).exists()
        layer, _ = Layer.objects.get_or_create(article=self, editor=editor)
        if layer.finished != finished:
            layer.finished_at = timezone.now() if finished else None
            layer.save(update_fields=["finished_at"])
            kind = history.Kind.LAYER_FINISHED if finished else history.Kind.LAYER_REOPENED
            self._record(editor, kind, None, None)
        self.forget_layers()
        self.refresh_progress()

    @transaction.atomic
    def set_blind(self, blind: bool, *, by=None) -> None:
        Article.objects.filter(pk=self.pk).update(
            blind=blind, version=F("version") + 1, updated_at=timezone.now()
        )
        if self.blind != blind:
            self._record(by, history.Kind.BLIND_CHANGED, {"blind": self.blind}, {"blind": blind})
        self.blind = blind

    @transaction.atomic
    def decide(self, *, lead, start: int, end: int, label: str, note: str = "") -> Verdict:
        """The lead's verdict on [start, end): create it, or replace the one on that span.
        The offsets must have been checked against this text (as for a tag)."""
        Article.objects.select_for_update().filter(pk=self.pk).exists()
        old = Verdict.objects.filter(article=self, start=start, end=end).first()
        agrees = (
            []
            if label == NONE
            else [
                str(u)
                for u in self.annotations.filter(
                    orphaned=False, label=label, start__lt=end, end__gt=start
                ).values_list("uuid", flat=True)
            ]
        )
        verdict, created = Verdict.objects.update_or_create(
            article=self,
            start=start,
            end=end,
            defaults={
                "quote": self.text[start:end],
                "label": label,
                "note": note,
                "decided_by": lead,
                "decided_at": timezone.now(),
                "agrees_with": agrees,
                "version": F("version") + 1,
            },
            create_defaults={
                "quote": self.text[start:end],
                "label": label,
                "note": note,
                "decided_by": lead,
                "decided_at": timezone.now(),
                "agrees_with": agrees,
            },
        )
        self.refresh_progress()
        verdict.refresh_from_db()
        history.record_verdict(self, lead, old, verdict)
        return verdict

    def body_sentences(self) -> list:
        """The sentences that count in progress: all but the headings."""
        return sentencelib.body_sentences(self.sentences, self.headings)

    @property
    def sentences_total(self) -> int:
        return len(self.sentences) - len(self.headings)

    def progress_percent(self) -> int:
        total = self.sentences_total
        return round(100 * self.sentences_tagged / total) if total > 0 else 0
