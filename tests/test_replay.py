"""annotate.replay, pure: the state before a run of events, undone newest first."""

from __future__ import annotations

from annotate.replay import state_at

TAG = {"start": 0, "end": 4, "quote": "Acme", "label": "fact", "note": "", "editor": "alice",
       "orphaned": False}  # fmt: skip


def event(kind, before=None, annotation="u1"):
    return {"kind": kind, "annotation": annotation, "before": before}


def test_a_tag_created_since_was_not_there():
    assert state_at("Acme", {"u1": TAG}, [event("tag_created")]) == ("Acme", {})


def test_a_tag_removed_since_is_back_whole():
    removed = {**TAG, "uuid": "u1", "created_at": "2026-01-01T00:00:00Z"}
    text, tags = state_at("Acme", {}, [event("tag_removed", removed)])
    assert tags == {"u1": TAG}


def test_relabels_and_moves_are_undone_newest_first():
    now = {**TAG, "label": "hype", "start": 5, "end": 9}
    since = [
        event("tag_reanchored", {"start": 0, "end": 4, "orphaned": False}),
        event("tag_relabelled", {"label": "speculation", "note": ""}),
        event("tag_relabelled", {"label": "fact", "note": "x"}),
    ]
    _, tags = state_at("Acme", {"u1": now}, since)
    assert tags["u1"] == {**TAG, "note": "x"}


def test_a_text_edit_since_gives_back_the_old_text():
    since = [event("article_edited", {"text": "Old", "title": "t"}, annotation=None)]
    assert state_at("New", {}, since)[0] == "Old"


def test_the_state_of_now_is_not_changed():
    now = {"u1": dict(TAG)}
    state_at("Acme", now, [event("tag_relabelled", {"label": "hype", "note": ""})])
    assert now == {"u1": TAG}
