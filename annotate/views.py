from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import DatabaseError, connection, transaction
from django.db.models import CharField, Count, F, FloatField, Func, IntegerField, Q
from django.db.models.functions import Cast, NullIf
from django.http import (
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
from django_htmx.http import HttpResponseClientRefresh

from annotate import render as renderlib
from annotate.forms import (
    AnnotationChangeForm,
    AnnotationForm,
    ArticleEditForm,
    ArticleForm,
    StatusForm,
)
from annotate.models import (
    LABEL_DEFINITIONS,
    LABEL_KEYS,
    Annotation,
    Article,
    Label,
    Status,
    count_tagged,
    is_lead,
    one_snapshot,
)

PAGE_SIZE = 25
EXPORT_FORMATS = [
    ("json", "JSON"),
    ("jsonl", "JSON Lines"),
    ("w3c", "W3C Web Annotation"),
    ("labelstudio", "Label Studio"),
    ("doccano", "doccano"),
]


class _JSONArrayLength(Func):
    function = "json_array_length"  # SQLite; PostgreSQL's jsonb has its own name
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="jsonb_array_length", **extra)


_PROGRESS = Cast(F("sentences_tagged"), FloatField()) / NullIf(_JSONArrayLength("sentences"), 0)

# The list's sort keys: a fixed set, so the query string never names a field.
SORTS = {
    "newest": ("Newest first", ["-created_at", "-id"]),
    "oldest": ("Oldest first", ["created_at", "id"]),
    "title": ("Title A–Z", ["title", "id"]),
    "progress": ("Least tagged first", [_PROGRESS.asc(nulls_last=True), "-created_at", "-id"]),
}


@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.with_counts()
    # No stored title holds a NUL, and PostgreSQL refuses one in a query: drop it.
    q = request.GET.get("q", "").replace("\x00", "").strip()
    if q:
        articles = articles.filter(Q(title__icontains=q) | Q(outlet__icontains=q))
    status = request.GET.get("status", "")
    if status in Status.values:
        articles = articles.filter(status=status)
    sort = request.GET.get("sort", "")
    if sort not in SORTS:
        sort = "newest"
    articles = articles.order_by(*SORTS[sort][1])
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "status": status,
        "statuses": Status.choices,
        "sort": sort,
        "sorts": [(key, name) for key, (name, _) in SORTS.items()],
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
    marks, labels = _marks(article, request.user, article.annotations.filter(orphaned=False))
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
            "labelNames": dict(Label.choices),
            "loginUrl": reverse("login"),
            "canEditAll": is_lead(request.user),
        },
        **_progress(article, [(m.start, m.end) for m in marks]),
        **_panel_context(article, request.user),
        "can_edit": article.created_by_id == request.user.pk or is_lead(request.user),
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
    changed = article.set_status(status, seen_version=seen)
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
        **_panel_context(article, request.user),
    }
    return render(request, "annotate/article_detail.html#status-changed", context)


@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    if not (article.created_by_id == request.user.pk or is_lead(request.user)):
        return HttpResponseForbidden(
            "Only the editor who added this article, or a lead, may edit it.",
            content_type="text/plain",
        )
    form = ArticleEditForm(request.POST or None, instance=article)
    if request.method == "POST" and form.is_valid():
        orphaned = article.edit(
            seen_version=form.cleaned_data["version"],
            **{name: form.cleaned_data[name] for name in ArticleEditForm.Meta.fields},
        )
        if orphaned is not None:
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
    with one_snapshot():
        article = get_object_or_404(Article.objects.with_annotations(), pk=pk)
        document = article.to_document()
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
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
    marks, _ = _marks(article, request.user, near)
    labels = dict.fromkeys(Label.values, 0)
    labels.update(live.values_list("label").annotate(n=Count("id")).order_by())
    total = len(article.sentences)
    context = {
        "article": article,
        "paragraphs": renderlib.render_paragraphs(
            article.text, paragraphs, article.sentences, marks, only=touched, oob=True
        ),
        "labels": _label_rows(labels),
        "message": message,
        "oob": True,
        # Kept exact by refresh_progress() whenever a span is added or removed.
        "sentences_total": total,
        "sentences_tagged": article.sentences_tagged,
        "progress_percent": article.progress_percent(),
        **_panel_context(article, request.user),
    }
    return render(request, "annotate/article_detail.html#changes", context)


def _panel_context(article: Article, user) -> dict:
    return {
        "statuses": Status.choices,
        "can_set_status": is_lead(user),
        "orphans": article.annotations.filter(orphaned=True).select_related("editor"),
    }


def _marks(article: Article, user, annotations) -> tuple[list[renderlib.Mark], dict[str, int]]:
    # updated_at comes as text: parsing thousands of datetimes (and making them aware) was
    # the largest cost of the annotate page, on SQLite and on PostgreSQL alike.
    rows = annotations.annotate(updated_text=Cast("updated_at", CharField())).values_list(
        "id",
        "start",
        "end",
        "label",
        "note",
        "editor_id",
        "editor__username",
        "updated_text",
        "version",
    )
    labels = dict.fromkeys(Label.values, 0)
    # Looked up once, not per row: with thousands of annotations, Label(label),
    # timezone.localtime() and the lazy request.user dominated the page's time.
    names = dict(Label.choices)
    minute = _utc_minute_formatter()
    user_pk = user.pk
    marks = []
    for ann_id, start, end, label, note, editor_id, username, updated_text, version in rows:
        labels[label] += 1
        when = minute(updated_text)
        title = f"{names[label]} · {username} · {when}"
        if note:
            title += f" · {note}"
        marks.append(
            renderlib.Mark(
                ann_id,
                start,
                end,
                label,
                title,
                mine=editor_id == user_pk,
                version=version,
                editor=username,
                when=when,
                note=note,
            )
        )
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
