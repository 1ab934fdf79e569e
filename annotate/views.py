from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.models import F, FloatField, Q, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, NullIf
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotate import layer_switch
from annotate import render as renderlib
from annotate.agreement import SENTENCE_LABELS
from annotate.forms import ArticleEditForm, ArticleForm, ListFilterForm, StatusForm
from annotate.layer_page import list_rows
from annotate.models import LABEL_KEYS, Article, Label, Status, is_lead
from annotate.models.functions import JSONArrayLength
from annotate.page import (
    heading_levels,
    headline_of,
    label_rows,
    marks_for,
    panel_context,
    progress,
)
from annotate.spliced import render_spliced

PAGE_SIZE = 25
EXPORT_FORMATS = [
    ("json", "JSON"),
    ("jsonl", "JSON Lines"),
    ("w3c", "W3C Web Annotation"),
    ("labelstudio", "Label Studio"),
    ("doccano", "doccano"),
    ("csv", "CSV"),
]


def _said(category: str) -> Cast:
    return Cast(KT(f"sentence_labels__{category}"), FloatField())


# Hype share: the article's hype sentences of all its sentences counted by the rule.
_SAID_ALL = sum((_said(c) for c in SENTENCE_LABELS[1:]), _said(SENTENCE_LABELS[0]))
_HYPE_SHARE = _said("hype") / NullIf(_SAID_ALL, Value(0.0))


# Headings do not count in progress (Article.sentences_total).
_BODY_SENTENCES = JSONArrayLength("sentences") - JSONArrayLength("headings")
_PROGRESS = Cast(F("sentences_tagged"), FloatField()) / NullIf(_BODY_SENTENCES, 0)

# The list's sort keys: a fixed set, so the query string never names a field.


SORTS = {
    "newest": ("Newest first", ["-created_at", "-id"]),
    "oldest": ("Oldest first", ["created_at", "id"]),
    "title": ("Title A–Z", ["title", "id"]),
    "progress": ("Least tagged first", [_PROGRESS.asc(nulls_last=True), "-created_at", "-id"]),
    "hype": ("Most hype first", [_HYPE_SHARE.desc(nulls_last=True), "-created_at", "-id"]),
}
# The list's filters beside the search: the export's (and insights' month), kept by every
# link of the page; a bad value is ignored.
LIST_FILTERS = ("outlet", "month", "label", "editor", "since", "until")


@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.listed(request.user)
    # No stored title holds a NUL, and PostgreSQL refuses one in a query: drop it.
    q = request.GET.get("q", "").replace("\x00", "").strip()
    if q:
        articles = articles.filter(Q(title__icontains=q) | Q(outlet__icontains=q))
    status = request.GET.get("status", "")
    if status in Status.values:
        articles = articles.filter(status=status)
    found = ListFilterForm(request.GET).valid_filters()
    found.pop("status", None)
    articles = articles.filtered(**found)
    shown = {k: request.GET[k] for k in LIST_FILTERS if k in found}
    sort = request.GET.get("sort", "")
    if sort not in SORTS:
        sort = "newest"
    articles = articles.order_by(*SORTS[sort][1])
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {"q": q, "status": status, **shown, "sort": sort if sort != "newest" else ""}
    exported = {"status": status, **{k: v for k, v in shown.items() if k != "month"}}
    context = {
        "page": page,
        "rows": list_rows(page.object_list, request.user),
        "q": q,
        "status": status,
        "statuses": Status.choices,
        "sort": sort,
        "sorts": [(key, name) for key, (name, _) in SORTS.items()],
        "export_query": urlencode({k: v for k, v in exported.items() if v}),
        "export_formats": EXPORT_FORMATS,
        "can_import": is_lead(request.user),
        "filters_shown": shown,
        "page_query": urlencode({k: v for k, v in kept.items() if v}),
    }
    return render(request, "annotate/article_list.html", context)


@require_http_methods(["GET", "POST"])
def article_create(request: HttpRequest) -> HttpResponse:
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        article = form.save()
        if form.cleaning_message():
            messages.info(request, form.cleaning_message())
        return redirect(article)
    return render(request, "annotate/article_form.html", {"form": form})


@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("created_by"), pk=pk)
    layer = layer_switch.choose(article, request.user, request.GET.get("layer", ""))
    shown = layer_switch.shown(layer, article, request.user)
    marks, labels = marks_for(article, request.user, shown)
    paragraphs = renderlib.render_paragraphs(
        article.text,
        article.paragraphs(),
        article.sentences,
        marks,
        sentence_extra=layer_switch.sentence_extras(layer, article, marks),
        headings=heading_levels(article),
    )
    context = {
        "article": article,
        "export_query": urlencode({"article": article.pk}),
        "export_formats": EXPORT_FORMATS,
        "labels": label_rows(labels),
        "layer": layer,
        "page_data": {
            "tagUrl": reverse("annotate:annotation_create", args=[article.pk]) + layer.query,
            "deleteUrl": reverse("annotate:annotation_delete", args=[article.pk, 0]) + layer.query,
            "undoUrl": reverse("annotate:article_undo", args=[article.pk]) + layer.query,
            "historyUrl": reverse("annotate:article_history", args=[article.pk]),
            "keys": {key: label.value for label, keys in LABEL_KEYS.items() for key in keys},
            "labelNames": dict(Label.choices),
            "loginUrl": reverse("login"),
            "canEditAll": is_lead(request.user),
            "layers": layer_switch.page_data(layer),
        },
        **progress(article, request.user),
        **panel_context(article, request.user),
        "has_headline": headline_of(article) is not None,
        "can_edit": article.created_by_id == request.user.pk or is_lead(request.user),
    }
    return render_spliced(
        request, "annotate/article_detail.html", context, "article_html", paragraphs
    )


@require_POST
def article_status(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    if not is_lead(request.user):
        return HttpResponseForbidden(
            "Only a lead may set an article's review status.", content_type="text/plain"
        )
    form = StatusForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(form.error_text(), content_type="text/plain")
    status, seen = form.cleaned_data["status"], form.cleaned_data["version"]
    changed = article.set_status(status, seen_version=seen, by=request.user)
    article.refresh_from_db()
    if not changed:
        message = (
            f"Someone changed this article's status to “{article.get_status_display()}” "
            "while you were looking; reload to see it, then try again."
        )
        return HttpResponse(message, status=409, content_type="text/plain")
    if not request.htmx:
        return redirect(article)
    context = {
        "article": article,
        "message": f"Status set to “{article.get_status_display()}”.",
        "oob": True,
        "status_oob": True,
        **panel_context(article, request.user),
    }
    return render(request, "annotate/article_detail.html#status-changed", context)


@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    if not (article.created_by_id == request.user.pk or is_lead(request.user)):
        raise PermissionDenied("Only the editor who added this article, or a lead, may edit it.")
    form = ArticleEditForm(request.POST or None, instance=article)
    if request.method == "POST" and form.is_valid():
        result = article.edit(
            seen_version=form.cleaned_data["version"],
            by=request.user,
            **{name: form.cleaned_data[name] for name in ArticleEditForm.Meta.fields},
        )
        if result is not None:
            for message in (form.cleaning_message(), result.message()):
                if message:
                    messages.info(request, message)
            return redirect(article)
        form.add_error(
            None,
            "Someone changed this article while you were editing it. Your changes were not "
            "saved: copy them, reload the page and edit again.",
        )
        return render(request, "annotate/article_edit.html", {"form": form}, status=409)
    return render(request, "annotate/article_edit.html", {"form": form, "article": article})


@require_GET
def article_export(request: HttpRequest, pk: int) -> HttpResponse:
    # The bulk export's way (annotations as tuples, one snapshot): a model instance per
    # annotation cost more than the rest of the request.
    document = next(Article.objects.filter(pk=pk).documents(viewer=request.user), None)
    if document is None:
        raise Http404("No such article.")
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    filename = f"article-{pk}-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
