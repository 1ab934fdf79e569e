"""The tag, relabel and remove views: htmx gets back only the fragments that change."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from annotate import render as renderlib
from annotate.forms import AnnotationChangeForm, AnnotationForm
from annotate.models import Annotation, Article, Label
from annotate.page import label_rows, marks_for, panel_context, progress


@require_POST
def annotation_create(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    form = AnnotationForm(request.POST, article=article)
    if not form.is_valid():
        return HttpResponseBadRequest(form.error_text(), content_type="text/plain")
    start, end, label = (
        form.cleaned_data["start"],
        form.cleaned_data["end"],
        form.cleaned_data["label"],
    )
    defaults = {"label": label, "quote": article.text[start:end]}
    if "note" in request.POST:
        defaults["note"] = form.cleaned_data["note"]
    seen = request.headers.get("X-Article-Sha") or request.POST.get("sha")
    with transaction.atomic():
        # Tags on one article queue behind each other, so its progress count stays exact.
        # The offsets were checked against the text read before the lock: an edit that
        # committed since (or before the page was drawn) makes them point elsewhere.
        locked = Article.objects.select_for_update().filter(pk=article.pk)
        sha = locked.values_list("text_sha256", flat=True).first()
        if sha != article.text_sha256 or seen not in (None, sha):
            return _text_changed()
        lookup = {"article": article, "editor": request.user, "start": start, "end": end}
        current = Annotation.objects.filter(orphaned=False, **lookup).first()
        wanted = {k: v for k, v in defaults.items() if k != "quote"}
        unchanged = current is not None and all(getattr(current, k) == v for k, v in wanted.items())
        seen_version = form.cleaned_data["version"]
        # Tagging a span again is last-writer-wins, unless the page says which version of
        # the tag it showed and a lead changed the tag since. The same request twice (a
        # double click, an htmx retry) finds its own result: no change, no conflict.
        if current and not unchanged and seen_version not in (None, current.version):
            return _tag_conflict(current)
        if not unchanged:
            Annotation.objects.update_or_create(
                orphaned=False,
                **lookup,
                defaults={**defaults, "version": F("version") + 1},
                create_defaults=defaults,
            )
            article.refresh_progress()
    quote = _short(article.text[start:end])
    if current is not None and current.label == label and "note" in defaults:
        message = f"Saved the note on “{quote}”." if defaults["note"] else "Removed the note."
    else:
        message = f"Tagged “{quote}” as {Label(label).label.lower()}."
    return _after_change(request, article, start, end, message)


@require_POST
def annotation_delete(request: HttpRequest, pk: int, ann: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    # Someone else's annotation is a 404, as if it did not exist.
    annotation = get_object_or_404(
        Annotation.objects.editable_by(request.user), pk=ann, article=article
    )
    seen_version = request.POST.get("version", "")
    seen_version = int(seen_version) if seen_version.isdigit() else None
    with transaction.atomic():
        Article.objects.select_for_update().filter(pk=article.pk).exists()
        rows = Annotation.objects.filter(pk=annotation.pk)
        if seen_version is not None:
            rows = rows.filter(version=seen_version)
        if not rows.delete()[0]:
            current = Annotation.objects.filter(pk=annotation.pk).first()
            if current is not None:  # changed since the page showed it: not ours to drop
                return _tag_conflict(current)
        article.refresh_progress()
    if annotation.orphaned:  # its offsets are stale: nothing on the page to patch
        return HttpResponseClientRefresh() if request.htmx else redirect(article)
    message = f"Removed the tag on “{_short(annotation.quote)}”."
    return _after_change(request, article, annotation.start, annotation.end, message)


@require_POST
def annotation_update(request: HttpRequest, pk: int, ann: int) -> HttpResponse:
    """A new label (or note) for any tag a user may change, from the version they saw."""
    article = get_object_or_404(Article, pk=pk)
    annotation = get_object_or_404(
        Annotation.objects.editable_by(request.user), pk=ann, article=article
    )
    form = AnnotationChangeForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(form.error_text(), content_type="text/plain")
    changes = {"label": form.cleaned_data["label"]}
    if "note" in request.POST:
        changes["note"] = form.cleaned_data["note"]
    # One UPDATE: of two changes made from the same version, the second finds it moved on.
    changed = Annotation.objects.filter(pk=ann, version=form.cleaned_data["version"]).update(
        **changes, version=F("version") + 1, updated_at=timezone.now()
    )
    if not changed:
        current = Annotation.objects.filter(pk=ann).first()
        if current is None:
            return HttpResponse(
                "This tag was removed while you were looking; reload to see the page as it is.",
                status=409,
                content_type="text/plain",
            )
        return _tag_conflict(current)
    message = f"Tagged “{_short(annotation.quote)}” as {Label(changes['label']).label.lower()}."
    return _after_change(request, article, annotation.start, annotation.end, message)


def _tag_conflict(current: Annotation) -> HttpResponse:
    return HttpResponse(
        f"Someone changed this tag to “{current.get_label_display()}” while you were "
        "looking, so your change was not saved. Reload to see it, then try again.",
        status=409,
        content_type="text/plain",
    )


def _text_changed() -> HttpResponse:
    return HttpResponse(
        "The article's text was edited while you were looking, so your tag was not saved. "
        "Reload the page and tag again.",
        status=409,
        content_type="text/plain",
    )


def _after_change(
    request: HttpRequest, article: Article, start: int, end: int, message: str
) -> HttpResponse:
    """htmx gets the paragraphs the span touches, the panel and an announcement."""
    if not request.htmx:
        return redirect(article)
    if request.headers.get("X-Article-Sha") not in (None, article.text_sha256):
        return HttpResponseClientRefresh()  # the text changed under the page: reload it
    paragraphs = article.paragraphs()
    touched = renderlib.paragraphs_touching(paragraphs, start, end)
    if not touched:
        return HttpResponseClientRefresh()
    p_start, p_end = paragraphs[touched[0]][0], paragraphs[touched[-1]][1]
    live = article.annotations.filter(orphaned=False)
    near = live.filter(start__lt=p_end, end__gt=p_start)
    marks, _ = marks_for(article, request.user, near)
    labels = dict.fromkeys(Label.values, 0)
    labels.update(live.values_list("label").annotate(n=Count("id")).order_by())
    context = {
        "article": article,
        "paragraphs": renderlib.render_paragraphs(
            article.text, paragraphs, article.sentences, marks, only=touched, oob=True
        ),
        "labels": label_rows(labels),
        "message": message,
        "oob": True,
        **progress(article),
        **panel_context(article, request.user),
    }
    return render(request, "annotate/article_detail.html#changes", context)


def _short(quote: str, limit: int = 60) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"
