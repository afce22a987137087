"""Booking settings with their defaults (override them in practice/settings.py)."""

from datetime import timedelta

from django.conf import settings


def hold_duration() -> timedelta:
    """How long a chosen time is held while the client finishes (Stripe Checkout's minimum)."""
    return timedelta(minutes=getattr(settings, "BOOKING_HOLD_MINUTES", 30))


def hold_minutes() -> int:
    """The hold duration in whole minutes, as the pages and messages say it."""
    return int(hold_duration().total_seconds() // 60)


def reminder_lead() -> timedelta:
    """How long before a session its reminder goes out."""
    return timedelta(hours=getattr(settings, "BOOKING_REMINDER_HOURS", 24))
