"""One article edited since a file was written no longer blocks the rest of the file."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError
from django.urls import reverse

from annotate.models import Annotation
from tests.keep_data import rich_database, snapshot
from tests.test_keep_imports import export, rewrite, run_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited_since(tmp_path, editor, other_editor, lead):
    """A backup of both articles, then an edit of the first one's text."""
    first, second = rich_database(editor=editor, other=other_editor, lead=lead)
    path = export(tmp_path, "json")

    def renote(data: dict) -> dict:  # the backup holds a note the database has lost since
        for a in data["articles"][1]["annotations"]:
            if a["note"] == "10-K, p. 3":
                a["note"] = "10-K, page 3"
        return data

    rewrite(path, renote)
    first.edit(seen_version=first.version, text=first.text + "\n\nUpdated at noon.")
    return path, first, second


def test_without_the_flag_nothing_is_imported_and_the_message_names_the_flag(edited_since):
    path, first, _ = edited_since
    before = snapshot()
    with pytest.raises(CommandError) as failure:
        run_import(path)
    message = str(failure.value)
    assert f'article 1 ("{first.title}"): article.text' in message
    assert "--skip-changed" in message and "Nothing was imported" in message
    assert snapshot() == before


def test_skip_changed_leaves_the_edited_article_and_imports_the_rest(edited_since):
    path, first, second = edited_since
    before = {a["id"]: a for a in snapshot()["annotations"]}
    summary = run_import(path, "--skip-changed")
    assert (
        "1 article skipped: its text was edited since the file was written: “OpensAI unveils”."
        in summary
    )
    assert "Imported 1 articles (0 new, 0 updated, 1 unchanged)" in summary
    assert Annotation.objects.filter(note="10-K, page 3", article=second).count() == 1
    # The edited article is as the edit left it.
    first.refresh_from_db()
    assert first.text.endswith("Updated at noon.")
    for a in Annotation.objects.filter(article=first).values():
        assert a == before[a["id"]]


def test_import_page_has_the_checkbox_and_names_what_it_skipped(client_for, lead, edited_since):
    path, first, _ = edited_since
    client = client_for(lead)
    with open(path, "rb") as file:
        data = file.read()
    refused = client.post(
        reverse("annotate:import"), {"file": SimpleUploadedFile("backup.json", data)}
    )
    assert refused.status_code == 400
    assert "Skip articles whose text was edited" in refused.content.decode()
    done = client.post(
        reverse("annotate:import"),
        {"file": SimpleUploadedFile("backup.json", data), "skip_changed": "on"},
    )
    assert done.status_code == 200
    html = done.content.decode()
    assert 'id="import-skipped"' in html
    assert "1 article skipped: its text was edited since the file was written:" in html
    assert f"“{first.title}”" in html
    assert Annotation.objects.filter(note="10-K, page 3").exists()
