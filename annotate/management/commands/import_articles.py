from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from annotate import formats
from annotate.formats import ImportFailure, parse
from annotate.importing import ImportResult, import_documents
from annotate.management.commands._progress import Progress


class Command(BaseCommand):
    help = (
        f"Import articles from {formats.readable()}. "
        "All or nothing; articles and annotations are matched by uuid, or, without one, "
        "by text and title and by editor and span."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The file to read; - is stdin.")
        parser.add_argument(
            "--editor",
            default="imported",
            help="Account for spans and articles whose file names no editor (doccano, "
            "Label Studio from elsewhere); created inactive if missing. Default: imported.",
        )
        parser.add_argument(
            "--skip-changed",
            action="store_true",
            help="Leave out (and name) the articles whose stored text differs from the "
            "file's, as after a text edit since the file was written, and import the rest; "
            "without it, one such article refuses the whole file.",
        )

    def handle(self, *args, file: str, editor: str, skip_changed: bool, **opts) -> None:
        progress = Progress(self.stderr, what="Imported")
        data = read(file)
        try:
            docs = parse(data)
            result = import_documents(
                docs,
                default_editor=editor,
                progress=progress.update,
                skip_changed=skip_changed,
                file_name="stdin" if file == "-" else Path(file).name,
            )
        except ImportFailure as failure:
            progress.done()
            raise CommandError(f"{file}: {failure}. Nothing was imported.") from None
        progress.done()
        self.stdout.write(summary(result, seconds=progress.elapsed()))


def read(file: str) -> str:
    try:
        raw = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as error:
        raise CommandError(f"{file}: {error.strerror}.") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CommandError(
            f"{file}: this is not UTF-8 text (byte {error.start}). Nothing was imported."
        ) from None


def summary(result: ImportResult, *, seconds: float) -> str:
    rate = result.annotations / max(seconds, 1e-9)
    text = (
        f"Imported {result.articles:,} articles ({result.articles_created:,} new, "
        f"{result.articles_updated:,} updated, {result.articles_unchanged:,} unchanged) and "
        f"{result.annotations:,} annotations ({result.annotations_created:,} new, "
        f"{result.annotations_updated:,} updated, {result.annotations_unchanged:,} unchanged) "
        f"in {seconds:.1f} s ({rate:,.0f} annotations/s)"
    )
    verdicts = result.verdicts_created + result.verdicts_updated + result.verdicts_unchanged
    if verdicts:
        text += (
            f"; {verdicts:,} verdicts ({result.verdicts_created:,} new, "
            f"{result.verdicts_updated:,} updated, {result.verdicts_unchanged:,} unchanged)"
        )
    if result.events_imported:
        text += f"; {result.events_imported:,} history events added"
    if result.editors_created:
        text += f"; {result.editors_created:,} inactive editor accounts created"
    text += "."
    if result.skipped:
        text += " " + skipped(result.skipped)
    return text


def skipped(titles: list[str]) -> str:
    """What `--skip-changed` left out, by title."""
    n = len(titles)
    names = ", ".join(f"“{title}”" for title in titles)
    return (
        f"{n} article{'s' if n != 1 else ''} skipped: "
        f"{'their' if n != 1 else 'its'} text was edited since the file was written: {names}."
    )
