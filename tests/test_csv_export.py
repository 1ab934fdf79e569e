"""The csv format through /export/ and export_articles: verdicts, the BOM, the filters."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import tag

pytestmark = pytest.mark.django_db

FACT = "Acme Corp. said on Monday that its chip is 3.5x faster."


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def test_export_csv_carries_verdicts_and_neutralises_a_hostile_note(
    client_for, editor, lead, article
):
    tag(article, editor, FACT, "hype", note="=cmd|' /C calc'!A0")
    start = article.text.index(FACT)
    article.decide(lead=lead, start=start, end=start + len(FACT), label="fact", note="-sourced")
    response = client_for(editor).get(reverse("annotate:export"), {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    text = body(response)
    assert not text.startswith("\ufeff")
    (row,) = csv.DictReader(io.StringIO(text, newline=""))
    assert row["note"] == "'=cmd|' /C calc'!A0"
    assert (row["label"], row["verdict_label"], row["verdict_by"]) == ("hype", "fact", "lena")
    assert row["verdict_note"] == "'-sourced"


def test_export_csv_with_bom_for_excel(client_for, editor, article):
    tag(article, editor, FACT, "fact")
    response = client_for(editor).get(reverse("annotate:export"), {"format": "csv", "bom": "1"})
    assert body(response).startswith("\ufeffarticle_uuid,")


def test_bom_with_another_format_is_400(client_for, editor):
    response = client_for(editor).get(reverse("annotate:export"), {"format": "json", "bom": "1"})
    assert response.status_code == 400
    assert "bom=1 is for the csv format only." in response.content.decode()


def test_export_takes_the_outlet_filter(client_for, editor, make_article):
    tag(make_article(outlet="Loud", title="In"), editor, FACT, "fact")
    tag(make_article(outlet="Calm", title="Out"), editor, FACT, "fact")
    response = client_for(editor).get(
        reverse("annotate:export"), {"format": "csv", "outlet": "Loud"}
    )
    titles = [r["title"] for r in csv.DictReader(io.StringIO(body(response), newline=""))]
    assert titles == ["In"]


def test_export_articles_command_writes_csv_with_bom(tmp_path, editor, article):
    tag(article, editor, FACT, "fact")
    out = tmp_path / "tags.csv"
    call_command("export_articles", "--format", "csv", "--bom", "--output", str(out))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfarticle_uuid,")
    assert raw.count(b"\r\n") == 2


def test_export_articles_bom_needs_csv(editor):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--bom is for --format csv only"):
        call_command("export_articles", "--format", "json", "--bom")
