"""Adjudication, for leads: the review page, verdicts, accepting what editors agree on, and
the queue of articles waiting for a lead."""

from __future__ import annotations

from bisect import bisect_right

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from annotate.forms import VerdictForm
from annotate.models import NONE, Article, Verdict, VerdictLabel, is_lead
from annotate.models.adjudicating import Review
from annotate.review_render import VerdictView, rows_html
from annotate.spliced import render_spliced

NOT_A_LEAD = "Only a lead may review articles and decide verdicts."
TEXT_CHANGED_SINCE = (
    "The article's text was edited while you were reviewing, so the verdict was not saved. "
    "Reload the page and decide again."
)
# "None" beside Hype and Fact: a value like the others, as the keys and the bar say.
NAMES = {**dict(VerdictLabel.choices), NONE: "None"}


def _lead_only(request: HttpRequest) -> None:
    if not is_lead(request.user):
        raise PermissionDenied(NOT_A_LEAD)


def _forbidden() -> HttpResponse:
    return HttpResponse(NOT_A_LEAD, status=403, content_type="text/plain")


@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    _lead_only(request)
    articles = Article.objects.awaiting_review().select_related("created_by")
    page = Paginator(articles, 25).get_page(request.GET.get("page"))
    return render(request, "annotate/review_queue.html", {"page": page})


@require_GET
def article_review(request: HttpRequest, pk: int) -> HttpResponse:
    _lead_only(request)
    article = get_object_or_404(Article, pk=pk)
    review = article.review()
    context = {
        "article": article,
        "review": review,
        **_summary(review),
        "page_data": {
            "decideUrl": reverse("annotate:verdict_create", args=[article.pk]),
            "deleteUrl": reverse("annotate:verdict_delete", args=[article.pk, 0]),
            "labelNames": NAMES,
            "sha": article.text_sha256,
        },
    }
    rows = [_rows(article, review)]
    return render_spliced(request, "annotate/review.html", context, "rows_html", rows)


@require_POST
def verdict_create(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    if not is_lead(request.user):
        return _forbidden()
    seen_sha = request.headers.get("X-Article-Sha") or request.POST.get("sha")
    if seen_sha not in (None, article.text_sha256):  # the offsets are the old text's
        return HttpResponse(TEXT_CHANGED_SINCE, status=409, content_type="text/plain")
    form = VerdictForm(request.POST, article=article)
    if not form.is_valid():
        return HttpResponseBadRequest(form.error_text(), content_type="text/plain")
    start, end, label, note = (form.cleaned_data[k] for k in ("start", "end", "label", "note"))
    article.decide(lead=request.user, start=start, end=end, label=label, note=note)
    message = f"Decided “{_short(article.text[start:end])}”: {NAMES[label].lower()}."
    return _after_decision(request, article, start, end, message)


@require_POST
def verdict_delete(request: HttpRequest, pk: int, v: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    if not is_lead(request.user):
        return _forbidden()
    verdict = get_object_or_404(Verdict, pk=v, article=article)
    verdict.remove(by=request.user)
    article.refresh_from_db()
    message = f"Removed the verdict on “{_short(verdict.quote)}”."
    return _after_decision(request, article, verdict.start, verdict.end, message)


@require_POST
def verdicts_accept_unanimous(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    if not is_lead(request.user):
        return _forbidden()
    decided = article.accept_unanimous(request.user)
    message = f"{decided} sentence{'' if decided == 1 else 's'} decided."
    if not request.htmx:
        messages.success(request, message)
        return redirect("annotate:article_review", pk=article.pk)
    review = article.review()
    context = {"message": message, "oob": True, **_summary(review)}
    rows = [_rows(article, review)]
    return render_spliced(request, "annotate/review.html#all-changed", context, "rows_html", rows)


def _after_decision(
    request: HttpRequest, article: Article, start: int, end: int, message: str
) -> HttpResponse:
    """htmx gets the rows of the sentences the span touches, the summary and a message."""
    ends = [e for _, e in article.sentences]
    first = bisect_right(ends, start)
    if not request.htmx:
        url = reverse("annotate:article_review", args=[article.pk])
        return redirect(f"{url}#r-{first}")
    review = article.review()
    touched = range(first, first + 1)
    while touched.stop < len(ends) and article.sentences[touched.stop][0] < end:
        touched = range(first, touched.stop + 1)
    context = {
        "article": article,
        "rows_html": mark_safe(_rows(article, review, touched, oob=True)),
        "message": message,
        "oob": True,
        **_summary(review),
    }
    return render(request, "annotate/review.html#rows-changed", context)


def _rows(article: Article, review: Review, only: range | None = None, *, oob: bool = False) -> str:
    """The review's rows (or those in ``only``) as HTML, escaped."""
    rows = review.rows if only is None else review.rows[only.start : only.stop]
    shown: dict[int, VerdictView] = {}
    for row in rows:
        if row.verdict is not None and row.verdict not in shown:
            v = review.verdicts[row.verdict]
            at = timezone.localtime(v.decided_at)
            shown[row.verdict] = VerdictView(
                v.pk,
                v.label,
                v.decided_by.get_username(),
                at.isoformat(),
                f"{at:%Y-%m-%d %H:%M}",
                v.note,
            )
    return rows_html(rows, article.text, NAMES, shown, oob=oob)


def _summary(review: Review) -> dict:
    disputed = [row for row in review.rows if row.disputed]
    return {
        "editors": review.editors,
        "n_sentences": len(review.rows),
        "n_agree": sum(row.agree for row in review.rows),
        "n_disputed": len(disputed),
        "n_open": sum(row.verdict is None for row in disputed),
        "n_unanimous_open": sum(row.agree and row.verdict is None for row in review.rows),
        "n_verdicts": len(review.verdicts),
        "none": NONE,
    }


def _short(quote: str, limit: int = 60) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"
