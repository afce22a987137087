"""The practitioner reads zones by name in her admin, never as "America/New_York"."""

import re

import pytest

from clients.models import Profile

pytestmark = pytest.mark.django_db


def test_the_practitioner_list_names_her_zone(admin, practitioner):
    html = admin.get("/admin/bookings/practitioner/").content.decode()

    assert re.search(r"London \(United Kingdom, UTC(\+1)?\)", html)
    assert "Europe/London" not in html


def test_a_clients_zone_is_picked_by_name_and_the_saved_one_stays_chosen(admin, client_user):
    Profile.objects.create(user=client_user, time_zone="Asia/Tokyo")

    html = admin.get(f"/admin/clients/user/{client_user.pk}/change/").content.decode()

    # Named for people, with the place's local time and offset, as the client's picker names it.
    assert re.search(
        r'<option value="Asia/Tokyo" selected>Tokyo \(Japan\) — \d+:\d\d [ap]m, UTC\+9</option>',
        html,
    )
    assert '<input type="text" name="profile-0-time_zone"' not in html


def test_the_practitioners_own_zone_is_picked_by_name(admin, practitioner):
    html = admin.get(f"/admin/bookings/practitioner/{practitioner.pk}/change/").content.decode()

    assert re.search(
        r'<option value="Europe/London" selected>'
        r"London \(United Kingdom\) — \d+:\d\d [ap]m, UTC(\+1)?</option>",
        html,
    )
