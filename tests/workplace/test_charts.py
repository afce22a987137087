"""The dashboard's charts: twelve months of sessions, takings and refunds by her calendar
months, this week's booked share of her working time, drawn as SVG with a table beside."""

import re
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookings.models import ExtraAvailability, TimeOff, WorkingHours
from payments.models import Refund
from practice.dates import add_months
from tests.factories import RefundFactory
from workplace.charts import dashboard_charts, month_figures, week_figures

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
# Wednesday 15 July 2026, 10:00 BST: the twelve months are August 2025 to July 2026.
NOW = datetime(2026, 7, 15, 9, 0, tzinfo=UTC)


@pytest.fixture
def people(make_user):
    return [make_user(f"client{n}@example.com", first_name=f"C{n}") for n in range(12)]


@pytest.fixture
def seeded(make_booking, make_payment, service, people, london):
    """Sessions, payments and refunds on both sides of month edges in London."""
    made = {}

    def session(key, day, hour, minute=0, status="completed", who=0):
        made[key] = make_booking(
            client=people[who], service=service, start=london(day, hour, minute), status=status
        )
        return made[key]

    # 31 May 23:30 BST is May; 1 June 00:30 BST is still 31 May in UTC, but June for her.
    session("may", "2026-05-31", 23, 30)
    session("june", "2026-06-02", 0, 30)
    session("june-confirmed", "2026-06-10", 10, status="confirmed", who=1)
    session("june-missed", "2026-06-11", 10, status="no_show", who=2)
    session("june-cancelled", "2026-06-12", 10, status="cancelled", who=3)
    session("july", "2026-07-14", 10, who=4)
    session("july-to-come", "2026-07-20", 10, status="confirmed", who=5)  # not held yet
    session("too-old", "2025-07-31", 10, who=6)  # before the twelve months
    session("august", "2025-08-01", 0, 30, who=7)  # 31 July 23:30 UTC: August for her

    def paid(key, amount, at, currency="GBP"):
        payment = make_payment(made[key], paid_at=at, amount=amount, currency=currency)
        return payment

    # 1 April 00:30 BST is 31 March 23:30 UTC: April's takings.
    april = paid("may", 9500, london("2026-04-01", 0, 30))
    paid("june", 9000, london("2026-03-31", 12))
    paid("july", 4000, london("2026-07-02", 9))
    paid("june-confirmed", 7000, london("2026-07-03", 9), currency="EUR")  # not the practice's
    paid("too-old", 5000, london("2025-07-31", 23, 30))  # July 2025: outside

    def refund(payment, amount, status, at):
        made_refund = RefundFactory(payment=payment, amount=amount, status=status, reason="outside")
        Refund.objects.filter(pk=made_refund.pk).update(created_at=at)

    # 1 July 00:10 BST is 30 June 23:10 UTC: July's refunds.
    refund(april, 2000, "succeeded", london("2026-07-01", 0, 10))
    refund(april, 1000, "pending", london("2026-07-02", 9))  # not through yet
    refund(april, 500, "succeeded", london("2026-06-30", 12))
    return made


def by_month(months):
    return {month.first.strftime("%Y-%m"): month for month in months}


def test_months_count_sessions_takings_and_refunds_by_her_calendar_months(seeded):
    months = month_figures(zone=LONDON, now=NOW, currency="GBP")

    assert [m.first.strftime("%Y-%m") for m in months][0::11] == ["2025-08", "2026-07"]
    assert len(months) == 12
    figures = by_month(months)
    assert {key: m.sessions for key, m in figures.items() if m.sessions} == {
        "2025-08": 1,
        "2026-05": 1,
        "2026-06": 2,  # completed and confirmed-and-past; not missed, not cancelled
        "2026-07": 1,  # the one still to come is not counted
    }
    assert {key: m.takings for key, m in figures.items() if m.takings} == {
        "2026-03": 9000,
        "2026-04": 9500,
        "2026-07": 4000,
    }
    assert {key: m.refunds for key, m in figures.items() if m.refunds} == {
        "2026-06": 500,
        "2026-07": 2000,
    }


def test_months_cost_three_queries_whatever_the_rows(seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        month_figures(zone=LONDON, now=NOW, currency="GBP")


@pytest.fixture
def weekdays_nine_to_five(practitioner):
    WorkingHours.objects.filter(practitioner=practitioner).delete()
    for weekday in range(5):
        WorkingHours.objects.create(
            practitioner=practitioner, weekday=weekday, start_time=time(9), end_time=time(17)
        )
    return practitioner


def test_week_share_is_booked_session_minutes_over_working_minutes(
    weekdays_nine_to_five, make_booking, service, people, london
):
    practitioner = weekdays_nine_to_five
    # Week of Monday 13 July: five days of 8 h, Saturday 10-12 extra, Friday off.
    ExtraAvailability.objects.create(
        practitioner=practitioner, start=london("2026-07-18", 10), end=london("2026-07-18", 12)
    )
    TimeOff.objects.create(
        practitioner=practitioner, start=london("2026-07-17", 0), end=london("2026-07-18", 0)
    )
    make_booking(
        client=people[0], service=service, start=london("2026-07-13", 10), status="completed"
    )
    # 16:30-17:30: half in her hours, half after.
    make_booking(client=people[1], service=service, start=london("2026-07-16", 16, 30))
    make_booking(client=people[2], service=service, start=london("2026-07-18", 10))
    make_booking(
        client=people[3], service=service, start=london("2026-07-14", 10), status="cancelled"
    )
    make_booking(client=people[4], service=service, start=london("2026-07-21", 10))  # next week

    week = week_figures(practitioner=practitioner, now=NOW)

    assert week.first.isoformat() == "2026-07-13"
    assert week.working_minutes == 4 * 480 + 120
    assert week.booked_minutes == 60 + 30 + 60
    assert week.outside_minutes == 30
    assert week.share == round(100 * 150 / 2040)


def test_a_week_without_working_time_has_no_share(practitioner):
    WorkingHours.objects.filter(practitioner=practitioner).delete()

    week = week_figures(practitioner=practitioner, now=NOW)

    assert week.working_minutes == 0
    assert week.share is None


def test_charts_are_drawn_with_their_figures_as_text(seeded, practitioner):
    charts = dashboard_charts(practitioner=practitioner, zone=LONDON, now=NOW, currency="GBP")

    assert len(charts.sessions.bars) == 12
    assert len(charts.money.bars) == 24  # takings and refunds, side by side
    # The tallest bar is the top of the plot; an empty month draws nothing.
    june = charts.sessions.bars[10]
    assert june.y == 22
    assert june.height > 0
    assert charts.sessions.bars[1].height == 0
    assert charts.sessions.description == (
        "Sessions held each month from Aug 2025 to Jul 2026 (this month so far): highest 2 in "
        "Jun 2026; 1 this month."
    )
    assert "Takings: highest £95 in Apr 2026; £40 this month." in charts.money.description
    assert charts.week is not None


def test_dashboard_shows_the_charts_as_accessible_svg_with_tables(
    desk, make_booking, make_payment, service, people, now
):
    # Last month, on the page's own clock: a session paid £95, £20 of it refunded.
    last_month = add_months(now.astimezone(LONDON).date().replace(day=1), -1)
    start = datetime.combine(last_month.replace(day=15), time(10), tzinfo=LONDON)
    booking = make_booking(client=people[0], service=service, start=start, status="completed")
    payment = make_payment(booking, paid_at=start)
    made = RefundFactory(payment=payment, amount=2000, status="succeeded", reason="outside")
    Refund.objects.filter(pk=made.pk).update(created_at=start)

    html = desk.get(reverse("admin:index")).content.decode()

    charts = re.findall(r"<svg [^>]*role=\"img\".*?</svg>", html, re.S)
    assert len(charts) == 3
    for svg in charts:
        ids = re.search(r'aria-labelledby="([^"]+)"', svg)[1].split()
        for id_ in ids:  # the title and the description, inside the SVG
            assert re.search(rf'<(title|desc) id="{id_}">[^<]+</', svg)
        assert "style=" not in svg  # the CSP allows no inline styles
    label = last_month.strftime("%b %Y")
    sessions = re.search(r'data-table="sessions".*?</table>', html, re.S)[0]
    assert f'<th scope="row">{label}</th><td>1</td>' in sessions
    money = re.search(r'data-table="money".*?</table>', html, re.S)[0]
    assert f'<th scope="row">{label}</th><td>£95</td><td>£20</td>' in money


def test_dashboard_with_charts_costs_the_same_queries_with_few_or_many_rows(
    desk, make_booking, make_payment, service, people, london, django_assert_num_queries
):
    def add(number):
        booking = make_booking(
            client=people[number % 12],
            service=service,
            start=london(f"2026-{1 + number % 6:02d}-{1 + number // 6:02d}", 10),
            status="completed",
        )
        payment = make_payment(booking, paid_at=booking.start)
        RefundFactory(payment=payment, amount=100, status="succeeded", reason="outside")

    desk.get(reverse("admin:index"))  # the admin's menu, kept for her from now on
    for number in range(2):
        add(number)
    with CaptureQueriesContext(connection) as few:
        assert desk.get(reverse("admin:index")).status_code == 200
    for number in range(2, 60):
        add(number)

    with django_assert_num_queries(len(few)):
        assert desk.get(reverse("admin:index")).status_code == 200
