"""/api/v1/insights: shares by outlet, month or editor, as /insights.json says."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router
from pydantic import BaseModel

from annotate.api.errors import ApiError, responses
from annotate.insight_views import _row_dicts, _rows
from annotate.models import Label, Status

router = Router(tags=["insights"])


class Row(BaseModel):
    key: str | None
    articles: int
    sentences: int
    words: int
    hype: int
    speculation: int
    fact: int
    disputed: int
    untagged: int
    hype_per_1000_words: float


class Insights(BaseModel):
    by: Literal["outlet", "month", "editor"]
    rows: list[Row]


@router.get("", response=responses({200: Insights}, 400))
def insights(
    request: HttpRequest,
    by: Literal["outlet", "month", "editor"] = "outlet",
    status: Status | None = None,
    label: Label | None = Query(None, description="Articles with a span of this label."),
    editor: str | None = Query(None, description="Articles this editor tagged (username)."),
    since: date | None = Query(None, description="Added on or after (YYYY-MM-DD)."),
    until: date | None = Query(None, description="Added on or before (YYYY-MM-DD)."),
    outlet: str | None = None,
):
    """Sentences by category per group, with the export's filters (the page's own code:
    the query string is read as /insights.json reads it)."""
    form, rows = _rows(request)
    if form.errors:
        field = next(iter(form.errors))
        raise ApiError(400, form.error_text(), None if field == "__all__" else field)
    return {"by": form.cleaned_data["by"], "rows": _row_dicts(rows)}
