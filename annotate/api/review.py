"""/api/v1/articles/{id}/layers, verdicts, agreement, suggestions and history: what the
pages' JSON says, read by the same code, with the same blind rules."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router
from pydantic import BaseModel, ConfigDict

from annotate.agreement_views import BLIND
from annotate.api.articles import MAX_ID, DocumentVerdict
from annotate.api.errors import ApiError, responses
from annotate.history_views import _events
from annotate.models import Article, Kind, Layer, Verdict, article_agreement, iso
from annotate.models.documents import VERDICT_COLUMNS, verdict_dict
from annotate.suggesting import suggestions_for

router = Router(tags=["review"])


class Open(BaseModel):
    # The pages' JSON may carry more than is documented here: pass all of it on.
    model_config = ConfigDict(extra="allow")


class LayerOut(BaseModel):
    editor: str
    finished_at: str | None = Field(description="UTC, ISO 8601; null while unfinished.")
    counts: dict[str, Any] = Field(
        description="Sentences by the editor's value: fact, speculation, hype, none, missing."
    )


class Pair(Open):
    editors: list[str]
    n: int
    cohen_kappa: float | None
    span_f1_exact: float | None
    span_f1_overlap: float | None


class Agreement(Open):
    """As /articles/{id}/agreement.json."""

    unit: str
    blind: bool
    editors: list[str]
    sentences: int
    alpha: float | None
    gwet_ac1: float | None
    percent_agreement: float | None
    pairs: list[Pair]
    labels: dict[str, Any]
    disputed: list[Any]
    reason: str | None


class Suggestions(Open):
    """As /articles/{id}/suggestions.json."""

    suggestions: list[dict[str, Any]]


class HistoryEvent(BaseModel):
    uuid: str
    at: str
    who: str | None
    kind: str
    annotation: str | None
    verdict: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    undoes: str | None


def _article(article_id: int, *only: str) -> Article:
    rows = Article.objects.only(*only) if only else Article.objects.all()
    found = rows.filter(pk=article_id).first() if 0 < article_id <= MAX_ID else None
    if found is None:
        raise Http404("No such article.")
    return found


@router.get("/{article_id}/layers", response=responses({200: list[LayerOut]}, 404))
def article_layers(request: HttpRequest, article_id: int):
    """Each editor's layer: finished or not, and its counts. Of a blind article an editor
    who has not finished reads only their own."""
    article = _article(article_id)
    layers = Layer.objects.filter(article=article).select_related("editor")
    if article.hides_others_from(request.user):
        layers = layers.filter(editor=request.user)
    return [
        {
            "editor": layer.editor.get_username(),
            "finished_at": iso(layer.finished_at) if layer.finished_at else None,
            "counts": layer.counts,
        }
        for layer in layers.order_by("editor__username")
    ]


@router.get("/{article_id}/verdicts", response=responses({200: list[DocumentVerdict]}, 404))
def article_verdicts(request: HttpRequest, article_id: int):
    """The leads' verdicts, as in the export; none for an editor who has not finished a
    blind article (its export carries none either)."""
    article = _article(article_id)
    if article.hides_others_from(request.user):
        return []
    rows = Verdict.objects.filter(article=article).order_by("start", "end")
    return [verdict_dict(*values) for values in rows.values_list(*VERDICT_COLUMNS)]


@router.get("/{article_id}/agreement", response=responses({200: Agreement}, 403, 404))
def article_agreement_get(request: HttpRequest, article_id: int):
    """Agreement between the finished layers, as agreement.json; 403 for an editor who
    has not finished a blind article."""
    article = _article(article_id, "id", "sentences", "headings", "blind")
    if article.hides_others_from(request.user):
        raise ApiError(403, BLIND)
    return article_agreement(article)


@router.get("/{article_id}/suggestions", response=responses({200: Suggestions}, 404))
def article_suggestions(request: HttpRequest, article_id: int):
    """The sentences' suggestions, as suggestions.json: those you dismissed flagged."""
    return suggestions_for(_article(article_id), request.user)


@router.get("/{article_id}/history", response=responses({200: list[HistoryEvent]}, 404))
def article_history(
    request: HttpRequest,
    article_id: int,
    editor: str | None = Query(None, description="Changes this user made (username)."),
    kind: Kind | None = None,
    annotation: int | None = Query(
        None, ge=1, le=MAX_ID, description="Changes of this tag (its id)."
    ),
):
    """The article's events, newest first, as history.json (the same filters, and of a
    blind article what an editor may read of it)."""
    events, _ = _events(request, _article(article_id))
    return events.dicts()
