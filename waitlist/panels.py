"""The waitlist's parts of other apps' pages: under a service's times (bookings'
slot_page_panels), on a booking offered from it (booking_page_panels), and on /my/
(client_area/my_account.py gathers every app's part).

The slot page is cached for visitors who are not signed in (practice.page_cache): their part is
the same for all of them and carries nothing personal, no form and no CSRF token. A signed-in
client's page is never cached whole (cache_page_for_readers passes her by); her part is her own
fragment (practice/fragments.py): replaced whenever her entries or offers change, keyed by the
times free now (it lists some), never kept past her wish's last day or an offer's hold running
out, and its forms carry a placeholder for her CSRF token, filled per request.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string

from bookings import slot_picker, timezones
from bookings.models import Booking
from bookings.selectors import offered_times
from practice.fragments import CSRF_PLACEHOLDER, cached_fragment, fragment_fill, soonest_after
from practice.zones import zone_label
from waitlist.conf import days_ahead, offer_window
from waitlist.forms import latest_day, suggested_days
from waitlist.models import Entry, Offer
from waitlist.windows import PARTS_OF_DAY, Window, local_today

# The times free now that suit her, listed on the slot page at most.
FREE_NOW_SHOWN = 5


def slot_page_panel(*, request, service, now: datetime, zone: str) -> str:
    """Asking to be told when a time frees: the sign-in link for a visitor, the form (and her
    wish, if she has one) for a signed-in client."""
    if not request.user.is_authenticated:
        return render_to_string("waitlist/_slot_panel_visitor.html", {"service": service})
    offered = offered_times(service=service, now=now)
    html = cached_fragment(
        name=f"slot-waitlist-{service.pk}",
        user_id=request.user.pk,
        now=now,
        vary=f"{zone}|{offered.fingerprint}",
        build=lambda: _client_panel(request.user, service, offered.starts, now=now, zone=zone),
    )
    return fragment_fill(request, html)


def _client_panel(user, service, starts: list, *, now: datetime, zone: str):
    """Her part of the slot page (the form, and her wish if she has one), and when it next
    changes by itself."""
    entry = Entry.objects.waiting(now=now).filter(client=user, service=service).first()
    today = local_today(now, zone)
    first_day, last_day = suggested_days(today)
    chosen = {"mornings", "afternoons", "evenings"}
    context = {
        "service": service,
        "zone": zone,
        "zone_label": zone_label(zone, at=now),
        "today": today,
        "latest": latest_day(today),
        "days_ahead": days_ahead(),
        "offer_hours": _hours(offer_window()),
        "entry": entry,
        "csrf_token": CSRF_PLACEHOLDER,
    }
    changes = []
    if entry is not None:
        window = entry.window
        first_day, last_day, chosen = max(entry.first_day, today), entry.last_day, window.parts
        context.update(_entry_context(entry, window, now=now))
        context["free_now"] = _free_now(starts, window, zone=zone, url=service.booking_url)
        context["offer"] = (
            Offer.objects.filter(entry=entry, status=Offer.Status.PENDING)
            .select_related("booking")
            .first()
        )
        changes.append(entry.expires_at)
        if context["offer"] is not None:
            changes.append(context["offer"].booking.hold_expires_at)
    context.update(
        first_day=first_day,
        last_day=last_day,
        parts=[
            {"field": p.field, "label": p.label, "hours": p.hours, "checked": p.field in chosen}
            for p in PARTS_OF_DAY
        ],
    )
    html = render_to_string("waitlist/_slot_panel.html", context)
    return html, soonest_after(now, changes)


def _hours(window) -> str:
    hours = window.total_seconds() / 3600
    return f"{hours:g}"


def _entry_context(entry: Entry, window: Window, *, now: datetime) -> dict:
    first, last = timezones.day_label(entry.first_day), timezones.day_label(entry.last_day)
    return {
        "entry_days": f"on {first}" if first == last else f"from {first} to {last}",
        "entry_parts": window.parts_label,
        "entry_zone_label": zone_label(entry.time_zone, at=now),
    }


def _free_now(starts: list, window: Window, *, zone: str, url: str) -> list[dict]:
    """The first few times free now that suit her, as links to hold one (the slot page's own
    list of times, cached: no extra work)."""
    suiting = [start for start in starts if window.suits(start)]
    return [
        {
            "label": timezones.when(start, ZoneInfo(zone)),
            "url": slot_picker.confirm_url(url, start, zone),
        }
        for start in suiting[:FREE_NOW_SHOWN]
    ]


def booking_offer_panel(*, request, booking: Booking, now: datetime, tz) -> str:
    """On her booking page, while a time offered to her is held: until when it is hers, and
    "No thanks"."""
    if not booking.is_held_at(now):
        return ""
    offer = Offer.objects.filter(booking=booking, status=Offer.Status.PENDING).first()
    if offer is None:
        return ""
    context = {
        "booking": booking,
        "until": timezones.when(booking.hold_expires_at, tz),
        "zone_label": zone_label(tz.key, at=booking.hold_expires_at),
    }
    return render_to_string("waitlist/_offer_panel.html", context, request=request)


def my_waitlist_context(*, user, now: datetime) -> dict:
    """The context of templates/waitlist/_my_waitlist.html for `user`: her waiting entries,
    each in the zone she chose it in, and the times held for her now (two queries)."""
    entries = Entry.objects.waiting(now=now).filter(client=user).select_related("service").in_line()
    offers = (
        Offer.objects.filter(
            entry__client=user,
            status=Offer.Status.PENDING,
            booking__status=Booking.Status.HELD,
            booking__hold_expires_at__gt=now,
        )
        .select_related("booking__service")
        .order_by("booking__start")
    )
    return {
        "my_waitlist": [
            {
                "entry": entry,
                **_entry_context(entry, entry.window, now=now),
                "last_day": timezones.day_label(entry.last_day),
            }
            for entry in entries
        ],
        "my_waitlist_offers": [
            {
                "booking": offer.booking,
                "when": timezones.when(offer.booking.start, offer.booking.client_tz),
                "until": timezones.when(offer.booking.hold_expires_at, offer.booking.client_tz),
                "zone_label": zone_label(offer.booking.client_time_zone, at=offer.booking.start),
            }
            for offer in offers
        ],
    }


def my_waitlist_changes(context: dict) -> list[datetime | None]:
    """When her waitlist on /my/ changes by itself (given my_waitlist_context's context): an
    entry's last day ending, or a time held for her running out."""
    return [item["entry"].expires_at for item in context["my_waitlist"]] + [
        offer["booking"].hold_expires_at for offer in context["my_waitlist_offers"]
    ]
