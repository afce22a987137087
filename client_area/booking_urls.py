"""Every page of one client's booking, /bookings/<reference>/…, in one file.

The pages belong to three apps: bookings (the booking itself: confirm, extend, cancel,
reschedule), payments (pay, the payment's status, the offline test page) and the client area
(the "About you" step: screening and consent). The file lives here because only the top layer
may import the views of all three: bookings may not import payments or the client area
(ARCHITECTURE.md). Every page looks the booking up with bookings.access.client_booking_or_404.

Each page keeps the URL name it has always had in its own app's namespace (bookings:booking-
detail, payments:pay, clients:booking-consent): templates, e-mails and Stripe's return address
use them. Django serves a namespace from one include, so practice/urls.py adds each list below
to its namespace's other pages.
"""

from django.urls import include, path

from bookings import move_views, views
from client_area import booking_steps
from payments.views import checkout_return, pay, receipt, test_payment


def booking_pages(*pages):
    return [path("bookings/<slug:reference>/", include(list(pages)))]


bookings_pages = booking_pages(
    # Returning from Stripe Checkout (?session_id=), payments settles first (bookings/hooks.py).
    path("", views.booking_detail, name="booking-detail"),
    path("confirm/", views.booking_confirm, name="booking-confirm"),
    path("extend/", views.booking_extend, name="booking-extend"),
    path("cancel/", views.booking_cancel, name="booking-cancel"),
    path("reschedule/", move_views.booking_reschedule, name="booking-reschedule"),
    # The confirmation e-mail's .ics again, for "Add to calendar" (bookings/calendar_links.py).
    path("calendar.ics", views.booking_ics, name="booking-ics"),
)

payments_pages = booking_pages(
    path("pay/", pay.pay, name="pay"),
    path("payment-status/", checkout_return.payment_status, name="payment-status"),
    path("test-payment/", test_payment.test_payment, name="test-payment"),
    path("receipt/", receipt.receipt, name="receipt"),
)

clients_pages = booking_pages(
    # The screening and consent a held booking needs, in one form, then on to pay or confirm.
    path("about-you/", booking_steps.booking_about_you, name="booking-about-you"),
    path("consent/", booking_steps.booking_consent, name="booking-consent"),
    path("screening/", booking_steps.booking_screening, name="booking-screening"),
)
