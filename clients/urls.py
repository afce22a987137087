"""The public policy pages. practice/urls.py serves the client's own pages (client_area/urls.py)
and a booking's consent and screening steps (client_area/booking_urls.py) in this namespace too,
under the names links, e-mails and bookmarks have always used."""

from django.urls import path

from clients import policy_views, welcome_views

app_name = "clients"

urlpatterns = [
    path("policies/<slug:slug>/", policy_views.policy_detail, name="policy-detail"),
    path(
        "policies/<slug:slug>/versions/<int:number>/",
        policy_views.policy_version,
        name="policy-version",
    ),
    # The welcome link of a client whose account the practitioner made (clients/accounts.py).
    path("accounts/welcome/<str:uidb36>/<str:token>/", welcome_views.welcome, name="welcome"),
]
