"""/my/screening/: the suitability questions, and the client's own answers read back.

The same form page serves a held booking's screening step (client_area/booking_steps.py).
Answers are health data: see clients/screening.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods

from bookings.models import Booking
from clients.fields import decrypt_text, encrypt_text
from clients.forms import ScreeningForm
from clients.models import Screening
from clients.screening import answers_for_display, screening_submit
from practice.fragments import cached_fragment
from practice.her_pages import kept_for_her
from practice.http import safe_next

CONVERSATION_NOTE = (
    "Thank you for your answers. Some of them mean I would like a short conversation with you "
    "before your session: nothing is wrong, and you can still go ahead. If you would rather "
    "talk first, the free discovery call is a good way to do it."
)


FIELDS_TEMPLATE = "clients/_screening_fields.html"


@sensitive_variables("form", "existing")
def _form(existing: Screening | None, data=None) -> ScreeningForm:
    # Earlier answers prefill the form; kept sealed so they never show in a traceback.
    return ScreeningForm(data, initial=ScreeningForm.initial_from(existing and existing.answers))


@sensitive_variables("sealed", "html")
def _prefilled_fields(user_id: int, existing: Screening | None, now) -> str:
    """The questions as she last answered them, rendered: from her cached fragment, which is
    encrypted with the field keys (it shows her health answers), else rendered and kept so.
    Her saving new answers replaces her fragments' version (Screening is registered as hers);
    a copy under a key since removed is rendered again."""

    def build():
        return encrypt_text(render_to_string(FIELDS_TEMPLATE, {"form": _form(existing)})), None

    sealed = cached_fragment(name="screening-fields", user_id=user_id, now=now, build=build)
    html = decrypt_text(sealed)
    if html is None:
        html = render_to_string(FIELDS_TEMPLATE, {"form": _form(existing)})
    return mark_safe(html)  # noqa: S308 (our own rendered template)


@sensitive_variables("form", "existing")
def screening_form_page(request, *, booking: Booking | None, next_url: str):
    now = timezone.now()
    # The answers are read (and decrypted) only to fill the form in: a view served from her
    # cached fragment never opens them.
    existing = Screening.objects.filter(user=request.user).defer("answers").first()
    form = None
    if request.method == "POST":
        form = _form(existing, request.POST)
        if form.is_valid():
            screening = screening_submit(user=request.user, answers=form.answers(), now=now)
            if screening.needs_conversation:
                messages.info(request, CONVERSATION_NOTE)
            else:
                messages.success(request, "Thank you. Your answers are saved.")
            return redirect(next_url)
        fields = render_to_string(FIELDS_TEMPLATE, {"form": form})
    else:
        fields = _prefilled_fields(request.user.pk, existing, now)
    return render(
        request,
        "client_area/screening.html",
        {
            "form_errors": form is not None and bool(form.errors),
            "fields": fields,
            "booking": booking,
            "existing": existing,
            "next_url": next_url,
            "page_title": "Suitability questions",
            "now": now,
        },
    )


@kept_for_her(seal=encrypt_text, unseal=decrypt_text)  # her answers: kept encrypted
@login_required
@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def screening(request):
    return screening_form_page(
        request, booking=None, next_url=safe_next(request, reverse("clients:screening-answers"))
    )


@kept_for_her(seal=encrypt_text, unseal=decrypt_text)  # her answers: kept encrypted
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
