from django.urls import path

from bookings import payment_views, views

app_name = "bookings"

urlpatterns = [
    path("services/", views.service_list, name="service-list"),
    path("services/<slug:slug>/", views.service_detail, name="service-detail"),
    path("book/", views.choose_service, name="book"),
    path("book/<slug:slug>/", views.choose_time, name="slots"),
    # Returning from Stripe Checkout (?session_id=) settles the payment, then shows the booking.
    path("bookings/<slug:reference>/", payment_views.booking_detail, name="booking-detail"),
    path("bookings/<slug:reference>/pay/", payment_views.pay, name="pay"),
    path(
        "bookings/<slug:reference>/payment-status/",
        payment_views.payment_status,
        name="payment-status",
    ),
    path(
        "bookings/<slug:reference>/test-payment/", payment_views.test_payment, name="test-payment"
    ),
    path("stripe/webhook/", payment_views.stripe_webhook, name="stripe-webhook"),
    path("bookings/<slug:reference>/confirm/", views.booking_confirm, name="booking-confirm"),
    path("bookings/<slug:reference>/extend/", views.booking_extend, name="booking-extend"),
    path("bookings/<slug:reference>/cancel/", views.booking_cancel, name="booking-cancel"),
    path(
        "bookings/<slug:reference>/reschedule/",
        views.booking_reschedule,
        name="booking-reschedule",
    ),
]
