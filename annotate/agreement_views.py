"""Agreement between editors' finished layers: one article's, and pooled over the
articles an export's filters choose (annotate.agreement does the measuring)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from annotate import agreement
from annotate.forms import ExportForm
from annotate.models import Article, Status, article_agreement

MEASURED_SHOWN = 200  # articles linked from the page; the figures pool all of them
BLIND = (
    "This article is blind: its agreement shows once you have finished your own layer "
    "(the Finished button on the article's page)."
)


@require_GET
def article_agreement_json(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.only("id", "sentences", "headings", "blind"), pk=pk)
    if article.hides_others_from(request.user):
        return JsonResponse({"error": BLIND}, status=403)
    return JsonResponse(article_agreement(article))


@require_GET
def agreement_json(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(form.error_text(), content_type="text/plain")
    return JsonResponse(agreement.pooled_agreement(_articles(request, form).measured()))


@require_GET
def agreement_page(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(form.error_text(), content_type="text/plain")
    articles = _articles(request, form)
    finished = Count("layers", filter=Q(layers__finished_at__isnull=False))
    measured = articles.annotate(finished=finished).filter(finished__gte=2).order_by("-id")
    context = {
        "result": agreement.pooled_agreement(articles.measured()),
        "measured": measured.values_list("id", "title", "finished", "blind")[:MEASURED_SHOWN],
        "shown": MEASURED_SHOWN,
        "query": urlencode([(k, v) for k, v in request.GET.items() if k in form.fields]),
        "statuses": Status.choices,
        **{key: request.GET.get(key, "") for key in ("status", "since", "until")},
    }
    return render(request, "annotate/agreement.html", context)


def _articles(request: HttpRequest, form: ExportForm):
    """The articles the export's filters choose that are open to the requester: a blind
    article counts for an editor once they have finished their layer on it."""
    return Article.objects.filtered(**form.filters()).open_to(request.user)
