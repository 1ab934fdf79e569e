"""The tag, relabel and remove views: htmx gets back only the fragments that change."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from annotate import layer_switch
from annotate import render as renderlib
from annotate.forms import AnnotationChangeForm, AnnotationForm
from annotate.models import Annotation, Article, Conflict, Label
from annotate.page import heading_levels, marks_for, panel_context, progress


@require_POST
def annotation_create(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    form = AnnotationForm(request.POST, article=article)
    if not form.is_valid():
        return HttpResponseBadRequest(form.error_text(), content_type="text/plain")
    start, end, label = (form.cleaned_data[k] for k in ("start", "end", "label"))
    note = form.cleaned_data["note"] if "note" in request.POST else None
    try:
        before, _ = article.tag(
            editor=request.user,
            start=start,
            end=end,
            label=label,
            note=note,
            seen_sha=request.headers.get("X-Article-Sha") or request.POST.get("sha"),
            seen_version=form.cleaned_data["version"],
            suggested_by=form.cleaned_data["suggested_by"] or None,
        )
    except Conflict as conflict:
        return _conflict(conflict)
    quote = _short(article.text[start:end])
    if before is not None and before.label == label and note is not None:
        message = f"Saved the note on “{quote}”." if note else "Removed the note."
    else:
        message = f"Tagged “{quote}” as {Label(label).label.lower()}."
        if form.cleaned_data["suggested_by"]:
            message = "Accepted the suggestion: " + message[0].lower() + message[1:]
    return _after_change(request, article, start, end, message)


@require_POST
def annotation_delete(request: HttpRequest, pk: int, ann: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    # Someone else's annotation is a 404, as if it did not exist.
    annotation = get_object_or_404(
        Annotation.objects.editable_by(request.user), pk=ann, article=article
    )
    annotation.article = article  # one instance: the recount of what it says lands here
    seen_version = request.POST.get("version", "")
    try:
        annotation.remove(
            seen_version=int(seen_version) if seen_version.isdigit() else None, by=request.user
        )
    except Conflict as conflict:
        return _conflict(conflict)
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
    annotation.article = article  # one instance: the recount of what it says lands here
    form = AnnotationChangeForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(form.error_text(), content_type="text/plain")
    label = form.cleaned_data["label"]
    note = form.cleaned_data["note"] if "note" in request.POST else None
    try:
        annotation.change(
            seen_version=form.cleaned_data["version"], label=label, note=note, by=request.user
        )
    except Conflict as conflict:
        return _conflict(conflict)
    message = f"Tagged “{_short(annotation.quote)}” as {Label(label).label.lower()}."
    return _after_change(request, article, annotation.start, annotation.end, message)


@require_POST
def annotation_reattach(request: HttpRequest, pk: int, ann: int) -> HttpResponse:
    """Find an orphan again: set it down on the words the editor selected, with the checks
    of a tag (offsets, whole characters, the quote the browser saw, one tag per span)."""
    article = get_object_or_404(Article, pk=pk)
    annotation = get_object_or_404(
        Annotation.objects.editable_by(request.user), pk=ann, article=article
    )
    form = AnnotationForm({**request.POST.dict(), "label": annotation.label}, article=article)
    if not form.is_valid():
        return HttpResponseBadRequest(form.error_text(), content_type="text/plain")
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    annotation.article = article  # the text the form checked the span against
    try:
        annotation.reattach(
            start=start,
            end=end,
            seen_sha=request.headers.get("X-Article-Sha") or request.POST.get("sha"),
            by=request.user,
        )
    except Conflict as conflict:
        return _conflict(conflict)
    message = f"Found the tag again: it sits on “{_short(annotation.quote)}” now."
    return _after_change(request, article, start, end, message)


def _conflict(conflict: Conflict) -> HttpResponse:
    return HttpResponse(str(conflict), status=409, content_type="text/plain")


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
    layer = layer_switch.choose(article, request.user, request.GET.get("layer", ""))
    live = layer_switch.shown(layer, article, request.user)
    near = live.filter(start__lt=p_end, end__gt=p_start)
    marks, _ = marks_for(article, request.user, near)
    ends = [end for _, end in article.sentences]
    sentences = range(bisect_right(ends, p_start), bisect_left(ends, p_end) + 1)
    context = {
        "article": article,
        "paragraphs": renderlib.render_paragraphs(
            article.text,
            paragraphs,
            article.sentences,
            marks,
            only=touched,
            oob=True,
            sentence_extra=layer_switch.sentence_extras(layer, article, marks, sentences),
            headings=heading_levels(article),
        ),
        "message": message,
        "undo": True,
        "oob": True,
        **progress(article, request.user),
        **panel_context(article, request.user),
    }
    return render(request, "annotate/article_detail.html#changes", context)


def _short(quote: str, limit: int = 60) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"
