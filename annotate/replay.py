"""An article as it was at a past moment: its text and tags, from the state of now and the
events since that moment, undone newest first. Pure: plain dicts in, plain dicts out.

Tags are dicts by uuid with start, end, quote, label, note, editor and orphaned. Events are
the dicts of `history.json` (kind, annotation, before, after). Every change an event undoes
is in its `before`: a removed tag whole, a relabel's label and note, a re-anchored tag's
offsets, an edit's old text.
"""

from __future__ import annotations

from collections.abc import Iterable

CREATED = ("tag_created", "tag_restored")
REMOVED = "tag_removed"
TAG_KEYS = ("start", "end", "quote", "label", "note", "editor", "orphaned")


def state_at(text: str, tags: dict[str, dict], since: Iterable[dict]) -> tuple[str, dict]:
    """(text, tags) before the events in `since` (newest first) happened."""
    tags = {uuid: dict(tag) for uuid, tag in tags.items()}
    for event in since:
        uuid, before = event["annotation"], event["before"] or {}
        kind = event["kind"]
        if kind == "article_edited":
            if before.get("text") is not None:
                text = before["text"]
        elif uuid is None:
            continue
        elif kind in CREATED:
            tags.pop(uuid, None)
        elif kind == REMOVED:
            tags[uuid] = {"orphaned": False, **{k: before[k] for k in TAG_KEYS if k in before}}
        elif uuid in tags:
            tags[uuid].update((k, before[k]) for k in TAG_KEYS if k in before)
    return text, tags
