import re

from django.conf import settings
from django.urls import path, re_path

from payments.views import old_admin, order_test_payment, webhook

app_name = "payments"

# The payment steps of a booking (/bookings/<reference>/pay/, ...) are in
# client_area/booking_urls.py with the booking's other pages, named in this namespace.
urlpatterns = [
    path("stripe/webhook/", webhook.stripe_webhook, name="stripe-webhook"),
    # Development only (the offline stand-in for Checkout), for a package or a gift voucher.
    path(
        "orders/<str:reference>/test-payment/",
        order_test_payment.order_test_payment,
        name="order-test-payment",
    ),
    # Matched before the admin's own pages (practice/urls.py includes these first).
    re_path(
        rf"^{re.escape(settings.ADMIN_PATH)}/bookings/(?P<model>payment|refund|stripeevent)/"
        r"(?P<rest>.*)$",
        old_admin.admin_page_moved,
        name="old-admin-page",
    ),
]
