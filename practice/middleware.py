from zoneinfo import ZoneInfo

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import BadRequest
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import patch_cache_control

NUL = "\x00"


def in_admin(request) -> bool:
    """Whether the request is for the admin.

    Path rules read `path_info`, the path the URLconf resolves: `path` also holds SCRIPT_NAME,
    which a client can set (gunicorn takes it from a request header), so `/x/admin/` with
    `SCRIPT_NAME: /x` reaches the admin while its `path` does not start with `/admin/`.
    """
    return request.path_info.startswith(f"/{settings.ADMIN_PATH}/")


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set.

    Cross-Origin-Resource-Policy keeps other sites from embedding our responses (a client's
    booking page or calendar feed must never be readable cross-origin).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


def _holds_nul(data) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in data.lists())


class RefuseNulMiddleware:
    """A NUL character in the address or a form is refused (400) before any view sees it.

    PostgreSQL cannot hold NUL in text, so any such value that reached a query was a 500
    (`/blog/?q=%00`, a feed token, a cancellation reason). No browser sends one by itself. A
    cookie holding one (a forged session id, which Django decodes from `\\000`) is dropped as if
    it were never sent, so the page still works.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in [name for name, value in request.COOKIES.items() if NUL in name + value]:
            del request.COOKIES[name]
        if (
            NUL in request.path_info
            or _holds_nul(request.GET)
            or (request.method == "POST" and _holds_nul(request.POST))
        ):
            raise BadRequest("The request holds a NUL character.")
        return self.get_response(request)


class PersonalPagesNotStoredMiddleware:
    """Pages about one person are never stored, by the browser or by any cache on the way.

    On a shared device the back button must not show someone's bookings after they signed out.
    So every response to a signed-in visitor, and every one under the personal and account
    paths (signed out, those are sign-in forms and redirects), says `private, no-store`. Public
    pages for anonymous readers are left as they are: those are the ones the page cache keeps.
    """

    PERSONAL_PATHS = ("/my/", "/bookings/", "/accounts/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Her session naming her is enough (a page kept whole for her is served without loading
        # her user: practice/her_pages.py); one whose user no longer signs in is private too.
        if request.path_info.startswith(self.PERSONAL_PATHS) or SESSION_KEY in request.session:
            patch_cache_control(response, private=True, no_store=True)
        return response


def second_factor_missing(user) -> bool:
    """Whether staff `user` must still set up a second factor (TOTP) before reaching what only
    staff may see: the admin, and clients' recordings (ADMIN_REQUIRES_MFA, on in production)."""
    return settings.ADMIN_REQUIRES_MFA and not is_mfa_enabled(user, types=[Authenticator.Type.TOTP])


class AdminRequiresMFAMiddleware:
    """In production, staff reach the admin only with a second factor (TOTP) set up.

    allauth then asks for the authenticator code at every sign-in. Staff without one are sent
    to allauth's set-up page first. The demo runs without (ADMIN_REQUIRES_MFA is off with
    DEBUG on).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            in_admin(request)
            and request.user.is_authenticated
            and request.user.is_staff
            and second_factor_missing(request.user)
        ):
            messages.info(
                request,
                "To protect your clients' information, please set up an authenticator app "
                "before opening the admin.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class AdminTimeZoneMiddleware:
    """The admin shows and reads times in the practitioner's own zone, never in UTC.

    Times are stored in UTC; Django's admin converts them to the active zone. For staff this is
    their practitioner zone (or the practice's), on every admin page. This is the admin's one
    rule for its zone: its own pages (the dashboard, the lists) read the zone made active here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if in_admin(request) and request.user.is_staff:
            practitioner = getattr(request.user, "practitioner", None)
            zone = getattr(practitioner, "time_zone", None) or settings.PRACTICE_TIME_ZONE
            with timezone.override(ZoneInfo(zone)):
                return self.get_response(request)
        return self.get_response(request)
