from __future__ import annotations

import pytest

from annotate.anchoring import Edit, common_prefix_length, common_suffix_length, reanchor

OLD = (
    "Zeta Labs said its robot folds laundry in 40 seconds. "
    "Critics called the demo staged. "
    "The company hopes to sell it next spring."
)


def span(text: str, quote: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


def moved(old: str, new: str, quote: str, nth: int = 0) -> tuple[int, int] | None:
    start, end = span(old, quote, nth)
    return reanchor(old, new, start, end, quote)


def test_text_unchanged_keeps_every_span():
    assert moved(OLD, OLD, "Critics called the demo staged.") == span(
        OLD, "Critics called the demo staged."
    )


def test_insertion_before_shifts_the_span():
    new = "UPDATE: corrected. " + OLD
    result = moved(OLD, new, "folds laundry")
    assert result == span(new, "folds laundry")
    assert new[slice(*result)] == "folds laundry"


def test_insertion_after_keeps_the_span():
    new = OLD + " Shares rose 4%."
    assert moved(OLD, new, "Zeta Labs") == span(OLD, "Zeta Labs")


def test_edit_inside_another_sentence_keeps_the_quote_found():
    new = OLD.replace("Critics called the demo staged.", "Some critics said it was faked.")
    quote = "The company hopes to sell it next spring."
    assert new[slice(*moved(OLD, new, quote))] == quote
    assert moved(OLD, new, "Zeta Labs") == (0, 9)


def test_edit_inside_the_quote_orphans_it():
    new = OLD.replace("demo staged", "demo rehearsed")
    assert moved(OLD, new, "Critics called the demo staged.") is None


def test_deleted_quote_orphans_it():
    new = OLD.replace("Critics called the demo staged. ", "")
    assert moved(OLD, new, "Critics called the demo staged.") is None
    assert new[slice(*moved(OLD, new, "next spring"))] == "next spring"


def test_duplicate_quote_is_told_apart_by_its_context():
    old = "Sales grew. Analysts cheered. Costs grew. Investors fled. Margins grew. End."
    # Text inserted inside the changed region: the second "grew." must stay the second.
    new = old.replace("Analysts cheered.", "Analysts, for once, cheered loudly.")
    start, end = moved(old, new, "grew.", nth=1)
    assert new[start - 6 : end] == "Costs grew."


def test_repeated_quote_after_a_change_before_it_keeps_its_place():
    old = "It is fast. " * 3
    new = "Intro. " + old.replace("It is fast. ", "Yes, it is fast. ", 1)
    result = moved(old, new, "fast.", nth=2)
    assert result == (new.rindex("fast."), new.rindex("fast.") + 5)


def test_emoji_and_cjk_offsets_are_code_points():
    old = "Engineers 👩‍💻 in 東京 tested it. It may change everything."
    new = "🚀🚀 " + old.replace("tested", "benchmarked")
    assert new[slice(*moved(old, new, "It may change everything."))] == (
        "It may change everything."
    )
    assert new[slice(*moved(old, new, "東京"))] == "東京"
    assert moved(old, new, "tested it.") is None


def test_duplicate_with_context_gone_goes_to_the_occurrence_nearest_the_old_place():
    old = "Intro here. Buy now. Middle part of the text. Buy now. Tail end of it."
    new = "Buy now. Rewritten middle, long enough to move things. Buy now. Rewritten tail."
    start, end = span(old, "Buy now.", 1)
    result = reanchor(old, new, start, end, "Buy now.")
    assert result == span(new, "Buy now.", 1)


def test_quote_that_no_longer_matches_old_offsets_is_searched_for():
    # An annotation already orphaned by an earlier edit: its offsets are stale.
    new = "A new lead sentence. Critics called the demo staged."
    assert new[slice(*reanchor(OLD, new, 0, 31, "Critics called the demo staged."))] == (
        "Critics called the demo staged."
    )


@pytest.mark.parametrize(
    "a, b, prefix, suffix",
    [("abc", "abc", 3, 0), ("abcx", "abcyx", 3, 1), ("", "abc", 0, 0), ("aaa", "aaaa", 3, 0)],
)
def test_common_prefix_and_suffix(a, b, prefix, suffix):
    assert common_prefix_length(a, b) == prefix
    edit = Edit(a, b)
    assert (edit.prefix, edit.suffix) == (prefix, suffix)
    assert common_suffix_length(a, b, 10) >= suffix
