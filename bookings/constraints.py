"""A database constraint that exists only on PostgreSQL.

The no-double-booking rule is an exclusion constraint over a ``tstzrange``, which only
PostgreSQL has. The project also runs on SQLite (the demo, half of CI), where the same rule is
kept by IMMEDIATE transactions and a re-check inside them (see bookings/services.py). Keeping
the constraint in the model's Meta keeps the migration state honest on both databases, so this
subclass simply emits no SQL elsewhere: SQLite rebuilds tables from the model state on many
schema changes and would otherwise choke on ``EXCLUDE USING gist``.
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.db import DEFAULT_DB_ALIAS, connections


class PostgresExclusionConstraint(ExclusionConstraint):
    @staticmethod
    def _on_postgres(schema_editor) -> bool:
        return schema_editor.connection.vendor == "postgresql"

    def constraint_sql(self, model, schema_editor):
        if not self._on_postgres(schema_editor):
            return None
        return super().constraint_sql(model, schema_editor)

    def create_sql(self, model, schema_editor):
        if not self._on_postgres(schema_editor):
            return None
        return super().create_sql(model, schema_editor)

    def remove_sql(self, model, schema_editor):
        if not self._on_postgres(schema_editor):
            return None
        return super().remove_sql(model, schema_editor)

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        # The range operators only exist on PostgreSQL; elsewhere the domain functions check.
        if connections[using].vendor != "postgresql":
            return
        super().validate(model, instance, exclude=exclude, using=using)
