"""python manage.py suggest FILE|-: suggestions.json for a text file, to pre-annotate a corpus."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from annotate import sentences as sentencelib
from annotate import text as textlib
from annotate.suggesting import chosen_suggestions, latest_learned


class Command(BaseCommand):
    help = (
        "Print the suggestions for a text file (or - for standard input) as suggestions.json "
        "does; offsets are code points into the text as annotate stores it (NFC, \\n)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="a UTF-8 text file, or - for standard input")

    def handle(self, *args, **options) -> None:
        name = options["file"]
        try:
            if name == "-":
                raw = sys.stdin.buffer.read()
            else:
                with open(name, "rb") as file:
                    raw = file.read()
            text = raw.decode("utf-8")
        except OSError as error:
            raise CommandError(f"{name}: {error.strerror or error}") from None
        except UnicodeDecodeError as error:
            raise CommandError(f"{name}: not UTF-8 text (byte {error.start})") from None
        text = textlib.normalize(text)
        bad = textlib.bad_character(text)
        if bad is not None:
            raise CommandError(f"{name}: the text holds a {bad[1]} at character {bad[0]}")
        spans = [list(span) for span in sentencelib.sentence_spans(text)]
        body, message = chosen_suggestions(text, spans, row=latest_learned())
        if message:
            self.stderr.write(message)
        self.stdout.write(json.dumps(body, ensure_ascii=False, indent=1))
