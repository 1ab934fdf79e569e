"""The bulk export (any format, filtered, streamed) and the import page for leads."""

from __future__ import annotations

import itertools

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from annotate import formats
from annotate.formats import ImportFailure, parse
from annotate.forms import ExportForm, ImportForm
from annotate.importing import import_documents
from annotate.models import Article, is_lead, iso

EXPORT_CHUNK = 100  # articles read at a time: memory stays flat whatever the export's size


@require_GET
def export(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(form.error_text(), content_type="text/plain")
    fmt, history = form.cleaned_data["format"], form.cleaned_data["history"]
    # Events name every editor's past tags, blind articles' too: leads read all of it.
    if history and not is_lead(request.user):
        raise PermissionDenied("Only leads export history: ask a lead for it.")
    written = formats.FORMATS[fmt]
    articles = Article.objects.filtered(**form.filters())
    docs = articles.documents(chunk_size=EXPORT_CHUNK, viewer=request.user, history=history)
    detail = reverse("annotate:article_detail", args=[0])
    chunks = formats.stream(
        fmt,
        docs,
        exported_at=iso(timezone.now()),
        article_url=lambda doc: request.build_absolute_uri(
            detail.replace("/0/", f"/{doc['article']['id']}/")
        ),
        annotation_base_url="urn:uuid:",
        layer=form.cleaned_data["layer"],
    )
    if form.cleaned_data["bom"]:
        chunks = itertools.chain(["\ufeff"], chunks)
    content_type = f"{written.content_type}; charset=utf-8"
    response = StreamingHttpResponse(chunks, content_type=content_type)
    filename = f"annotate-{fmt}-{timezone.now():%Y-%m-%d}{written.extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    if not is_lead(request.user):
        raise PermissionDenied(
            "Only leads can import articles: ask a lead to import the file for you."
        )
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        try:
            upload = form.cleaned_data["file"]
            docs = parse(upload.read().decode("utf-8"))
            context["result"] = import_documents(
                docs,
                default_editor=request.user.get_username(),
                skip_changed=form.cleaned_data["skip_changed"],
                file_name=upload.name,
                by=request.user,
            )
        except UnicodeDecodeError as error:
            context["failure"] = f"This is not UTF-8 text (byte {error.start})."
        except ImportFailure as failure:
            context["failure"] = str(failure)
    status = 400 if "failure" in context or form.errors else 200
    return render(request, "annotate/import.html", context, status=status)
