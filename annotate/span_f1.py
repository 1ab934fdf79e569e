"""Span F1 between two editors' layers: exact and by overlap. Pure, no Django.

Between annotators there is no "true negative" span, so agreement on spans is the
F-measure of one layer against the other, which is symmetric (Hripcsak & Rothschild 2005,
"Agreement, the F-measure, and reliability in information retrieval", JAMIA 12(3),
296–298): ``F1 = 2 * matched / (|A| + |B|)``.

Both measures are independent of the order the spans were drawn in: exact matching is a
multiset intersection, overlap matching a *maximum* one-to-one matching.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence

Span = tuple[int, int, str]  # start, end (code points, end exclusive), label


def f1(matched: int, size_a: int, size_b: int) -> float | None:
    """``2 * matched / (size_a + size_b)``; ``None`` when both layers have no span (0/0)."""
    total = size_a + size_b
    return 2 * matched / total if total else None


def exact_matches(a: Iterable[Span], b: Iterable[Span]) -> int:
    """How many spans of ``a`` have a twin in ``b``: same start, end and label.

    A layer holds a span once (one annotation per editor, start and end); a repeat
    counts once.
    """
    return len(set(map(tuple, a)) & set(map(tuple, b)))


def span_f1_exact(a: Sequence[Span], b: Sequence[Span]) -> float | None:
    """F1 of exact matches (same start, end and label), as in CoNLL-style span scoring.

    ``None`` when neither layer has a span.
    """
    return f1(exact_matches(a, b), len(a), len(b))


def overlap_matches(a: Sequence[Span], b: Sequence[Span]) -> int:
    """Size of a maximum one-to-one matching between ``a`` and ``b`` where two spans may
    be matched when they carry the same label and share at least one character.

    A greedy pass that takes the first overlap it meets depends on the order of the
    spans; augmenting paths (Kuhn 1955, "The Hungarian method for the assignment
    problem", Naval Research Logistics Quarterly 2, 83–97) give the maximum whatever the
    order: one span of ``a`` touching two of ``b`` counts once.
    """
    return grouped_overlap_matches(by_label(a, side=0), by_label(b, side=1))


def by_label(spans: Iterable[Span], *, side: int) -> dict[str, list[tuple[int, int, int]]]:
    """label -> sorted (start, end, side): one layer ready for :func:`grouped_overlap_matches`,
    grouped once however many pairs it is in. Give each layer of an article its own side."""
    groups: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for start, end, label in spans:
        groups[label].append((start, end, side))
    for group in groups.values():
        group.sort()
    return groups


def grouped_overlap_matches(a: dict, b: dict) -> int:
    """:func:`overlap_matches` of two layers grouped by :func:`by_label` (sides differing)."""
    return sum(
        _clusters_matching(a[label] + b[label], a[label][0][2]) for label in a.keys() & b.keys()
    )


def _clusters_matching(spans: list[tuple[int, int, int]], left: int) -> int:
    """Maximum matching of the ``left`` side's spans to the other side's that overlap them.

    Spans chained by overlaps form a cluster (sorted by start, a span starting before the
    furthest end so far joins it); no edge leaves a cluster. A cluster with no span of
    one side matches none; with one span of a side, exactly one (that span overlaps some
    span of the cluster, all of the other side). Only the rest need a search.
    """
    spans.sort()
    matched = first = lefts = 0
    reach = spans[0][0]
    for i, (start, end, side) in enumerate(spans):
        if start >= reach:
            if 0 < lefts < i - first:
                matched += (
                    1 if lefts == 1 or lefts == i - first - 1 else _search(spans[first:i], left)
                )
            first, reach, lefts = i, end, 0
        elif end > reach:
            reach = end
        if side == left:
            lefts += 1
    size = len(spans) - first
    if 0 < lefts < size:
        matched += 1 if lefts == 1 or lefts == size - 1 else _search(spans[first:], left)
    return matched


def _search(cluster: list[tuple[int, int, int]], left: int) -> int:
    a = [(s, e) for s, e, side in cluster if side == left]
    b = [(s, e) for s, e, side in cluster if side != left]
    return _maximum_matching(_overlap_edges(a, b))


def span_f1_overlap(a: Sequence[Span], b: Sequence[Span]) -> float | None:
    """F1 of one-to-one overlap matches (see :func:`overlap_matches`).

    ``None`` when neither layer has a span.
    """
    return f1(overlap_matches(a, b), len(a), len(b))


def _overlap_edges(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[list[int]]:
    """For each span of ``a``, the indexes of the spans of ``b`` it shares a character with."""
    b = sorted(b)
    starts = [s for s, _ in b]
    longest = max(e - s for s, e in b)
    edges = []
    for start, end in a:
        # A span of b that ends after `start` began after start - longest.
        first = bisect_right(starts, start - longest)
        last = bisect_left(starts, end)
        edges.append([j for j in range(first, last) if b[j][1] > start])
    return edges


def _maximum_matching(edges: list[list[int]]) -> int:
    """Maximum bipartite matching (left i -> right edges[i]) by augmenting paths."""
    match_right: dict[int, int] = {}
    matched = 0
    for root in range(len(edges)):
        # Cheap first: a free neighbour needs no search.
        free = next((j for j in edges[root] if j not in match_right), None)
        if free is not None:
            match_right[free] = root
            matched += 1
        elif edges[root] and _augment(root, edges, match_right):
            matched += 1
    return matched


def _augment(root: int, edges: list[list[int]], match_right: dict[int, int]) -> bool:
    """Find an augmenting path from ``root`` (iterative DFS) and flip it."""
    seen: set[int] = set()
    stack = [(root, iter(edges[root]))]
    path: list[int] = []  # right vertices taken, one per level of the stack
    while stack:
        left, neighbours = stack[-1]
        for right in neighbours:
            if right in seen:
                continue
            seen.add(right)
            if right not in match_right:
                path.append(right)
                for level, (u, _) in enumerate(stack):
                    match_right[path[level]] = u
                return True
            path.append(right)
            owner = match_right[right]
            stack.append((owner, iter(edges[owner])))
            break
        else:
            stack.pop()
            if path:
                path.pop()
    return False
