from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from bookings import urls as bookings_urls
from client_area import urls as client_area_urls
from clients import urls as clients_urls
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

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    path("accounts/", include("allauth.urls")),
    # Before the admin, which answers every path under it: the payment models' old admin
    # addresses lead on to their new ones (payments/urls.py).
    path("", include("payments.urls")),
    path(f"{settings.ADMIN_PATH}/", admin.site.urls),
    path("", include("blog.urls")),
    # The practitioner's calendar feed belongs to the workplace but keeps its name in the
    # bookings namespace (bookings:calendar-feed): one namespace is one include.
    path(
        "",
        include((bookings_urls.urlpatterns + workplace_urls.urlpatterns, bookings_urls.app_name)),
    ),
    # The client's own pages belong to client_area but keep their names in the clients
    # namespace (clients:my-account, clients:consents, ...), beside the policy pages.
    path(
        "",
        include((clients_urls.urlpatterns + client_area_urls.urlpatterns, clients_urls.app_name)),
    ),
]

if settings.DEBUG:
    # Uploaded images (covers, the practitioner's photo) in development; in production the
    # proxy serves MEDIA_ROOT (docs/deploy.md).
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.BENCHMARK_CEILING:
    # `make bench` only: the cheapest possible Django response, the ceiling pages are compared to.
    urlpatterns.append(path("bench/ok", views.benchmark_ceiling))
