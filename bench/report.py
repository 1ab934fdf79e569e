"""The bench's tables: every figure with its floor (measured in the same run) and the ratio,
and two runs side by side.

A figure's floor is the least its path must do (bench/README.md says why, figure by
figure), made of one or more floor figures of the same run: their medians add up. The
verdict is the ratio's (issue 17: at or under 2) and, where the issue gives one, the
target's; a floor row has neither.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_RATIO = 2.0
# The targets are for a 2-core machine whose /healthz round trip is 1.8 ms: a run
# scales them by its own /healthz, so that a slower machine reads them against its floor.
TARGET_HEALTHZ_MS = 1.8


@dataclass(frozen=True)
class Figure:
    name: str
    floor: tuple[str, ...] = ()  # the floor figures whose medians add up to this one's floor
    target: float | None = None  # ms (or the unit's), from the issue, for a 2-core machine
    unit: str = "ms"
    higher_is_better: bool = False  # a rate: the ratio is floor / figure

    @property
    def is_floor(self) -> bool:
        return not self.floor


# The main table's figures (bench/run.py), in the order printed.
FIGURES = {
    "healthz": Figure("GET /healthz round trip (floor)"),
    "bare": Figure("annotate page, bare article (floor)"),
    "page": Figure("annotate page, 2,000 annotations", ("bare",), 15),
    "write": Figure("one write (a tag's row and its event), in process (floor)"),
    "tag": Figure("tag POST (htmx fragments)", ("healthz", "write"), 6),
    "export_rows": Figure("the export's 2,000 rows read by a bare cursor, in process (floor)"),
    "dumps": Figure("json.dumps of the export, in process (floor)"),
    "export": Figure("export.json, 2,000 annotations", ("healthz", "export_rows", "dumps"), 12),
    "suggestions_floor": Figure("suggestions' article and cached value read + dumps (floor)"),
    "suggestions": Figure("suggestions.json (cached)", ("healthz", "suggestions_floor"), 100),
    "list_floor": Figure("the list's 25 rows and counts, queried in process (floor)"),
    "list": Figure("list page (25 of 52 articles)", ("healthz", "list_floor")),
    "agreement_floor": Figure("agreement's sentences, spans and layers, queried (floor)"),
    "agreement": Figure(
        "agreement.json, 400 sentences, 5 finished", ("healthz", "agreement_floor"), 50
    ),
    "review_floor": Figure("review's text, layers, spans and verdicts, queried in process (floor)"),
    "review": Figure("review page, 400 sentences, 5 finished", ("healthz", "review_floor"), 200),
    "review_bare": Figure("  the annotate page of those 400 sentences, bare (for comparison)"),
    "history_floor": Figure("history's 50 newest events, queried in process (floor)"),
    "history": Figure("history page, 10,000 events", ("healthz", "history_floor"), 100),
    "insights_floor": Figure("insights' one aggregate query, in process (floor)"),
    "insights": Figure("insights page (52 articles)", ("healthz", "insights_floor"), 300),
    "api_tag": Figure("API tag POST", ("healthz", "write"), 6),
    "bulk_floor": Figure("the same 1,000 tags and events, inserted in process (floor)"),
    "api_bulk": Figure("API bulk, 1,000 spans a request", ("healthz", "bulk_floor")),
}

# In process, parts of the figures above (what share of the page is its HTML, what saving
# a pasted article costs): no floor of their own.
PARTS = {
    "split": Figure("sentence splitting, 10,000 words (part)", target=500),
    "render": Figure("render_paragraphs alone (part of the page)"),
    "render_bare": Figure("render_paragraphs, bare (part of the bare page)"),
    "suggest": Figure("suggesting alone, uncached (part)", target=100),
}


def floor_of(figures: dict, figure: Figure) -> float | None:
    if not figure.floor or any(k not in figures for k in figure.floor):
        return None
    return sum(figures[k]["median"] for k in figure.floor)


def ratio_of(median: float, floor: float, figure: Figure) -> float:
    return floor / median if figure.higher_is_better else median / floor


def fmt(value: float | None, unit: str = "ms") -> str:
    if value is None:
        return ""
    if unit == "ms":
        return f"{value:.1f} ms"
    return f"{value:,.0f} {unit}"


def verdict(figure: Figure, median: float, ratio: float | None, target: float | None) -> str:
    if figure.is_floor and target is None:
        return ""
    misses = []
    if ratio is not None and ratio > MAX_RATIO:
        misses.append(f"ratio > {MAX_RATIO:g}")
    if target is not None:
        over = median < target if figure.higher_is_better else median > target
        if over:
            misses.append("target")
    return "MISSED " + ", ".join(misses) if misses else "ok"


def target_scale(figures: dict) -> float:
    healthz = figures.get("healthz", {}).get("median")
    return healthz / TARGET_HEALTHZ_MS if healthz else 1.0


def rows(figures: dict, spec: dict[str, Figure]) -> list[tuple[str, ...]]:
    scale = target_scale(figures)
    out = []
    for key, figure in spec.items():
        if key not in figures:  # a result from before the figure existed, or not measured
            continue
        f = figures[key]
        floor = floor_of(figures, figure)
        ratio = None if floor is None or not floor else ratio_of(f["median"], floor, figure)
        spread = f"{fmt(f['p10'], figure.unit)}–{fmt(f['p90'], figure.unit)}"
        spread = spread.replace(f" {figure.unit}–", "–")
        floor_text = f"{fmt(floor, figure.unit)} ({' + '.join(figure.floor)})" if floor else ""
        target_text = ""
        target = None
        if figure.target is not None:
            target = figure.target * scale if figure.unit == "ms" else figure.target
            sign = "≥" if figure.higher_is_better else "<"
            target_text = f"{sign} {fmt(target, figure.unit)}"
        out.append(
            (
                figure.name,
                fmt(f["median"], figure.unit),
                spread,
                floor_text,
                "" if ratio is None else f"{ratio:.2f}×",
                target_text,
                verdict(figure, f["median"], ratio, target),
            )
        )
    return out


HEADER = ("figure", "median", "p10–p90", "floor", "ratio", "target", "verdict")


def format_rows(all_rows: list[tuple[str, ...]], title: str = "") -> str:
    table_rows = [HEADER, *all_rows]
    widths = [max(len(r[c]) for r in table_rows) for c in range(len(HEADER))]
    lines = [title] if title else []
    for n, row in enumerate(table_rows):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def table(result: dict) -> str:
    title = (
        f"annotate bench @ {result['commit']} on {result['database']}, {result['cpus']} CPUs, "
        f"{result['runs']} runs; article: {result['words']:,} words, {result['sentences']} "
        f"sentences, {result['annotations']:,} annotations"
    )
    figures = result["figures"]
    scale = target_scale(figures)
    title += (
        f"\ntargets (the issue's, for /healthz at {TARGET_HEALTHZ_MS} ms) scaled by this run's "
        f"/healthz: ×{scale:.2f}; verdict: ratio ≤ {MAX_RATIO:g} and the target"
    )
    return format_rows(rows(figures, FIGURES) + rows(figures, PARTS), title)


def compare(a: dict, b: dict) -> str:
    out = [("figure", f"A {a['commit']} ({a['database']})", f"B {b['commit']} ({b['database']})")]
    out[0] += ("B/A",)
    for key, figure in {**FIGURES, **PARTS}.items():
        if key not in a["figures"] or key not in b["figures"]:
            continue
        ma, mb = a["figures"][key]["median"], b["figures"][key]["median"]
        out.append(
            (
                figure.name,
                fmt(ma, figure.unit),
                fmt(mb, figure.unit),
                f"{mb / ma:.2f}" if ma else "—",
            )
        )
    widths = [max(len(r[c]) for r in out) for c in range(4)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in out)
