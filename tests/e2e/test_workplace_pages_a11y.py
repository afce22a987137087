"""Every page of her workplace, as she sees it (staff in the Practitioner group, not a
superuser), with real content on it: axe finds no violation of any impact on any of them, at a
desk and on a 390 px phone. (Each page's own tests check it in use; this is the whole sweep.)"""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from django.urls import reverse

from bookings.models import ExternalCalendar, ExtraAvailability, TimeOff
from workplace.roles import PRACTITIONER_GROUP

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser_context_args(timezone_id="Europe/London"),
]


@pytest.fixture
def practitioner(make_practitioner):
    """Anna as she runs the site: staff in the Practitioner group, not a superuser."""
    practitioner = make_practitioner(last_name="Whitfield-Ashcombe")
    practitioner.user.groups.add(Group.objects.get(name=PRACTITIONER_GROUP))
    return practitioner


@pytest.fixture
def workplace(practitioner, paid_booking, now):
    """A week with a session, time off, extra hours and a calendar that could not be read."""
    week = paid_booking.start
    time_off = TimeOff.objects.create(
        practitioner=practitioner,
        start=week - timedelta(days=1, hours=2),
        end=week - timedelta(days=1),
        reason="Dentist",
    )
    extra = ExtraAvailability.objects.create(
        practitioner=practitioner,
        start=week + timedelta(days=1, hours=8),
        end=week + timedelta(days=1, hours=10),
        note="An evening",
    )
    calendar = ExternalCalendar.objects.create(
        practitioner=practitioner,
        name="Personal (Google)",
        url="https://calendar.example.invalid/private-0123456789/basic.ics",
        last_attempt_at=now,
        failing_since=now - timedelta(hours=2),
        last_error="The calendar's server did not answer in time.",
    )
    day = week.date().isoformat()
    calendar_page = reverse("admin:bookings_booking_calendar")
    return {
        "dashboard": reverse("admin:index"),
        "calendar, week": f"{calendar_page}?date={day}",
        "calendar, month": f"{calendar_page}?view=month&date={day}",
        "calendar, agenda": f"{calendar_page}?view=agenda&date={day}",
        "block time": reverse("admin:bookings_booking_block_time"),
        "time off": reverse("admin:bookings_booking_time_off_edit", args=[time_off.pk]),
        "delete time off": reverse("admin:bookings_booking_time_off_delete", args=[time_off.pk]),
        "add extra hours": reverse("admin:bookings_booking_extra_add"),
        "extra hours": reverse("admin:bookings_booking_extra_edit", args=[extra.pk]),
        "delete extra hours": reverse("admin:bookings_booking_extra_delete", args=[extra.pk]),
        "bookings": reverse("admin:bookings_booking_changelist"),
        "a booking": reverse("admin:bookings_booking_change", args=[paid_booking.pk]),
        "cancel": reverse("admin:bookings_booking_cancel") + f"?ids={paid_booking.pk}",
        "book a session": reverse("admin:bookings_booking_book") + f"?day={day}",
        "move a session": reverse("admin:bookings_booking_move", args=[paid_booking.pk]),
        "set up": reverse("admin:bookings_practitioner_setup"),
        "weekly hours": reverse("admin:bookings_practitioner_hours"),
        "her calendars": reverse("admin:bookings_externalcalendar_changelist"),
        "add a calendar": reverse("admin:bookings_externalcalendar_add"),
        "a calendar": reverse("admin:bookings_externalcalendar_change", args=[calendar.pk]),
        "her details": reverse("admin:bookings_practitioner_change", args=[practitioner.pk]),
    }


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}], ids=str
)
def test_every_workplace_page_has_no_accessibility_violation(
    live_server, page, browser_login, practitioner, practice_details, workplace, viewport
):
    page.set_viewport_size(viewport)
    browser_login(page, practitioner.user)
    axe = Axe()
    found = {}
    for name, path in workplace.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, f"{name}: {response.status}"
        results = axe.run(page)
        if results.violations_count:
            found[name] = results.generate_report()

    assert found == {}, "\n\n".join(f"{name}:\n{report}" for name, report in found.items())
