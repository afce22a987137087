"""Her recording's page is cached for her (aftercare.views, practice/fragments.py): never shown
to anyone else, its forms carry this session's CSRF token, and it is renewed the moment her
data changes and when her plan's day turns."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from aftercare.models import ListeningPlan
from aftercare.views import _body
from practice import fragments
from tests.aftercare.plan_fixtures import plan_make, recording_make
from tests.fragment_pages import page_of, post_with_its_token, token_of, without_tokens

pytestmark = pytest.mark.django_db


def page_url(recording) -> str:
    return reverse("aftercare:recording", args=[recording.public_id])


def recording_page(client, recording) -> str:
    return page_of(client, page_url(recording))


def running(client_user, *, title="Letting go of the old story", acknowledged=True):
    """Her recording, on day 3 of its plan (in UTC)."""
    recording = recording_make(
        client=client_user,
        title=title,
        acknowledged_at=timezone.now() - timedelta(days=3) if acknowledged else None,
    )
    plan_make(recording, starts_on=timezone.now().date() - timedelta(days=2), time_zone="UTC")
    return recording


def test_another_client_never_gets_her_cached_page(client, client_user, other_client):
    hers = running(client_user)
    theirs = running(other_client, title="Sleeping well again")
    client.force_login(client_user)
    assert "Letting go of the old story" in recording_page(client, hers)
    assert "Letting go of the old story" in recording_page(client, hers)  # from the cache

    client.force_login(other_client)
    assert client.get(page_url(hers)).status_code == 404
    page = recording_page(client, theirs)
    assert "Sleeping well again" in page
    assert "Letting go" not in page
    assert str(hers.public_id) not in page


def test_her_forms_carry_this_sessions_csrf_token_not_a_cached_one(client, client_user):
    recording = running(client_user)
    client.force_login(client_user)
    recording_page(client, recording)
    client.logout()  # a new session: a new CSRF secret
    client.force_login(client_user)
    page = recording_page(client, recording)  # from the cache

    assert "\x00" not in page
    assert "<option" in page  # the zone options, put in on this view
    assert f'data-csrf="{token_of(page)}"' in page
    by_hand = reverse("aftercare:listened-by-hand", args=[recording.public_id])
    assert post_with_its_token(client, page, by_hand).status_code == 302
    assert ListeningPlan.objects.get().listening_days.filter(listened_at__isnull=False).exists()


def _acknowledge(client, recording):
    url = reverse("aftercare:recording-acknowledge", args=[recording.public_id])
    assert client.post(url, {"understood": "on"}).status_code == 302


def _listen(client, recording):
    url = reverse("aftercare:listened-by-hand", args=[recording.public_id])
    assert client.post(url).status_code == 302


def _pause(client, recording):
    url = reverse("aftercare:plan-change", args=[recording.public_id])
    assert client.post(url, {"action": "pause"}).status_code == 302


REMINDER_AT_930 = "each day at <strong>9:30 pm</strong>"


def _new_time(client, recording):
    url = reverse("aftercare:plan-time", args=[recording.public_id])
    assert client.post(url, {"listen_at": "21:30", "time_zone": "Europe/Paris"}).status_code == 302


def _new_note(client, recording):
    recording.note = "Listen each evening, somewhere quiet."
    recording.save()


@pytest.mark.parametrize("change", [_acknowledge, _listen, _pause, _new_time, _new_note])
def test_her_page_changes_the_moment_her_data_does(change, client, client_user):
    recording = running(client_user, acknowledged=change is not _acknowledge)
    client.force_login(client_user)
    before = without_tokens(recording_page(client, recording))
    assert without_tokens(recording_page(client, recording)) == before  # from the cache

    change(client, recording)

    after = without_tokens(recording_page(client, recording))
    expected = {
        _acknowledge: lambda: "I listened today" in after and "I listened today" not in before,
        _listen: lambda: "listened today. Thank you." in after,
        _pause: lambda: "Resume my plan" in after and "Resume my plan" not in before,
        # Her reminder's time, not any "9:30 pm" (the zone list shows each zone's time now).
        _new_time: lambda: REMINDER_AT_930 in after and REMINDER_AT_930 not in before,
        _new_note: lambda: "somewhere quiet" in after,
    }[change]
    assert expected()


def test_her_page_is_not_kept_past_the_turn_of_her_plans_day(client_user):
    recording = recording_make(client=client_user, acknowledged_at=datetime(2026, 3, 1, tzinfo=UTC))
    plan_make(recording, starts_on=datetime(2026, 3, 2).date(), time_zone="Asia/Kolkata")
    recording.refresh_from_db()
    # Midnight of 4 March in Kolkata (UTC+5:30): 18:30 UTC on the 3rd.
    midnight = datetime(2026, 3, 3, 18, 30, tzinfo=UTC)

    assert "Day 2 of 21" in _body(recording, now=midnight - timedelta(seconds=1))
    assert "Day 3 of 21" in _body(recording, now=midnight)
    assert fragments._timeout(midnight - timedelta(seconds=1), None) == 1
