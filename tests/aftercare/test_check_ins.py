"""Check-ins: the e-mail on the plan's check-in days (2 and 14 unless set otherwise), her
one-click answer for herself only, the optional message, and the practitioner reading them."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from aftercare.check_ins import check_in_answer
from aftercare.models import CheckIn, ListeningPlan, PlanDefaults
from aftercare.plans import PlanError, listening_plan_start
from aftercare.reminders import check_ins_send_due
from tests.aftercare.plan_fixtures import minutes_near, outbox, plan_make, recording_make

pytestmark = pytest.mark.django_db

STARTS_ON = date(2026, 6, 1)


@pytest.fixture
def plan(client_user):
    recording = recording_make(client=client_user, acknowledged_at=datetime(2026, 6, 1, tzinfo=UTC))
    return plan_make(recording, starts_on=STARTS_ON)


def check_in_days_sent(start: datetime, end: datetime, *, expected: list[datetime]) -> list[date]:
    """Run the check-ins from `start` to `end`, every minute within half an hour of the
    `expected` moments and every hour elsewhere (`minutes_near`); the UTC dates they went on."""
    return [
        moment.date()
        for moment in minutes_near(start, end, expected, within=30, step=60)
        if check_ins_send_due(now=moment)
    ]


def test_check_ins_go_on_days_2_and_14_at_her_time(plan):
    expected = [datetime(2026, 6, 2, 7, tzinfo=UTC), datetime(2026, 6, 14, 7, tzinfo=UTC)]
    sent = check_in_days_sent(
        datetime(2026, 6, 1, tzinfo=UTC), datetime(2026, 6, 24, tzinfo=UTC), expected=expected
    )

    assert sent == [date(2026, 6, 2), date(2026, 6, 14)]
    assert list(plan.check_ins.values_list("day_number", "sent_at")) == [
        (2, datetime(2026, 6, 2, 7, 0, tzinfo=UTC)),  # 08:00 in London
        (14, datetime(2026, 6, 14, 7, 0, tzinfo=UTC)),
    ]
    assert [email.key for email in outbox("listening-check-in:")] == [
        f"listening-check-in:plan-{plan.pk}:day-2",
        f"listening-check-in:plan-{plan.pk}:day-14",
    ]


def test_the_services_check_in_days_are_the_plans(client_user, make_booking, service):
    PlanDefaults.objects.create(service=service, days=10, check_in_days="3,7")
    session = make_booking(client=client_user, service=service, client_time_zone="Asia/Tokyo")
    recording = recording_make(client=client_user, booking=session)
    plan = listening_plan_start(recording=recording, now=datetime(2026, 6, 1, 3, tzinfo=UTC))

    expected = [datetime(2026, 6, 2, 23, tzinfo=UTC), datetime(2026, 6, 6, 23, tzinfo=UTC)]
    sent = check_in_days_sent(
        datetime(2026, 6, 1, tzinfo=UTC), datetime(2026, 6, 14, tzinfo=UTC), expected=expected
    )

    assert sent == [date(2026, 6, 2), date(2026, 6, 6)]  # 08:00 in Tokyo is 23:00 UTC before
    assert list(plan.check_ins.values_list("day_number", flat=True)) == [3, 7]


def test_a_check_in_day_beyond_the_plans_days_is_never_sent(client_user):
    recording = recording_make(client=client_user)
    plan_make(recording, starts_on=STARTS_ON, days=10, check_in_days="2,14")

    sent = check_in_days_sent(
        datetime(2026, 6, 1, tzinfo=UTC),
        datetime(2026, 6, 30, tzinfo=UTC),
        expected=[datetime(2026, 6, 2, 7, tzinfo=UTC)],
    )

    assert sent == [date(2026, 6, 2)]


def test_no_check_in_while_the_plan_is_paused_nor_late_after_downtime(plan):
    ListeningPlan.objects.filter(pk=plan.pk).update(status=ListeningPlan.Status.PAUSED)
    assert check_ins_send_due(now=datetime(2026, 6, 2, 12, tzinfo=UTC)) == 0

    ListeningPlan.objects.filter(pk=plan.pk).update(status=ListeningPlan.Status.ACTIVE)
    # Back on day 3: day 2's check-in is not sent late.
    assert check_ins_send_due(now=datetime(2026, 6, 3, 12, tzinfo=UTC)) == 0
    assert not CheckIn.objects.exists()


def test_the_email_offers_five_one_click_answers_leading_to_her_check_in_page(plan):
    check_ins_send_due(now=datetime(2026, 6, 2, 12, tzinfo=UTC))

    email = outbox("listening-check-in:")[0]
    page = f"{settings.SITE_URL}/my/recordings/{plan.recording.public_id}/check-in/2/"
    links = re.findall(rf'href="({re.escape(page)}\?feeling=\d)"', email.body_html)
    assert links == [f"{page}?feeling={value}" for value in range(1, 6)]
    for label in ("Hard going", "Mixed", "Okay", "Good", "Really good"):
        assert f">{label}</a>" in email.body_html
        assert f"{label}: {page}?feeling=" in email.body_text
    assert email.subject == "How are things going?"


# Her answer --------------------------------------------------------------------------------


@pytest.fixture
def asked(plan):
    return CheckIn.objects.create(
        plan=plan, day_number=2, sent_at=datetime(2026, 6, 2, 7, tzinfo=UTC)
    )


def check_in_url(plan, day: int = 2) -> str:
    return reverse("aftercare:check-in", args=[plan.recording.public_id, day])


def test_one_click_in_the_email_records_her_answer(signed_in, plan, asked):
    response = signed_in.get(check_in_url(plan), {"feeling": "4"})

    assert response.status_code == 200
    assert "Thank you: your answer (Good) is saved." in response.content.decode()
    asked.refresh_from_db()
    assert asked.answer == {"feeling": 4, "message": ""}
    assert asked.answered_at is not None


def test_her_answer_is_encrypted_at_rest(plan, asked):
    check_in_answer(check_in=asked, feeling=1, message="Hard week, crying a lot", now=asked.sent_at)

    with connection.cursor() as cursor:
        cursor.execute("SELECT answer FROM aftercare_checkin WHERE id = %s", [asked.pk])
        stored = cursor.fetchone()[0]
    assert "crying" not in stored
    assert "feeling" not in stored


def test_a_link_opened_by_someone_not_signed_in_changes_nothing(client, plan, asked):
    response = client.get(check_in_url(plan), {"feeling": "1"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    asked.refresh_from_db()
    assert (asked.answer, asked.answered_at) == (None, None)


def test_another_client_gets_a_404_and_changes_nothing(client, other_client, plan, asked):
    client.force_login(other_client)

    assert client.get(check_in_url(plan), {"feeling": "1"}).status_code == 404
    assert client.post(check_in_url(plan), {"feeling": "1", "message": "x"}).status_code == 404

    asked.refresh_from_db()
    assert asked.answered_at is None


def test_a_check_in_not_sent_yet_is_a_404(signed_in, plan, asked):
    assert signed_in.get(check_in_url(plan, 14), {"feeling": "5"}).status_code == 404
    assert not CheckIn.objects.filter(day_number=14).exists()


@pytest.mark.parametrize("feeling", ["0", "6", "great", ""])
def test_an_answer_off_the_scale_gets_a_message_and_changes_nothing(
    signed_in, plan, asked, feeling
):
    response = signed_in.get(check_in_url(plan), {"feeling": feeling})

    assert response.status_code == 400
    assert "Please choose one of the five answers." in response.content.decode()
    asked.refresh_from_db()
    assert asked.answered_at is None


def test_she_adds_a_few_words_and_a_later_click_keeps_them(signed_in, plan, asked):
    response = signed_in.post(
        check_in_url(plan), {"feeling": "3", "message": "  Sleeping better. "}
    )

    assert response.status_code == 302
    assert response.url == reverse("aftercare:recording", args=[plan.recording.public_id])
    asked.refresh_from_db()
    assert asked.answer == {"feeling": 3, "message": "Sleeping better."}

    signed_in.get(check_in_url(plan), {"feeling": "5"})

    asked.refresh_from_db()
    assert asked.answer == {"feeling": 5, "message": "Sleeping better."}


def test_a_message_too_long_or_no_answer_is_refused_with_a_message(signed_in, plan, asked):
    too_long = signed_in.post(check_in_url(plan), {"feeling": "3", "message": "x" * 2001})
    no_answer = signed_in.post(check_in_url(plan), {"message": "hello"})

    assert too_long.status_code == no_answer.status_code == 400
    assert "Please choose one of the five answers." in no_answer.content.decode()
    assert "at most 2000 characters" in too_long.content.decode()
    asked.refresh_from_db()
    assert asked.answered_at is None


def test_the_domain_refuses_an_answer_off_the_scale(asked):
    with pytest.raises(PlanError, match="five answers"):
        check_in_answer(check_in=asked, feeling=7, now=asked.sent_at)
    with pytest.raises(PlanError, match="under 2000"):
        check_in_answer(check_in=asked, feeling=2, message="x" * 2001, now=asked.sent_at)

    asked.refresh_from_db()
    assert asked.answered_at is None


# The practitioner reads them ---------------------------------------------------------------


def test_the_practitioner_sees_the_answers_on_her_dashboard_and_the_clients_page(
    admin, client_user, now
):
    recording = recording_make(client=client_user, acknowledged_at=now)
    plan = plan_make(recording, starts_on=(now - timedelta(days=3)).date(), time_zone="UTC")
    asked = CheckIn.objects.create(plan=plan, day_number=2, sent_at=now - timedelta(days=1))
    check_in_answer(check_in=asked, feeling=2, message="Up and down this week", now=now)

    dashboard = admin.get(reverse("admin:index")).content.decode()
    client_page = admin.get(
        reverse("admin:clients_user_change", args=[client_user.pk])
    ).content.decode()
    plan_page = admin.get(
        reverse("admin:aftercare_listeningplan_change", args=[plan.pk])
    ).content.decode()

    for page in (dashboard, client_page, plan_page):
        assert "Day 2: " in page
        assert "Mixed" in page
        assert "Up and down this week" in page


def test_the_plans_listen_time_is_shown_in_her_zone(admin, client_user, now):
    recording = recording_make(client=client_user, acknowledged_at=now)
    plan = plan_make(
        recording,
        starts_on=(now - timedelta(days=3)).date(),
        listen_at=time(21, 15),
        time_zone="Asia/Tokyo",
    )

    page = admin.get(reverse("admin:aftercare_listeningplan_change", args=[plan.pk]))

    assert "21:15, Tokyo (Japan, UTC+9)" in page.content.decode()
