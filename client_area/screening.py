"""The client's own data under /my/: profile, consents, screening, export and deletion.

Every lookup is scoped to the signed-in client, so another client's ids give 404.
"""

import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods

from bookings import timezones
from bookings.models import Booking
from bookings.policy import Actor
from bookings.services import cancellation_preview
from clients import consent
from clients.booking_steps import discovery_call
from clients.forms import ConsentForm, DeleteAccountForm, ProfileForm, ScreeningForm
from clients.models import ConsentRecord, Profile, Screening
from clients.privacy import account_erase, client_data_export
from clients.screening import answers_for_display, screening_submit
from practice.zones import zone_label


def privacy_context(*, user, now) -> dict:
    """What /my/ shows of the client's profile, consents and screening (its own includes)."""
    return {
        "my_profile": Profile.objects.filter(user=user).first(),
        "my_consents": ConsentRecord.objects.filter(user=user)
        .select_related("version__document", "booking")
        .order_by("-accepted_at", "-pk")[:20],
        "my_missing_policies": consent.missing_policies(user=user, now=now),
        "my_treatment_consent_withdrawn": consent.has_withdrawn_treatment_consent(
            user=user, now=now
        ),
        "my_screening": Screening.objects.filter(user=user).first(),
        "now": now,
    }


def _safe_next(request, fallback: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    instance = Profile.objects.filter(user=request.user).first() or Profile(user=request.user)
    form = ProfileForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        # This visit shows times in the zone just chosen (bookings reads the session first).
        timezones.remember_zone(request, saved.time_zone)
        messages.success(request, "Your details are saved.")
        return redirect("clients:my-account")
    return render(
        request,
        "clients/profile.html",
        {"form": form, "page_title": "Your details", "noindex": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def consents(request):
    """Consent history, and accepting current versions outside a booking."""
    now = timezone.now()
    missing = consent.missing_policies(user=request.user, now=now)
    form = ConsentForm(request.POST or None, versions=missing, return_to=request.path)
    if request.method == "POST" and missing and form.is_valid():
        try:
            consent.consent_record_create(
                user=request.user,
                versions=missing,
                booking=None,
                ip=consent.request_ip(request),
                user_agent=consent.request_user_agent(request),
                now=now,
            )
        except consent.ConsentOutdated as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Thank you. Your consent is recorded.")
        return redirect("clients:consents")
    context = privacy_context(user=request.user, now=now)
    context |= {
        "form": form if missing else None,
        "records": ConsentRecord.objects.filter(user=request.user)
        .select_related("version__document", "booking")
        .order_by("-accepted_at", "-pk"),
        "page_title": "Your consents",
        "noindex": True,
    }
    return render(request, "clients/consents.html", context)


@login_required
@require_GET
def consent_detail(request, pk):
    """One consent record: what was accepted, when and from where (the client's receipt)."""
    record = get_object_or_404(
        ConsentRecord.objects.select_related("version__document", "booking"),
        pk=pk,
        user=request.user,
    )
    return render(
        request,
        "clients/consent_detail.html",
        {"record": record, "page_title": "Consent record", "noindex": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request):
    now = timezone.now()
    upcoming = Booking.objects.filter(
        client=request.user, status=Booking.Status.CONFIRMED, start__gt=now
    ).order_by("start")
    if request.method == "POST":
        ended = consent.consent_withdraw(user=request.user, now=now)
        if ended:
            messages.success(
                request,
                "Your consent to treatment is withdrawn. Nothing has been deleted, and you can "
                "give consent again at any time.",
            )
        else:
            messages.info(request, "There was no consent to treatment in force to withdraw.")
        return redirect("clients:consents")
    return render(
        request,
        "clients/consent_withdraw.html",
        {"upcoming": upcoming, "page_title": "Withdraw consent to treatment", "noindex": True},
    )


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
        "clients/screening.html",
        {
            "form": form,
            "booking": booking,
            "existing": existing,
            "next_url": next_url,
            "discovery_call": discovery_call(),
            "page_title": "Suitability questions",
            "noindex": True,
            "now": now,
        },
    )


@login_required
@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def screening(request):
    return screening_form_page(
        request, booking=None, next_url=_safe_next(request, "/my/screening/answers/")
    )


@login_required
@never_cache
@require_GET
def screening_answers(request):
    """The client's own answers, read back to them."""
    existing = Screening.objects.filter(user=request.user).first()
    return render(
        request,
        "clients/screening_answers.html",
        {
            "screening": existing,
            "rows": answers_for_display(existing.answers) if existing else [],
            "discovery_call": discovery_call(),
            "now": timezone.now(),
            "page_title": "Your screening answers",
            "noindex": True,
        },
    )


@login_required
@never_cache
@require_GET
@sensitive_variables("data")
def data_export(request):
    now = timezone.now()
    data = client_data_export(user=request.user, now=now)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="my-data-{now:%Y-%m-%d}.json"'
    return response


@login_required
@never_cache
@reauthentication_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    """Delete the account after the client has just proved it is them (allauth reauth)."""
    if request.user.is_staff:
        # The practitioner's own account anchors her calendar and the access log.
        messages.error(request, "Staff accounts can't be deleted here.")
        return redirect("clients:my-account")
    now = timezone.now()
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account_erase(user=request.user, now=now)
        logout(request)
        messages.success(
            request,
            "Your account has been deleted. A confirmation is on its way to your e-mail "
            "address. Take care.",
        )
        return redirect("home")
    upcoming = [
        (booking, cancellation_preview(booking=booking, by=Actor.CLIENT, now=now))
        for booking in Booking.objects.filter(
            client=request.user, status__in=Booking.ACTIVE_STATUSES, start__gt=now
        )
        .select_related("service")
        .order_by("start")
    ]
    zone = timezones.client_zone_name(request)
    return render(
        request,
        "clients/account_delete.html",
        {
            "form": form,
            "upcoming": upcoming,
            "zone": zone,
            "zone_label": zone_label(zone, at=now),
            "page_title": "Delete your account",
            "noindex": True,
        },
    )
