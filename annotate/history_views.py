"""An article's history (the page, its JSON, the article as it was at a moment) and undo."""

from __future__ import annotations

from datetime import date, datetime

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh

from annotate import history_page
from annotate.annotation_views import _after_change, _conflict
from annotate.models import Annotation, Article, Conflict, Event, Kind

PAGE_SIZE = 50


@require_GET
def article_history(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("created_by"), pk=pk)
    if request.GET.get("at"):
        return _as_of(request, article)
    events, filters = _events(request, article)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "article": article,
        "page": page,
        # Counted without the join to the undone event, which made COUNT read them all.
        "rows": history_page.rows(list(page.object_list.values(*history_page.ROW_COLUMNS))),
        "filters": filters,
        "kinds": Kind.choices,
        "editors": history_page.editors(
            Event.objects.filter(article=article).visible_to(request.user, article)
        ),
        "query": history_page.query_without_page(request.GET),
    }
    return render(request, "annotate/history.html", context)


@require_GET
def article_history_json(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    events, _ = _events(request, article)
    return JsonResponse(events.dicts(), safe=False, json_dumps_params={"ensure_ascii": False})


@require_POST
def article_undo(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    try:
        done = article.undo(request.user)
    except Conflict as conflict:
        return _conflict(conflict)
    if done.orphaned:  # its offsets are stale: nothing on the page to patch
        return HttpResponseClientRefresh() if request.htmx else redirect(article)
    return _after_change(request, article, done.start, done.end, done.message)


def _events(request: HttpRequest, article: Article):
    """The article's events `request.user` may read, newest first, filtered by the query
    string's `editor` (who made the change), `kind` and `annotation` (a tag's id)."""
    events = Event.objects.filter(article=article).visible_to(request.user, article)
    filters = {key: request.GET.get(key, "") for key in ("editor", "kind", "annotation")}
    if filters["editor"]:
        events = events.filter(who_label=filters["editor"])
    if filters["kind"] in Kind.values:
        events = events.filter(kind=filters["kind"])
    if filters["annotation"].isdigit():
        tag = Annotation.objects.filter(pk=filters["annotation"], article=article).first()
        events = events.filter(annotation_uuid=tag.uuid if tag else None)
    return events.order_by("-at", "-id"), filters


def _as_of(request: HttpRequest, article: Article) -> HttpResponse:
    raw = request.GET["at"]
    try:
        moment = datetime.fromisoformat(raw.replace(" ", "T"))
    except ValueError:
        return HttpResponseBadRequest(
            f"“{raw[:40]}” is not a date and time (write 2026-11-28T14:00).",
            content_type="text/plain",
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    pruned = Event.objects.filter(kind=Kind.HISTORY_PRUNED).order_by("-at").first()
    if pruned and timezone.localtime(moment).date() < date.fromisoformat(pruned.after["before"]):
        return HttpResponseBadRequest(
            f"The history before {pruned.after['before'][:10]} was pruned: the article "
            "cannot be shown as it was then.",
            content_type="text/plain",
        )
    past = history_page.as_of(article, moment, request.user)
    return render(
        request, "annotate/history_as_of.html", {"article": article, "moment": moment, **past}
    )
