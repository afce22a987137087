"""Waitlist settings with their defaults (override them in practice/settings.py)."""

from datetime import timedelta

from django.conf import settings


def offer_window() -> timedelta:
    """How long a freed time is held for the client it is offered to, at most: long enough to
    see an e-mail between appointments, short enough that the next in line still can."""
    return timedelta(minutes=getattr(settings, "WAITLIST_OFFER_MINUTES", 120))


def shortest_offer() -> timedelta:
    """An offer shorter than this (the start's notice limit is near) is not made: nobody could
    act on it, and the time is left free for everyone instead."""
    return timedelta(minutes=getattr(settings, "WAITLIST_OFFER_SHORTEST_MINUTES", 15))


def days_ahead() -> int:
    """How many days ahead a client may ask to be told about (her last day at most)."""
    return getattr(settings, "WAITLIST_DAYS_AHEAD", 90)
