"""The waitlist's addresses: joining sits under the service's slot page, the rest under /my/."""

from django.urls import path

from waitlist import views

app_name = "waitlist"

urlpatterns = [
    path("book/<slug:slug>/waitlist/", views.waitlist_join, name="join"),
    path("my/waitlist/<int:pk>/leave/", views.waitlist_leave, name="leave"),
    path(
        "my/waitlist/offers/<slug:reference>/no-thanks/",
        views.offer_no_thanks,
        name="no-thanks",
    ),
]
