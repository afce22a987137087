from itertools import chain

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from bookings import urls as bookings_urls
from client_area import booking_urls
from client_area import urls as client_area_urls
from clients import account_code
from clients import urls as clients_urls
from payments import urls as payments_urls
from practice import views
from workplace import urls as workplace_urls

# The admin has no login form of its own: staff sign in through allauth, so its rate
# limits (and, in production, its second factor) apply to the admin too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Quiet Harbour Therapy"
admin.site.site_title = "Practice admin"
admin.site.index_title = "Your practice"

# Django's 500 handler renders 500.html with no context; ours gives it the site's layout.
handler500 = "practice.views.server_error"


def namespace(name: str, *pattern_lists: list) -> tuple:
    """One namespace gathered from several URL files (Django serves a namespace from one
    include)."""
    return include((list(chain.from_iterable(pattern_lists)), name))


urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    # Before allauth's: every e-mailed code is typed on one page (clients/account_code.py),
    # and the sign-in page is where a sign-in code is asked for, so allauth's separate page
    # for that leads there.
    path("accounts/code/", account_code.enter_code, name="account_enter_code"),
    path(
        "accounts/login/code/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    path("accounts/", include("allauth.urls")),
    # Before the admin, which answers every path under it: the payment models' old admin
    # addresses lead on to their new ones (payments/urls.py).
    path(
        "",
        namespace(payments_urls.app_name, payments_urls.urlpatterns, booking_urls.payments_pages),
    ),
    path(f"{settings.ADMIN_PATH}/", admin.site.urls),
    path("", include("blog.urls")),
    path("", include("rooms.urls")),
    # Gift vouchers: /vouchers/…, and using one on a booking (/bookings/<reference>/voucher/).
    path("", include("vouchers.urls")),
    path("my/recordings/", include("aftercare.urls")),
    path("", include("waitlist.urls")),
    path("", include("packages.urls")),
    # A booking's pages (client_area/booking_urls.py) keep their names in the namespace of the
    # app each belongs to, and so does the practitioner's calendar feed, which belongs to the
    # workplace: bookings:calendar-feed.
    path(
        "",
        namespace(
            bookings_urls.app_name,
            bookings_urls.urlpatterns,
            booking_urls.bookings_pages,
            workplace_urls.urlpatterns,
        ),
    ),
    # The client's own pages belong to client_area but keep their names in the clients
    # namespace (clients:my-account, clients:consents, ...), beside the policy pages.
    path(
        "",
        namespace(
            clients_urls.app_name,
            clients_urls.urlpatterns,
            client_area_urls.urlpatterns,
            booking_urls.clients_pages,
        ),
    ),
]

if settings.DEBUG:
    # Uploaded images (covers, the practitioner's photo) in development; in production the
    # proxy serves MEDIA_ROOT (docs/deploy.md).
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.BENCHMARK_CEILING:
    # `make bench` only: the cheapest possible Django response, the ceiling pages are compared to.
    urlpatterns.append(path("bench/ok", views.benchmark_ceiling))
