"""Span F1 between two layers: exact, and by one-to-one overlap. Pure (no Django)."""

from __future__ import annotations

import functools
import random

import pytest

from annotate.span_f1 import overlap_matches, span_f1_exact, span_f1_overlap


def brute_force_matching(a, b) -> int:
    """Try every assignment of a's spans to unused overlapping spans of b (or none)."""

    @functools.cache
    def best(i: int, used: frozenset) -> int:
        if i == len(a):
            return 0
        start, end, label = a[i]
        options = [best(i + 1, used)]
        for j, (s, e, other) in enumerate(b):
            if j not in used and other == label and start < e and s < end:
                options.append(1 + best(i + 1, used | {j}))
        return max(options)

    return best(0, frozenset())


def test_exact_f1_counts_spans_with_the_same_start_end_and_label():
    a = [(0, 10, "hype"), (20, 30, "fact"), (40, 50, "fact")]
    b = [(0, 10, "hype"), (20, 30, "hype"), (40, 49, "fact")]
    assert span_f1_exact(a, b) == pytest.approx(2 * 1 / 6)


def test_overlap_f1_counts_spans_of_one_label_sharing_a_character():
    a = [(0, 10, "hype"), (20, 30, "fact"), (40, 50, "fact")]
    b = [(5, 12, "hype"), (20, 30, "hype"), (49, 60, "fact")]
    assert span_f1_overlap(a, b) == pytest.approx(2 * 2 / 6)


def test_spans_that_only_touch_do_not_overlap():
    assert overlap_matches([(0, 10, "hype")], [(10, 20, "hype")]) == 0


def test_overlap_matching_is_one_to_one():
    # One long span of a touches two of b: one match, not two.
    a = [(0, 100, "hype")]
    b = [(0, 10, "hype"), (50, 60, "hype")]
    assert overlap_matches(a, b) == 1
    assert span_f1_overlap(a, b) == pytest.approx(2 * 1 / 3)


def test_overlap_matching_finds_the_maximum_where_first_come_would_not():
    # Matching a1 with its exact twin b1 first leaves a2 and b2 without partners; the
    # maximum pairs a2-b1 and a1-b2.
    a = [(0, 10, "hype"), (0, 3, "hype")]
    b = [(0, 10, "hype"), (8, 12, "hype")]
    assert overlap_matches(a, b) == 2


def test_span_f1_does_not_depend_on_the_order_spans_were_drawn_in():
    rng = random.Random(7)
    a = [(s, s + rng.randint(1, 30), rng.choice("ab")) for s in rng.sample(range(300), 40)]
    b = [(s, s + rng.randint(1, 30), rng.choice("ab")) for s in rng.sample(range(300), 40)]
    exact, overlap = span_f1_exact(a, b), span_f1_overlap(a, b)
    for _ in range(20):
        rng.shuffle(a)
        rng.shuffle(b)
        assert span_f1_exact(a, b) == exact
        assert span_f1_overlap(a, b) == overlap
        assert span_f1_overlap(b, a) == overlap


@pytest.mark.parametrize("seed", range(200))
def test_overlap_matching_equals_brute_force_on_random_layers(seed):
    # Dense: many clusters hold several spans of each side, so augmenting paths are needed.
    rng = random.Random(seed)

    def layer():
        return [
            (s, s + rng.randint(1, 10), rng.choice("xxy"))
            for s in (rng.randrange(30) for _ in range(rng.randint(0, 9)))
        ]

    a, b = layer(), layer()
    assert overlap_matches(a, b) == brute_force_matching(a, b)


def test_span_f1_is_undefined_when_neither_layer_has_a_span():
    assert span_f1_exact([], []) is None
    assert span_f1_overlap([], []) is None
    assert span_f1_exact([(0, 1, "hype")], []) == 0.0
