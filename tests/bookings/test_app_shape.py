"""The bookings app's shape: modules a reader can hold in mind, views that fit on a screen, one
enum for who acts on a booking."""

import inspect
from pathlib import Path

import pytest

import bookings
from bookings import move_views, pick_views
from bookings.models import Booking
from bookings.policy import Actor

MODULE_LINES_MAX = 400
VIEW_LINES_MAX = 40
APP = Path(bookings.__file__).parent


@pytest.mark.parametrize(
    "path",
    sorted(p for p in APP.rglob("*.py") if "migrations" not in p.parts),
    ids=lambda path: str(path.relative_to(APP)),
)
def test_no_bookings_module_is_over_400_lines(path):
    assert len(path.read_text().splitlines()) <= MODULE_LINES_MAX


@pytest.mark.parametrize("view", [pick_views.choose_time, move_views.booking_reschedule])
def test_the_slot_picking_views_fit_on_a_screen(view):
    lines, _ = inspect.getsourcelines(inspect.unwrap(view))

    assert len(lines) <= VIEW_LINES_MAX


def test_who_cancelled_a_booking_is_spelled_with_the_policys_actors():
    field = Booking._meta.get_field("cancelled_by")

    assert field.choices == Actor.choices
