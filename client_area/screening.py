"""/my/screening/: the suitability questions, and the client's own answers read back.

The same form page serves a held booking's screening step (client_area/booking_steps.py).
Answers are health data: see clients/screening.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods

from bookings.models import Booking
from clients.forms import ScreeningForm
from clients.models import Screening
from clients.screening import answers_for_display, screening_submit
from practice.http import safe_next

CONVERSATION_NOTE = (
    "Thank you for your answers. Some of them mean I would like a short conversation with you "
    "before your session: nothing is wrong, and you can still go ahead. If you would rather "
    "talk first, the free discovery call is a good way to do it."
)


@sensitive_variables("form", "existing", "initial")
def screening_form_page(request, *, booking: Booking | None, next_url: str):
    now = timezone.now()
    existing = Screening.objects.filter(user=request.user).first()
    # Earlier answers prefill the form; kept sealed so they never show in a traceback.
    initial = ScreeningForm.initial_from(existing.answers if existing else None)
    form = ScreeningForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        screening = screening_submit(user=request.user, answers=form.answers(), now=now)
        if screening.needs_conversation:
            messages.info(request, CONVERSATION_NOTE)
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
            "now": timezone.now(),
            "page_title": "Your screening answers",
        },
    )
