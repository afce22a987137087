"""The calendar's forms: a range of time typed as the practitioner's clocks show it.

Her clocks, not UTC: the form reads naive date-times and turns them into instants in her zone
with the project's one conversion (`bookings.slots.wall_clock_to_utc`, strict: a time the clocks
skip is refused, never guessed). On an edit page, a time she leaves as it was keeps its instant:
in the hour the clocks repeat, the second 01:30 stays the second one.
"""

from datetime import datetime, tzinfo

from django import forms
from django.core.exceptions import ValidationError

from bookings.slots import Interval, NonexistentTime, wall_clock_to_utc
from practice.http import YEARS

NONEXISTENT = (
    "The clocks go forward at that time on that day, so it does not exist. "
    "Please choose a time just after the change."
)


def wall_clock(instant: datetime, tz: tzinfo) -> datetime:
    """An instant as `tz`'s clocks show it, naive and to the minute (the form's value)."""
    return instant.astimezone(tz).replace(tzinfo=None, second=0, microsecond=0)


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


class RangeForm(forms.Form):
    """From and until; `cleaned_data["start_at"]` and `["end_at"]` are their instants."""

    start = WallClockField(label="From")
    end = WallClockField(label="Until")

    def __init__(self, *args, tz: tzinfo, original: Interval | None = None, **kwargs):
        self.tz = tz
        self.original = original
        if original is not None:
            kwargs["initial"] = {
                "start": wall_clock(original.start, tz),
                "end": wall_clock(original.end, tz),
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)

    def _instant(self, name: str) -> datetime | None:
        naive = self.cleaned_data.get(name)
        if naive is None:
            return None
        if self.original is not None:
            kept = getattr(self.original, name)
            if wall_clock(kept, self.tz) == naive:
                return kept
        try:
            return wall_clock_to_utc(naive.date(), naive.time(), self.tz, strict=True)
        except NonexistentTime:
            self.add_error(name, NONEXISTENT)
            return None

    def clean(self):
        super().clean()
        start, end = self._instant("start"), self._instant("end")
        if start is not None and end is not None and end <= start:
            self.add_error("end", "The end must come after the start.")
        self.cleaned_data["start_at"], self.cleaned_data["end_at"] = start, end
        return self.cleaned_data


class TimeOffForm(RangeForm):
    reason = forms.CharField(
        label="Note (only you see it)",
        required=False,
        max_length=200,
        help_text="For example: holiday, training.",
    )


class ExtraHoursForm(RangeForm):
    note = forms.CharField(
        label="Note (only you see it)",
        required=False,
        max_length=200,
        help_text="For example: an evening for clients abroad.",
    )
