"""Her weekly hours as a grid: per weekday, whether she works, from when to when, and breaks.

Saved all at once (workplace/hours.py): every day is checked first and, if any is wrong, the
page comes back with each problem beside its day and nothing is written.
"""

from itertools import pairwise

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from bookings.models import WorkingHours
from bookings.timezones import clock
from practice.zones import zone_label
from workplace.hours import DayPlan, weekly_hours_replace, weekly_plans
from workplace.views.common import admin_context, chosen_practitioner

HOURS_PERMISSIONS = ("add", "change", "delete")
SHOWN_BREAKS = 2  # empty break rows on every day; more when her hours already need them
MOST_BREAKS = 12


class TimeOfDayInput(forms.TimeInput):
    """The browser's own time picker, in five-minute steps, without seconds."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs={"step": "300", **(attrs or {})}, format="%H:%M")


def time_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        widget=TimeOfDayInput(),
        input_formats=["%H:%M", "%H:%M:%S"],
        error_messages={"invalid": "Please enter a time such as 09:30."},
    )


class DayForm(forms.Form):
    """One weekday of the grid (prefixed with the weekday's number)."""

    works = forms.BooleanField(label="Works this day", required=False)
    start = time_field("Starts at")
    end = time_field("Finishes at")
    break_count = forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, max_value=MOST_BREAKS, required=False
    )

    def __init__(self, *args, weekday: int, breaks: int = SHOWN_BREAKS, **kwargs):
        super().__init__(*args, prefix=f"day{weekday}", **kwargs)
        self.weekday = weekday
        self.day_name = WorkingHours.Weekday(weekday).label
        if self.is_bound:
            breaks = _posted_break_count(self.data, self.add_prefix("break_count"))
        self.break_numbers = list(range(1, breaks + 1))
        for number in self.break_numbers:
            self.fields[f"break{number}_start"] = time_field(f"Break {number} from")
            self.fields[f"break{number}_end"] = time_field(f"Break {number} until")
        self.initial.setdefault("break_count", breaks)

    def break_rows(self):
        """[(number, start field, end field)] for the template."""
        return [
            (number, self[f"break{number}_start"], self[f"break{number}_end"])
            for number in self.break_numbers
        ]

    def clean(self):
        data = super().clean()
        if not data.get("works"):
            return data
        start, end = data.get("start"), data.get("end")
        if start is None and "start" not in self.errors:
            self.add_error("start", f"Please give the time you start on {self.day_name}.")
        if end is None and "end" not in self.errors:
            self.add_error("end", f"Please give the time you finish on {self.day_name}.")
        if start is None or end is None:
            return data
        if end <= start:
            self.add_error("end", f"On {self.day_name}, the finish must come after the start.")
            return data
        breaks = []
        for number in self.break_numbers:
            begins, ends = data.get(f"break{number}_start"), data.get(f"break{number}_end")
            if begins is None and ends is None:
                continue
            if begins is None or ends is None:
                self.add_error(
                    f"break{number}_start" if begins is None else f"break{number}_end",
                    f"Please give both times of break {number}, or leave both empty.",
                )
            elif ends <= begins:
                self.add_error(f"break{number}_end", f"Break {number} must end after it starts.")
            elif not start < begins or not ends < end:
                self.add_error(
                    f"break{number}_start",
                    f"Break {number} must be inside your day, between {clock(start)} "
                    f"and {clock(end)}.",
                )
            else:
                breaks.append((begins, ends, number))
        breaks.sort()
        for (_, first_end, first), (second_start, _, second) in pairwise(breaks):
            if second_start <= first_end:
                self.add_error(
                    f"break{second}_start",
                    f"Breaks {min(first, second)} and {max(first, second)} overlap or meet: "
                    "make them one longer break.",
                )
        data["breaks"] = tuple((begins, ends) for begins, ends, _ in breaks)
        return data

    def plan(self) -> DayPlan:
        data = self.cleaned_data
        if not data.get("works"):
            return DayPlan(weekday=self.weekday)
        return DayPlan(
            weekday=self.weekday,
            works=True,
            start=data["start"],
            end=data["end"],
            breaks=data["breaks"],
        )


def _posted_break_count(data, key: str) -> int:
    try:
        count = int(data.get(key, SHOWN_BREAKS))
    except (TypeError, ValueError):
        count = SHOWN_BREAKS
    return min(max(count, SHOWN_BREAKS), MOST_BREAKS)


def _initial(plan: DayPlan) -> dict:
    initial = {"works": plan.works, "start": plan.start, "end": plan.end}
    for number, (begins, ends) in enumerate(plan.breaks, start=1):
        initial[f"break{number}_start"] = begins
        initial[f"break{number}_end"] = ends
    return initial


def hours_view(request, model_admin):
    """Her weekly hours as a grid; saving replaces them all in one go."""
    if not request.user.has_perms([f"bookings.{do}_workinghours" for do in HOURS_PERMISSIONS]):
        raise PermissionDenied
    practitioners, practitioner = chosen_practitioner(request)
    if practitioner is None:
        messages.warning(request, "Add yourself as a practitioner first: hours belong to one.")
        return HttpResponseRedirect(reverse("admin:bookings_practitioner_add"))
    if request.method == "POST":
        days = [DayForm(request.POST, weekday=day) for day in WorkingHours.Weekday.values]
        if any(day.add_prefix("break_count") not in request.POST for day in days):
            # The page always sends every day; a post without them all would read as "works
            # on no day" and wipe her hours.
            messages.error(
                request, "Your hours did not arrive whole, so nothing was saved. Please try again."
            )
            return HttpResponseRedirect(request.get_full_path())
        # Every day is checked (each shows its own problems), then all are saved or none.
        if all(day.is_valid() for day in days):
            weekly_hours_replace(practitioner=practitioner, plans=[day.plan() for day in days])
            messages.success(request, "Your weekly hours are saved. Clients see them at once.")
            url = reverse("admin:bookings_practitioner_setup")
            if len(practitioners) > 1:
                url += f"?practitioner={practitioner.pk}"
            return HttpResponseRedirect(url)
    else:
        plans = weekly_plans(practitioner)
        days = [
            DayForm(
                weekday=plan.weekday,
                breaks=max(SHOWN_BREAKS, len(plan.breaks)),
                initial=_initial(plan),
            )
            for plan in plans
        ]
        if any(plan.joined for plan in plans):
            messages.info(
                request,
                "Some of your hours overlapped, so they are shown joined up. Saving keeps them "
                "as shown.",
            )
    context = admin_context(
        request,
        model_admin,
        title="Your weekly hours",
        days=days,
        has_errors=any(day.errors for day in days),
        practitioner=practitioner,
        practitioners=practitioners if len(practitioners) > 1 else [],
        zone=zone_label(practitioner.time_zone, at=timezone.now()),
        setup_url=reverse("admin:bookings_practitioner_setup"),
    )
    return TemplateResponse(request, "workplace/setup/hours.html", context)
