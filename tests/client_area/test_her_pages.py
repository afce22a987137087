"""Her signed-in pages kept whole (practice/her_pages.py): a second view renders nothing and
reads only her user; never shown to anyone else, never with a stale CSRF token, a message or a
clock; pages showing health answers kept only encrypted."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from aftercare.models import CheckIn
from clients.fields import decrypt_text
from practice.fragments import CSRF_PLACEHOLDER
from tests.aftercare.plan_fixtures import plan_make, recording_make
from tests.cache_reads import round_trips

pytestmark = pytest.mark.django_db

DETAILS = "Bipolar II, stable since 2019"


@pytest.fixture
def kept(monkeypatch):
    """What is kept of her pages, by key: (value, timeout) as given to the cache."""
    stored = {}
    original = cache.set

    def noted(key, value, timeout=None, *args, **kwargs):
        if key.startswith("her-page:"):
            stored[key] = (value, timeout)
        return original(key, value, timeout, *args, **kwargs)

    monkeypatch.setattr(cache, "set", noted)
    return stored


def token_in(page: str) -> str:
    return page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]


def test_a_second_view_is_her_kept_page_and_reads_no_row(
    signed_in, client_user, kept, django_assert_num_queries
):
    first = signed_in.get("/my/consents/withdraw/")

    with django_assert_num_queries(0):  # not even her user's row
        second = signed_in.get("/my/consents/withdraw/")

    assert first.templates
    assert not second.templates
    assert second.content.decode().replace(token_in(second.content.decode()), "") == (
        first.content.decode().replace(token_in(first.content.decode()), "")
    )
    ((_versions, _hash, headers, body), _timeout) = next(iter(kept.values()))
    assert headers["Content-Type"].startswith("text/html")
    # What is kept holds no CSRF token, only where this request's goes.
    assert CSRF_PLACEHOLDER in body
    assert token_in(first.content.decode()) not in body


def test_her_kept_page_carries_this_browsers_csrf_token(client, client_user, kept):
    client.force_login(client_user)
    client.get("/my/consents/withdraw/")
    client.get("/my/consents/withdraw/")
    old = client.cookies.pop("csrftoken").value  # a new CSRF secret for the next page

    kept_page = client.get("/my/consents/withdraw/")

    page = kept_page.content.decode()
    assert not kept_page.templates
    assert "\x00" not in page
    assert client.cookies["csrftoken"].value != old
    checked = type(client)(enforce_csrf_checks=True)
    checked.cookies = client.cookies
    response = checked.post("/my/consents/withdraw/", {"csrfmiddlewaretoken": token_in(page)})
    assert response.status_code == 302


def test_another_client_never_gets_her_kept_page(client, client_user, other_client, kept):
    recording = recording_make(client=client_user, title="Confidence recording for Maya")
    path = f"/my/recordings/{recording.public_id}/"
    client.force_login(client_user)
    client.get(path)
    assert "Confidence recording for Maya" in client.get(path).content.decode()

    client.force_login(other_client)
    assert client.get(path).status_code == 404
    page = client.get("/my/consents/").content.decode()
    assert client_user.email not in page


def test_a_message_waiting_is_shown_once_and_never_kept(signed_in, kept):
    signed_in.get("/my/consents/")
    signed_in.get("/my/consents/")  # kept

    # Nothing to withdraw: nothing of hers changes, a message waits for her next page.
    signed_in.post("/my/consents/withdraw/")
    with_message = signed_in.get("/my/consents/").content.decode()
    after = signed_in.get("/my/consents/").content.decode()

    assert "no consent to treatment in force" in with_message
    assert "no consent to treatment in force" not in after
    assert all("no consent to treatment" not in body for (_, _, _, body), _ in kept.values())


def test_her_page_changes_the_moment_her_data_does(signed_in, client_user):
    signed_in.get("/my/profile/")
    signed_in.get("/my/profile/")

    client_user.first_name = "Marguerite"
    client_user.save()

    assert 'value="Marguerite"' in signed_in.get("/my/profile/").content.decode()


def test_a_page_showing_zone_clocks_is_not_kept_past_the_minute(signed_in, kept, mid_minute):
    signed_in.get("/my/profile/")  # its zone list shows each zone's time to the minute
    signed_in.get("/my/consents/")  # no clock: kept up to the quarter hour

    assert len(kept) == 2
    timeouts = {"time_zone" in body: timeout for (_, _, _, body), timeout in kept.values()}
    profile, consents = timeouts[True], timeouts[False]
    assert profile == 30  # the minute's other half
    assert consents > 60 or mid_minute.minute % 15 == 14


def test_a_held_booking_counting_down_is_never_kept(
    signed_in, client_user, make_booking, service, kept
):
    held = make_booking(client=client_user, service=service, status="held")
    first = signed_in.get(held.get_absolute_url())

    second = signed_in.get(held.get_absolute_url())

    assert first.status_code == second.status_code == 200
    assert second.templates  # built again: its countdown moves every second
    assert not kept


def test_a_query_string_is_neither_served_from_nor_kept(signed_in, kept, mid_minute):
    signed_in.get("/my/")
    signed_in.get("/my/")  # kept, in her zone

    tokyo = signed_in.get("/my/?tz=Asia/Tokyo").content.decode()
    again = signed_in.get("/my/").content.decode()

    assert "Tokyo" in tokyo
    assert "Tokyo" in again
    assert len(kept) == 2  # her page in each zone, not the one asked with a query


def test_pages_with_her_health_answers_are_kept_only_encrypted(
    signed_in, client_user, screen, kept
):
    screen(client_user, psychosis="yes", psychosis_details=DETAILS)
    recording = recording_make(client=client_user, acknowledged_at=timezone.now())
    plan = plan_make(recording, starts_on=timezone.localdate() - timedelta(days=3))
    CheckIn.objects.create(
        plan=plan,
        day_number=2,
        sent_at=timezone.now(),
        answer={"feeling": "better", "message": "Sleeping through at last"},
    )
    pages = [
        reverse("clients:screening-answers"),
        reverse("clients:screening"),
        f"/my/recordings/{recording.public_id}/check-in/2/",
    ]
    for path in pages:
        signed_in.get(path)

    assert len(kept) == 3
    for (_versions, _hash, _headers, sealed), _timeout in kept.values():
        for plain in (DETAILS, "Sleeping through", "psychosis", client_user.first_name):
            assert plain not in sealed
        assert "<html" in decrypt_text(sealed)
    for path in pages:
        again = signed_in.get(path)
        assert not again.templates
        assert again.status_code == 200
    assert DETAILS in signed_in.get(pages[0]).content.decode()
    assert "Sleeping through" in signed_in.get(pages[2]).content.decode()


def test_her_slot_page_is_kept_no_longer_than_its_list_of_times(
    signed_in, service, kept, django_assert_num_queries, mid_minute
):
    path = reverse("bookings:slots", kwargs={"slug": service.slug})
    first = signed_in.get(path)

    with django_assert_num_queries(0):  # not even her user's row
        second = signed_in.get(path)

    assert first.templates
    assert not second.templates
    assert 'name="start"' in second.content.decode()
    ((_, _, _, body), timeout) = next(iter(kept.values()))
    assert CSRF_PLACEHOLDER in body
    assert 0 < timeout <= 60


def test_her_page_follows_whether_her_zone_is_known(signed_in, settings):
    signed_in.get("/my/")
    assert 'data-zone-known="false"' in signed_in.get("/my/").content.decode()

    # The browser's zone, told by the picker's script: the same zone, now known.
    signed_in.cookies["time_zone"] = settings.PRACTICE_TIME_ZONE

    assert 'data-zone-known="true"' in signed_in.get("/my/").content.decode()


def test_her_kept_page_and_todays_tokens_come_in_one_round_trip(signed_in, monkeypatch):
    signed_in.get("/my/consents/")
    calls = round_trips(monkeypatch)

    page = signed_in.get("/my/consents/")

    assert not page.templates
    # Her session, then her page with the tokens it must have been kept under.
    assert calls == ["get", "get_many"]


# Her kept page is served without loading her user's row: the session must still be hers as
# Django would find it.


def _kept_then(client, path="/my/consents/"):
    first = client.get(path)
    assert first.status_code == 200
    second = client.get(path)
    assert not second.templates  # kept whole
    return path


def test_a_session_from_before_her_new_password_no_longer_gets_her_kept_page(
    client, client_user, password
):
    client.force_login(client_user)
    path = _kept_then(client)

    # On another device she chooses a new password: this session's hash no longer matches.
    client_user.set_password(password + "-new")
    client_user.save()

    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_session_whose_hash_is_not_hers_never_gets_her_kept_page(signed_in, client_user):
    path = _kept_then(signed_in)
    session = signed_in.session
    session["_auth_user_hash"] = "0" * 64  # not her password's
    session.save()

    response = signed_in.get(path)

    assert response.status_code == 302
    assert client_user.email not in response.content.decode()


def test_an_account_made_inactive_no_longer_gets_its_kept_page(signed_in, client_user):
    path = _kept_then(signed_in)

    client_user.is_active = False
    client_user.save()

    assert signed_in.get(path).status_code == 302


def test_a_signed_out_session_never_gets_her_kept_page(signed_in):
    path = _kept_then(signed_in)

    signed_in.post(reverse("account_logout"))

    assert signed_in.get(path).status_code == 302


def test_a_session_of_a_way_of_signing_in_no_longer_used_never_gets_her_kept_page(
    signed_in, settings
):
    path = _kept_then(signed_in)
    backend = signed_in.session["_auth_user_backend"]

    settings.AUTHENTICATION_BACKENDS = [b for b in settings.AUTHENTICATION_BACKENDS if b != backend]

    assert signed_in.get(path).status_code == 302


def test_her_kept_slot_page_still_says_private_no_store(signed_in, service, mid_minute):
    path = reverse("bookings:slots", kwargs={"slug": service.slug})

    _kept_then(signed_in, path)
    response = signed_in.get(path)

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
