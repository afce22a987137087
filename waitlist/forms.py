"""The form of a client joining a waitlist: her days and times of day, on her clock."""

from datetime import date, datetime, timedelta

from django import forms

from practice.zones import is_valid_zone
from waitlist.conf import days_ahead
from waitlist.windows import PARTS_OF_DAY, local_today

# How far ahead the form suggests, when she has not chosen yet.
SUGGESTED_DAYS = 28


class JoinForm(forms.Form):
    first_day = forms.DateField(
        label="First day",
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": "Please give the first day.",
            "invalid": "Please give the first day as a date.",
        },
    )
    last_day = forms.DateField(
        label="Last day",
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": "Please give the last day.",
            "invalid": "Please give the last day as a date.",
        },
    )
    parts = forms.MultipleChoiceField(
        label="Times of day",
        choices=[(part.field, part.label) for part in PARTS_OF_DAY],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Please choose at least one time of day.",
            "invalid_choice": "Please choose the times of day from the list.",
        },
    )
    tz = forms.CharField(max_length=64)

    def __init__(self, *args, now: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now

    def clean_tz(self):
        zone = self.cleaned_data["tz"]
        if not is_valid_zone(zone):
            raise forms.ValidationError(
                "That time zone was not recognised. Please choose yours again."
            )
        return zone

    def clean(self):
        data = super().clean()
        first, last, zone = data.get("first_day"), data.get("last_day"), data.get("tz")
        if first is None or last is None or zone is None:
            return data
        today = local_today(self.now, zone)
        if first < today:
            self.add_error("first_day", "The first day cannot be in the past.")
        elif last < first:
            self.add_error("last_day", "The last day cannot come before the first.")
        elif last > latest_day(today):
            self.add_error(
                "last_day",
                f"Please choose a last day within {days_ahead()} days "
                f"(by {_day(latest_day(today))}).",
            )
        return data


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def latest_day(today: date) -> date:
    return today + timedelta(days=days_ahead())


def suggested_days(today: date) -> tuple[date, date]:
    """The days the form offers first: today and the next four weeks."""
    return today, min(today + timedelta(days=SUGGESTED_DAYS), latest_day(today))
