"""Client accounts' pages: policies, /my/ data and rights, and the booking's consent steps.

Included from clients/urls.py, so the names live in the "clients" namespace.
"""

from django.urls import path

from clients import account_views, booking_step_views, policy_views

urlpatterns = [
    path("policies/<slug:slug>/", policy_views.policy_detail, name="policy-detail"),
    path(
        "policies/<slug:slug>/versions/<int:number>/",
        policy_views.policy_version,
        name="policy-version",
    ),
    path("my/profile/", account_views.profile, name="profile"),
    path("my/consents/", account_views.consents, name="consents"),
    path("my/consents/withdraw/", account_views.consent_withdraw, name="consent-withdraw"),
    path("my/consents/<int:pk>/", account_views.consent_detail, name="consent-detail"),
    path("my/screening/", account_views.screening, name="screening"),
    path("my/screening/answers/", account_views.screening_answers, name="screening-answers"),
    path("my/export/", account_views.data_export, name="data-export"),
    path("my/delete/", account_views.account_delete, name="account-delete"),
    path(
        "bookings/<slug:reference>/consent/",
        booking_step_views.booking_consent,
        name="booking-consent",
    ),
    path(
        "bookings/<slug:reference>/screening/",
        booking_step_views.booking_screening,
        name="booking-screening",
    ),
]
