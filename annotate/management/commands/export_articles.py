from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone

from annotate import formats
from annotate.management.commands._progress import Progress
from annotate.models import Article, iso

User = get_user_model()


class Command(BaseCommand):
    help = "Export articles and their annotations (all, or those given by --article)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--format", default="json", choices=list(formats.FORMATS))
        parser.add_argument(
            "--output",
            default="-",
            help="File to write; - is stdout.",
        )
        parser.add_argument(
            "--article", type=int, action="append", default=[], metavar="ID", dest="articles"
        )
        parser.add_argument(
            "--base-url",
            default=os.environ.get("ANNOTATE_BASE_URL", "http://127.0.0.1:8000"),
            help="The app's address, for W3C targets of articles without a source URL "
            "(default: $ANNOTATE_BASE_URL or http://127.0.0.1:8000).",
        )
        parser.add_argument(
            "--history",
            action="store_true",
            help="Add each article's events (json and jsonl only; import takes them back).",
        )
        parser.add_argument(
            "--bom", action="store_true", help="csv: begin with a byte-order mark (for Excel)."
        )
        parser.add_argument(
            "--layer",
            default=None,
            help="One layer only: gold (the leads' verdicts that give a label) or an "
            "editor's username (their annotations).",
        )
        parser.add_argument(
            "--chunk-size", type=int, default=100, help="Articles read at a time (default 100)."
        )

    def handle(
        self,
        *args,
        format: str,
        output: str,
        articles: list[int],
        base_url: str,
        chunk_size: int,
        history: bool = False,
        bom: bool = False,
        layer: str | None = None,
        **opts,
    ):
        if history and format not in ("json", "jsonl"):
            raise CommandError("--history goes with --format json or jsonl: the others carry none.")
        if bom and format != "csv":
            raise CommandError("--bom is for --format csv only.")
        if layer and layer != formats.GOLD and not User.objects.filter(username=layer).exists():
            raise CommandError(f"No editor is named {layer!r}; --layer takes gold or a username.")
        queryset = Article.objects.filtered(ids=articles)
        if articles:
            missing = sorted(set(articles) - set(queryset.values_list("pk", flat=True)))
            if missing:
                raise CommandError(f"No article with id {', '.join(map(str, missing))}.")
        progress = Progress(self.stderr, what="Exported")
        counts = {"articles": 0, "annotations": 0}

        def counted() -> Iterator[dict]:
            for doc in queryset.documents(chunk_size=chunk_size, history=history):
                counts["articles"] += 1
                counts["annotations"] += len(doc["annotations"])
                progress.update(counts["articles"], counts["annotations"])
                yield doc

        detail = base_url.rstrip("/") + reverse("annotate:article_detail", args=[0])
        chunks = formats.stream(
            format,
            counted(),
            exported_at=iso(timezone.now()),
            article_url=lambda doc: detail.replace("/0/", f"/{doc['article']['id']}/"),
            annotation_base_url="urn:uuid:",
            layer=layer,
        )
        if bom:
            chunks = itertools.chain(["\ufeff"], chunks)
        if output == "-":
            try:
                sys.stdout.writelines(chunks)
                sys.stdout.flush()
            except BrokenPipeError:  # | head: the reader has what it wanted
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                return
        else:
            _write(Path(output), chunks)
        progress.done()
        elapsed = progress.elapsed()
        self.stderr.write(
            f"Exported {counts['articles']:,} articles and {counts['annotations']:,} annotations "
            f"as {format} to {output if output != '-' else 'stdout'} in {elapsed:.1f} s "
            f"({progress.rate(counts['annotations']):,.0f} annotations/s)."
        )


def _write(path: Path, chunks: Iterator[str]) -> None:
    """Whole or not at all: a failed export leaves no half-written file behind."""
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("w", encoding="utf-8", newline="") as file:
            file.writelines(chunks)
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
