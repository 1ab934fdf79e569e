"""The fixed sets an article and an annotation choose from: labels and statuses."""

from __future__ import annotations

from django.db import models


class Label(models.TextChoices):
    FACT = "fact", "Fact"
    SPECULATION = "speculation", "Speculation"
    HYPE = "hype", "Hype"


LABEL_DEFINITIONS = {
    Label.FACT: "A checkable statement of what is or happened: numbers, dates, attributed reports.",
    Label.SPECULATION: "A claim about the future or an unverified possibility: "
    "“is expected to”, “could become”, “aims to”.",
    Label.HYPE: "Promotional or loaded framing the evidence does not carry: "
    "“formidable”, “greatest rival”, “AI supremacy”.",
}

# Keys in the order the page shows them: h/1, f/2, s/3.
LABEL_KEYS = {Label.HYPE: ("h", "1"), Label.FACT: ("f", "2"), Label.SPECULATION: ("s", "3")}


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    DONE = "done", "Done"
