"""The calendar in a real Chromium: its week and month tables, and its own colours, which follow
the admin's theme (the practitioner's choice in its theme switch, or her system's on auto)."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

LIGHT_WORKING = "rgb(232, 243, 238)"  # --qh-working-bg, light
DARK_WORKING = "rgb(31, 58, 47)"  # --qh-working-bg, dark


@pytest.mark.parametrize(
    ("system", "chosen", "shown"),
    [
        ("light", "auto", LIGHT_WORKING),
        ("dark", "auto", DARK_WORKING),
        ("dark", "light", LIGHT_WORKING),
        ("light", "dark", DARK_WORKING),
    ],
)
def test_the_calendar_shades_working_hours_in_the_theme_she_sees(
    live_server, page, browser_login, practitioner, practice_details, system, chosen, shown
):
    page.emulate_media(color_scheme=system)
    browser_login(page, practitioner.user)
    page.goto(f"{live_server.url}/admin/")
    page.evaluate("theme => localStorage.setItem('theme', theme)", chosen)

    page.goto(f"{live_server.url}/admin/bookings/booking/calendar/")

    swatch = page.locator(".qh-legend .qh-swatch.is-working")
    assert swatch.evaluate("node => getComputedStyle(node).backgroundColor") == shown


@pytest.mark.parametrize("view", ["week", "month"])
def test_the_week_and_the_month_are_accessible_tables_named_by_their_caption(
    live_server, page, axe_check, browser_login, practitioner, practice_details, view
):
    browser_login(page, practitioner.user)

    page.goto(f"{live_server.url}/admin/bookings/booking/calendar/?view={view}")

    table = page.get_by_role("region", name="Times are in")
    assert table.locator(f"table.qh-{view}").count() == 1
    axe_check(page, what=f"calendar, {view}")
