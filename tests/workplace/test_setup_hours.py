"""Her weekly hours as a grid: a day with breaks becomes rows, rows come back as the grid, and
bad input is explained in plain words with nothing written."""

from datetime import time

import pytest
from django.urls import reverse

from bookings.models import WorkingHours
from practice.page_cache import AVAILABILITY, pages_version
from workplace.hours import DayPlan, day_plan_from_spans, weekly_plans

pytestmark = pytest.mark.django_db

URL = "admin:bookings_practitioner_hours"


def rows(practitioner):
    return [
        (row.weekday, row.start_time, row.end_time)
        for row in WorkingHours.objects.filter(practitioner=practitioner).order_by(
            "weekday", "start_time"
        )
    ]


def grid(**days) -> dict:
    """The posted grid: grid(day0={"works": "on", "start": "09:00", ...}); other days off."""
    data = {}
    for weekday in range(7):
        fields = days.get(f"day{weekday}", {})
        data[f"day{weekday}-break_count"] = fields.pop("break_count", "2")
        for name, value in fields.items():
            data[f"day{weekday}-{name}"] = value
    return data


def t(text: str) -> time:
    return time.fromisoformat(text)


def test_a_day_with_a_break_becomes_two_rows_and_reads_back_as_the_same_grid(desk, practitioner):
    version = pages_version(AVAILABILITY)
    response = desk.post(
        reverse(URL),
        grid(
            day0={
                "works": "on",
                "start": "09:00",
                "end": "17:00",
                "break1_start": "12:30",
                "break1_end": "13:30",
            },
            day2={"works": "on", "start": "10:00", "end": "14:00"},
            day4={"start": "09:00", "end": "12:00"},  # times, but she doesn't work that day
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:bookings_practitioner_setup")
    assert rows(practitioner) == [
        (0, t("09:00"), t("12:30")),
        (0, t("13:30"), t("17:00")),
        (2, t("10:00"), t("14:00")),
    ]
    # Slot pages are forgotten (bulk writes send no signals).
    assert pages_version(AVAILABILITY) != version

    page = desk.get(reverse(URL)).content.decode()
    assert 'name="day0-works" id="id_day0-works" checked' in page
    assert 'name="day0-start" value="09:00"' in page
    assert 'name="day0-end" value="17:00"' in page
    assert 'name="day0-break1_start" value="12:30"' in page
    assert 'name="day0-break1_end" value="13:30"' in page
    assert 'name="day1-works" id="id_day1-works" checked' not in page
    assert 'type="time"' in page
    assert 'step="300"' in page


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ({"works": "on", "start": "17:00", "end": "09:00"}, "the finish must come after the start"),
        ({"works": "on", "end": "17:00"}, "Please give the time you start on Monday."),
        (
            {
                "works": "on",
                "start": "09:00",
                "end": "17:00",
                "break1_start": "08:00",
                "break1_end": "09:30",
            },
            "Break 1 must be inside your day, between 09:00 and 17:00.",
        ),
        (
            {
                "works": "on",
                "start": "09:00",
                "end": "17:00",
                "break1_start": "12:00",
                "break1_end": "13:00",
                "break2_start": "12:30",
                "break2_end": "14:00",
            },
            "Breaks 1 and 2 overlap or meet: make them one longer break.",
        ),
        (
            {"works": "on", "start": "09:00", "end": "17:00", "break1_start": "12:00"},
            "Please give both times of break 1, or leave both empty.",
        ),
        (
            {
                "works": "on",
                "start": "09:00",
                "end": "17:00",
                "break2_start": "13:00",
                "break2_end": "12:00",
            },
            "Break 2 must end after it starts.",
        ),
        ({"works": "on", "start": "nine", "end": "17:00"}, "Please enter a time such as 09:30."),
    ],
    ids=[
        "end before start",
        "no start",
        "break outside",
        "breaks overlap",
        "half a break",
        "break backwards",
        "not a time",
    ],
)
def test_bad_input_is_explained_and_nothing_is_written(desk, practitioner, day, message):
    before = rows(practitioner)
    # Tuesday is fine, Monday is not: neither is saved.
    response = desk.post(
        reverse(URL), grid(day0=day, day1={"works": "on", "start": "08:00", "end": "12:00"})
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Nothing has been saved yet." in html
    assert rows(practitioner) == before


def test_rows_the_grid_did_not_write_still_load(practitioner):
    WorkingHours.objects.filter(practitioner=practitioner).delete()
    for start, end in [
        ("08:00", "10:00"),
        ("11:00", "12:00"),
        ("13:00", "14:00"),
        ("15:00", "18:00"),
    ]:
        WorkingHours.objects.create(
            practitioner=practitioner, weekday=3, start_time=t(start), end_time=t(end)
        )
    # Overlapping rows on Friday: joined, as the slot engine joins them.
    WorkingHours.objects.create(
        practitioner=practitioner, weekday=4, start_time=t("09:00"), end_time=t("12:00")
    )
    WorkingHours.objects.create(
        practitioner=practitioner, weekday=4, start_time=t("11:00"), end_time=t("15:00")
    )

    plans = weekly_plans(practitioner)

    assert plans[3] == DayPlan(
        weekday=3,
        works=True,
        start=t("08:00"),
        end=t("18:00"),
        breaks=((t("10:00"), t("11:00")), (t("12:00"), t("13:00")), (t("14:00"), t("15:00"))),
    )
    assert plans[3].spans() == [
        (t("08:00"), t("10:00")),
        (t("11:00"), t("12:00")),
        (t("13:00"), t("14:00")),
        (t("15:00"), t("18:00")),
    ]
    assert plans[4] == DayPlan(weekday=4, works=True, start=t("09:00"), end=t("15:00"), joined=True)
    assert plans[0] == DayPlan(weekday=0)


def test_four_stretches_show_three_breaks_and_save_back_unchanged(desk, practitioner):
    WorkingHours.objects.filter(practitioner=practitioner).delete()
    for start, end in [
        ("08:00", "10:00"),
        ("11:00", "12:00"),
        ("13:00", "14:00"),
        ("15:00", "18:00"),
    ]:
        WorkingHours.objects.create(
            practitioner=practitioner, weekday=3, start_time=t(start), end_time=t(end)
        )
    before = rows(practitioner)

    page = desk.get(reverse(URL)).content.decode()
    assert 'name="day3-break3_start" value="14:00"' in page
    assert 'name="day3-break_count" value="3"' in page

    response = desk.post(
        reverse(URL),
        grid(
            day3={
                "works": "on",
                "start": "08:00",
                "end": "18:00",
                "break_count": "3",
                "break1_start": "10:00",
                "break1_end": "11:00",
                "break2_start": "12:00",
                "break2_end": "13:00",
                "break3_start": "14:00",
                "break3_end": "15:00",
            }
        ),
    )
    assert response.status_code == 302
    assert rows(practitioner) == before


def test_overlapping_rows_load_with_a_note(desk, practitioner):
    WorkingHours.objects.create(
        practitioner=practitioner, weekday=0, start_time=t("16:00"), end_time=t("19:00")
    )

    page = desk.get(reverse(URL)).content.decode()

    assert "Some of your hours overlapped, so they are shown joined up." in page
    assert 'name="day0-end" value="19:00"' in page


def test_a_day_plan_without_rows_is_a_day_off():
    assert day_plan_from_spans(5, []) == DayPlan(weekday=5)
    assert DayPlan(weekday=5, works=False, start=t("09:00"), end=t("10:00")).spans() == []


def test_the_hours_page_needs_permission_to_change_hours(client, make_user, practitioner):
    staff = make_user("helper@example.com", is_staff=True)
    client.force_login(staff)

    assert client.get(reverse(URL)).status_code == 403
    assert client.post(reverse(URL), grid()).status_code == 403
    assert len(rows(practitioner)) == 7


def test_a_post_without_every_day_changes_nothing_and_says_so(desk, practitioner):
    before = rows(practitioner)
    assert before, "she has hours to lose"

    # Nothing posted would otherwise read as "works on no day".
    response = desk.post(reverse(URL), {}, follow=True)

    assert "did not arrive whole, so nothing was saved" in response.content.decode()
    assert rows(practitioner) == before
