"""What the tags add up to: sentences by the one rule, grouped by outlet, month or editor.

Pure, no Django. The caller reads, per article, the counts its columns keep
(`Article.sentence_labels`, or one editor's `Layer.counts`) and its words, and
:func:`group` adds them up per key. The categories are those of the rule (annotate.agreement)
with ``none`` called ``untagged``; an editor's own layer has no ``disputed``, and its
``untagged`` counts both what it finished untagged and what it left open.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date

CATEGORIES = ("hype", "speculation", "fact", "disputed", "untagged")
CATEGORY_NAMES = {
    "hype": "Hype",
    "speculation": "Speculation",
    "fact": "Fact",
    "disputed": "Disputed",
    "untagged": "Untagged",
}
GROUPINGS = ("outlet", "month", "editor")
COLUMNS = ("key", "articles", "sentences", "words", *CATEGORIES)


@dataclass
class Row:
    """One group's articles, sentences, words, and sentences per category."""

    key: str
    articles: int = 0
    sentences: int = 0
    words: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))

    def add(self, counts: Mapping[str, int], words: int) -> None:
        self.articles += 1
        self.words += words
        for category, n in counts.items():
            self.counts[category] += n
            self.sentences += n

    def share(self, category: str) -> float:
        """The category's part of the sentences, 0 to 1 (0 when there are none)."""
        return self.counts[category] / self.sentences if self.sentences else 0.0

    def percent(self, category: str) -> int:
        return round(100 * self.share(category))

    @property
    def hype_per_1000_words(self) -> float:
        """Hype sentences per 1,000 words, to one decimal (0 for an article of no words)."""
        return round(1000 * self.counts["hype"] / self.words, 1) if self.words else 0.0

    def as_dict(self) -> dict:
        data = asdict(self)
        return {**{k: data[k] for k in COLUMNS[:4]}, **data["counts"]}


def article_counts(sentence_labels: Mapping[str, int], sentences: int = 0) -> dict[str, int]:
    """`Article.sentence_labels` in insights' categories. An article nobody has tagged
    yet has no counts stored: its `sentences` are all untagged."""
    if not sentence_labels:
        return {**dict.fromkeys(CATEGORIES, 0), "untagged": sentences}
    counts = {c: sentence_labels.get(c, 0) for c in CATEGORIES[:-1]}
    counts["untagged"] = sentence_labels.get("none", 0)
    return counts


def layer_counts(layer: Mapping[str, int]) -> dict[str, int]:
    """One editor's `Layer.counts` in insights' categories."""
    counts = {c: layer.get(c, 0) for c in CATEGORIES[:-2]}
    counts["disputed"] = 0
    counts["untagged"] = layer.get("none", 0) + layer.get("missing", 0)
    return counts


def month_of(published_on: date | None, added_on: date) -> str:
    """`YYYY-MM` of the day published, else of the day the article was added."""
    return f"{(published_on or added_on):%Y-%m}"


def group(items: Iterable[tuple[str, Mapping[str, int], int]], by: str) -> list[Row]:
    """(key, counts, words) per article, added up per key. Outlets come most hyped first
    (hype share, then name); months in time order; editors by name."""
    rows: dict[str, Row] = {}
    for key, counts, words in items:
        if key not in rows:
            rows[key] = Row(key)
        rows[key].add(counts, words)
    return _ordered(rows, by)


def totals(items: Iterable[tuple[str, int, int, Mapping[str, int]]], by: str) -> list[Row]:
    """(key, articles, words, counts) of groups of articles summed already (by the
    database), as rows in the order :func:`group` gives."""
    rows: dict[str, Row] = {}
    for key, articles, words, counts in items:
        row = rows.setdefault(key, Row(key))
        row.articles += articles
        row.words += words
        for category, n in counts.items():
            row.counts[category] += n
            row.sentences += n
    return _ordered(rows, by)


def _ordered(rows: dict[str, Row], by: str) -> list[Row]:
    if by == "outlet":
        return sorted(rows.values(), key=lambda row: (-row.share("hype"), row.key))
    return [rows[key] for key in sorted(rows)]


def total(rows: Iterable[Row], key: str = "All") -> Row:
    """The rows added up (for editors, articles two editors tagged count twice)."""
    whole = Row(key)
    for row in rows:
        whole.articles += row.articles
        whole.words += row.words
        whole.sentences += row.sentences
        for category in CATEGORIES:
            whole.counts[category] += row.counts[category]
    return whole


def quarter(today: date, back: int = 0) -> tuple[date, date]:
    """The first and last day of the calendar quarter `back` quarters before today's."""
    index = (today.year * 4 + (today.month - 1) // 3) - back
    year, q = divmod(index, 4)
    first = date(year, 3 * q + 1, 1)
    after = date(year + (q == 3), (3 * q + 3) % 12 + 1, 1)
    return first, date.fromordinal(after.toordinal() - 1)
