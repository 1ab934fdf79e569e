from __future__ import annotations

import random

import pytest

from annotate.anchoring import EXACT, FUZZY, KEPT, Anchor, Edit, _align, _distance
from tests.data.reanchor_cases import CASES, Case


def place(case: Case) -> Anchor | None:
    return Edit(case.old, case.new).place(*case.span(), case.quote)


def test_case_set_is_large_and_covers_both_outcomes():
    assert len(CASES) >= 40
    assert len({case.name for case in CASES}) == len(CASES)
    assert sum(case.expected is None for case in CASES) >= 8
    assert {case.how for case in CASES} == {KEPT, EXACT, FUZZY, None}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_tag_lands_where_its_words_went_or_is_orphaned(case: Case):
    anchor = place(case)
    if case.expected is None:
        assert anchor is None, case.new[anchor.start : anchor.end]
        return
    assert anchor is not None, "orphaned"
    assert case.new[anchor.start : anchor.end] == case.expected
    assert (anchor.start, anchor.end) == case.expected_span()
    assert anchor.how == case.how


def test_place_tells_how_each_tag_got_to_its_new_place():
    old = "Teh chipmaker grew. Sales rose 4%. Costs fell."
    new = "The chipmaker grew. Sales rose 4%, it said. Costs fell."
    edit = Edit(old, new)
    assert edit.place(0, 13, "Teh chipmaker") == Anchor(0, 13, FUZZY)
    assert new[0:13] == "The chipmaker"
    assert edit.place(20, 34, "Sales rose 4%.") is None  # its period left for a comma
    assert edit.place(20, 33, "Sales rose 4%") == Anchor(20, 33, EXACT)
    assert edit.place(35, 46, "Costs fell.") == Anchor(44, 55, KEPT)


def test_reanchor_still_returns_the_bare_span_or_none():
    old, new = "OpensAI shipped it.", "OpenAI shipped it."
    assert Edit(old, new).reanchor(0, 7, "OpensAI") == (0, 6)
    assert Edit(old, new).reanchor(8, 15, "shipped") == (7, 14)
    assert Edit(old, "Nothing here.").reanchor(0, 7, "OpensAI") is None


def test_stale_orphan_is_found_again_only_by_its_exact_quote():
    old = "A short intro. Critics called the demo staged."
    # Offsets that no longer hold the quote: an orphan from an earlier edit.
    assert Edit(old, old + " More.").place(0, 5, "the demo staged") == Anchor(30, 45, EXACT)
    assert Edit(old, old.replace("staged", "stagd")).place(0, 5, "the demo staged") is None


def test_distance_and_alignment_match_the_textbook_definitions():
    rng = random.Random(5)

    def table(pattern: str, text: str, anchored: bool) -> list[int]:
        row = [j if anchored else 0 for j in range(len(text) + 1)]
        for i, p in enumerate(pattern, 1):
            new = [i]
            for j, t in enumerate(text, 1):
                new.append(min(row[j] + 1, new[j - 1] + 1, row[j - 1] + (p != t)))
            row = new
        return row

    for _ in range(150):
        a = "".join(rng.choice("ab c") for _ in range(rng.randint(1, 80)))
        b = "".join(rng.choice("ab c") for _ in range(rng.randint(0, 80)))
        assert _distance(a, b) == table(a, b, True)[-1]
        start, end = _align(a, b)
        assert _distance(a, b[start:end]) == min(table(a, b, False))
