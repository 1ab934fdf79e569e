from __future__ import annotations

import pytest

from annotate.anchoring import EXACT, FUZZY, KEPT, Anchor, Edit
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
