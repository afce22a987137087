"""A visitor who has not signed in yet, as her holds know her.

A time is held the moment it is picked, before any account exists. The hold then belongs to the
visitor's browser: a random token kept in her session, of which the booking stores only a keyed
hash (`visitor_key`), so the table never holds anything that would let someone else act as her.
Signing up or in claims the holds for the account (bookings/holds.py `claim_visitor_holds`,
run on Django's `user_logged_in`): the session keeps its data through the sign-in.

Her address is kept the same way (`visitor_address`, a keyed hash) while the hold has no client,
so that one connection cannot hold every free time by clearing its cookies; it is forgotten
when the hold is claimed.
"""

import secrets
from dataclasses import dataclass

from django.utils.crypto import salted_hmac

from clients.consent import request_ip

SESSION_KEY = "bookings_visitor"
_SALT = "bookings.visitors"


@dataclass(frozen=True)
class Visitor:
    key: str
    address: str


def _digest(kind: str, value: str) -> str:
    return salted_hmac(f"{_SALT}.{kind}", value, algorithm="sha256").hexdigest()


def visitor_key(request) -> str:
    """The visitor's key, or "" when her session has none (she has held nothing yet)."""
    session = getattr(request, "session", None)
    token = session.get(SESSION_KEY) if session is not None else None
    return _digest("visitor", token) if token else ""


def visitor(request) -> Visitor:
    """The visitor making `request`, given a token now if her session has none."""
    if not request.session.get(SESSION_KEY):
        request.session[SESSION_KEY] = secrets.token_urlsafe(32)
    return Visitor(
        key=visitor_key(request),
        address=_digest("address", request_ip(request) or "unknown"),
    )
