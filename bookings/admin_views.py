"""The practitioner's workplace pages inside the admin: calendar, block time, cancelling with a
refund, quick actions on a booking, the CSV of the booking list and a new feed address.

BookingAdmin and PractitionerAdmin (bookings/admin.py) route to these through their
`get_urls()`, wrapped in `admin_site.admin_view` (staff only, never cached). Each view is
short: it reads the request, calls a domain function or a read, and renders an admin template
in the practitioner's own time zone.
"""

import csv
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from bookings import calendar, notifications, services
from bookings.calendar import DASH
from bookings.dashboard import calendar_data, practice_zone, practitioners_for
from bookings.feeds import calendar_feed_url, calendar_token_renew
from bookings.models import Booking, Practitioner
from bookings.policy import Actor
from bookings.time_off import Overlap, time_off_block
from practice.templatetags.practice_tags import money
from practice.zones import zone_label


def _now() -> datetime:
    return timezone.now()


def _context(request, model_admin, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        **extra,
    }


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _chosen_practitioner(request) -> tuple[list[Practitioner], Practitioner | None]:
    practitioners, practitioner = practitioners_for(request.user)
    chosen = request.GET.get("practitioner") or request.POST.get("practitioner")
    for candidate in practitioners:
        if str(candidate.pk) == chosen:
            practitioner = candidate
    return practitioners, practitioner


def when_label(moment: datetime, tz) -> str:
    """ "Fri 27 Mar 2026, 09:00" in `tz` (the admin's compact form)."""
    local = moment.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b %Y}, {calendar.clock(local)}"


# Calendar -------------------------------------------------------------------------------------


# Dates far outside these would overflow when the grid steps a week or a day past them.
YEARS = range(1900, 3000)


def _parse_day(value: str | None, fallback: date) -> date:
    try:
        day = date.fromisoformat(value) if value else fallback
    except ValueError:
        return fallback
    return day if day.year in YEARS else fallback


def _calendar_url(**params) -> str:
    query = urlencode({key: value for key, value in params.items() if value})
    url = reverse("admin:bookings_booking_calendar")
    return f"{url}?{query}" if query else url


def calendar_view(request, model_admin):
    """Week (default) or month, `?view=month&date=2026-03-27`, in the practitioner's zone."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    now = _now()
    practitioners, practitioner = _chosen_practitioner(request)
    tz = practice_zone(practitioner)
    today = now.astimezone(tz).date()
    view = "month" if request.GET.get("view") == "month" else "week"
    day = _parse_day(request.GET.get("date"), today)
    show_cancelled = request.GET.get("cancelled") == "shown"
    keep = {
        "practitioner": practitioner.pk if practitioner and len(practitioners) > 1 else None,
        "cancelled": "shown" if show_cancelled else None,
    }
    context = _context(
        request,
        model_admin,
        title="Calendar",
        view=view,
        day=day,
        # Named with the offset of the days shown, which may be in the other half of the year.
        zone=zone_label(tz.key, at=datetime.combine(day, time(12), tzinfo=tz)),
        practitioner=practitioner,
        practitioners=practitioners if len(practitioners) > 1 else [],
        show_cancelled=show_cancelled,
        week_url=_calendar_url(date=day.isoformat(), **keep),
        month_url=_calendar_url(view="month", date=day.isoformat(), **keep),
        today_url=_calendar_url(view=view if view == "month" else None, **keep),
        cancelled_toggle_url=_calendar_url(
            view=view if view == "month" else None,
            date=day.isoformat(),
            practitioner=keep["practitioner"],
            cancelled=None if show_cancelled else "shown",
        ),
        # The form starts on the day she is looking at.
        block_url=reverse("admin:bookings_booking_block_time")
        + "?"
        + urlencode({"date": day.isoformat(), "practitioner": keep["practitioner"] or ""}),
    )
    if practitioner is not None:
        window = (
            calendar.month_window(day, tz) if view == "month" else calendar.week_window(day, tz)
        )
        data = calendar_data(
            practitioner=practitioner, window=window, now=now, show_cancelled=show_cancelled
        )
        grid = {
            "tz": tz,
            "hours": data.hours,
            "extra": data.extra,
            "time_off": data.time_off,
            "bookings": data.bookings,
            "today": today,
        }
        if view == "month":
            month = calendar.build_month(day=day, **grid)
            context.update(
                month=month,
                period=f"{month.first_day:%B %Y}",
                previous_url=_calendar_url(view="month", date=month.previous.isoformat(), **keep),
                next_url=_calendar_url(view="month", date=month.next.isoformat(), **keep),
            )
        else:
            week = calendar.build_week(day=day, **grid)
            context.update(
                week=week,
                period=_week_label(week),
                previous_url=_calendar_url(date=week.previous.isoformat(), **keep),
                next_url=_calendar_url(date=week.next.isoformat(), **keep),
            )
    return TemplateResponse(request, "admin/bookings/calendar.html", context)


def _week_label(week: calendar.Week) -> str:
    first, last = week.first_day, week.last_day
    if first.month == last.month:
        return f"{first.day}{DASH}{last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} {DASH} {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} {DASH} {last.day} {last:%B %Y}"


# Block time -----------------------------------------------------------------------------------


class WallClockField(forms.DateTimeField):
    """A date and time as the practitioner's clocks show it: naive here, her zone in the form."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if moment.tzinfo is not None or moment.year not in YEARS:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return moment


class BlockTimeForm(forms.Form):
    start = WallClockField(label="From")
    end = WallClockField(label="Until")
    reason = forms.CharField(
        label="Note (only you see it)",
        required=False,
        max_length=200,
        help_text="For example: holiday, training.",
    )

    def __init__(self, *args, tz, **kwargs):
        self.tz = tz
        super().__init__(*args, **kwargs)

    def _instant(self, name: str) -> datetime | None:
        naive = self.cleaned_data.get(name)
        if naive is None:
            return None
        instant = naive.replace(tzinfo=self.tz).astimezone(UTC)
        if instant.astimezone(self.tz).replace(tzinfo=None) != naive:
            self.add_error(
                name,
                "The clocks go forward at that time on that day, so it does not exist. "
                "Please choose a time just after the change.",
            )
            return None
        return instant

    def clean(self):
        super().clean()
        start, end = self._instant("start"), self._instant("end")
        if start is not None and end is not None and end <= start:
            self.add_error("end", "The end must come after the start.")
        self.cleaned_data["start_at"], self.cleaned_data["end_at"] = start, end
        return self.cleaned_data


def block_time_view(request, model_admin):
    """Time off from the calendar; bookings it would cover are listed and decided on first."""
    if not request.user.has_perm("bookings.add_timeoff"):
        raise PermissionDenied
    practitioners, practitioner = _chosen_practitioner(request)
    if practitioner is None:
        messages.warning(request, "Add a practitioner first: time off belongs to one.")
        return HttpResponseRedirect(reverse("admin:bookings_practitioner_add"))
    tz = practitioner.tz
    now = _now()
    blocked = None
    if request.method == "POST":
        form = BlockTimeForm(request.POST, tz=tz)
        overlap = request.POST.get("overlap")
        if overlap == Overlap.CANCEL and not request.user.has_perm("bookings.change_booking"):
            raise PermissionDenied
        if form.is_valid():
            blocked = time_off_block(
                practitioner=practitioner,
                start=form.cleaned_data["start_at"],
                end=form.cleaned_data["end_at"],
                reason=form.cleaned_data["reason"],
                overlap=overlap,
                seen=set(request.POST.getlist("seen")),
                now=now,
            )
            if blocked.time_off is not None:
                _report_blocked(request, blocked, tz)
                local_day = blocked.time_off.start.astimezone(tz).date()
                keep = practitioner.pk if len(practitioners) > 1 else None
                return HttpResponseRedirect(
                    _calendar_url(date=local_day.isoformat(), practitioner=keep)
                )
    else:
        day = _parse_day(request.GET.get("date"), now.astimezone(tz).date())
        form = BlockTimeForm(
            tz=tz,
            initial={
                "start": datetime.combine(day, time(9)),
                "end": datetime.combine(day, time(17)),
            },
        )
    overlapping = blocked.overlapping if blocked else []
    for booking in overlapping:
        booking.when = when_label(booking.start, tz)
    context = _context(
        request,
        model_admin,
        title="Block time",
        form=form,
        zone=zone_label(tz.key, at=now),
        practitioner=practitioner,
        practitioners=practitioners if len(practitioners) > 1 else [],
        overlapping=overlapping,
        calendar_url=_calendar_url(),
        paid_overlapping=any(
            b.status == Booking.Status.CONFIRMED and b.price_amount for b in overlapping
        ),
    )
    return TemplateResponse(request, "admin/bookings/block_time.html", context)


def _report_blocked(request, blocked, tz) -> None:
    time_off = blocked.time_off
    messages.success(
        request,
        f"Time off added: {when_label(time_off.start, tz)} to {when_label(time_off.end, tz)}. "
        "Clients can no longer book this time.",
    )
    if blocked.cancelled:
        count = len(blocked.cancelled)
        messages.success(
            request,
            f"{count} session{'s' if count != 1 else ''} cancelled. Each client has been e-mailed, "
            "and anything they paid is being refunded in full.",
        )
    elif blocked.overlapping:
        count = len(blocked.overlapping)
        messages.info(
            request,
            f"You kept {count} session{'s' if count != 1 else ''} inside this time: "
            "they still take place.",
        )


# Cancelling with a refund ---------------------------------------------------------------------


# The largest primary key the database holds (a 64-bit signed integer), and its length.
MAX_ID = 2**63 - 1
MAX_ID_DIGITS = len(str(MAX_ID))


def _selected_ids(raw: str) -> list[int]:
    """The booking ids in `?ids=1,2`; anything a primary key cannot be is left out (a longer
    number reached the database and failed there)."""
    parts = (part.strip() for part in raw.split(","))
    digits = (p for p in parts if p.isascii() and p.isdigit() and len(p) <= MAX_ID_DIGITS)
    return [number for number in map(int, digits) if number <= MAX_ID][:100]


def cancel_url(booking_ids, *, next_url: str = "") -> str:
    query = {"ids": ",".join(str(pk) for pk in booking_ids)}
    if next_url:
        query["next"] = next_url
    return reverse("admin:bookings_booking_cancel") + "?" + urlencode(query)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why are you cancelling? (for your records; the client does not see this)",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Please give a short reason, for your records."},
    )


def booking_cancel_view(request, model_admin):
    """Confirm, then cancel bookings as the practitioner: full refund, the client is e-mailed."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    ids = _selected_ids(request.POST.get("ids") or request.GET.get("ids") or "")
    bookings = list(
        Booking.objects.filter(pk__in=ids)
        .select_related("client", "service", "practitioner")
        .order_by("start", "pk")
    )
    now = _now()
    fallback = reverse("admin:bookings_booking_changelist")
    active = [b for b in bookings if b.status in Booking.ACTIVE_STATUSES]
    form = CancelForm(request.POST or None)
    if request.method == "POST" and active and form.is_valid():
        cancelled, refunds = _cancel_all(request, active, form.cleaned_data["reason"], now)
        if cancelled:
            total = ", ".join(money(amount, currency) for currency, amount in refunds.items())
            messages.success(
                request,
                f"{cancelled} session{'s' if cancelled != 1 else ''} cancelled. "
                "The client has been e-mailed"
                + (f" and {total} is being refunded to their card." if total else "."),
            )
        return HttpResponseRedirect(_safe_next(request, fallback))
    for booking in bookings:
        booking.when = when_label(booking.start, booking.practitioner.tz)
        booking.refund_due = (
            services.cancellation_preview(booking=booking, by=Actor.PRACTITIONER, now=now)
            if booking in active
            else None
        )
    context = _context(
        request,
        model_admin,
        title="Cancel and refund",
        bookings=bookings,
        active=active,
        form=form,
        ids=",".join(str(b.pk) for b in bookings),
        next_url=_safe_next(request, fallback),
    )
    return TemplateResponse(request, "admin/bookings/booking/cancel_confirmation.html", context)


def _cancel_all(request, bookings, reason: str, now: datetime) -> tuple[int, dict[str, int]]:
    cancelled, refunds = 0, {}
    for booking in bookings:
        try:
            outcome = services.booking_cancel(
                booking=booking, by=Actor.PRACTITIONER, reason=reason, now=now
            )
        except services.BookingError as error:
            messages.error(request, f"{booking.client} ({booking.reference}): {error.message}")
            continue
        cancelled += 1
        if outcome.refund_amount:
            currency = booking.price_currency
            refunds[currency] = refunds.get(currency, 0) + outcome.refund_amount
    return cancelled, refunds


# Quick actions on one booking -----------------------------------------------------------------


def confirmation_resend(*, booking: Booking) -> None:
    """E-mail the client their confirmation again (with the calendar file), after commit."""
    if booking.status != Booking.Status.CONFIRMED:
        raise services.InvalidState("Only a confirmed booking has a confirmation to send.")
    notifications.booking_confirmation_resent(booking)


QUICK_ACTIONS = {
    "completed": (services.booking_mark_completed, "Marked as completed."),
    "no_show": (services.booking_mark_no_show, "Marked as missed."),
    "resend": (
        lambda *, booking, now: confirmation_resend(booking=booking),
        "The confirmation is on its way to the client again.",
    ),
}


def booking_tools(booking: Booking) -> dict:
    """The buttons a booking's admin page offers, for its template."""
    tz = booking.practitioner.tz
    change_url = reverse("admin:bookings_booking_change", args=[booking.pk])
    finished = (Booking.Status.CONFIRMED, Booking.Status.COMPLETED, Booking.Status.NO_SHOW)
    return {
        "calendar_url": _calendar_url(date=booking.start.astimezone(tz).date().isoformat()),
        "cancel_url": cancel_url([booking.pk], next_url=change_url)
        if booking.status in Booking.ACTIVE_STATUSES
        else "",
        "quick_action_url": reverse("admin:bookings_booking_quick_action", args=[booking.pk]),
        "can_mark": booking.status in finished and booking.start <= _now(),
        "can_resend": booking.status == Booking.Status.CONFIRMED,
    }


def booking_quick_action_view(request, model_admin, object_id):
    """The buttons on a booking's page: completed, missed, resend the confirmation (POST)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    booking = get_object_or_404(Booking, pk=object_id)
    change, done = QUICK_ACTIONS.get(request.POST.get("do"), (None, ""))
    if change is None:
        messages.error(request, "That action is not known.")
    else:
        try:
            change(booking=booking, now=_now())
        except services.BookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done)
    return HttpResponseRedirect(reverse("admin:bookings_booking_change", args=[booking.pk]))


# CSV of the booking list ----------------------------------------------------------------------

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


def _minor_to_decimal(amount: int | None) -> str:
    return "" if amount is None else f"{amount // 100}.{amount % 100:02d}"


class _Echo:
    """A file-like object whose write() hands the line back (for csv.writer and streaming)."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(queryset) -> Iterator[str]:
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
                    calendar.clock(local_start),
                    calendar.clock(local_end),
                    booking.practitioner.time_zone,
                    booking.client.get_full_name(),
                    booking.client.email,
                    booking.service.name,
                    booking.get_status_display(),
                    _minor_to_decimal(booking.price_amount),
                    booking.price_currency,
                    _minor_to_decimal(booking.refund_amount),
                    booking.get_cancelled_by_display(),
                )
            ]
        )


def booking_export_view(request, model_admin):
    """The booking list as CSV, exactly as filtered and searched on the list page (streamed).

    Neutral columns only: no screening answers, no notes, nothing about health.
    """
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    changelist = model_admin.get_changelist_instance(request)
    queryset = changelist.queryset.select_related("client", "service", "practitioner")
    response = StreamingHttpResponse(_csv_lines(queryset), content_type="text/csv; charset=utf-8")
    filename = f"bookings-{_now():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# The private calendar feed's address ----------------------------------------------------------


def calendar_token_renew_view(request, model_admin, object_id):
    """Confirm, then give the practitioner a new feed address (the old one stops working)."""
    practitioner = get_object_or_404(Practitioner, pk=object_id)
    if not model_admin.has_change_permission(request, practitioner):
        raise PermissionDenied
    change_url = reverse("admin:bookings_practitioner_change", args=[practitioner.pk])
    if request.method == "POST":
        calendar_token_renew(practitioner=practitioner)
        messages.success(
            request,
            "Your calendar has a new address. Subscribe to it again in your calendar app; "
            "the old address no longer works.",
        )
        return HttpResponseRedirect(change_url)
    context = _context(
        request,
        model_admin,
        title="A new calendar address",
        practitioner=practitioner,
        feed_url=calendar_feed_url(practitioner),
        change_url=change_url,
    )
    return TemplateResponse(request, "admin/bookings/practitioner/renew_calendar.html", context)


# Admin glue: the practitioner's zone, list filters --------------------------------------------


class PractitionerZoneMixin:
    """Show and read the admin's date-times in the practitioner's zone, not UTC.

    The project's TIME_ZONE is UTC (everything is stored in UTC); the practitioner thinks in
    her own clocks, so her admin pages render, and their forms parse, in her zone. The response
    is rendered inside the override (a TemplateResponse would otherwise render after it).
    """

    def _in_practitioner_zone(self, request, view, *args, **kwargs):
        _, practitioner = practitioners_for(request.user)
        with timezone.override(practice_zone(practitioner)):
            response = view(request, *args, **kwargs)
            if isinstance(response, TemplateResponse):
                response.render()
        return response

    def changelist_view(self, request, extra_context=None):
        return self._in_practitioner_zone(
            request, super().changelist_view, extra_context=extra_context
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._in_practitioner_zone(
            request, super().changeform_view, object_id, form_url, extra_context
        )


class WhenFilter(admin.SimpleListFilter):
    """Date ranges in the practitioner's zone (the admin runs in it, see the mixin)."""

    title = "date"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [
            ("today", "Today"),
            ("next_7_days", "Today and the next 7 days"),
            ("upcoming", "From now on"),
            ("this_month", "This month"),
            ("last_month", "Last month"),
            ("past", "Before now"),
        ]

    def queryset(self, request, queryset):
        tz = timezone.get_current_timezone()
        now = _now()
        today = now.astimezone(tz).date()
        month = today.replace(day=1)
        ranges = {
            "today": calendar.days_window(today, today, tz),
            "next_7_days": calendar.days_window(today, today + 7 * calendar.ONE_DAY, tz),
            "this_month": calendar.days_window(
                month, (month + 31 * calendar.ONE_DAY).replace(day=1) - calendar.ONE_DAY, tz
            ),
            "last_month": calendar.days_window(
                (month - calendar.ONE_DAY).replace(day=1), month - calendar.ONE_DAY, tz
            ),
        }
        value = self.value()
        if value in ranges:
            return queryset.filter(start__gte=ranges[value].start, start__lt=ranges[value].end)
        if value == "upcoming":
            return queryset.filter(end__gt=now)
        if value == "past":
            return queryset.filter(end__lte=now)
        return queryset


class FlaggedFilter(admin.SimpleListFilter):
    title = "screening"
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("yes", "Needs a conversation"), ("no", "Nothing flagged")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(needs_conversation=True)
        if self.value() == "no":
            return queryset.filter(needs_conversation=False)
        return queryset
