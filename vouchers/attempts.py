"""Guessing codes is rate-limited: wrong codes are counted per client account and per address
(allauth's limiter, the "voucher_code" rate in settings.ACCOUNT_RATE_LIMITS, in the shared
cache), and once either runs out no code is even looked at until the window has passed.

Only wrong codes count: a client applying and removing her own voucher is never locked out.
"""

from allauth.core import ratelimit

ACTION = "voucher_code"


def code_attempts_left(request) -> bool:
    """Whether this client, from this address, may try a code now."""
    return ratelimit.consume(request, action=ACTION, user=request.user, dry_run=True)


def code_attempt_wrong(request) -> None:
    """Count a wrong code against the client and her address."""
    ratelimit.consume(request, action=ACTION, user=request.user)
