"""Finishing one's layer and making an article blind: htmx gets the panel back."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from annotate.models import Article, is_lead
from annotate.page import panel_context, progress

FLAG = {"1": True, "0": False}


@require_POST
def article_finished(request: HttpRequest, pk: int) -> HttpResponse:
    """The requester's own layer, finished or reopened: never anyone else's."""
    article = get_object_or_404(Article, pk=pk)
    finished = FLAG.get(request.POST.get("finished", ""))
    if finished is None:
        return HttpResponseBadRequest("finished: send 1 or 0.", content_type="text/plain")
    hid = article.hides_others_from(request.user)
    article.set_finished(request.user, finished)
    message = (
        "Your layer is finished: what you left untagged counts as no label."
        if finished
        else "Your layer is open again: untagged sentences are not yet read."
    )
    return _panel(request, article, message, refresh=hid != article.hides_others_from(request.user))


@require_POST
def article_blind(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    if not is_lead(request.user):
        return HttpResponseForbidden(
            "Only a lead may make an article blind or stop blind work.", content_type="text/plain"
        )
    blind = FLAG.get(request.POST.get("blind", ""))
    if blind is None:
        return HttpResponseBadRequest("blind: send 1 or 0.", content_type="text/plain")
    article.set_blind(blind, by=request.user)
    message = (
        "Blind work: editors see only their own tags until they finish."
        if blind
        else "Blind work stopped: every editor sees everyone's tags."
    )
    return _panel(request, article, message, refresh=False)


def _panel(request: HttpRequest, article: Article, message: str, *, refresh: bool):
    if not request.htmx:
        return redirect(article)
    if refresh:  # what the page may show changed (blind work): draw it again
        return HttpResponseClientRefresh()
    article.refresh_from_db()
    context = {"article": article, "message": message, "oob": True}
    context.update(panel_context(article, request.user))
    context.update(progress(article, request.user))
    return render(request, "annotate/article_detail.html#panel-changed", context)
