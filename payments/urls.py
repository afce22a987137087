import re

from django.conf import settings
from django.urls import path, re_path

from payments.views import checkout_return, old_admin, pay, test_payment, webhook

app_name = "payments"

# The return from Checkout is the booking page itself, /bookings/<reference>/?session_id=
# (bookings' URL; payments answers it through bookings' booking page hooks).
urlpatterns = [
    path("bookings/<slug:reference>/pay/", pay.pay, name="pay"),
    path(
        "bookings/<slug:reference>/payment-status/",
        checkout_return.payment_status,
        name="payment-status",
    ),
    path(
        "bookings/<slug:reference>/test-payment/",
        test_payment.test_payment,
        name="test-payment",
    ),
    path("stripe/webhook/", webhook.stripe_webhook, name="stripe-webhook"),
    # Matched before the admin's own pages (practice/urls.py includes these first).
    re_path(
        rf"^{re.escape(settings.ADMIN_PATH)}/bookings/(?P<model>payment|refund|stripeevent)/"
        r"(?P<rest>.*)$",
        old_admin.admin_page_moved,
        name="old-admin-page",
    ),
]
