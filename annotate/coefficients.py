"""Agreement coefficients: plain functions of plain data, no Django, no numpy.

A *value table* has one row per unit (here: a sentence) and one column per coder (an
editor); a cell is the category the coder gave the unit, or ``None`` when they gave none
(missing). Every coefficient returns a float, or ``None`` where it is undefined (0/0),
never a ``ZeroDivisionError``; each docstring names when that happens.

Rows are tallied once (``Counter`` of row tuples): a table of 400,000 sentences by five
editors holds a few hundred distinct rows, so every coefficient costs next to nothing
once the table exists.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from itertools import combinations

Value = Hashable | None
Rows = Counter  # distinct row tuple -> how many units have it


def tally(units: Iterable[Sequence[Value]]) -> Rows:
    """The distinct rows of a value table and how often each occurs."""
    return Counter(map(tuple, units))


def _rows(units: Iterable[Sequence[Value]] | Rows) -> Rows:
    return units if isinstance(units, Counter) else tally(units)


def profiles(rows: Rows) -> Counter:
    """What a unit's values are, as sorted ((value, count), ...) -> number of such units:
    all that alpha, AC1 and percent agreement need to know of a table."""
    # Two steps: many distinct rows (which coder said what) share a few multisets of values.
    multisets: Counter = Counter()
    for row, weight in rows.items():
        given = [v for v in row if v is not None]
        if given:
            given.sort(key=repr)
            multisets[tuple(given)] += weight
    profiles: Counter = Counter()
    for values, weight in multisets.items():
        profiles[tuple(Counter(values).items())] += weight
    return profiles


def krippendorff_alpha(units: Iterable[Sequence[Value]] | Rows) -> float | None:
    """Krippendorff's alpha for nominal data, missing values allowed.

    ``alpha = 1 - D_o / D_e``, computed from the coincidence matrix: a unit with ``m_u``
    values adds ``n_uc * n_uk / (m_u - 1)`` to cell ``(c, k)`` for every ordered pair of
    its values from different coders, so each pairable unit weighs ``m_u`` values.
    With ``n_c`` the marginals and ``n`` their sum::

        alpha = ((n - 1) * sum_c o_cc - sum_c n_c (n_c - 1)) / (n (n - 1) - sum_c n_c (n_c - 1))

    1 is perfect agreement, 0 what chance would give, below 0 systematic disagreement.
    Units with fewer than two values are not pairable and count for nothing.

    Undefined (``None``): no pairable unit, or every pairable value in one category (no
    variation: ``D_e = 0``), even when the coders all agree; Krippendorff (2011) treats
    such data as unable to show reliability. Percent agreement and Gwet's AC1 still apply.

    Reference: K. Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability",
    Annenberg School for Communication, University of Pennsylvania; its nominal example
    with missing data (4 coders, 12 units) gives 0.743.
    """
    return alpha_from_profiles(profiles(_rows(units)))


def alpha_from_profiles(profiles: Counter) -> float | None:
    """:func:`krippendorff_alpha` from :func:`profiles`."""
    observed = 0.0  # sum_c o_cc
    marginals: Counter = Counter()
    for profile, weight in profiles.items():
        m = sum(count for _, count in profile)
        if m < 2:
            continue
        observed += weight * sum(c * (c - 1) for _, c in profile) / (m - 1)
        for value, count in profile:
            marginals[value] += weight * count
    n = sum(marginals.values())
    expected_same = sum(c * (c - 1) for c in marginals.values())
    denominator = n * (n - 1) - expected_same
    if n < 2 or denominator <= 0:
        return None
    return ((n - 1) * observed - expected_same) / denominator


def binarize(units: Iterable[Sequence[Value]] | Rows, category: Hashable) -> Rows:
    """The same table with every value other than ``category`` (and not missing) as ``False``
    and ``category`` as ``True``: for the agreement on one label against the rest."""
    binary: Rows = Counter()
    for row, weight in _rows(units).items():
        binary[tuple(None if v is None else v == category for v in row)] += weight
    return binary


def binarize_profiles(profiles: Counter, category: Hashable) -> Counter:
    """:func:`binarize` on :func:`profiles`: (``True``: count of ``category``, ``False``:
    the rest) per unit."""
    binary: Counter = Counter()
    for profile, weight in profiles.items():
        hits = sum(c for v, c in profile if v == category)
        rest = sum(c for _, c in profile) - hits
        binary[tuple((v, c) for v, c in ((False, rest), (True, hits)) if c)] += weight
    return binary


def percent_agreement(units: Iterable[Sequence[Value]] | Rows) -> float | None:
    """The share of agreeing pairs among all pairs of values of a unit, averaged over the
    units with at least two values, on a 0–1 scale (Gwet's ``p_a``).

    A unit with values (hype, hype, fact) has 3 pairs, one agreeing: 1/3. No chance
    correction: with one dominant category it runs high by itself.

    Undefined (``None``): no unit has two values.
    """
    total, units_pairable = pairs_agreeing(profiles(_rows(units)))
    return total / units_pairable if units_pairable else None


def pairs_agreeing(profiles: Counter) -> tuple[float, int]:
    """(sum over units of their share of agreeing pairs, units with two values or more)."""
    total, pairable = 0.0, 0
    for profile, weight in profiles.items():
        m = sum(c for _, c in profile)
        if m >= 2:
            total += weight * sum(c * (c - 1) for _, c in profile) / (m * (m - 1))
            pairable += weight
    return total, pairable


def gwet_ac1(
    units: Iterable[Sequence[Value]] | Rows, categories: Sequence[Hashable] | None = None
) -> float | None:
    """Gwet's AC1 for several raters with missing ratings, nominal categories.

    ``AC1 = (p_a - p_e) / (1 - p_e)`` where ``p_a`` is :func:`percent_agreement` (over
    the ``n'`` units with two ratings or more) and::

        p_e = 1 / (q - 1) * sum_k pi_k (1 - pi_k),  pi_k = 1/n * sum_i r_ik / r_i

    over the ``n`` units with at least one rating (``r_ik`` raters put unit ``i`` in
    ``k``, of ``r_i``) and the ``q`` categories. Its chance term shrinks when one category
    dominates, where kappa and alpha collapse (the "kappa paradox"), so AC1 stays close
    to the observed agreement there.

    ``categories`` fixes ``q`` (the app passes its four: fact, speculation, hype, none);
    by default the categories observed. A value outside ``categories`` is a ValueError.

    Undefined (``None``): no unit with two ratings, or fewer than two categories.

    References: K. L. Gwet (2008), "Computing inter-rater reliability and its variance in
    the presence of high agreement", British Journal of Mathematical and Statistical
    Psychology 61(1), 29–48; K. L. Gwet (2014), Handbook of Inter-Rater Reliability, 4th
    ed., Advanced Analytics (and his irrCAC package, ``gwet.ac1.raw``).
    """
    tallied = profiles(_rows(units))
    if categories is not None:
        unknown = {v for p in tallied for v, _ in p} - set(categories)
        if unknown:
            raise ValueError(f"values outside the categories: {sorted(map(repr, unknown))}")
    return ac1_from_profiles(tallied, categories)


def ac1_from_profiles(profiles: Counter, categories: Sequence[Hashable] | None) -> float | None:
    """:func:`gwet_ac1` from :func:`profiles`, values unchecked."""
    total, pairable = pairs_agreeing(profiles)
    shares: Counter = Counter()
    rated = 0
    for profile, weight in profiles.items():
        m = sum(c for _, c in profile)
        rated += weight
        for value, count in profile:
            shares[value] += weight * count / m
    q = len(categories) if categories is not None else len(shares)
    if not pairable or q < 2:
        return None
    p_a = total / pairable
    p_e = sum((s / rated) * (1 - s / rated) for s in shares.values()) / (q - 1)
    return (p_a - p_e) / (1 - p_e)


def confusion(units: Iterable[Sequence[Value]] | Rows, a: int = 0, b: int = 1) -> Counter:
    """(value of coder ``a``, value of coder ``b``) -> units, over the units both rated."""
    pairs: Counter = Counter()
    for row, weight in _rows(units).items():
        if row[a] is not None and row[b] is not None:
            pairs[row[a], row[b]] += weight
    return pairs


def cohen_kappa(units: Iterable[Sequence[Value]] | Rows, a: int = 0, b: int = 1) -> float | None:
    """Cohen's kappa between coders ``a`` and ``b`` (columns), over the units both rated.

    ``kappa = (p_o - p_e) / (1 - p_e)``: ``p_o`` the share of units they agree on,
    ``p_e = sum_k p_a(k) p_b(k)`` the agreement expected from each coder's own label
    shares. Unlike :func:`gwet_ac1`, it falls towards 0 (or below) when one category
    dominates even if the coders agree almost always (Feinstein & Cicchetti 1990).

    Undefined (``None``): no unit rated by both, or ``p_e = 1`` (both coders used one and
    the same category throughout).

    Reference: J. Cohen (1960), "A coefficient of agreement for nominal scales",
    Educational and Psychological Measurement 20(1), 37–46.
    """
    return kappa_from_confusion(confusion(units, a, b))


def kappa_from_confusion(pairs: Counter) -> float | None:
    """Cohen's kappa from a (value a, value b) -> count table (see :func:`cohen_kappa`)."""
    n = sum(pairs.values())
    if not n:
        return None
    left: Counter = Counter()
    right: Counter = Counter()
    agreed = 0
    for (x, y), count in pairs.items():
        left[x] += count
        right[y] += count
        agreed += count if x == y else 0
    p_e = sum(left[k] * right[k] for k in left) / (n * n)
    if p_e >= 1:
        return None
    return (agreed / n - p_e) / (1 - p_e)


def pairwise_confusions(rows: Rows, coders: int) -> dict[tuple[int, int], Counter]:
    """:func:`confusion` for every pair of columns, in one pass over the distinct rows."""
    tables: dict[tuple[int, int], Counter] = {p: Counter() for p in combinations(range(coders), 2)}
    for row, weight in rows.items():
        given = [(i, v) for i, v in enumerate(row) if v is not None]
        for (i, x), (j, y) in combinations(given, 2):
            tables[i, j][x, y] += weight
    return tables


def column_confusions(columns: Sequence[Sequence[Value]]) -> dict[tuple[int, int], Counter]:
    """:func:`pairwise_confusions` from the table's columns (one per coder): each pair's
    two columns zipped and counted, which runs in C where a pass over rows runs in Python.
    The same tables, their pairs in the same order."""
    tables: dict[tuple[int, int], Counter] = {}
    for i, j in combinations(range(len(columns)), 2):
        pairs = Counter(zip(columns[i], columns[j], strict=True))
        for missing in [key for key in pairs if None in key]:
            del pairs[missing]
        tables[i, j] = pairs
    return tables
