"""Write parsed `annotate.article/v1` documents to the database: all or nothing.

`formats.parse` reads and checks a file without a database; `import_documents` writes
what it returns, in one transaction, matching articles and annotations by `uuid` (or,
in a file without uuids, articles by text and title and annotations by article, editor
and span), so that importing the same file twice changes nothing the second time. See the README's
"Import" section for what is matched and what wins.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from django.contrib.auth import get_user_model
from django.db import DatabaseError, transaction

from annotate import text as textlib
from annotate.formats import ImportFailure
from annotate.import_history import ImportEvents, changes, take_history
from annotate.import_review import import_review
from annotate.import_rows import (
    ARTICLE_FIELDS,
    annotation_fields,
    article_fields,
    article_key,
    carried,
    check_uuids_free,
    differs,
    elsewhere,
    existing_annotations,
    existing_articles,
    same_tag,
    span_key,
    span_of,
)
from annotate.import_sql import (
    ANNOTATION_FIELDS,
    NewAnnotation,
    insert_annotations,
    set_timestamps,
)
from annotate.models import Annotation, Article, Kind, iso
from annotate.text import count_tagged

CHUNK = 200  # articles read and written at a time


@dataclass
class ImportResult:
    articles_created: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    annotations_created: int = 0
    annotations_updated: int = 0
    annotations_unchanged: int = 0
    verdicts_created: int = 0
    verdicts_updated: int = 0
    verdicts_unchanged: int = 0
    editors_created: int = 0
    # Titles of the articles left out by `skip_changed`: their text differs from the file's.
    skipped: list[str] = field(default_factory=list)
    events_imported: int = 0  # from the file's `history`

    @property
    def articles(self) -> int:
        return self.articles_created + self.articles_updated + self.articles_unchanged

    @property
    def annotations(self) -> int:
        return self.annotations_created + self.annotations_updated + self.annotations_unchanged


def import_documents(
    docs: list[dict],
    *,
    default_editor: str,
    progress: Callable[[int, int], None] | None = None,
    skip_changed: bool = False,
    file_name: str = "",
    by=None,
) -> ImportResult:
    """Write `docs` (from `formats.parse`); raise ImportFailure and write nothing on conflict.

    Spans and articles that name no editor (doccano, Label Studio) go to `default_editor`.
    Only the fields a file carries can change a stored row (`formats.common.Given`).
    With `skip_changed`, an article whose stored text differs from the file's is left out
    (named in the result's `skipped`) instead of failing the import. The import is
    recorded (an Import row named after `file_name`, by `by`), and each row it writes gets
    an event referring to it.
    """
    try:
        return _import(
            docs,
            default_editor=default_editor,
            progress=progress,
            skip_changed=skip_changed,
            file_name=file_name,
            by=by,
        )
    except DatabaseError as error:
        # What the checks before could not see (a race with another writer, say).
        raise ImportFailure(f"the database refused the import: {error}".strip()) from None


def _import(
    docs: list[dict], *, default_editor: str, progress, skip_changed: bool, file_name: str, by
) -> ImportResult:
    result = ImportResult()
    with transaction.atomic():
        events = ImportEvents(file_name=file_name, by=by)
        users = _Editors(editors_by_username(_usernames(docs), result), result)
        done = 0
        for first in range(0, len(docs), CHUNK):
            chunk = docs[first : first + CHUNK]
            _import_chunk(
                chunk,
                first,
                users=users,
                fallback=default_editor,
                result=result,
                skip=skip_changed,
                events=events,
            )
            done += sum(len(doc["annotations"]) for doc in chunk)
            if progress:
                progress(first + len(chunk), done)
        events.finish(asdict(result))
    return result


def editors_by_username(names: Iterable[str], result: ImportResult) -> dict[str, int]:
    """Users by username; a name with no account gets an inactive one with no usable password."""
    user_model = get_user_model()
    field = user_model.USERNAME_FIELD
    names = set(names)
    users = dict(user_model.objects.filter(**{f"{field}__in": names}).values_list(field, "pk"))
    missing = []
    for name in sorted(names - users.keys()):
        user = user_model(**{field: name}, is_active=False)
        user.set_unusable_password()
        missing.append(user)
    for user in user_model.objects.bulk_create(missing):
        users[user.get_username()] = user.pk
    result.editors_created += len(missing)
    return users


class _Editors(dict):
    """User ids by username; the fallback account is made only when a row needs it."""

    def __init__(self, users: dict[str, int], result: ImportResult) -> None:
        super().__init__(users)
        self.result = result

    def __missing__(self, name: str) -> int:
        self.update(editors_by_username([name], self.result))
        return self[name]


def _usernames(docs: list[dict]) -> set[str]:
    names = {doc["article"]["created_by"] for doc in docs}
    for doc in docs:
        names.update(a["editor"] for a in doc["annotations"])
        names.update(doc["finished_by"])
        names.update(v["decided_by"] for v in doc["verdicts"])
    return names - {None}


def _import_chunk(
    chunk: list[dict],
    first: int,
    *,
    users: dict,
    fallback: str,
    result: ImportResult,
    skip: bool,
    events: ImportEvents,
) -> None:
    existing = existing_articles(chunk)
    new_articles, changed_articles, stamped = [], [], []
    pending: list[tuple[Article, dict, int]] = []
    for index, doc in enumerate(chunk, first):
        data = doc["article"]
        article = existing.get(article_key(data))
        if article is None:
            fields = article_fields(data, users, fallback)
            article = Article(**fields, uuid=data["uuid"]) if data["uuid"] else Article(**fields)
            new_articles.append(article)
            stamped.append((article, data))
        else:
            if article.text != textlib.normalize(data["text"]):
                if skip:
                    result.skipped.append(article.title)
                    continue
                raise ImportFailure(
                    "differs from the text of the article with this uuid in the database "
                    "(it was edited since the file was written); annotate does not move "
                    "annotations to a new text. To import the other articles and leave "
                    "this one as it is, import with --skip-changed (on the import page: "
                    "“Skip articles whose text was edited”)",
                    index=index,
                    title=data["title"],
                    field="article.text",
                )
            # Only what the file carries (doccano and Label Studio: no metadata, no dates);
            # `blind` only when the file says.
            names = carried(ARTICLE_FIELDS, data)
            if data.get("blind") is not None:
                names = (*names, "blind")
            fields = article_fields(data, users, fallback, names=names)
            if differs(article, fields, names, data):
                before, after = changes(article, fields, names)
                if before:
                    events.add(article, Kind.ARTICLE_EDITED, before=before, after=after)
                for name in names:
                    setattr(article, name, fields[name])
                changed_articles.append(article)
                stamped.append((article, data))
        pending.append((article, doc, index))

    Article.objects.bulk_create(new_articles)
    for article in new_articles:
        events.add(article, Kind.ARTICLE_PASTED)
    Article.objects.bulk_update(changed_articles, [*ARTICLE_FIELDS, "blind"])
    result.articles_created += len(new_articles)
    result.articles_updated += len(changed_articles)
    result.articles_unchanged += len(pending) - len(new_articles) - len(changed_articles)

    by_uuid, by_span = existing_annotations(list(existing.values()))
    new_annotations, changed_annotations, stamped_annotations = [], [], []
    tagged_changes = []
    recount = {article.pk for article in new_articles}
    for article, doc, index in pending:
        spans = by_span.get(article.pk, {})
        touched = False
        for i, data in enumerate(doc["annotations"]):
            fields = annotation_fields(data, users, fallback)
            span = span_key(fields["editor_id"], fields["start"], fields["end"], fields["orphaned"])
            uuid = data["uuid"].lower() if data["uuid"] else None
            annotation = by_uuid.get(uuid) if uuid else spans.get(span)
            # doccano names no editor: anyone's tag on the span with that label is it.
            if annotation is None and data["editor"] is None and same_tag(spans, fields):
                continue
            if uuid and annotation is None and span in spans:
                raise ImportFailure(
                    f"this editor's span is already tagged in the database by annotation "
                    f"{spans[span].uuid}, not {uuid}",
                    index=index,
                    title=doc["article"]["title"],
                    field=f"annotations[{i}]",
                )
            if annotation is not None and annotation.article_id != article.pk:
                raise elsewhere(uuid, index, doc, i)
            if annotation is not None and "suggested_by" not in data:
                fields["suggested_by"] = annotation.suggested_by  # the file says nothing of it
            if annotation is None:
                annotation = NewAnnotation(article, fields, uuid, data, (index, doc, i))
                new_annotations.append(annotation)
                spans[span] = annotation
                touched = True
            elif differs(annotation, fields, names := carried(ANNOTATION_FIELDS, data), data):
                before, after = changes(annotation, fields, names)
                if before:
                    _names(before, after, users)
                    events.add(
                        article, Kind.TAG_CHANGED, annotation=annotation.uuid,
                        owner_id=fields["editor_id"], before=before, after=after,
                    )  # fmt: skip
                spans.pop(span_of(annotation), None)
                for name in names:
                    setattr(annotation, name, fields[name])
                spans[span_of(annotation)] = annotation
                changed_annotations.append(annotation)
                stamped_annotations.append((annotation, data))
                touched = True
        if touched:
            recount.add(article.pk)
        if touched or article.sentences_tagged == 0:
            live = [(key[1], key[2]) for key in spans if len(key) == 3]
            tagged = count_tagged(article.body_sentences(), live)
            if tagged != article.sentences_tagged:
                article.sentences_tagged = tagged
                tagged_changes.append(article)

    check_uuids_free(new_annotations)
    for a in new_annotations:
        a.uuid = a.uuid or str(uuidlib.uuid4())
        events.add(a.article, Kind.TAG_CREATED, annotation=a.uuid, owner_id=a.fields["editor_id"],
                   after=_snapshot(a, events, fallback))  # fmt: skip
    insert_annotations(new_annotations)
    Annotation.objects.bulk_update(changed_annotations, ANNOTATION_FIELDS, batch_size=500)
    result.annotations_created += len(new_annotations)
    result.annotations_updated += len(changed_annotations)
    result.annotations_unchanged += (
        sum(len(doc["annotations"]) for _, doc, _ in pending)
        - len(new_annotations)
        - len(changed_annotations)
    )
    # Keep the file's timestamps: bulk_create and bulk_update would stamp "now".
    set_timestamps(Article, stamped)
    set_timestamps(Annotation, stamped_annotations)
    Article.objects.bulk_update(tagged_changes, ["sentences_tagged"])
    recount |= import_review(pending, users=users, fallback=fallback, result=result)
    # What each changed article says, and its editors' layers, by the one recount.
    # Under each article's row lock, as every recount (in id order: two imports at once
    # queue rather than deadlock): a tag saved meanwhile is counted, not overwritten.
    for article in sorted((a for a, _, _ in pending if a.pk in recount), key=lambda a: a.pk):
        article.lock()
        article.refresh_progress()
    result.events_imported += take_history(pending)
    events.flush()


def _snapshot(a: NewAnnotation, events: ImportEvents, fallback: str) -> dict:
    """A new tag as its event keeps it (history.tag_state's fields)."""
    f = a.fields
    return {
        "uuid": a.uuid, "start": f["start"], "end": f["end"], "quote": f["quote"],
        "label": f["label"], "note": f["note"], "editor": a.data["editor"] or fallback,
        "created_at": a.data["created_at"] or iso(events.source.at),
    } | ({"orphaned": True} if f["orphaned"] else {})  # fmt: skip


def _names(before: dict, after: dict, users: dict) -> None:
    """Editors by username in an event, as everywhere in history."""
    if "editor" in before:
        names = {pk: name for name, pk in users.items()}
        before["editor"], after["editor"] = names.get(before["editor"]), names.get(after["editor"])
