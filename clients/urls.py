"""The public policy pages. No namespace of its own: practice/urls.py serves these in the
"clients" namespace, beside the client's area (client_area/urls.py)."""

from django.urls import path

from clients import policy_views

urlpatterns = [
    path("policies/<slug:slug>/", policy_views.policy_detail, name="policy-detail"),
    path(
        "policies/<slug:slug>/versions/<int:number>/",
        policy_views.policy_version,
        name="policy-version",
    ),
]
