"""/my/export/ and /my/delete/: the client's copy of their data, and deleting the account."""

from allauth.account.decorators import reauthentication_required
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods

from bookings import timezones
from bookings.models import Booking
from bookings.policy import Actor
from bookings.services import cancellation_preview
from clients.privacy import account_erase, client_data_export
from practice.http import json_download
from practice.zones import zone_label


class DeleteAccountForm(forms.Form):
    understood = forms.BooleanField(
        required=True,
        label="I understand that my account and my personal and health data will be erased, "
        "and that this cannot be undone.",
        error_messages={"required": "Please tick the box to confirm."},
    )


@login_required
@never_cache
@require_GET
@sensitive_variables("data")
def data_export(request):
    now = timezone.now()
    data = client_data_export(user=request.user, now=now)
    return json_download(data, filename=f"my-data-{now:%Y-%m-%d}.json")


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
        "client_area/account_delete.html",
        {
            "form": form,
            "upcoming": upcoming,
            "zone": zone,
            "zone_label": zone_label(zone, at=now),
            "page_title": "Delete your account",
        },
    )
