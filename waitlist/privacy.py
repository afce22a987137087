"""The waitlist's part of the client's data rights (clients.privacy runs every app's part),
registered from waitlist/registrations.py.

- Export: each of her waitlist entries (service, days, times of day, zone, state) with the
  times offered to her from it.
- Erasure: her entries go, and their offers with them; a time held for her is released by
  bookings' own erasure step (it cancels her upcoming bookings), and the next in line is
  offered it.
"""

from datetime import datetime

from django.db.models import Prefetch

from clients.models import User
from clients.privacy import erasure_step, export_section, iso
from waitlist.models import Entry, Offer


@export_section("waitlist")
def waitlist_export(user: User) -> list[dict]:
    entries = (
        Entry.objects.filter(client=user)
        .select_related("service")
        .prefetch_related(
            Prefetch("offers", queryset=Offer.objects.select_related("booking", "freed_time"))
        )
        .order_by("joined_at", "pk")
    )
    return [
        {
            "service": entry.service.name,
            "first_day": entry.first_day.isoformat(),
            "last_day": entry.last_day.isoformat(),
            "times_of_day": sorted(entry.window.parts),
            "time_zone": entry.time_zone,
            "status": entry.status,
            "joined_at": iso(entry.joined_at),
            "ended_at": iso(entry.ended_at),
            "offers": [
                {
                    "time": iso(offer.freed_time.start),
                    "booking": offer.booking.reference,
                    "status": offer.status,
                    "offered_at": iso(offer.offered_at),
                    "held_until": iso(offer.until),
                }
                for offer in entry.offers.all()
            ],
        }
        for entry in entries
    ]


@erasure_step
def waitlist_erase(*, user: User, now: datetime) -> str:
    """Delete her waitlist entries (their offers with them)."""
    Entry.objects.filter(client=user).delete()
    return ""
