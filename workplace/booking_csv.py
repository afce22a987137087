"""The booking list as CSV lines: neutral columns only (no screening answers, no notes, nothing
about health), times on the practitioner's clock, cells a spreadsheet cannot run."""

import csv
from collections.abc import Iterator

from bookings.timezones import clock
from practice.money import minor_to_decimal

CSV_HEADER = [
    "reference",
    "date",
    "start",
    "end",
    "time zone",
    "client",
    "client e-mail",
    "service",
    "status",
    "price",
    "currency",
    "refunded",
    "cancelled by",
]


def _cell(value) -> str:
    # A spreadsheet runs a cell starting with = + - @ as a formula: names come from clients.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    """A file-like object whose write() hands the line back (for csv.writer and streaming)."""

    def write(self, value: str) -> str:
        return value


def booking_csv_lines(queryset) -> Iterator[str]:
    """The header, then one line per booking of `queryset` (client, service and practitioner
    joined in), read in chunks so a long list streams."""
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_HEADER)
    for booking in queryset.iterator(chunk_size=500):
        tz = booking.practitioner.tz
        local_start, local_end = booking.start.astimezone(tz), booking.end.astimezone(tz)
        yield writer.writerow(
            [
                _cell(value)
                for value in (
                    booking.reference,
                    local_start.date().isoformat(),
                    clock(local_start),
                    clock(local_end),
                    booking.practitioner.time_zone,
                    booking.client.get_full_name(),
                    booking.client.email,
                    booking.service.name,
                    booking.get_status_display(),
                    minor_to_decimal(booking.price_amount),
                    booking.price_currency,
                    minor_to_decimal(booking.refund_amount),
                    booking.get_cancelled_by_display(),
                )
            ]
        )
