"""The public booking pages: services, and choosing a session and a time.

A booking's own pages (/bookings/<reference>/…) are in client_area/booking_urls.py with the
other apps' steps of a booking, still named in this namespace (bookings:booking-detail, ...).
"""

from django.urls import path

from bookings import pick_views, views

app_name = "bookings"

urlpatterns = [
    path("services/", views.service_list, name="service-list"),
    path("services/<slug:slug>/", views.service_detail, name="service-detail"),
    path("book/", views.choose_service, name="book"),
    path("book/<slug:slug>/", pick_views.choose_time, name="slots"),
]
