"""/my/screening/: the suitability questions, and the client's own answers read back.

The same form page serves a held booking's screening step (client_area/booking_steps.py).
Answers are health data: see clients/screening.py.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods

from bookings.booking_steps import discovery_call
from bookings.models import Booking
from clients.models import Screening, phone_validator
from clients.screening import (
    DETAIL_LABELS,
    NO,
    QUESTIONS,
    YES,
    answers_for_display,
    screening_submit,
)
from practice.http import safe_next

YES_NO = [(YES, "Yes"), (NO, "No")]


class ScreeningForm(forms.Form):
    """The suitability questions. Its data is health data: see clients/screening.py."""

    other_medication = forms.CharField(
        label=DETAIL_LABELS["other_medication"],
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Any medicines you take regularly, including ones not for mental health. "
        "Leave empty if none.",
    )
    emergency_contact_name = forms.CharField(
        label=DETAIL_LABELS["emergency_contact_name"],
        max_length=150,
        help_text="Someone I may contact only if I believe you are at serious risk.",
    )
    emergency_contact_phone = forms.CharField(
        label=DETAIL_LABELS["emergency_contact_phone"],
        max_length=30,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    session_location = forms.CharField(
        label=DETAIL_LABELS["session_location"],
        max_length=300,
        help_text="For example “at home in Leeds” — a private room where you will not be "
        "interrupted. I ask so I know where help would need to go in an emergency.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        questions = {
            question.key: forms.ChoiceField(
                label=question.text,
                choices=YES_NO,
                widget=forms.RadioSelect,
                help_text=question.why,
                error_messages={"required": "Please answer yes or no."},
            )
            for question in QUESTIONS
        }
        self.fields = {**questions, **self.fields}

    def question_fields(self):
        return [self[question.key] for question in QUESTIONS]


@sensitive_variables("form", "existing")
def screening_form_page(request, *, booking: Booking | None, next_url: str):
    now = timezone.now()
    existing = Screening.objects.filter(user=request.user).first()
    # Earlier answers prefill the form; kept sealed so they never show in a traceback.
    form = ScreeningForm(request.POST or None, initial=existing.answers if existing else None)
    if request.method == "POST" and form.is_valid():
        screening = screening_submit(user=request.user, answers=form.cleaned_data, now=now)
        if screening.needs_conversation:
            messages.info(
                request,
                "Thank you for your answers. Some of them mean I would like a short "
                "conversation with you before your session: nothing is wrong, and you can "
                "still go ahead. If you would rather talk first, the free discovery call is a "
                "good way to do it.",
            )
        else:
            messages.success(request, "Thank you. Your answers are saved.")
        return redirect(next_url)
    return render(
        request,
        "client_area/screening.html",
        {
            "form": form,
            "booking": booking,
            "existing": existing,
            "next_url": next_url,
            "discovery_call": discovery_call(),
            "page_title": "Suitability questions",
            "now": now,
        },
    )


@login_required
@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def screening(request):
    return screening_form_page(
        request, booking=None, next_url=safe_next(request, reverse("clients:screening-answers"))
    )


@login_required
@never_cache
@require_GET
def screening_answers(request):
    """The client's own answers, read back to them."""
    existing = Screening.objects.filter(user=request.user).first()
    return render(
        request,
        "client_area/screening_answers.html",
        {
            "screening": existing,
            "rows": answers_for_display(existing.answers) if existing else [],
            "discovery_call": discovery_call(),
            "now": timezone.now(),
            "page_title": "Your screening answers",
        },
    )
