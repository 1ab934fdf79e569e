"""Database functions the app's queries share."""

from __future__ import annotations

from django.db.models import F, Func, IntegerField
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
