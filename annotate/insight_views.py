"""Insights (shares by outlet, month or editor, as charts, JSON and CSV) and the printable
report of one article."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from annotate import charts, insights
from annotate.formats.csv import csv_lines
from annotate.forms import InsightsForm
from annotate.models import Article
from annotate.report import report_context

FILTER_KEYS = ("status", "label", "editor", "since", "until", "outlet")


def _rows(request: HttpRequest) -> tuple[InsightsForm, list[insights.Row]]:
    form = InsightsForm(request.GET)
    if not form.is_valid():
        return form, []
    data = form.cleaned_data
    # Blind work: an editor's figures leave out the blind articles they have not finished.
    articles = Article.objects.open_to(request.user).filtered(**form.filters())
    return form, articles.insights(data["by"], editor=data["editor"])


def _query(form: InsightsForm, **changes) -> dict[str, str]:
    """The request's filters as query parameters (`changes` replace or drop some)."""
    query = {k: form.data.get(k, "") for k in FILTER_KEYS if form.data.get(k)}
    for key, value in changes.items():
        if value:
            query[key] = value
        else:
            query.pop(key, None)
    return query


def _row_dicts(rows: list[insights.Row]) -> list[dict]:
    return [{**row.as_dict(), "hype_per_1000_words": row.hype_per_1000_words} for row in rows]


@require_GET
def insights_page(request: HttpRequest) -> HttpResponse:
    form, rows = _rows(request)
    if form.errors:
        return HttpResponseBadRequest(form.error_text(), content_type="text/plain")
    by = form.cleaned_data["by"]
    values = [(row.key, [row.counts[c] for c in insights.CATEGORIES]) for row in rows]
    chart = (
        charts.stacked_areas(values, insights.CATEGORIES)
        if by == "month"
        else charts.stacked_bars(values, insights.CATEGORIES)
    )
    articles = reverse("annotate:article_list")
    # `by=editor` links to the articles the editor tagged (the list's editor filter).
    # Articles with no outlet cannot be picked out by the list's filter: no link.
    links = [
        f"{articles}?{urlencode(_query(form, **{by: row.key}))}" if row.key else None
        for row in rows
    ]
    table = [
        {
            "row": row,
            "link": link,
            "cells": [(c, row.counts[c], row.percent(c)) for c in insights.CATEGORIES],
        }
        for row, link in zip(rows, links, strict=True)
    ]
    context = {
        "form": form,
        "by": by,
        "groupings": [(g, f"?{urlencode({**_query(form), 'by': g})}") for g in insights.GROUPINGS],
        "periods": _periods(form, by),
        "chart": chart,
        "marks": list(zip(chart.columns if by == "month" else chart.bars, links, strict=True)),
        "table": table,
        "total": insights.total(rows),
        "categories": [(c, insights.CATEGORY_NAMES[c]) for c in insights.CATEGORIES],
        "data_query": urlencode({**_query(form), "by": by}),
    }
    return render(request, "annotate/insights.html", context)


def _periods(form: InsightsForm, by: str) -> list[tuple[str, str]]:
    """Links to this page over all time, this quarter and the last (dates added)."""
    today = timezone.localdate()
    links = [("All time", _query(form, by=by, since="", until=""))]
    for name, back in (("This quarter", 0), ("Last quarter", 1)):
        first, last = insights.quarter(today, back)
        links.append((name, _query(form, by=by, since=str(first), until=str(last))))
    return [(name, f"?{urlencode(query)}") for name, query in links]


@require_GET
def insights_json(request: HttpRequest) -> HttpResponse:
    form, rows = _rows(request)
    if form.errors:
        return JsonResponse({"error": form.error_text()}, status=400)
    return JsonResponse(
        {"by": form.cleaned_data["by"], "rows": _row_dicts(rows)},
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def insights_csv(request: HttpRequest) -> HttpResponse:
    form, rows = _rows(request)
    if form.errors:
        return HttpResponseBadRequest(form.error_text(), content_type="text/plain")
    columns = (*insights.COLUMNS, "hype_per_1000_words")
    lines = csv_lines([columns, *([d[c] for c in columns] for d in _row_dicts(rows))])
    body = ("\ufeff" if form.cleaned_data["bom"] else "") + "".join(lines)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    by = form.cleaned_data["by"]
    filename = f"annotate-insights-{by}-{timezone.now():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def article_report(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("created_by"), pk=pk)
    return render(request, "annotate/report.html", report_context(article))
