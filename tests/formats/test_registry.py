"""The registry: every caller offers what `formats.FORMATS` holds, as it says."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from annotate import formats
from annotate.forms import ExportForm
from annotate.management.commands.export_articles import Command as ExportCommand
from annotate.management.commands.import_articles import Command as ImportCommand
from tests.formats.samples import TIME


def test_stream_with_unknown_format_raises():
    with pytest.raises(ValueError, match="xlsx"):
        formats.stream("xlsx", [], exported_at=TIME, article_url=str, annotation_base_url="")


def test_content_types_cover_every_format():
    assert list(formats.FORMATS) == ["json", "jsonl", "w3c", "labelstudio", "doccano", "csv"]
    assert all(f.content_type and f.extension for f in formats.FORMATS.values())
    jsonl = formats.FORMATS["jsonl"]
    assert (jsonl.content_type, jsonl.extension) == ("application/x-ndjson", ".jsonl")
    assert formats.FORMATS["w3c"].extension == ".jsonld"


def test_readers_are_told_apart_in_order_and_json_lines_share_json_reader():
    assert [f.name for f in formats.READABLE] == ["json", "jsonl", "labelstudio", "doccano"]
    assert [f.name for f in formats.READERS] == ["json", "labelstudio", "doccano"]
    assert formats.readable() == (
        "our json export, our jsonl export, Label Studio tasks (JSON) or doccano JSONL"
    )


def test_export_form_and_command_offer_every_registered_format():
    assert [value for value, _ in ExportForm.base_fields["format"].choices] == list(formats.FORMATS)
    parser = ExportCommand().create_parser("manage.py", "export_articles")
    [action] = [a for a in parser._actions if a.dest == "format"]
    assert list(action.choices) == list(formats.FORMATS)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(formats.FORMATS))
def test_export_view_sends_the_registered_type_and_extension(client_for, editor, article, name):
    response = client_for(editor).get(reverse("annotate:export"), {"format": name})
    b"".join(response.streaming_content)
    registered = formats.FORMATS[name]
    assert response["Content-Type"] == f"{registered.content_type}; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert re.fullmatch(
        rf'attachment; filename="annotate-{name}-\d{{4}}-\d{{2}}-\d{{2}}\{registered.extension}"',
        disposition,
    )


@pytest.mark.django_db
def test_import_page_and_command_name_the_formats_they_read(client_for, lead):
    page = client_for(lead).get(reverse("annotate:import")).content.decode()
    assert "Our json export, our jsonl export, Label Studio tasks (JSON) or doccano JSONL." in page
    assert formats.readable() in ImportCommand.help
