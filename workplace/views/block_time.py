"""Block time: time off from the calendar; bookings it would cover are listed and decided on
first (workplace/time_off.py)."""

from datetime import UTC, datetime, time

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking
from bookings.timezones import when_label
from practice.http import YEARS, query_day
from practice.zones import zone_label
from workplace.time_off import Overlap, time_off_block
from workplace.views.common import admin_context, calendar_url, chosen_practitioner


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
    practitioners, practitioner = chosen_practitioner(request)
    if practitioner is None:
        messages.warning(request, "Add a practitioner first: time off belongs to one.")
        return HttpResponseRedirect(reverse("admin:bookings_practitioner_add"))
    tz = practitioner.tz
    now = timezone.now()
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
                    calendar_url(date=local_day.isoformat(), practitioner=keep)
                )
    else:
        day = query_day(request.GET.get("date")) or now.astimezone(tz).date()
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
    context = admin_context(
        request,
        model_admin,
        title="Block time",
        form=form,
        zone=zone_label(tz.key, at=now),
        practitioner=practitioner,
        practitioners=practitioners if len(practitioners) > 1 else [],
        overlapping=overlapping,
        calendar_url=calendar_url(),
        paid_overlapping=any(
            b.status == Booking.Status.CONFIRMED and b.price_amount for b in overlapping
        ),
    )
    return TemplateResponse(request, "workplace/block_time.html", context)


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
