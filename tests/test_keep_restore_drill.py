"""The README's restore drill: export everything, import into an empty database, export
again; the two files must agree but for `exported_at` and the row ids (local numbers).

Compared whole, so whatever the export carries (notes, orphans, re-anchored tags, and
layers, verdicts and the like once the export holds them) is covered as it lands."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.keep_data import rich_database

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def without_ids(value):
    """The export without `exported_at` and without any "id": row numbers are the
    database's own, and a restored database numbers its rows afresh."""
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k not in ("id", "exported_at")}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


# The drill's commands, in one process (each Django start costs seconds), on its database.
DRILL = """
import sys, django
from django.core.management import call_command
django.setup()
backup, after = sys.argv[1:]
call_command("migrate", "--noinput", verbosity=0)
call_command("import_articles", backup)
call_command("export_articles", "--format", "json", "--output", after)
call_command("import_articles", backup)
"""


def drill(backup: Path, after: Path, *, database: Path) -> list[str]:
    """migrate, import, export and import again in a process of its own, on an empty
    database; the two imports' summaries."""
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(database.parent),
        "SECRET_KEY": "drill-only",
        "ANNOTATE_ENV_FILE": "",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "annotate.settings",
    }
    done = subprocess.run(
        [sys.executable, "-c", DRILL, str(backup), str(after)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return [line for line in done.stdout.splitlines() if line.startswith("Imported")]


def test_restore_drill_gives_back_the_same_export(tmp_path, editor, other_editor, lead):
    rich_database(editor=editor, other=other_editor, lead=lead)
    before = tmp_path / "before.json"
    call_command(
        "export_articles", "--format", "json", "--output", str(before), stderr=io.StringIO()
    )
    exported = json.loads(before.read_text(encoding="utf-8"))
    annotations = [a for doc in exported["articles"] for a in doc["annotations"]]
    # What the drill must carry over is in the file.
    assert any(a.get("orphaned") for a in annotations)
    assert any(a.get("reanchored_at") for a in annotations)
    assert any(a["note"] for a in annotations)

    database, after = tmp_path / "drill.sqlite3", tmp_path / "after.json"
    first, second = drill(before, after, database=database)
    assert "7 annotations (7 new" in first
    assert without_ids(json.loads(after.read_text(encoding="utf-8"))) == without_ids(exported)
    # And a second import of the backup changes nothing there.
    assert "(0 new, 0 updated, 7 unchanged)" in second
