"""The practitioner reads the waitlist in the admin: service by service, first in line first,
each entry with the times offered from it, each freed time with its offers; nothing to edit."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from bookings import services
from bookings.policy import Actor
from tests.waitlist.conftest import NOW
from waitlist.models import Entry, FreedTime
from workplace.roles import PRACTITIONER_GROUP

pytestmark = pytest.mark.django_db

MINUTE = timedelta(minutes=1)


@pytest.fixture
def anna(practitioner):
    """Anna as she runs the site: staff in the Practitioner group, not a superuser."""
    user = practitioner.user
    user.is_superuser = False
    user.save()
    user.groups.add(Group.objects.get(name=PRACTITIONER_GROUP))
    return user


@pytest.fixture
def lines(service, make_service, waiting, join):
    """Bea then Ada wait for `service`; Cat for another service."""
    from waitlist.joining import entry_join

    ada, bea, cat = waiting
    join(bea, now=NOW)
    join(ada, now=NOW + MINUTE)
    other = make_service("follow-up", name="Follow-up call")
    entry_join(
        client=cat,
        service=other,
        first_day=NOW.date(),
        last_day=NOW.date() + timedelta(days=9),
        parts={"mornings"},
        zone="Europe/London",
        now=NOW,
    )
    return other


def test_her_group_reads_the_waitlist_and_changes_nothing(anna):
    for permission in ("view_entry", "view_freedtime", "view_offer"):
        assert anna.has_perm(f"waitlist.{permission}")
    for permission in ("add_entry", "change_entry", "delete_entry", "change_freedtime"):
        assert not anna.has_perm(f"waitlist.{permission}")


def test_she_sees_one_services_line_in_order(client, anna, service, lines):
    client.force_login(anna)
    url = reverse("admin:waitlist_entry_changelist")

    page = client.get(f"{url}?service__id__exact={service.pk}").content.decode()

    assert page.index("bea@example.com") < page.index("ada@example.com")
    assert "cat@example.com" not in page
    assert "Mornings, afternoons and evenings" in page
    whole = client.get(url).content.decode()
    assert "cat@example.com" in whole
    assert "Add waitlist entry" not in whole


def test_an_entry_and_a_freed_time_show_their_offers(client, anna, service, full_day, lines, look):
    services.booking_cancel(
        booking=full_day[sorted(full_day)[0]], by=Actor.CLIENT, now=NOW + 2 * MINUTE
    )
    [offer] = look(now=NOW + 3 * MINUTE)
    client.force_login(anna)

    entry_page = client.get(reverse("admin:waitlist_entry_change", args=[offer.entry.pk]))
    chain = FreedTime.objects.get()
    chain_page = client.get(reverse("admin:waitlist_freedtime_change", args=[chain.pk]))

    assert entry_page.status_code == chain_page.status_code == 200
    for page in (entry_page.content.decode(), chain_page.content.decode()):
        assert "Offers, first in line first" in page
        assert offer.booking.reference in page
        assert "Held for her" in page
        assert 'name="_save"' not in page
    assert "bea@example.com" in chain_page.content.decode()
    assert Entry.objects.count() == 3
