"""Her settings in the admin (hours, time off, service times, the cancellation terms), all read
and written on her own clock rather than in UTC."""

import csv
import io

import pytest
from django.urls import reverse

from bookings.models import CancellationPolicy, TimeOff

pytestmark = pytest.mark.django_db


def test_time_off_on_its_page_is_shown_on_her_clock(desk, practitioner, london):
    time_off = TimeOff.objects.create(
        practitioner=practitioner, start=london("2026-07-06", 9), end=london("2026-07-06", 17)
    )

    page = desk.get(reverse("admin:bookings_timeoff_change", args=[time_off.pk]))

    text = page.content.decode()
    assert 'name="start_1" value="09:00"' in text  # 08:00 UTC
    assert 'name="end_1" value="17:00"' in text


def test_time_off_typed_on_its_page_is_read_on_her_clock(desk, practitioner, london):
    response = desk.post(
        reverse("admin:bookings_timeoff_add"),
        {
            "practitioner": practitioner.pk,
            "start_0": "2026-07-06",
            "start_1": "09:00",
            "end_0": "2026-07-06",
            "end_1": "12:00",
            "reason": "Dentist",
        },
    )

    assert response.status_code == 302, response.context["errors"]
    time_off = TimeOff.objects.get()
    assert (time_off.start, time_off.end) == (london("2026-07-06", 9), london("2026-07-06", 12))


def test_a_bookings_times_read_on_her_clock_on_its_page(desk, paid_booking):
    from zoneinfo import ZoneInfo

    page = desk.get(reverse("admin:bookings_booking_change", args=[paid_booking.pk]))

    local = paid_booking.start.astimezone(ZoneInfo("Europe/London"))
    assert f"{local:%H:%M}" in page.content.decode()


def test_the_list_the_csv_and_the_day_filter_agree_about_a_session_just_after_midnight(
    desk, make_booking, client_user, service, london
):
    # 00:30 BST on 9 July is 23:30 UTC on 8 July: it belongs to her 9 July.
    early = make_booking(client=client_user, service=service, start=london("2026-07-09", 0, 30))
    make_booking(client=client_user, service=service, start=london("2026-07-08", 20))
    day = {"start__year": "2026", "start__month": "7", "start__day": "9"}

    listed = desk.get(reverse("admin:bookings_booking_changelist"), day)
    exported = desk.get(reverse("admin:bookings_booking_export"), day)

    rows = list(csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode())))
    assert [b.reference for b in listed.context["cl"].result_list] == [early.reference]
    assert [(row["reference"], row["date"], row["start"]) for row in rows] == [
        (early.reference, "2026-07-09", "00:30")
    ]


def test_service_times_and_the_cancellation_terms_are_hers_to_set(desk, service):
    service_page = desk.get(reverse("admin:bookings_service_change", args=[service.pk]))
    for field in (
        "buffer_before_minutes",
        "buffer_after_minutes",
        "min_notice_hours",
        "horizon_days",
        "duration_minutes",
    ):
        assert f'name="{field}"' in service_page.content.decode()

    policy = CancellationPolicy.objects.get()
    response = desk.post(
        reverse("admin:bookings_cancellationpolicy_change", args=[policy.pk]),
        {"notice_hours": "24", "refund_percent_with_notice": "100", "refund_percent_late": "50"},
    )

    assert response.status_code == 302
    policy.refresh_from_db()
    assert (policy.notice_hours, policy.refund_percent_late) == (24, 50)
