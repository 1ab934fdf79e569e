from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import DatabaseError, connection, transaction
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from annotate import render as renderlib
from annotate.forms import AnnotationForm, ArticleForm
from annotate.models import (
    LABEL_DEFINITIONS,
    LABEL_KEYS,
    Annotation,
    Article,
    Label,
    Status,
    count_tagged,
    is_lead,
)

PAGE_SIZE = 25
EXPORT_FORMATS = [
    ("json", "JSON"),
    ("jsonl", "JSON Lines"),
    ("w3c", "W3C Web Annotation"),
    ("labelstudio", "Label Studio"),
    ("doccano", "doccano"),
]


@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.with_counts()
    q = request.GET.get("q", "").strip()
    if q:
        articles = articles.filter(Q(title__icontains=q) | Q(outlet__icontains=q))
    status = request.GET.get("status", "")
    if status in Status.values:
        articles = articles.filter(status=status)
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "status": status,
        "statuses": Status.choices,
        "export_query": urlencode({"status": status}) if status else "",
        "export_formats": EXPORT_FORMATS,
        "can_import": is_lead(request.user),
    }
    return render(request, "annotate/article_list.html", context)


@require_http_methods(["GET", "POST"])
def article_create(request: HttpRequest) -> HttpResponse:
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        article = form.save()
        return redirect(article)
    return render(request, "annotate/article_form.html", {"form": form})


@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("created_by"), pk=pk)
    marks, labels = _marks(article, request.user, article.annotations.all())
    paragraphs = renderlib.render_paragraphs(
        article.text, article.paragraphs(), article.sentences, marks
    )
    context = {
        "article": article,
        "export_query": urlencode({"article": article.pk}),
        "export_formats": EXPORT_FORMATS,
        "paragraphs": paragraphs,
        "labels": _label_rows(labels),
        "page_data": {
            "tagUrl": reverse("annotate:annotation_create", args=[article.pk]),
            "deleteUrl": reverse("annotate:annotation_delete", args=[article.pk, 0]),
            "keys": {key: label.value for label, keys in LABEL_KEYS.items() for key in keys},
        },
        **_progress(article, [(m.start, m.end) for m in marks]),
    }
    return render(request, "annotate/article_detail.html", context)


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
    with transaction.atomic():
        # Tags on one article queue behind each other, so its progress count stays exact.
        Article.objects.select_for_update().filter(pk=article.pk).exists()
        Annotation.objects.update_or_create(
            article=article, editor=request.user, start=start, end=end, defaults=defaults
        )
        article.refresh_progress()
    message = f"Tagged “{_short(article.text[start:end])}” as {Label(label).label.lower()}."
    return _after_change(request, article, start, end, message)


@require_POST
def annotation_delete(request: HttpRequest, pk: int, ann: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    # Someone else's annotation is a 404, as if it did not exist.
    annotation = get_object_or_404(
        Annotation.objects.editable_by(request.user), pk=ann, article=article
    )
    with transaction.atomic():
        Article.objects.select_for_update().filter(pk=article.pk).exists()
        annotation.delete()
        article.refresh_progress()
    message = f"Removed the tag on “{_short(annotation.quote)}”."
    return _after_change(request, article, annotation.start, annotation.end, message)


@require_GET
def article_export(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.with_annotations(), pk=pk)
    response = JsonResponse(article.to_document(), json_dumps_params={"ensure_ascii": False})
    filename = f"article-{article.pk}-{timezone.now():%Y-%m-%d}.json"
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
    p_start, p_end = paragraphs[touched[0]][0], paragraphs[touched[-1]][1]
    near = article.annotations.filter(start__lt=p_end, end__gt=p_start)
    marks, _ = _marks(article, request.user, near)
    labels = dict.fromkeys(Label.values, 0)
    spans = []
    for a_start, a_end, a_label in article.annotations.values_list("start", "end", "label"):
        labels[a_label] += 1
        spans.append((a_start, a_end))
    context = {
        "article": article,
        "paragraphs": renderlib.render_paragraphs(
            article.text, paragraphs, article.sentences, marks, only=touched, oob=True
        ),
        "labels": _label_rows(labels),
        "message": message,
        "oob": True,
        **_progress(article, spans),
    }
    return render(request, "annotate/article_detail.html#changes", context)


def _marks(article: Article, user, annotations) -> tuple[list[renderlib.Mark], dict[str, int]]:
    # updated_at comes as text: parsing thousands of datetimes (and making them aware) was
    # the largest cost of the annotate page, on SQLite and on PostgreSQL alike.
    rows = annotations.annotate(updated_text=Cast("updated_at", CharField())).values_list(
        "id", "start", "end", "label", "note", "editor_id", "editor__username", "updated_text"
    )
    labels = dict.fromkeys(Label.values, 0)
    # Looked up once, not per row: with thousands of annotations, Label(label),
    # timezone.localtime() and the lazy request.user dominated the page's time.
    names = dict(Label.choices)
    minute = _utc_minute_formatter()
    user_pk = user.pk
    marks = []
    for ann_id, start, end, label, note, editor_id, username, updated_text in rows:
        labels[label] += 1
        title = f"{names[label]} · {username} · {minute(updated_text)}"
        if note:
            title += f" · {note}"
        marks.append(renderlib.Mark(ann_id, start, end, label, title, mine=editor_id == user_pk))
    return marks, labels


def _utc_minute_formatter():
    """A function of a UTC timestamp as the database writes it ("2026-11-27 03:04:05.123+00",
    the connection's time zone being UTC) to "2026-11-27 03:04" in the current time zone."""
    if timezone.get_current_timezone_name() in ("UTC", "Etc/UTC"):
        return lambda text: text[:16]
    tz = timezone.get_current_timezone()

    def local(text: str) -> str:
        moment = datetime.fromisoformat(text[:19]).replace(tzinfo=UTC)
        return f"{moment.astimezone(tz):%Y-%m-%d %H:%M}"

    return local


def _label_rows(counts: dict[str, int]) -> list[dict]:
    return [
        {
            "value": label.value,
            "name": label.label,
            "count": counts[label.value],
            "definition": LABEL_DEFINITIONS[label],
            "keys": LABEL_KEYS[label],
        }
        for label in LABEL_KEYS
    ]


def _progress(article: Article, spans) -> dict:
    total = len(article.sentences)
    tagged = count_tagged(article.sentences, spans)
    return {
        "sentences_total": total,
        "sentences_tagged": tagged,
        "progress_percent": round(100 * tagged / total) if total else 0,
    }


def _short(quote: str, limit: int = 60) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"
