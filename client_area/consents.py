"""/my/consents/: the client's consent history, accepting current versions, withdrawing.

Every lookup is scoped to the signed-in client, so another client's record gives 404. The
page is the same on every view until her consents, or the policies' current versions, change:
it is cached for her (practice/fragments.py), its form's CSRF token put in per view.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from bookings.models import Booking
from clients import consent
from clients.forms import ConsentForm
from clients.models import ConsentRecord
from practice.fragments import CSRF_PLACEHOLDER, cached_fragment, fragment_fill
from practice.her_pages import kept_for_her


@kept_for_her()
@login_required
@require_http_methods(["GET", "POST"])
def consents(request):
    """Consent history, and accepting current versions outside a booking."""
    now = timezone.now()
    if request.method == "GET":
        # What she has still to accept is worked out only when her page is built: her consents
        # and the policies' versions change her cached page (practice/fragments.py).
        def build():
            form = _consent_form(request, now=now)
            return _consents_body(request.user, form=form, now=now), None

        body = cached_fragment(name="consents-page", user_id=request.user.pk, now=now, build=build)
    else:
        missing = consent.missing_policies(user=request.user, now=now)
        form = ConsentForm(request.POST, versions=missing, return_to=request.path)
        if missing and form.is_valid():
            try:
                consent.consent_record_create(
                    user=request.user,
                    versions=missing,
                    ip=consent.request_ip(request),
                    user_agent=consent.request_user_agent(request),
                    now=now,
                )
            except consent.ConsentOutdated as error:
                messages.error(request, error.message)
            else:
                messages.success(request, "Thank you. Your consent is recorded.")
            return redirect("clients:consents")
        # A form with errors, with what she ticked.
        body = render_to_string(
            "client_area/_consents_body.html",
            _consents_context(request.user, now=now, form=form if missing else None),
            request=request,
        )
    context = {"consents_body": fragment_fill(request, body), "page_title": "Your consents"}
    return render(request, "client_area/consents.html", context)


def _consent_form(request, *, now) -> ConsentForm | None:
    """The form for the current versions she has not accepted (None when she has them all)."""
    missing = consent.missing_policies(user=request.user, now=now)
    return ConsentForm(None, versions=missing, return_to=request.path) if missing else None


def _consents_body(user, *, form, now) -> str:
    context = _consents_context(user, now=now, form=form) | {"csrf_token": CSRF_PLACEHOLDER}
    return render_to_string("client_area/_consents_body.html", context)


def _consents_context(user, *, now, form) -> dict:
    return {
        # Only what this page shows (the /my/ page's own sections are not built here).
        "my_treatment_consent_withdrawn": consent.has_withdrawn_treatment_consent(
            user=user, now=now
        ),
        "form": form,
        "records": ConsentRecord.objects.filter(user=user)
        .select_related("version__document")
        .order_by("-accepted_at", "-pk"),
    }


@login_required
@require_GET
def consent_detail(request, pk):
    """One consent record: what was accepted, when and from where (the client's receipt)."""
    record = get_object_or_404(
        ConsentRecord.objects.select_related("version__document"),
        pk=pk,
        user=request.user,
    )
    context = {"record": record, "page_title": "Consent record"}
    return render(request, "client_area/consent_detail.html", context)


@kept_for_her()
@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request):
    now = timezone.now()
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

    def build():
        # It names how many sessions she has coming: her bookings change her cached page, and
        # it is not kept past the end of the first of them.
        upcoming = list(
            Booking.objects.filter(client=request.user, status=Booking.Status.CONFIRMED)
            .upcoming(now=now)
            .only("end")
        )
        html = render_to_string(
            "client_area/_consent_withdraw_body.html",
            {"upcoming": upcoming, "csrf_token": CSRF_PLACEHOLDER},
        )
        return html, min((booking.end for booking in upcoming), default=None)

    body = cached_fragment(name="consent-withdraw", user_id=request.user.pk, now=now, build=build)
    return render(
        request,
        "client_area/consent_withdraw.html",
        {
            "withdraw_body": fragment_fill(request, body),
            "page_title": "Withdraw consent to treatment",
        },
    )
