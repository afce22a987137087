"""Times in a given zone: {{ booking.start|in_zone:zone }} -> "Tuesday 3 March at 9:30 am".

The cancellation policy in words: {% policy_note booking now %}; how long a time is held:
{% hold_minutes %}; a confirmed booking's "Add to calendar" links: {% add_to_calendar booking %}.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone
from django.utils.html import format_html

from bookings import timezones
from bookings.calendar_links import calendar_links, ics_path
from bookings.changes import cancellation_preview, reschedule_preview
from bookings.conf import hold_minutes
from bookings.models import Booking
from bookings.notifications import appointment_title
from bookings.policy import Actor, PolicyTerms, Reason
from practice.models import PracticeDetails
from practice.money import money

register = template.Library()

# {% hold_minutes %}: "held for 30 minutes", from the one setting (bookings/conf.py).
register.simple_tag(hold_minutes)


@register.filter
def in_zone(moment: datetime | None, zone: str) -> str:
    if moment is None:
        return ""
    return timezones.when(moment, ZoneInfo(zone))


@register.filter
def clock_in_zone(moment: datetime | None, zone: str) -> str:
    if moment is None:
        return ""
    return timezones.clock_time(moment.astimezone(ZoneInfo(zone)))


@register.simple_tag
def policy_note(booking: Booking, now: datetime | None, about: str = "booking") -> str:
    """What the booking's cancellation policy means for its client at `now`, in words.

    The one place the policy is put into words, so that the booking page (before payment
    too), the cancel and move pages and the e-mails never disagree with each other or with
    the rules in bookings/policy.py. `about` is "booking" (moving and cancelling, for the
    booking page and the e-mails), "cancel" (what cancelling now gives back) or "move".
    E-mails pass the moment they are about: when the booking was confirmed or moved.
    """
    if now is None:
        now = timezone.now()  # a booking written without the moment (demo data, by hand)
    terms = PolicyTerms.from_snapshot(booking.policy_snapshot)
    note = {"cancel": _cancel_note, "move": _move_note}.get(about, _booking_note)
    return note(booking, terms, now)


def _refund(amount: int, booking: Booking) -> str:
    if not amount:
        return "no refund"
    if amount == booking.price_amount:
        return "a full refund"
    return f"a refund of {money(amount, booking.price_currency)}"


def _booking_note(booking: Booking, terms: PolicyTerms, now: datetime) -> str:
    """Moving and cancelling: for a hold, what will apply once it is booked; else, now."""
    held = booking.status == Booking.Status.HELD
    if not held and booking.status != Booking.Status.CONFIRMED:
        return ""
    move = reschedule_preview(booking=booking, by=Actor.CLIENT, now=now)
    if move.reason == Reason.STARTED:
        return ""
    free = not booking.price_amount
    # Said of the price even before payment, so that she pays knowing what she would get back.
    values = {
        "hours": terms.notice_hours,
        "in_time": _refund(terms.refund_with_notice(booking.price_amount), booking),
        "late": _refund(terms.refund_late(booking.price_amount), booking),
    }
    if move.allowed:
        text = "Once it is booked, you can " if held else "You can "
        if free:
            text += "move it up to {hours} hours before it starts, and cancel it until it starts."
        else:
            text += (
                "move it, or cancel it with {in_time}, up to {hours} hours before it starts. "
                "After that it can't be moved, and cancelling gives {late}."
            )
    elif held:
        text = "Please note: it starts in less than {hours} hours, so once it is booked it "
        text += (
            "can't be moved. You can still cancel it."
            if free
            else "can't be moved, and cancelling it gives {late}."
        )
    elif free:
        text = (
            "Your session is less than {hours} hours away, so it can no longer be moved. "
            "If you can't come, please cancel it so that someone else can have the time."
        )
    elif not terms.refund_late(booking.price_amount):
        text = "Your session is less than {hours} hours away, so it can no longer be moved or "
        text += "refunded."
    else:
        text = (
            "Your session is less than {hours} hours away, so it can no longer be moved; "
            "cancelling it now gives {late}."
        )
    return format_html(text, **values)


def _cancel_note(booking: Booking, terms: PolicyTerms, now: datetime) -> str:
    """What cancelling now gives back (the cancel page)."""
    outcome = cancellation_preview(booking=booking, by=Actor.CLIENT, now=now)
    if not outcome.allowed:
        text = "This session has already started, so it can no longer be cancelled."
    elif booking.status == Booking.Status.HELD:
        text = (
            "Nothing has been paid yet, so there is nothing to refund. "
            "The time will be released for others."
        )
    elif not booking.price_amount:
        text = "This session is free, so there is nothing to refund."
    elif outcome.refund_amount == booking.price_amount:
        text = "You'll be refunded {refund} in full."
    elif outcome.refund_amount and outcome.reason == Reason.LATE:
        text = (
            "This is within {hours} hours of your session, so you'll be refunded {refund} of "
            "the {price} you paid."
        )
    elif outcome.refund_amount:
        text = "You'll be refunded {refund} of the {price} you paid."
    elif outcome.reason == Reason.LATE:
        text = "This is within {hours} hours of your session, so it can't be refunded."
    else:
        text = "Under the terms you booked with, cancelling gives no refund."
    return format_html(
        text,
        hours=terms.notice_hours,
        refund=money(outcome.refund_amount, booking.price_currency),
        price=money(booking.price_amount, booking.price_currency),
    )


def _move_note(booking: Booking, terms: PolicyTerms, now: datetime) -> str:
    """Whether the booking can be moved now, and to which times (the move and confirm pages)."""
    move = reschedule_preview(booking=booking, by=Actor.CLIENT, now=now)
    if booking.status != Booking.Status.CONFIRMED:
        text = "Only a confirmed booking can be moved."
    elif move.allowed:
        text = "You can move it to a time at least {hours} hours from now."
        if booking.price_amount:
            text += " Your booking and payment move with it; nothing is charged or refunded."
    elif move.reason == Reason.LATE:
        text = "This is within {hours} hours of your session, so it can no longer be moved."
    else:
        text = "This session has already started, so it can no longer be moved."
    return format_html(text, hours=terms.notice_hours)


@register.inclusion_tag("bookings/_add_to_calendar.html")
def add_to_calendar(booking: Booking) -> dict:
    """{% add_to_calendar booking %}: Google, Outlook and the .ics download of a confirmed
    booking, the same event as its confirmation e-mail's (booking page and /my/)."""
    title = appointment_title(PracticeDetails.load().name)
    return {
        "booking": booking,
        "links": calendar_links(booking, title=title),
        "ics_path": ics_path(booking),
    }
