"""/api/v1/articles: list (the export's filters, a cursor), paste, read, edit."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from pydantic import BaseModel

from annotate.api.errors import ApiError, form_error, responses
from annotate.forms import ArticleEditForm, ArticleForm, ExportForm
from annotate.models import Article, Label, Status, is_lead

router = Router(tags=["articles"])

PAGE_SIZE = 100
MAX_INT = 2**31 - 1  # what every database's integer column holds
MAX_ID = 2**63 - 1  # and its bigint ids: a larger number is no row (and no query)


class ArticleFields(BaseModel):
    id: int
    uuid: str
    title: str
    source_url: str
    outlet: str
    published_on: date | None
    status: Status
    blind: bool = Field(description="Editors see only their own layer until they finish it.")
    created_by: str
    created_at: str = Field(description="UTC, ISO 8601, to the second: 2026-11-26T22:40:00Z")
    updated_at: str
    text: str
    text_sha256: str
    sentences: list[tuple[int, int]] = Field(description="[start, end) of each, in code points")
    headings: list[tuple[int, int]] = Field(
        description="The sentences that are headings (the headline first when there is one)"
    )
    version: int = Field(description="Send it back with PATCH (the API adds it to the format).")


class DocumentAnnotation(BaseModel):
    id: int
    uuid: str
    start: int = Field(description="Code point offset into the article's text.")
    end: int = Field(description="Code point offset, exclusive.")
    quote: str
    label: Label
    note: str
    editor: str
    created_at: str
    updated_at: str
    orphaned: bool = Field(
        False, description="Present when an edit of the text lost this span's quote."
    )
    suggested_by: str | None = Field(
        None, description="The suggester whose suggestion the editor accepted, when one was."
    )
    reanchored_at: str | None = Field(
        None, description="Present when an edit of the text (or a Find again) moved this span."
    )


class DocumentVerdict(BaseModel):
    """A lead's decision on a span: a label, or `none`."""

    id: int
    uuid: str
    start: int
    end: int
    quote: str
    label: Literal["fact", "speculation", "hype", "none"]
    note: str
    decided_by: str
    decided_at: str
    agrees_with: list[str] = Field(description="Uuids of the annotations it confirms.")


class SentenceLabels(BaseModel):
    fact: int
    speculation: int
    hype: int
    disputed: int
    none: int


class Summary(BaseModel):
    fact: int
    speculation: int
    hype: int
    sentences: int
    sentences_tagged: int
    sentence_labels: SentenceLabels = Field(
        description="Sentences by what they say: the verdict, else what the layers agree on."
    )


class ArticleDocument(BaseModel):
    """An article in the export's format, `annotate.article/v1`."""

    format: Literal["annotate.article/v1"]
    article: ArticleFields
    annotations: list[DocumentAnnotation]
    finished_by: list[str] = Field(description="Editors whose layer is finished.")
    verdicts: list[DocumentVerdict]
    summary: Summary


class ArticlePage(BaseModel):
    items: list[ArticleDocument]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )


class ArticleIn(Schema):
    title: str
    text: str = Field(description="Plain text; paragraphs separated by a blank line.")
    source_url: str = ""
    outlet: str = ""
    published_on: date | None = None


class ArticlePatch(Schema):
    version: int = Field(ge=1, le=MAX_INT, description="The article's version you last read.")
    title: str | None = None
    text: str | None = None
    source_url: str | None = None
    outlet: str | None = None
    published_on: date | None = None


def documents(ids: list[int], user) -> list[dict]:
    """The articles as `annotate.article/v1`, with their `version`; of a blind article the
    user has not finished, only their own tags (Article.hides_others_from), as the page."""
    # Versions read first: one older than its document is refused at PATCH (409), never
    # one newer, which would let an edit through over a text its sender did not see.
    versions = dict(Article.objects.filter(pk__in=ids).values_list("pk", "version"))
    found = list(Article.objects.filter(pk__in=ids).documents(viewer=user))
    for doc in found:
        doc["article"]["version"] = versions[doc["article"]["id"]]
    return found


def document(pk: int, user) -> dict:
    found = documents([pk], user) if 0 < pk <= MAX_ID else []
    if not found:
        raise Http404("No such article.")
    return found[0]


def rendered(request: HttpRequest, data: dict, status: int = 200) -> HttpResponse:
    """`data`, documents the export built to ArticleDocument's shape, as the API writes any
    reply but without checking and dumping it through the schema: pydantic's two passes
    over a page of 100 documents cost more than building them. tests/api/test_articles.py
    holds them to what the schema's dump would give, byte for byte."""
    from annotate.api.api import api  # which adds this router: imported when running

    return api.create_response(request, data, status=status)


def _form_data(fields: dict) -> dict:
    data = {k: "" if v is None else v for k, v in fields.items()}
    if isinstance(data.get("published_on"), date):
        data["published_on"] = data["published_on"].isoformat()
    return data


@router.get("", response=responses({200: ArticlePage}, 400), exclude_unset=True)
def article_list(
    request: HttpRequest,
    article: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Query(
        None, description="Only these ids (repeat the parameter)."
    ),
    status: Status | None = None,
    label: Label | None = Query(None, description="Articles with a span of this label."),
    editor: str | None = Query(None, description="Articles this editor tagged (username)."),
    since: date | None = Query(None, description="Added on or after (YYYY-MM-DD)."),
    until: date | None = Query(None, description="Added on or before (YYYY-MM-DD)."),
    cursor: str | None = None,
):
    """Articles in id order, 100 a page, each as `annotate.article/v1`, with the export's
    filters; follow `next_cursor` until it is null."""
    values = {"status": status, "label": label, "editor": editor, "since": since, "until": until}
    data = _form_data(values) | {"article": [str(pk) for pk in article or []]}
    form = ExportForm(data)
    if not form.is_valid():
        raise form_error(form)
    after = 0
    if cursor is not None:
        if not (cursor.isascii() and cursor.isdigit() and 0 < int(cursor) <= MAX_ID):
            raise ApiError(400, "This cursor is not one the API gave; start without it.", "cursor")
        after = int(cursor)
    rows = Article.objects.filtered(**form.filters()).filter(pk__gt=after).order_by("pk")
    ids = list(rows.values_list("pk", flat=True)[: PAGE_SIZE + 1])
    items = documents(ids[:PAGE_SIZE], request.user)
    more = len(ids) > PAGE_SIZE
    return rendered(
        request, {"items": items, "next_cursor": str(ids[PAGE_SIZE - 1]) if more else None}
    )


@router.post("", response=responses({201: ArticleDocument}, 400), exclude_unset=True)
def article_create(request: HttpRequest, payload: ArticleIn):
    """Paste an article, checked as the paste form checks it."""
    form = ArticleForm(_form_data(payload.model_dump()))
    if not form.is_valid():
        raise form_error(form)
    form.instance.created_by = request.user
    return rendered(request, document(form.save().pk, request.user), status=201)


@router.get("/{article_id}", response=responses({200: ArticleDocument}, 404), exclude_unset=True)
def article_get(request: HttpRequest, article_id: int):
    return rendered(request, document(article_id, request.user))


@router.patch(
    "/{article_id}",
    response=responses({200: ArticleDocument}, 400, 403, 404, 409),
    exclude_unset=True,
)
def article_edit(request: HttpRequest, article_id: int, payload: ArticlePatch):
    """Edit as the edit page does, from the `version` you read: a new text re-anchors the
    annotations; those whose quote is gone come back with `orphaned: true`."""
    article = Article.objects.filter(pk=article_id).first() if 0 < article_id <= MAX_ID else None
    if article is None:
        raise Http404("No such article.")
    if not (article.created_by_id == request.user.pk or is_lead(request.user)):
        raise ApiError(403, "Only the editor who added this article, or a lead, may edit it.")
    current = {name: getattr(article, name) for name in ArticleEditForm.Meta.fields}
    data = _form_data(current | payload.model_dump(exclude_unset=True))
    form = ArticleEditForm(data, instance=article)
    if not form.is_valid():
        raise form_error(form)
    fields = {name: form.cleaned_data[name] for name in ArticleEditForm.Meta.fields}
    if article.edit(seen_version=payload.version, by=request.user, **fields) is None:
        raise ApiError(
            409,
            "Someone changed this article since you read it. Your changes were not saved: "
            "read it again and send them from its new version.",
            "version",
        )
    return rendered(request, document(article_id, request.user))
