"""Long HTML put into a rendered page as bytes, after its template: passed through the
template's nested nodes (blocks, partials), the ~1 MB of a long article's text or of its
review rows was copied at every level they went through (about 4 ms a page)."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

# Where the HTML goes: a NUL, which no stored text holds and no escaping makes.
SLOT = mark_safe("\x00spliced\x00")


def render_spliced(
    request: HttpRequest, template: str, context: dict, name: str, parts: Iterable[str]
) -> HttpResponse:
    """`template` rendered with `{{ name }}` marking the place of `parts` (HTML, escaped
    already), which go in there."""
    html = render_to_string(template, {**context, name: SLOT}, request)
    before, slot, after = html.partition(SLOT)
    if not slot:
        raise ValueError(f"{template} has no {{{{ {name} }}}}")
    body = [before.encode(), *(part.encode() for part in parts), after.encode()]
    return HttpResponse(b"".join(body))
