from django.urls import path

from bookings import views

app_name = "bookings"

urlpatterns = [
    path("services/", views.service_list, name="service-list"),
    path("services/<slug:slug>/", views.service_detail, name="service-detail"),
    path("book/", views.choose_service, name="book"),
    path("book/<slug:slug>/", views.choose_time, name="slots"),
    # Returning from Stripe Checkout (?session_id=), payments settles first (bookings/hooks.py).
    path("bookings/<slug:reference>/", views.booking_detail, name="booking-detail"),
    path("bookings/<slug:reference>/confirm/", views.booking_confirm, name="booking-confirm"),
    path("bookings/<slug:reference>/extend/", views.booking_extend, name="booking-extend"),
    path("bookings/<slug:reference>/cancel/", views.booking_cancel, name="booking-cancel"),
    path(
        "bookings/<slug:reference>/reschedule/",
        views.booking_reschedule,
        name="booking-reschedule",
    ),
]
