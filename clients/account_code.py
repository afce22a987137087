"""/accounts/code/: the one page where a visitor types the code we e-mailed her.

allauth asks for a code on two pages: one to sign in (login by code) and one to confirm a new
account's address (e-mail verification). A visitor who signs up with an address that already
has an account is sent a sign-in code instead of a new account's (clients/adapter.py), so if
each kind of code had its own page, the address of the page would tell a stranger whether an
address has an account. Every path that e-mails a code therefore sends the visitor here, and
this view hands the request to whichever of allauth's two views the code belongs to. Which one
is kept in the session when the code is sent (`code_page_redirect`), so allauth's own session
keys are never read; allauth still checks the code, counts the attempts and signs her in.

For pages of ours that embed the steps (the booking page): POST the sign-up form
(clients.adapter.SignupForm: `name`, `email`) to /accounts/signup/?next=<url>, then the code
(field `code`) to /accounts/code/?next=<url>; a wrong code comes back as this page, with `next`.
"""

from collections.abc import Callable
from urllib.parse import urlsplit

from allauth.account import views as allauth_views
from allauth.account.utils import get_next_redirect_url
from allauth.core import ratelimit
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

# The session keys of this page: which code the visitor was sent, and to which address.
CODE_FOR = "account_code_for"
CODE_EMAIL = "account_code_email"
LOGIN = "login"  # a sign-in code (allauth's login by code)
SIGNUP = "signup"  # a code that confirms an address: a new account's, or one not yet confirmed

ALLAUTH_VIEWS = {
    LOGIN: allauth_views.confirm_login_code,
    SIGNUP: allauth_views.email_verification_sent,
}
# allauth's own addresses for the steps this page stands in for, and where each leads instead.
ALLAUTH_CODE_PAGES = ("account_confirm_login_code", "account_email_verification_sent")
ALLAUTH_START_PAGES = ("account_request_login_code", "account_login")

RESENT = "We've e-mailed you a new code."
WAIT = (
    "We e-mailed a code to this address a moment ago. The code we sent still works; if it "
    "hasn't arrived, please wait a few minutes before asking for another."
)


def _with_next(url: str, request: HttpRequest) -> str:
    """`url`, carrying on the request's `next` if allauth finds it safe."""
    next_url = get_next_redirect_url(request)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


# Pages of ours that ask for the code themselves, on the page she is on (bookings: a visitor's
# hold, whose page takes her details and then her code). Each is asked, with the request and
# `next`, whether `next` is such a page for this visitor; the code is still checked here.
code_pages: list[Callable[[HttpRequest, str], bool]] = []


def code_page_redirect(request: HttpRequest, *, purpose: str, email: str) -> HttpResponseRedirect:
    """Send the visitor to the code page, having e-mailed her a code of this `purpose`.

    Every path that sends a code answers with this same redirect, whatever the code is for:
    to this page, or to the page she came from when that page asks for the code itself.
    """
    request.session[CODE_FOR] = purpose
    request.session[CODE_EMAIL] = email
    next_url = get_next_redirect_url(request)
    if next_url and any(asks(request, next_url) for asks in code_pages):
        return HttpResponseRedirect(next_url)
    return HttpResponseRedirect(_with_next(reverse("account_enter_code"), request))


def code_pending(request: HttpRequest) -> str | None:
    """The address a code was e-mailed to for this visitor to type, if one is awaited."""
    if request.session.get(CODE_FOR) in ALLAUTH_VIEWS:
        return request.session.get(CODE_EMAIL) or None
    return None


def _forget(request: HttpRequest) -> None:
    request.session.pop(CODE_FOR, None)
    request.session.pop(CODE_EMAIL, None)


def _may_resend(request: HttpRequest, purpose: str) -> bool:
    """Whether another code may go out now, by the same rule for both kinds of code.

    allauth lets a new address have one confirmation code every few minutes (the
    "confirm_email" limit) but counts no sign-in codes there; sign-in codes count against the
    same limit here, so asking for a new code answers alike whether or not the address has an
    account.
    """
    key = request.session.get(CODE_EMAIL, "").lower()
    if not ratelimit.consume(request, action="confirm_email", key=key, dry_run=True):
        return False
    if purpose == LOGIN:  # allauth counts the confirmation codes itself
        ratelimit.consume(request, action="confirm_email", key=key)
    return True


def _ours(response: HttpResponse, request: HttpRequest) -> HttpResponse:
    """allauth's answer, with its code pages replaced by this one and its two ways back to the
    start (which differ by kind of code) by the sign-in page."""
    if not isinstance(response, HttpResponseRedirect):
        return response
    location = urlsplit(response["Location"])
    if location.netloc:
        return response
    query = f"?{location.query}" if location.query else ""
    if location.path in {reverse(name) for name in ALLAUTH_CODE_PAGES}:
        return HttpResponseRedirect(reverse("account_enter_code") + query)
    if location.path in {reverse(name) for name in ALLAUTH_START_PAGES}:
        _forget(request)
        return HttpResponseRedirect(_with_next(reverse("account_login"), request))
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def enter_code(request: HttpRequest) -> HttpResponse:
    purpose = request.session.get(CODE_FOR)
    if purpose not in ALLAUTH_VIEWS:
        return HttpResponseRedirect(_with_next(reverse("account_login"), request))
    resend = request.method == "POST" and request.POST.get("action") == "resend"
    if resend and not _may_resend(request, purpose):
        messages.info(request, WAIT)
        return HttpResponseRedirect(_with_next(reverse("account_enter_code"), request))
    response = ALLAUTH_VIEWS[purpose](request)
    if request.user.is_authenticated:
        _forget(request)
    elif resend and isinstance(response, HttpResponseRedirect):
        messages.success(request, RESENT)
    return _ours(response, request)
