"""The bench's table, and two runs side by side."""

from __future__ import annotations

# key: (figure, target in ms or ×, floor key)
FIGURES = {
    "healthz": ("GET /healthz round trip (floor)", None, None),
    "page": ("annotate page, 2,000 annotations", 300, "healthz"),
    "bare": ("annotate page, bare article", None, "healthz"),
    "ratio": ("annotated / bare page", 3.0, None),
    "tag": ("tag POST (htmx fragments)", 100, "healthz"),
    "export": ("export.json, 2,000 annotations", 300, "dumps"),
    "dumps": ("json.dumps of that document (floor)", None, None),
    "suggestions": ("suggestions.json, 10,000 words (cached)", 100, "healthz"),
    "suggest": ("suggesting alone, 10,000 words (uncached)", 100, None),
    "list": ("list page (25 of 51 articles)", None, "healthz"),
    "split": ("sentence splitting, 10,000 words", 500, None),
    "render": ("render_paragraphs alone", None, None),
}


def fmt(key: str, value: float | None) -> str:
    return f"{value:.2f}×" if key == "ratio" else f"{value:.1f} ms"


def verdict(key: str, median: float) -> str:
    target = FIGURES[key][1]
    if target is None:
        return ""
    return "ok" if median <= target else "MISSED"


def table(result: dict) -> str:
    figures = result["figures"]
    rows = [("figure", "median", "p10–p90", "target", "floor", "verdict")]
    for key, (name, target, floor) in FIGURES.items():
        if key not in figures:  # a result from before the figure existed
            continue
        f = figures[key]
        spread = f"{fmt(key, f['p10'])}–{fmt(key, f['p90'])}".replace(" ms–", "–")
        target_text = (
            "" if target is None else ("≤ " if key == "ratio" else "< ") + fmt(key, target)
        )
        floor_text = "" if floor is None else f"{fmt(floor, figures[floor]['median'])} ({floor})"
        rows.append(
            (
                name,
                fmt(key, f["median"]),
                spread,
                target_text,
                floor_text,
                verdict(key, f["median"]),
            )
        )
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    lines = [
        f"annotate bench @ {result['commit']} on {result['database']}, {result['cpus']} CPUs, "
        f"{result['runs']} runs; article: {result['words']:,} words, {result['sentences']} "
        f"sentences, {result['annotations']:,} annotations"
    ]
    for n, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def compare(a: dict, b: dict) -> str:
    rows = [
        (
            "figure",
            f"A {a['commit']} ({a['database']})",
            f"B {b['commit']} ({b['database']})",
            "B/A",
        )
    ]
    for key, (name, _, _) in FIGURES.items():
        if key not in a["figures"] or key not in b["figures"]:
            continue
        ma, mb = a["figures"][key]["median"], b["figures"][key]["median"]
        rows.append((name, fmt(key, ma), fmt(key, mb), f"{mb / ma:.2f}" if ma else "—"))
    widths = [max(len(r[c]) for r in rows) for c in range(4)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)
