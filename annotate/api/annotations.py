"""/api/v1/articles/{id}/annotations and /api/v1/annotations/{id}: tag, list, relabel,
remove, and pre-annotate in bulk; each span checked as the annotate page checks it."""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja import Status as Reply
from pydantic import BaseModel

from annotate.api.articles import MAX_ID, MAX_INT
from annotate.api.errors import ApiError, form_error, responses
from annotate.forms import AnnotationChangeForm, AnnotationForm
from annotate.models import Annotation, Article, Label, iso

router = Router(tags=["annotations"])

MAX_BULK = 5000
COLUMNS = (
    "id", "uuid", "start", "end", "quote", "label", "note", "editor__username",
    "created_at", "updated_at", "version", "orphaned",
)  # fmt: skip


class AnnotationOut(BaseModel):
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
    version: int = Field(description="Send it back with PATCH or DELETE.")
    orphaned: bool = Field(description="An edit of the text lost this span's quote.")


class AnnotationIn(BaseModel):
    # Plain pydantic, not ninja's Schema: its validator per object took 90 ms of a bulk
    # request of 5,000 spans (the OpenAPI schema is the same).
    start: int = Field(description="Code point offset into the article's text (Python str).")
    end: int = Field(description="Code point offset, exclusive.")
    label: Label
    note: str | None = Field(None, description="Omitted: a tag on the span keeps its note.")
    quote: str | None = Field(None, description="The text you mean: refused if it differs.")
    version: int | None = Field(
        None, ge=1, le=MAX_INT, description="Your tag on this span as you read it, if any."
    )
    text_sha256: str | None = Field(
        None, description="The article's text_sha256 your offsets point into: 409 if it changed."
    )

    def form_data(self) -> dict:
        # As model_dump(exclude_none=True) without text_sha256, at a fifth of its cost.
        data = {"start": self.start, "end": self.end, "label": self.label.value}
        for name in ("note", "quote", "version"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        return data


class AnnotationPatch(Schema):
    version: int = Field(ge=1, le=MAX_INT, description="The tag's version you last read.")
    label: Label | None = None
    note: str | None = None


class Bulk(BaseModel):
    annotations: list[AnnotationIn] = Field(max_length=MAX_BULK)
    text_sha256: str | None = Field(
        None, description="The article's text_sha256 the offsets point into: 409 if it changed."
    )


class BulkResult(BaseModel):
    ids: list[int] = Field(description="The tags' ids, in the order sent.")
    created: int
    changed: int
    unchanged: int


def _out(rows) -> list[dict]:
    """AnnotationOut dicts from the rows' columns: a model instance per row costs more."""
    out = []
    for tag in rows.values(*COLUMNS):
        tag["editor"] = tag.pop("editor__username")
        tag["uuid"] = str(tag["uuid"])
        tag["created_at"], tag["updated_at"] = iso(tag["created_at"]), iso(tag["updated_at"])
        out.append(tag)
    return out


def _tag_out(tag: Annotation, editor: str) -> dict:
    """What _out gives for a tag just written, from the instance that wrote it."""
    out = {name: getattr(tag, name) for name in COLUMNS if name != "editor__username"}
    out["uuid"], out["editor"] = str(tag.uuid), editor
    out["created_at"], out["updated_at"] = iso(tag.created_at), iso(tag.updated_at)
    return out


def _article(pk: int) -> Article:
    article = Article.objects.filter(pk=pk).first() if 0 < pk <= MAX_ID else None
    if article is None:
        raise Http404("No such article.")
    return article


def _editable_tag(request: HttpRequest, pk: int) -> Annotation:
    # Someone else's tag is a 404, as on the page: as if it did not exist.
    tags = Annotation.objects.editable_by(request.user).select_related("editor")
    tag = tags.filter(pk=pk).first() if 0 < pk <= MAX_ID else None
    if tag is None:
        raise Http404("No such annotation, or not one you may change.")
    return tag


def _checked(article: Article, spans: list[AnnotationIn], where: str = "") -> Iterator[dict]:
    """Each span's data as AnnotationForm cleans it: the annotate page's checks."""
    # One form, bound to each span in turn: full_clean() starts afresh every time, and
    # building a form per span (a deep copy of its fields) took most of a bulk request.
    # Most spans take the form's quick path, plain_clean, which gives what it would.
    form = AnnotationForm(article=article)
    form.is_bound = True
    for i, span in enumerate(spans):
        data = span.form_data()
        cleaned = form.plain_clean(data)
        if cleaned is None:
            form.data = data
            form.full_clean()
            if form.errors:
                raise form_error(form, where.format(i=i))
            cleaned = form.cleaned_data
        note = None if span.note is None else cleaned["note"]
        yield cleaned | {"note": note}


@router.get(
    "/articles/{article_id}/annotations", response=responses({200: list[AnnotationOut]}, 400, 404)
)
def annotation_list(
    request: HttpRequest,
    article_id: int,
    editor: str | None = Query(None, description="Only this editor's (username)."),
    label: Label | None = None,
):
    article = _article(article_id)
    # In a blind article an editor sees only their own tags until they finish, as the page.
    rows = Annotation.objects.visible_to(request.user, article).filter(article=article)
    rows = rows.order_by("start", "end", "id")
    if editor is not None:
        user = get_user_model().objects.filter(username=editor.replace("\x00", "")).first()
        if user is None:
            raise ApiError(400, f"No editor is named {editor!r}.", "editor")
        rows = rows.filter(editor=user)
    if label is not None:
        rows = rows.filter(label=label)
    return _out(rows)


@router.post(
    "/articles/{article_id}/annotations",
    response=responses({200: AnnotationOut, 201: AnnotationOut}, 400, 404, 409),
)
def annotation_create(request: HttpRequest, article_id: int, payload: AnnotationIn):
    """Tag a span as you (201), or change the label of your tag on that exact span (200)."""
    article = _article(article_id)
    (data,) = _checked(article, [payload])
    before, tag = article.tag(
        editor=request.user, start=data["start"], end=data["end"], label=data["label"],
        note=data["note"], seen_version=data["version"], seen_sha=payload.text_sha256,
    )  # fmt: skip
    return Reply(200 if before else 201, _tag_out(tag, request.user.get_username()))


@router.post(
    "/articles/{article_id}/annotations/bulk",
    response=responses({201: BulkResult}, 400, 404, 409),
)
def annotation_bulk(request: HttpRequest, article_id: int, payload: Bulk):
    """Up to 5,000 tags in one request, all or nothing: each is checked as one tag is, and
    the first fault (`annotations[i]: ...`) refuses the lot. Tagging a span you tagged
    before changes its label, as one tag does."""
    article = _article(article_id)
    spans, seen = [], {}
    for i, data in enumerate(_checked(article, payload.annotations, "annotations[{i}]")):
        key = (data["start"], data["end"])
        if key in seen:
            where = f"annotations[{i}]"
            raise ApiError(400, f"{where}: the same span as annotations[{seen[key]}].", where)
        seen[key] = i
        spans.append(data)
    shas = {payload.text_sha256} | {span.text_sha256 for span in payload.annotations}
    shas.discard(None)
    if len(shas) > 1:
        raise ApiError(400, "The spans name different texts (text_sha256).", "text_sha256")
    seen_sha = shas.pop() if shas else None
    result = article.tag_many(editor=request.user, spans=spans, seen_sha=seen_sha)
    return Reply(201, result)


@router.patch(
    "/annotations/{annotation_id}", response=responses({200: AnnotationOut}, 400, 404, 409)
)
def annotation_change(request: HttpRequest, annotation_id: int, payload: AnnotationPatch):
    """A new label or note, from the `version` you read. Your own tags; a lead's, anyone's."""
    tag = _editable_tag(request, annotation_id)
    label = payload.label or tag.label
    form = AnnotationChangeForm(
        {"label": label, "note": payload.note or "", "version": payload.version}
    )
    if not form.is_valid():
        raise form_error(form)
    note = form.cleaned_data["note"] if payload.note is not None else None
    tag.change(
        seen_version=payload.version, label=form.cleaned_data["label"], note=note, by=request.user
    )
    return _tag_out(tag, tag.editor.get_username())


@router.delete("/annotations/{annotation_id}", response=responses({204: None}, 404, 409))
def annotation_delete(
    request: HttpRequest,
    annotation_id: int,
    version: int | None = Query(None, ge=1, le=MAX_INT, description="The version you read."),
):
    tag = _editable_tag(request, annotation_id)
    tag.remove(seen_version=version, by=request.user)
    return Reply(204, None)
