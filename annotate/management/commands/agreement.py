"""`manage.py agreement`: agreement between finished layers, pooled over articles."""

from __future__ import annotations

import csv
import json

from django.core.management.base import BaseCommand, CommandError

from annotate.agreement import pooled_agreement
from annotate.models import Article, Status

COLUMNS = [
    "scope", "editor", "other_editor", "n", "alpha", "gwet_ac1", "percent_agreement",
    "cohen_kappa", "span_f1_exact", "span_f1_overlap", "accuracy",
]  # fmt: skip


class Command(BaseCommand):
    help = (
        "Agreement between editors' finished layers, pooled over all articles (or those "
        "given): Krippendorff's alpha, Gwet's AC1, percent agreement, and per pair Cohen's "
        "kappa and span F1; each editor's accuracy against the leads' verdicts."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--article", type=int, action="append", default=[], metavar="ID", dest="articles"
        )
        parser.add_argument("--status", choices=Status.values, default="")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, articles: list[int], status: str, format: str, **opts) -> None:
        queryset = Article.objects.filtered(ids=articles, status=status)
        if articles:
            found = Article.objects.filter(pk__in=articles).values_list("pk", flat=True)
            missing = sorted(set(articles) - set(found))
            if missing:
                raise CommandError(f"No article with id {', '.join(map(str, missing))}.")
        result = pooled_agreement(queryset.measured())
        if format == "json":
            self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
            return
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in csv_rows(result):
            writer.writerow(["" if value is None else value for value in row])


def csv_rows(result: dict) -> list[list]:
    """One row for the pooled figures, one per label, one per pair, one per editor."""
    rows = [
        ["all", "", "", result["sentences"], result["alpha"], result["gwet_ac1"]]
        + [result["percent_agreement"], None, None, None, None]
    ]
    for label, figures in result["labels"].items():
        rows.append([f"label:{label}", "", "", None, figures["alpha"], *[None] * 6])
    for pair in result["pairs"]:
        a, b = pair["editors"]
        rows.append(
            ["pair", a, b, pair["n"], None, None, None, pair["cohen_kappa"]]
            + [pair["span_f1_exact"], pair["span_f1_overlap"], None]
        )
    for row in result["accuracy"]:
        rows.append(["editor", row["editor"], "", row["n"], *[None] * 6, row["accuracy"]])
    return rows
