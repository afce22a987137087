"""Joining a booking's session room: /bookings/<reference>/join/."""

from django.urls import path

from rooms import views

app_name = "rooms"

urlpatterns = [
    path("bookings/<slug:reference>/join/", views.join, name="join"),
]
