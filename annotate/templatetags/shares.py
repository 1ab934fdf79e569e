"""`{% share_bar article %}`: what an article says, as a small bar (or "wide").

Written here rather than by a template: the list page draws one a row, and through the
template engine the bars were a third of its time. Every value is a number or one of the
fixed category names (escaped all the same)."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from annotate.report import summary

register = template.Library()

_SVG_SIZE = {
    "small": 'viewBox="0 0 100 10" width="100" height="10"',
    "wide": 'viewBox="0 0 400 16" width="400" height="16"',
}


@register.simple_tag
def share_bar(article, size: str = "small") -> SafeString:
    shares = summary(article)
    return share_bar_html(shares, size)


def share_bar_html(shares: dict, size: str) -> SafeString:
    segments = shares["segments"] if size == "small" else shares["wide_segments"]
    cells = shares["cells"]
    if not shares["sentences"]:
        inner = '<span class="share-text">no sentences</span>'
        return mark_safe(f'<span class="share-bar share-bar-{escape(size)}">{inner}</span>\n')
    said = ", ".join(f"{escape(name)} {pct}%" for _, name, n, pct in cells if n)
    rects = "".join(
        f'<rect class="seg seg-{s.category}" fill="url(#pat-{s.category})" x="{s.x}" y="0"'
        f' width="{s.width}" height="{s.height}"><title>{s.category}: {s.value}'
        f" sentence{'' if s.value == 1 else 's'} ({s.percent}%)</title></rect>"
        for s in segments
    )
    svg = (
        f'<svg {_SVG_SIZE.get(size, _SVG_SIZE["wide"])} role="img"'
        f' aria-label="{said}">\n    {rects}\n  </svg>'
    )
    if size == "small":
        text = f'\n  <span class="share-text">hype {cells[0][3]}%</span>'
    else:
        items = "".join(
            f'<li><span class="swatch"><svg width="12" height="12" aria-hidden="true">'
            f'<rect class="seg" fill="url(#pat-{c})" width="12" height="12"/></svg></span>'
            f' {escape(name)} <strong data-share="{c}">{n}</strong>'
            f' <span class="pct">{pct}%</span></li>'
            for c, name, n, pct in cells
        )
        text = f'\n  <ul class="share-counts">{items}</ul>'
    return mark_safe(f'<span class="share-bar share-bar-{escape(size)}">\n  {svg}{text}\n</span>\n')
