"""The dashboard's listening plans, kept in the shared cache encrypted (workplace/desk_cache.py
`kept_sealed`): a second view reads no plan table; the cache never holds a client's answer or
name as plain text; a change to a plan, a listening day or a check-in (saved, or by one of
aftercare's bulk updates), her midnight and a key rotated out each end the copy's life; the bulk
updates that change nothing it shows still replace its version, as a save would."""

from datetime import UTC, datetime, time, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aftercare.check_ins import check_in_answer
from aftercare.models import CheckIn, ListeningPlan
from aftercare.plans import (
    listening_plan_finish,
    listening_plan_pause,
    listening_plan_start,
    listening_record,
    listening_tick,
)
from aftercare.reminders import follow_ups_send_due, listening_reminders_send_due
from aftercare.safety import recording_acknowledge
from bookings.slots import wall_clock_to_utc
from practice.page_cache import pages_version
from tests.aftercare.plan_fixtures import plan_make, recording_make
from workplace.desk_cache import KEY, LISTENING

pytestmark = pytest.mark.django_db

# Her zone, far from the practitioner's London: her days end at her midnight, not London's.
AUCKLAND = ZoneInfo("Pacific/Auckland")
SECTION = '<section class="qh-panel" aria-labelledby="qh-listening">'
ANSWER = "The dream about the lighthouse came back"
NO_PLANS = "No listening plans in progress."


def her_today() -> datetime:
    return timezone.now().astimezone(AUCKLAND).date()


def her_midnight(day) -> datetime:
    return wall_clock_to_utc(day, time(0), AUCKLAND)


@pytest.fixture
def listener(make_user):
    return make_user("zephyrine@example.com", first_name="Zephyrine", last_name="Quillon")


@pytest.fixture
def plan(listener, now):
    """Her plan in Auckland, on its third day of 21, the day-2 check-in sent and unanswered."""
    recording = recording_make(client=listener, acknowledged_at=now)
    plan = plan_make(recording, starts_on=her_today() - timedelta(days=2), time_zone=AUCKLAND.key)
    CheckIn.objects.create(plan=plan, day_number=2, sent_at=now)
    return plan


def view(desk) -> tuple[str, list[str]]:
    """The dashboard's listening plans, and the queries of that view that read a plan table."""
    with CaptureQueriesContext(connection) as queries:
        response = desk.get(reverse("admin:index"))
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index(SECTION)
    section = page[start : page.index("</section>", start)]
    return section, [query["sql"] for query in queries if "aftercare_" in query["sql"]]


def kept_section(desk) -> str:
    """The section, as a view shows it and a second view shows it again from the cache."""
    built, _ = view(desk)
    shown, read = view(desk)
    assert read == []
    assert shown == built
    return shown


def sealed_key() -> str:
    """Where the London desk's listening plans are kept, under the current versions."""
    return KEY.format(versions=pages_version(LISTENING), name="listening:Europe/London")


def seconds_left(key: str) -> float:
    """How long the cache backend will keep `key` (by the real clock)."""
    backend = caches["default"]
    if isinstance(backend, LocMemCache):
        return backend._expire_info[backend.make_key(key)] - datetime.now(tz=UTC).timestamp()
    return backend._cache.get_client().ttl(backend.make_key(key))


def raw_cache_values() -> list[bytes]:
    """Every value the cache backend holds, as it holds it (pickled)."""
    backend = caches["default"]
    if isinstance(backend, LocMemCache):
        return list(backend._cache.values())
    redis = backend._cache.get_client()  # practice.cache.RedisCache (REDIS_URL set)
    return [redis.get(key) for key in redis.scan_iter(match=backend.make_key("*"))]


def sealed_copy(keys: list[str]) -> str | None:
    """The cached copy of the London desk's listening plans, decrypted with `keys` (None when
    there is none, or `keys` cannot open it)."""
    kept = cache.get(sealed_key())
    if kept is None:
        return None
    token, _until = kept
    try:
        return MultiFernet([Fernet(key) for key in keys]).decrypt(token.encode()).decode()
    except InvalidToken:
        return None


def test_the_cache_holds_her_answer_and_name_only_encrypted(desk, plan, settings, now):
    check_in_answer(check_in=plan.check_ins.get(), feeling=4, message=ANSWER, now=now)

    section = kept_section(desk)

    assert ANSWER in section
    assert "Zephyrine Quillon" in section
    stored = b"\n".join(raw_cache_values())
    for secret in (b"lighthouse", b"Zephyrine", b"Quillon", b"zephyrine@example.com"):
        assert secret not in stored
    opened = sealed_copy(settings.FIELD_ENCRYPTION_KEYS)
    assert ANSWER in opened
    assert "Zephyrine Quillon" in opened


def test_a_second_view_reads_no_plan_table_and_shows_the_same_plans(desk, plan):
    built, read = view(desk)
    assert read  # the first view reads the plans, their days and check-ins

    shown, read = view(desk)

    assert read == []
    assert shown == built
    assert f'data-plan="{plan.pk}"' in shown
    assert "3 of 21" in shown


# What ends the copy's life: data. Each test first sees the section served from the cache.


def test_her_answer_to_a_check_in_shows_at_once(desk, plan, now):
    assert "Day 2: no answer yet" in kept_section(desk)

    check_in_answer(check_in=plan.check_ins.get(), feeling=4, message=ANSWER, now=now)

    shown, _ = view(desk)
    assert f"Day 2: <strong>Good</strong> · “{ANSWER}”" in shown


def test_a_day_credited_by_the_players_bulk_update_shows_at_once(desk, plan, now):
    # Today's row exists already (a first report, short of a listen): crediting it is then
    # only bulk updates, which send no signal.
    listening_record(plan=plan, seconds=30, now=now)
    assert '<td data-figure="listened">0 of 21</td>' in kept_section(desk)

    listening_record(plan=plan, seconds=60, now=now)

    shown, _ = view(desk)
    assert '<td data-figure="listened">1 of 21</td>' in shown


def test_a_day_she_ticks_by_hand_shows_at_once(desk, plan, now):
    listening_record(plan=plan, seconds=30, now=now)  # today's row, not yet a listen
    assert '<td data-figure="listened">0 of 21</td>' in kept_section(desk)

    listening_tick(plan=plan, now=now)

    shown, _ = view(desk)
    assert '<td data-figure="listened">1 of 21</td>' in shown


def test_a_plan_paused_by_a_bulk_update_shows_at_once(desk, plan, now):
    assert "Paused" not in kept_section(desk)

    listening_plan_pause(plan=plan, now=now)

    shown, _ = view(desk)
    assert '<span class="qh-status">Paused</span>' in shown


def test_a_plan_she_finishes_leaves_the_desk_at_once(desk, plan, now):
    assert f'data-plan="{plan.pk}"' in kept_section(desk)

    listening_plan_finish(plan=plan, now=now)

    shown, _ = view(desk)
    assert NO_PLANS in shown


def test_a_plan_started_shows_at_once(desk, make_user, now):
    recording = recording_make(client=make_user("new@example.com"), acknowledged_at=now)
    assert NO_PLANS in kept_section(desk)

    started = listening_plan_start(recording=recording, now=now)

    shown, _ = view(desk)
    assert f'data-plan="{started.pk}"' in shown


def test_a_plan_deleted_leaves_the_desk_at_once(desk, plan):
    assert f'data-plan="{plan.pk}"' in kept_section(desk)

    ListeningPlan.objects.get(pk=plan.pk).delete()

    shown, _ = view(desk)
    assert NO_PLANS in shown


def test_her_new_name_shows_at_once(desk, plan, listener):
    assert "Zephyrine Quillon" in kept_section(desk)

    listener.first_name = "Zoe"
    listener.save()

    shown, _ = view(desk)
    assert "Zoe Quillon" in shown


# What ends the copy's life: the clock, at her midnight (Auckland's, not London's).


def test_the_copy_is_kept_no_longer_than_her_midnight(desk, plan, monkeypatch):
    midnight = her_midnight(her_today() + timedelta(days=1))
    monkeypatch.setattr(timezone, "now", lambda: midnight - timedelta(minutes=20))

    kept_section(desk)

    assert 19 * 60 < seconds_left(sealed_key()) <= 20 * 60


def test_her_new_day_shows_from_her_midnight(desk, plan, monkeypatch):
    midnight = her_midnight(her_today() + timedelta(days=1))
    monkeypatch.setattr(timezone, "now", lambda: midnight - timedelta(milliseconds=500))
    evening, _ = view(desk)
    assert "<td>3 of 21</td>" in evening

    monkeypatch.setattr(timezone, "now", lambda: midnight + timedelta(milliseconds=500))

    assert "<td>4 of 21</td>" in kept_section(desk)


def test_a_plan_leaves_the_desk_at_her_midnight_after_its_last_day(
    desk, listener, now, monkeypatch
):
    recording = recording_make(client=listener, acknowledged_at=now)
    last_day = her_today()
    plan_make(recording, starts_on=last_day - timedelta(days=20), time_zone=AUCKLAND.key)
    midnight = her_midnight(last_day + timedelta(days=1))
    monkeypatch.setattr(timezone, "now", lambda: midnight - timedelta(milliseconds=500))
    evening, _ = view(desk)
    assert "<td>21 of 21</td>" in evening

    monkeypatch.setattr(timezone, "now", lambda: midnight + timedelta(milliseconds=500))

    assert NO_PLANS in kept_section(desk)


# A key rotated out: the copy it encrypted is made again, not a server error.


def test_a_copy_under_a_key_rotated_out_is_made_again(desk, plan, settings, now):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    check_in_answer(check_in=plan.check_ins.get(), feeling=4, message=ANSWER, now=now)
    assert ANSWER in kept_section(desk)
    assert ANSWER in sealed_copy([old])
    # The rotation as deploy.md says: the new key first, every answer encrypted again with it
    # (bulk updates: nothing is told), then the old key dropped.
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_screening_keys", stdout=StringIO())
    settings.FIELD_ENCRYPTION_KEYS = [new]

    shown, read = view(desk)

    assert ANSWER in shown
    assert read  # made again from the database
    assert sealed_copy([old]) is None
    assert ANSWER in sealed_copy([new])


# aftercare's other bulk updates change nothing the section shows, but replace its version as a
# save of their rows would (practice/page_cache.py `forget_pages_of`).


def june(day: int, hour: int) -> datetime:
    return datetime(2026, 6, day, hour, tzinfo=UTC)


@pytest.mark.parametrize(
    "claim",
    [
        # Her 08:00 reminder on day 2 (07:00 UTC in London's summer).
        lambda: listening_reminders_send_due(now=june(2, 7)),
        # The invitation to a follow-up, the morning after the last day (21 June).
        lambda: follow_ups_send_due(now=june(22, 7)),
    ],
    ids=["reminder", "follow-up"],
)
def test_a_claim_on_a_plan_replaces_the_plans_version(listener, claim):
    plan_make(recording_make(client=listener), starts_on=june(1, 0).date())
    before = pages_version(LISTENING)

    assert claim() == 1

    assert pages_version(LISTENING) != before


def test_her_acknowledgement_replaces_the_plans_version(listener):
    recording = recording_make(client=listener)
    before = pages_version(LISTENING)

    recording_acknowledge(recording=recording, now=timezone.now())

    assert pages_version(LISTENING) != before
