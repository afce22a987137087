"""What the desk's tests share: the book page's address, instants written as its forms take
them, and her hours opened round the clock so that a time a few hours away is free whatever the
clock says."""

from datetime import timedelta

from bookings.models import ExtraAvailability

BOOK = "/admin/bookings/booking/book/"


def hour_floor(moment):
    return moment.replace(minute=0, second=0, microsecond=0)


def iso(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def open_round_the_clock(practitioner, now) -> ExtraAvailability:
    """Extra availability from a whole hour a day ago to two weeks ahead."""
    return ExtraAvailability.objects.create(
        practitioner=practitioner,
        start=hour_floor(now) - timedelta(days=1),
        end=hour_floor(now) + timedelta(days=14),
    )
