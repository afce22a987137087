"""The end of a transactional test (tests/conftest.py's database_flush): an empty database
plus exactly the rows post_migrate writes, as Django's own flush leaves it."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection

from tests.conftest import database_flush
from workplace.roles import PRACTITIONER_GROUP

pytestmark = pytest.mark.django_db(transaction=True)


def database_contents() -> dict:
    """Every table's row count, and the rows post_migrate writes by their natural keys (their
    ids differ from one flush to the next)."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.django_table_names(only_existing=True)):
            table_name = connection.ops.quote_name(table)
            cursor.execute(f"SELECT COUNT(*) FROM {table_name}")  # noqa: S608 (Django's tables)
            counts[table] = cursor.fetchone()[0]
    ContentType.objects.clear_cache()
    return {
        "counts": counts,
        "content types": sorted(ContentType.objects.values_list("app_label", "model")),
        "permissions": sorted(
            Permission.objects.values_list("content_type__app_label", "codename", "name")
        ),
        "groups": sorted(
            (group.name, sorted(group.permissions.values_list("codename", flat=True)))
            for group in Group.objects.all()
        ),
    }


def test_a_flush_leaves_what_flush_and_post_migrate_leave(request):
    database_flush()  # the rows are read after the first flush of the run, if not already
    # A test leaves rows behind, a group of its own and a trimmed Practitioner group.
    make_booking = request.getfixturevalue("make_booking")
    make_booking(
        client=request.getfixturevalue("client_user"), service=request.getfixturevalue("service")
    )
    Group.objects.create(name="Left behind")
    Group.objects.get(name=PRACTITIONER_GROUP).permissions.clear()
    Permission.objects.filter(codename="view_booking").delete()

    database_flush()
    restored = database_contents()
    call_command("flush", verbosity=0, interactive=False)  # Django's: post_migrate runs
    by_django = database_contents()

    assert restored == by_django
    assert restored["groups"][0][0] == PRACTITIONER_GROUP
    assert restored["groups"][0][1]  # with its permissions
    assert restored["counts"]["bookings_booking"] == 0
