"""Database functions the app's queries share."""

from __future__ import annotations

from django.db.models import Func, IntegerField


class JSONArrayLength(Func):
    function = "json_array_length"  # SQLite; PostgreSQL's jsonb has its own name
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="jsonb_array_length", **extra)
