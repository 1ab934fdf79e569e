"""`{% share_bar article.sentence_labels %}`: what an article says, as a small bar."""

from __future__ import annotations

from django import template

from annotate.report import summary

register = template.Library()


@register.inclusion_tag("annotate/partials/share_bar.html")
def share_bar(sentence_labels: dict, size: str = "small") -> dict:
    shares = summary(sentence_labels)
    if size != "small":
        shares["segments"] = shares["wide_segments"]
    return {**shares, "size": size}
