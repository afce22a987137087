"""Where the apps built on bookings plug into it, filled from their `AppConfig.ready()`.

bookings never imports those apps (they import bookings); it calls what they registered here.
Each hook takes keyword-only arguments.
"""

from collections.abc import Callable

# Called inside `booking_confirm`'s transaction once the booking is saved as confirmed, with
# `booking=` and `now=`, on every path that confirms one (paid, free): rooms gives it its
# private session room here, so a rolled-back confirmation leaves no room behind.
confirmation_hooks: list[Callable[..., object]] = []

# Called inside `booking_cancel`'s transaction once the booking is saved as cancelled, with
# `booking=` and `outcome=` (the policy's outcome, its refund included): payments refunds here,
# so a rolled-back cancellation refunds nothing.
cancellation_hooks: list[Callable[..., object]] = []

# Asked, with `booking=` and `now=`, before a client's live hold is released for another time:
# True keeps it (payments: she is paying for that hold at Stripe right now).
hold_keepers: list[Callable[..., bool]] = []

# Asked, with `booking=` (a held booking with a price), before it is confirmed: True when its
# price has been paid (payments: a paid payment of the whole price). Confirming a paid booking
# needs one of them to say so; with none registered, it cannot be confirmed at all.
payment_checks: list[Callable[..., bool]] = []

# The booking page asks each, with `request=` and `booking=` (hers), before it renders: a
# response answers the visit instead (payments: the return from Stripe Checkout), None goes on.
booking_page_hooks: list[Callable[..., object]] = []

# Asked, with `booking=`, what was paid for it: {"amount_paid": "£85", "path": its receipt's
# path} once paid, {} otherwise (payments: its receipt). The booking page links the receipt and
# the client's e-mails give the amount and the link (booking_receipt gathers the answers).
receipt_hooks: list[Callable[..., dict]] = []


# Asked, with `request=`, `booking=` (hers, with a client), `now=` and `tz=` (the zone the page
# shows times in), for a part of the booking page: HTML (already escaped, a SafeString) or "".
# The parts appear in the order registered, under the booking's status (rooms: joining the
# session; aftercare: her recording).
booking_page_panels: list[Callable[..., str]] = []
# A booking page that is not a hold is cached (bookings.views.booking_body): its panels are
# then asked with `request=None`, and must not show anything of the request (a form's CSRF
# token is put in per view). Each of these is asked, with `booking=` and `now=`, when its
# panel next changes by itself (rooms: the session becoming joinable), or None.
booking_page_changes: list[Callable[..., object]] = []


# Asked, with `booking=`, how much of its price was paid by other means than money: a
# package's credit (packages), a gift voucher's balance (vouchers). Each answers what it
# covered, including what it has given back since (a credit returned on cancellation still
# covered the booking). `lifecycle.amount_due` is the price less what they cover: what the
# pay step asks for, and a booking fully covered is confirmed as a free one is.
price_covers: list[Callable[..., int]] = []

# Called inside `booking_hold`'s transaction once a signed-in client's hold is saved, inside
# `claim_visitor_holds` for each live hold a visitor's sign-in makes a client's, and inside
# `booking_extend_hold` for a client's hold kept for longer (or held again after it ran out),
# with `booking=` and `now=` (packages: the hold reserves one of her credits for the service;
# a hold that has its credit keeps it).
hold_hooks: list[Callable[..., object]] = []

# Asked, with `request=`, `booking=` (her live hold) and `now=`, for a part of the booking
# page's "Next step", under the button that pays or confirms: HTML (a SafeString) or ""
# (vouchers: a gift voucher's code). Below the button, so that on a phone the way on stays in
# the first screen.
pay_step_panels: list[Callable[..., str]] = []

# Asked, with `request=`, `service=`, `now=` and `zone=` (the zone the page shows times in),
# for a part of a service's slot page (/book/<slug>/) under its times: HTML (a SafeString) or
# "" (waitlist: asking to be told when a time frees).
slot_page_panels: list[Callable[..., str]] = []


def booking_receipt(booking) -> dict:
    receipt = {}
    for hook in receipt_hooks:
        receipt.update(hook(booking=booking))
    return receipt


def hook_add(hooks: list, function: Callable) -> None:
    """Register `function` once, however often `ready()` runs."""
    if function not in hooks:
        hooks.append(function)
