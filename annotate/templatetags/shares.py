"""`{% share_bar article %}`: what an article says, as a small bar (or "wide")."""

from __future__ import annotations

from django import template

from annotate.report import summary

register = template.Library()


@register.inclusion_tag("annotate/partials/share_bar.html")
def share_bar(article, size: str = "small") -> dict:
    shares = summary(article)
    if size != "small":
        shares["segments"] = shares["wide_segments"]
    return {**shares, "size": size}
