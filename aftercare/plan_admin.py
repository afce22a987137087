"""The listening plans in the practitioner's admin (imported by aftercare/admin.py).

- On a service's page, the plan its recordings come with (days, check-in days): PlanDefaults.
- On a client's page, her plans: days listened of N, last listened, check-in answers, each
  opening the plan's own page, where she can also give one client more or fewer days.

The service and client pages are other apps' admins: the inlines are added to whichever admin
is registered for those models (`_add_inline`), so the recordings' own additions to the same
pages and these ones stand side by side.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from aftercare.models import ListeningDay, ListeningPlan, PlanDefaults, Recording
from aftercare.progress import (
    check_in_answer_read,
    check_in_day_numbers,
    plan_progress,
    plan_zone,
)
from bookings.models import Service
from bookings.timezones import when_label
from practice.admin_helpers import ReadOnlyInline
from practice.zones import zone_label


def _check_in_days_fit(cleaned: dict, form: forms.ModelForm) -> None:
    days, check_ins = cleaned.get("days"), cleaned.get("check_in_days")
    if days and check_ins and any(day > days for day in check_in_day_numbers(check_ins)):
        form.add_error("check_in_days", f"Check-in days must fall within the {days} days.")


class PlanDefaultsForm(forms.ModelForm):
    class Meta:
        model = PlanDefaults
        fields = ["days", "check_in_days"]

    def clean(self):
        cleaned = super().clean()
        _check_in_days_fit(cleaned, self)
        return cleaned


class PlanDefaultsInline(admin.StackedInline):
    """The plan a recording after this service comes with (21 days, check-ins on days 2 and
    14, unless set here)."""

    model = PlanDefaults
    form = PlanDefaultsForm
    max_num = 1
    extra = 0
    verbose_name = "listening plan after this service"
    verbose_name_plural = "listening plan after this service"


def _plan_link(plan: ListeningPlan, text: str):
    return format_html(
        '<a href="{}">{}</a>', reverse("admin:aftercare_listeningplan_change", args=[plan.pk]), text
    )


def _answers(plan: ListeningPlan):
    answers = [check_in_answer_read(check_in) for check_in in plan.check_ins.all()]
    if not answers:
        return "None sent yet"
    return format_html_join(
        "",
        "<p>Day {}: {}</p>",
        (
            (
                answer.day_number,
                f"{answer.feeling}{' · “' + answer.message + '”' if answer.message else ''}"
                if answer.feeling
                else "no answer yet",
            )
            for answer in answers
        ),
    )


class ClientPlanInline(ReadOnlyInline):
    """Her recordings' plans on her page: how far she has come and what she answered."""

    model = Recording
    fk_name = "client"
    fields = ["plan_recording", "plan_state", "plan_listened", "plan_last_listened", "plan_answers"]
    show_change_link = False
    verbose_name = "listening plan"
    verbose_name_plural = "listening plans"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(plan__isnull=False)
            .select_related("plan")
            .prefetch_related("plan__listening_days", "plan__check_ins")
        )

    def _progress(self, obj):
        return plan_progress(obj.plan, now=timezone.now())

    @admin.display(description="recording")
    def plan_recording(self, obj):
        return _plan_link(
            obj.plan, f"{obj} (from {obj.plan.starts_on.day} {obj.plan.starts_on:%b %Y})"
        )

    @admin.display(description="state")
    def plan_state(self, obj):
        progress = self._progress(obj)
        if progress.running:
            return f"{progress.state_label}, day {progress.day_number} of {progress.days}"
        return progress.state_label

    @admin.display(description="days listened")
    def plan_listened(self, obj):
        return f"{self._progress(obj).listened_count} of {obj.plan.days}"

    @admin.display(description="last listened (the client's time)")
    def plan_last_listened(self, obj):
        last = self._progress(obj).last_listened_at
        if last is None:
            return "Not yet"
        return f"{when_label(last, plan_zone(obj.plan))}, {zone_label(obj.plan.time_zone, at=last)}"

    @admin.display(description="check-in answers")
    def plan_answers(self, obj):
        return _answers(obj.plan)


class ListeningDayInline(ReadOnlyInline):
    model = ListeningDay
    fields = ["day", "seconds_played", "listened_at", "by_hand"]
    show_change_link = False
    verbose_name_plural = "days she played it"


class ListeningPlanForm(forms.ModelForm):
    class Meta:
        model = ListeningPlan
        fields = ["days", "check_in_days"]

    def clean(self):
        cleaned = super().clean()
        _check_in_days_fit(cleaned, self)
        return cleaned


@admin.register(ListeningPlan)
class ListeningPlanAdmin(admin.ModelAdmin):
    """One client's plan: read, except its length and check-in days."""

    form = ListeningPlanForm
    list_display = ["client", "recording", "starts_on", "days", "status"]
    list_filter = ["status"]
    list_select_related = ["recording__client"]
    search_fields = ["recording__client__email", "recording__client__first_name"]
    fields = [
        "client",
        "recording",
        "starts_on",
        "days",
        "check_in_days",
        "reminder",
        "status",
        "listened",
        "answers",
    ]
    readonly_fields = [
        "client",
        "recording",
        "starts_on",
        "reminder",
        "status",
        "listened",
        "answers",
    ]
    inlines = [ListeningDayInline]

    def has_add_permission(self, request):
        return False  # a plan comes with its recording

    @admin.display(description="client")
    def client(self, obj):
        return obj.recording.client

    @admin.display(description="reminder (the client's time)")
    def reminder(self, obj):
        return f"{obj.listen_at:%H:%M}, {zone_label(obj.time_zone, at=timezone.now())}"

    @admin.display(description="days listened")
    def listened(self, obj):
        progress = plan_progress(obj, now=timezone.now())
        return f"{progress.listened_count} of {obj.days}"

    @admin.display(description="check-in answers")
    def answers(self, obj):
        return _answers(obj)


def _add_inline(model, inline) -> None:
    """Register again the admin registered for `model`, with `inline` among its inlines."""
    registered = type(admin.site.get_model_admin(model))
    if inline in registered.inlines:
        return
    extended = type(registered.__name__, (registered,), {"inlines": [*registered.inlines, inline]})
    admin.site.unregister(model)
    admin.site.register(model, extended)


_add_inline(Service, PlanDefaultsInline)
_add_inline(get_user_model(), ClientPlanInline)
