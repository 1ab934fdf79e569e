"""Database functions the app's queries share."""

from __future__ import annotations

from django.db.models import CharField, F, Func, IntegerField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast


class JSONArrayLength(Func):
    function = "json_array_length"  # SQLite; PostgreSQL's jsonb has its own name
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="jsonb_array_length", **extra)


class JSONKeyInteger(Func):
    """The integer under `key` in a JSON object column, NULL where the key is absent.

    `Cast(KT(...))` reads the same, but on SQLite KT parses the JSON three times a row
    (JSON_TYPE twice, then JSON_EXTRACT) to tell JSON true, false and null from text:
    for counts summed over every article, that was most of insights' query."""

    output_field = IntegerField()

    def __init__(self, field: str, key: str) -> None:
        self.json_field, self.key = field, key
        super().__init__(F(field))

    def as_sql(self, compiler, connection, **extra):
        return compiler.compile(Cast(KT(f"{self.json_field}__{self.key}"), IntegerField()))

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(JSON_EXTRACT({sql}, %s) AS integer)", (*params, f'$."{self.key}"')

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql} ->> %s))::integer", (*params, self.key)


class UtcText(Func):
    """A datetime column as UTC text, "2026-11-27 03:04:05.123456" (SQLite: as Django
    stored it, without the fraction when it is zero; PostgreSQL: always six digits), for
    `iso_text` and `iso_text_micro` to slice: thousands of datetimes parsed in Python to
    be formatted again were most of an export's time."""

    arity = 1
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        # As Django wrote it: in the connection's time zone, UTC (the settings leave
        # DATABASES' TIME_ZONE unset). A CAST, as the bare column would be parsed into a
        # datetime by its declared type. Not strftime: it rounds to the millisecond.
        return self.as_sql(compiler, connection, template="CAST(%(expressions)s AS text)", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        template = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
        return self.as_sql(compiler, connection, template=template, **extra)


def iso_text(text: str) -> str:
    """`documents.iso` (to the second) of a timestamp as `UtcText` gives it."""
    return f"{text[:10]}T{text[11:19]}Z"


def iso_text_micro(text: str | None) -> str | None:
    """`history._iso` (the microseconds, when any) of a timestamp as `UtcText` gives it."""
    if text is None:
        return None
    fraction = text[19:26]
    return f"{text[:10]}T{text[11:19]}{'' if fraction in ('', '.000000') else fraction}Z"


class Flag(Func):
    """A boolean column as the database gives it, 1 or 0 (SQLite) or a bool (PostgreSQL):
    for a test of truth, with no converter run on each row as a BooleanField's."""

    arity = 1
    template = "%(expressions)s"
    output_field = IntegerField()

    def get_db_converters(self, connection):
        return []


class UuidHex(Func):
    """A uuid column as its 32 lowercase hex digits (`uuid.hex`), without the converter
    to a UUID that Django runs per row: `dashed` writes it as `str(uuid)`."""

    arity = 1
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="%(expressions)s", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        template = "replace((%(expressions)s)::text, '-', '')"
        return self.as_sql(compiler, connection, template=template, **extra)


def dashed(hex_: str | None) -> str | None:
    """`str(uuid)` of the hex digits `UuidHex` gives (None for none)."""
    if hex_ is None:
        return None
    return f"{hex_[:8]}-{hex_[8:12]}-{hex_[12:16]}-{hex_[16:20]}-{hex_[20:]}"
