"""/my/'s parts are cached per client (practice/fragments.py): never shown to anyone else, and
renewed the moment her data changes or the clock moves past a change."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from client_area.my_account import _my_parts
from practice import fragments
from tests.aftercare.conftest import (  # noqa: F401 (pytest finds fixtures by name)
    _private_folder,
    audio_upload,
    make_recording,
)
from tests.packages.conftest import (  # noqa: F401 (pytest finds fixtures by name)
    package_journey,
    package_paid,
    package_rtt,
)

pytestmark = pytest.mark.django_db


def my_page(client) -> str:
    response = client.get(reverse("clients:my-account"))
    assert response.status_code == 200
    return response.content.decode()


def without_tokens(page: str) -> str:
    """The page less its CSRF tokens (masked afresh on every view)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


@pytest.fixture
def maya_booked(client_user, make_booking, service):
    return make_booking(client=client_user, service=service)


def test_another_client_never_gets_her_cached_parts(
    client, client_user, other_client, staff_user, maya_booked
):
    client.force_login(client_user)
    assert maya_booked.reference in my_page(client)
    assert maya_booked.reference in my_page(client)  # now served from the cache

    for someone in (other_client, staff_user):
        client.force_login(someone)
        page = my_page(client)
        assert maya_booked.reference not in page
        assert client_user.email not in page
        assert someone.email in page
    client.logout()
    response = client.get(reverse("clients:my-account"))
    assert response.status_code == 302
    assert maya_booked.reference not in response.content.decode()


def test_her_forms_carry_this_sessions_csrf_token_not_a_cached_one(
    client, client_user, service, now
):
    _join_waitlist(client_user, service)
    client.force_login(client_user)
    my_page(client)
    client.logout()  # a new session: a new CSRF secret
    client.force_login(client_user)
    page = my_page(client)  # the cached parts

    assert "\x00" not in page
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    leave = page.split('action="')[1].split('"')[0]
    checked = type(client)(enforce_csrf_checks=True)
    checked.cookies = client.cookies
    assert checked.post(leave, {"csrfmiddlewaretoken": token}).status_code == 302


def _book(client_user, make_booking, service, **kwargs):
    make_booking(client=client_user, service=service, start=timezone.now() + timedelta(days=9))


def _cancel(client_user, maya_booked, **kwargs):
    maya_booked.status = "cancelled"
    maya_booked.cancelled_at = timezone.now()
    maya_booked.cancelled_by = "client"
    maya_booked.save()


def _withdraw_consent(client_user, **kwargs):
    from clients.consent import consent_withdraw

    assert consent_withdraw(user=client_user, now=timezone.now())


def _edit_profile(client, **kwargs):
    response = client.post(
        reverse("clients:profile"),
        {
            "first_name": "Marguerite",
            "last_name": "Jones",
            "phone": "",
            "time_zone": "Europe/London",
        },
    )
    assert response.status_code == 302


def _add_recording(**fixtures):
    fixtures["make_recording"](title="Your confidence recording")


def _listen(client, **fixtures):
    """Returns the page as it stood with the recording not yet listened to."""
    from aftercare.models import ListeningPlan
    from aftercare.plans import listening_tick

    recording = fixtures["make_recording"](title="Your confidence recording")
    before = my_page(client)
    listening_tick(plan=ListeningPlan.objects.get(recording=recording), now=timezone.now())
    return before


def _buy_package(client_user, **fixtures):
    fixtures["package_paid"](client_user, fixtures["package_journey"])


def _join_waitlist(client_user, service, **kwargs):
    from waitlist.joining import entry_join

    today = timezone.now().date()
    entry_join(
        client=client_user,
        service=service,
        first_day=today + timedelta(days=3),
        last_day=today + timedelta(days=4),
        parts={"mornings"},
        zone="Europe/London",
        now=timezone.now(),
    )


@pytest.mark.parametrize(
    "change",
    [
        _book,
        _cancel,
        _withdraw_consent,
        _edit_profile,
        _add_recording,
        _listen,
        _buy_package,
        _join_waitlist,
    ],
)
def test_her_parts_change_the_moment_her_data_does(
    request, change, client, client_user, maya_booked, service, accept_all
):
    # Everything set up first: a new package or service changes everyone's parts anyway.
    fixtures = {
        name: request.getfixturevalue(name)
        for name in ("make_booking", "make_recording", "package_paid", "package_journey")
    }
    accept_all(client_user)
    client.force_login(client_user)
    before = without_tokens(my_page(client))
    assert without_tokens(my_page(client)) == before  # served from the cache meanwhile

    before = (
        change(
            client=client,
            client_user=client_user,
            maya_booked=maya_booked,
            service=service,
            **fixtures,
        )
        or before
    )

    after = without_tokens(my_page(client))
    expected = {
        _book: lambda: after.count("booking-when") > before.count("booking-when"),
        _cancel: lambda: "Past and cancelled" in after and "Past and cancelled" not in before,
        _withdraw_consent: lambda: "You have withdrawn your consent" in after,
        _edit_profile: lambda: "Marguerite" in after and "Marguerite" not in before,
        _add_recording: lambda: "Your confidence recording" in after,
        _listen: lambda: after != without_tokens(before),
        _buy_package: lambda: "Your packages" in after,
        _join_waitlist: lambda: "Your waitlist" in after,
    }[change]
    assert expected()


def test_a_session_becoming_joinable_ends_the_cached_parts(client_user, make_booking, service):
    now = datetime.now(UTC).replace(microsecond=0)
    booking = make_booking(client=client_user, service=service, start=now + timedelta(minutes=12))

    html, next_change = _my_parts(user=client_user, zone="Europe/London", now=now)
    assert "Join session" not in html
    assert next_change == booking.start - timedelta(minutes=10)

    html, _ = _my_parts(user=client_user, zone="Europe/London", now=next_change)
    assert "Join session" in html


def test_a_fragment_is_not_kept_past_its_next_change(client_user):
    now = timezone.now()
    built = []

    def build(next_change):
        built.append(next_change)
        return f"version {len(built)}", next_change

    def get(next_change):
        return fragments.cached_fragment(
            name="test", user_id=client_user.pk, now=now, build=lambda: build(next_change)
        )

    assert get(now) == "version 1"  # changes right now: not stored
    assert get(now + timedelta(hours=1)) == "version 2"
    assert get(now) == "version 2"  # stored until its change (or the quarter hour)


def test_fragments_never_outlive_the_quarter_hour_when_days_and_offsets_turn():
    assert fragments.next_quarter_hour(datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC)) == datetime(
        2026, 3, 29, 1, 0, tzinfo=UTC
    )
    assert fragments.next_quarter_hour(datetime(2026, 3, 29, 18, 15, tzinfo=UTC)) == datetime(
        2026, 3, 29, 18, 30, tzinfo=UTC
    )
    assert 0 < fragments._timeout(datetime(2026, 3, 29, 18, 14, 30, tzinfo=UTC), None) <= 30
