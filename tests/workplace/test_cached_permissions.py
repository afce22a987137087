"""Staff permissions kept in the shared cache (workplace/permissions.py): the desk's pages read
no permission tables once they are kept, each person has her own set, and a right given or
taken, or an account switched off, counts from her next request."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

BLOCK_TIME = reverse("admin:bookings_booking_block_time")
PERMISSION_TABLES = ("auth_permission", "auth_group_permissions", "user_permissions")


def permission(codename: str) -> Permission:
    return Permission.objects.get(codename=codename)


def signed_in(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.fixture
def helper(make_user, practitioner):
    """A member of staff who may look at bookings, and block time off."""
    user = make_user("helper@example.com", is_staff=True)
    user.user_permissions.add(permission("view_booking"), permission("add_timeoff"))
    return user


@pytest.mark.parametrize(
    "url", [reverse("admin:index"), reverse("admin:bookings_booking_calendar"), BLOCK_TIME]
)
def test_the_desk_reads_no_permission_table_once_hers_are_kept(helper, url):
    # Not a superuser (who has every right without asking): her rights are read.
    helper.user_permissions.add(permission("view_practitioner"))
    browser = signed_in(helper)
    browser.get(url)

    with CaptureQueriesContext(connection) as queries:
        assert browser.get(url).status_code == 200

    read = [q["sql"] for q in queries if any(table in q["sql"] for table in PERMISSION_TABLES)]
    assert read == []


def test_a_right_taken_is_refused_on_her_next_request_and_given_back_is_granted(helper):
    browser = signed_in(helper)
    assert browser.get(BLOCK_TIME).status_code == 200

    helper.user_permissions.remove(permission("add_timeoff"))
    assert browser.get(BLOCK_TIME).status_code == 403

    helper.user_permissions.add(permission("add_timeoff"))
    assert browser.get(BLOCK_TIME).status_code == 200


def test_a_right_that_came_from_her_group_goes_with_it(make_user, practitioner):
    writer = make_user("writer@example.com", is_staff=True)
    group = Group.objects.create(name="Calendar")
    group.permissions.add(permission("add_timeoff"))
    writer.groups.add(group)
    browser = signed_in(writer)
    assert browser.get(BLOCK_TIME).status_code == 200

    group.permissions.remove(permission("add_timeoff"))

    assert browser.get(BLOCK_TIME).status_code == 403


def test_each_person_has_her_own_rights(desk, make_user, practitioner):
    assert desk.get(BLOCK_TIME).status_code == 200  # the practitioner's rights are kept
    reader = make_user("reader@example.com", is_staff=True)
    reader.user_permissions.add(permission("view_booking"))

    assert signed_in(reader).get(BLOCK_TIME).status_code == 403


def test_an_account_switched_off_is_out_at_once(helper):
    browser = signed_in(helper)
    assert browser.get(BLOCK_TIME).status_code == 200

    type(helper).objects.filter(pk=helper.pk).update(is_active=False)  # no signal at all

    response = browser.get(BLOCK_TIME)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
