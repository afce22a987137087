"""/accounts/welcome/<uidb36>/<token>/: the link in the welcome e-mail of a client whose account
the practitioner made (clients/accounts.py). She may choose a password, or sign in with a code.

Opening the link changes nothing (mail scanners open links too); choosing a password (a POST)
saves it, confirms her address, signs her in and takes her to her booking.
"""

from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from clients.accounts import welcome_password_set, welcome_user
from practice.http import safe_next

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def welcome(request, uidb36, token):
    user = welcome_user(uidb36=uidb36, token=token)
    next_url = safe_next(request, "/my/")
    if user is None:
        return render(
            request,
            "clients/welcome_used.html",
            {"page_title": "This link no longer works", "next_url": next_url},
        )
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        welcome_password_set(user=user, form=form, now=timezone.now())
        login(request, user, backend=BACKEND)
        return redirect(next_url)
    return render(
        request,
        "clients/welcome.html",
        {"form": form, "welcome_user": user, "next_url": next_url, "page_title": "Welcome"},
    )
