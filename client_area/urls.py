"""The client's own pages under /my/, and a held booking's consent and screening steps.

No namespace of its own: practice/urls.py serves these in clients' namespace, under the names
links, e-mails and bookmarks have always used (clients:my-account, clients:consents, ...).
"""

from django.urls import path

from client_area import booking_steps, consents, data_rights, my_account, profile, screening

urlpatterns = [
    path("my/", my_account.my_account, name="my-account"),
    path("my/profile/", profile.profile, name="profile"),
    path("my/consents/", consents.consents, name="consents"),
    path("my/consents/withdraw/", consents.consent_withdraw, name="consent-withdraw"),
    path("my/consents/<int:pk>/", consents.consent_detail, name="consent-detail"),
    path("my/screening/", screening.screening, name="screening"),
    path("my/screening/answers/", screening.screening_answers, name="screening-answers"),
    path("my/export/", data_rights.data_export, name="data-export"),
    path("my/delete/", data_rights.account_delete, name="account-delete"),
    path(
        "bookings/<slug:reference>/consent/",
        booking_steps.booking_consent,
        name="booking-consent",
    ),
    path(
        "bookings/<slug:reference>/screening/",
        booking_steps.booking_screening,
        name="booking-screening",
    ),
]
