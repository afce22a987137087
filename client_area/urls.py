"""The client's own pages under /my/. A held booking's consent and screening steps are with the
booking's other pages in client_area/booking_urls.py.

No namespace of its own: practice/urls.py serves these in clients' namespace, under the names
links, e-mails and bookmarks have always used (clients:my-account, clients:consents, ...).
"""

from django.urls import path

from client_area import consents, data_rights, my_account, profile, screening

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
]
