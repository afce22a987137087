"""Booking pages. Thin: parse the request, call a domain function, render or redirect.

Every booking is looked up with its owner (another client's reference is a 404) and every
change of state is a POST with a CSRF token.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from bookings import hooks, notifications, services, slot_picker, timezones
from bookings.access import client_booking_or_404, holder_booking
from bookings.booking_steps import booking_steps
from bookings.conf import hold_minutes
from bookings.models import Booking, Service
from bookings.policy import Actor, PolicyTerms
from bookings.progress import ABOUT, CONFIRM, DETAILS, PAYMENT, progress
from bookings.selectors import (
    hold_refusal,
)
from clients import account_code
from clients.adapter import SignupForm
from practice.fragments import (
    CSRF_PLACEHOLDER,
    cached_fragment,
    fragment_fill,
    page_changes_at,
    slot_placeholder,
    soonest_after,
)
from practice.her_pages import kept_for_her
from practice.models import PracticeDetails
from practice.page_cache import cache_page_for_readers
from practice.zones import zone_label


def current_time() -> datetime:
    return timezone.now()


# Time zones -------------------------------------------------------------------------------


def client_zone(request, *, fallback: str | None = None) -> str:
    """The visitor's zone, after taking a `tz` choice (the picker, the browser's guess, or one
    carried on by a link or form). Only a signed-in client's choice goes in the session: an
    anonymous page that wrote one could not be cached, and the URL carries it anyway."""
    chosen = timezones.requested_zone(request)
    if chosen and not timezones.is_valid_zone(chosen):
        messages.warning(request, "That time zone was not recognised, so it was not changed.")
    elif chosen and request.user.is_authenticated:
        timezones.remember_zone(request, chosen)
    return timezones.client_zone_name(request, fallback=fallback)


def zone_context(request, zone: str, *, keep: dict | None = None) -> dict:
    now = current_time()
    return {
        "zone": zone,
        "zone_label": zone_label(zone, at=now),
        "zone_known": timezones.zone_is_known(request),
        "zone_options": timezones.zone_options(zone, at=now),
        "zone_keep": {key: value for key, value in (keep or {}).items() if value},
    }


# Services and slot choice -----------------------------------------------------------------


@cache_page_for_readers
def service_list(request):
    return render(
        request,
        "bookings/service_list.html",
        {
            "services": Service.objects.active(),
            "page_title": "Services and prices",
            "page_description": "Online sessions: what each one is, how long it takes and "
            "what it costs.",
        },
    )


@cache_page_for_readers
def service_detail(request, slug):
    service = get_object_or_404(Service.objects.active(), slug=slug)
    return render(
        request,
        "bookings/service_detail.html",
        {
            "service": service,
            "page_title": service.name,
            "page_description": service.summary,
        },
    )


@cache_page_for_readers
def choose_service(request):
    return render(
        request,
        "bookings/choose_service.html",
        {
            "services": Service.objects.active(),
            "page_title": "Book a session",
            "page_description": "Choose a session, then a time that suits you.",
        },
    )


def pick_time(request, context: dict, starts: list, *, zone: str, template: str, **refused):
    """The picker's page: the days that have times, and the chosen day's times. After a refused
    choice (`refused`: its `error`, `start` and `status`), it says why and shows that day."""
    day = request.GET.get("day")
    if refused:
        context["error"] = refused["error"]
        day = slot_picker.local_day(refused["start"], zone).isoformat()
    context.update(zone_context(request, zone, keep={"day": day}))
    context.update(slot_picker.picker(starts, zone, day=day, base_path=context["form_action"]))
    return render(request, template, context, status=refused.get("status", 200))


# A client's booking -----------------------------------------------------------------------
# Each looked up before anything else, so another client's reference is a 404 whatever the
# method (bookings/access.py).


@kept_for_her(vary=timezones.zone_inputs)
def booking_detail(request, reference):
    """A booking's page; for a visitor not signed in yet, her hold and the step of her details
    (signing up or in, which makes the hold her account's).

    A client's booking that is not a hold (confirmed, cancelled, past) is the same on every
    view until her data or the clock changes it: its content is cached per client and zone
    (practice/fragments.py), the zone picker is put in, and the whole page is kept for her
    until the picker's clocks next move (practice/her_pages.py); a hold's page never is."""
    booking = holder_booking(request, reference)
    if booking is None:
        return redirect_to_login(request.get_full_path())
    # Apps built on bookings may answer first (payments: the client back from Stripe Checkout).
    for hook in hooks.booking_page_hooks if booking.client_id else ():
        response = hook(request=request, booking=booking)
        if response is not None:
            return response
    now = current_time()
    zone = client_zone(request, fallback=booking.client_time_zone)
    picker = render_to_string("bookings/_zone_picker.html", zone_context(request, zone))
    context = {"booking": booking, "page_title": "Your booking", "noindex": True}
    if booking.client_id and booking.status not in (Booking.Status.HELD, Booking.Status.EXPIRED):
        body = cached_fragment(
            name=f"booking-page:{booking.pk}",
            user_id=booking.client_id,
            now=now,
            vary=zone,
            build=lambda: booking_body(booking=booking, zone=zone, now=now),
        )
    else:
        # A hold counts down by the second: its page is never kept whole.
        page_changes_at(now)
        body = render_to_string(
            "bookings/_booking_body.html",
            _booking_context(request, booking, zone=zone, now=now),
            request=request,
        )
        context["is_held"] = booking.is_held_at(now)
    context["booking_body"] = fragment_fill(request, body, zone_picker=picker)
    return render(request, "bookings/booking_detail.html", context)


def _booking_context(request, booking: Booking, *, zone: str, now: datetime) -> dict:
    """What templates/bookings/_booking_body.html shows of `booking` at `now`; `request` is
    None when it is rendered for the cache (no hold: nothing of the request is in it)."""
    tz = ZoneInfo(zone)
    context = {
        "booking": booking,
        "now": now,
        "when": timezones.when(booking.start, tz),
        "end_time": timezones.clock_time(booking.end.astimezone(tz)),
        "zone_label": zone_label(zone, at=now),
        "zone_picker": slot_placeholder("zone_picker"),
        "is_held": booking.is_held_at(now),
        "hold_ran_out": booking.status == Booking.Status.EXPIRED
        or (booking.status == Booking.Status.HELD and not booking.is_held_at(now)),
        "can_change": booking.status == Booking.Status.CONFIRMED and booking.start > now,
        "pay_url": f"{booking.get_absolute_url()}pay/",
        "receipt": hooks.booking_receipt(booking),
    }
    if context["is_held"] or context["hold_ran_out"]:
        # Whether it can be held again (or for longer): the same rule as booking_extend_hold.
        context["hold_refusal"] = hold_refusal(booking=booking, now=now)
    if context["is_held"]:
        context["held_until"] = timezones.clock_time(booking.hold_expires_at.astimezone(tz))
        seconds_left = (booking.hold_expires_at - now).total_seconds()
        # The page's script counts down from this and reloads when the hold ends.
        context["seconds_left"] = int(seconds_left) + 1
        context["minutes_left"] = max(1, int(seconds_left // 60))
        context.update(_held_steps(request, booking, now=now))
    if context["can_change"]:
        context["reschedule_outcome"] = services.reschedule_preview(
            booking=booking, by=Actor.CLIENT, now=now
        )
    if booking.client_id:
        context["panels"] = [
            panel(request=request, booking=booking, now=now, tz=tz)
            for panel in hooks.booking_page_panels
        ]
    return context


def booking_body(*, booking: Booking, zone: str, now: datetime) -> tuple[str, datetime | None]:
    """The content of a client's booking page that is not a hold, rendered for the cache (its
    forms' CSRF token and the zone picker are placeholders), and when it next changes by itself:
    her notice running out (moving, and the refund cancelling gives), the start and the end,
    and what the apps built on bookings say (rooms: the session becoming joinable)."""
    context = _booking_context(None, booking, zone=zone, now=now)
    context["csrf_token"] = CSRF_PLACEHOLDER
    html = render_to_string("bookings/_booking_body.html", context)
    notice = PolicyTerms.from_snapshot(booking.policy_snapshot).notice
    moments = [
        # Moving is allowed up to the notice's start, inclusive: it changes just after.
        booking.start - notice + timedelta(microseconds=1),
        booking.start,
        booking.end,
        *(change(booking=booking, now=now) for change in hooks.booking_page_changes),
    ]
    return html, soonest_after(now, moments)


def _held_steps(request, booking: Booking, *, now) -> dict:
    """What a live hold still needs, and where that puts her: her details while the hold is a
    visitor's; then the client's screening and consent steps; then paying or confirming."""
    signing_in = bool(booking.visitor_key)
    if booking.client_id is None:
        paid = bool(booking.price_amount)
        details = {"progress": progress(paid=paid, signing_in=True, current=DETAILS)}
        code_email = account_code.code_pending(request)
        if code_email and "change-email" not in request.GET:
            return details | {"code_email": code_email}
        return details | {"details_form": SignupForm()}
    # What is left to pay once a package credit or a gift voucher has covered its part.
    due = services.amount_due(booking)
    steps = booking_steps(booking=booking, now=now)
    current = ABOUT if not steps.ready else PAYMENT if due else CONFIRM
    return {
        "steps": steps,
        "amount_due": due,
        "pay_panels": [
            panel(request=request, booking=booking, now=now) for panel in hooks.pay_step_panels
        ],
        "progress": progress(paid=bool(due), signing_in=signing_in, current=current),
    }


@login_required
@require_GET
def booking_ics(request, reference):
    """Her confirmed booking as a calendar file for Apple's calendar and any other: the very
    event of the confirmation e-mail's attachment (one builder, one UID), so adding both leaves
    one event. Only a confirmed booking is in a calendar; any other is a 404."""
    booking = client_booking_or_404(request, reference)
    if booking.status != Booking.Status.CONFIRMED:
        raise Http404
    title = notifications.appointment_title(PracticeDetails.load().name)
    response = HttpResponse(
        notifications.calendar_file(booking, title=title),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="appointment.ics"'
    return response


def _act(request, reference: str, action, *, done: str):
    """POST: run `action` on the client's booking (or a visitor's own hold: `holder_booking`),
    say how it went, and go back to it."""
    booking = holder_booking(request, reference)
    if booking is None:
        return redirect_to_login(request.get_full_path())
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        booking = action(booking=booking, now=current_time())
    except services.BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(booking)


# Said wherever a free booking is confirmed (here, and at the end of the "About you" step).
CONFIRMED_MESSAGE = "Your booking is confirmed. A confirmation e-mail is on its way."


@login_required
def booking_confirm(request, reference):
    """Confirm a held booking of a free service (a paid one is refused: its payment confirms it)."""
    return _act(request, reference, services.booking_confirm, done=CONFIRMED_MESSAGE)


def booking_extend(request, reference):
    """Keep a time for longer: the signed-in client's, or a visitor's own hold (WCAG 2.2.1)."""
    done = f"Done: this time is held for you for another {hold_minutes()} minutes."
    return _act(request, reference, services.booking_extend_hold, done=done)


@login_required
@require_http_methods(["GET", "POST"])
def booking_cancel(request, reference):
    booking = client_booking_or_404(request, reference)
    now = current_time()
    if booking.status not in Booking.ACTIVE_STATUSES:
        messages.info(request, "This booking is not active, so there is nothing to cancel.")
        return redirect(booking)
    if request.method == "POST":
        try:
            services.booking_cancel(
                booking=booking,
                by=Actor.CLIENT,
                reason=request.POST.get("reason", "")[:1000],
                now=now,
            )
        except services.BookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Your booking is cancelled.")
        return redirect(booking)
    zone = client_zone(request, fallback=booking.client_time_zone)
    context = {
        "booking": booking,
        "page_title": "Cancel your booking",
        "noindex": True,
        "now": now,
        "when": timezones.when(booking.start, ZoneInfo(zone)),
        "outcome": services.cancellation_preview(booking=booking, by=Actor.CLIENT, now=now),
    }
    context.update(zone_context(request, zone))
    return render(request, "bookings/booking_cancel.html", context)
