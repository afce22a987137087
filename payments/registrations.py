"""What payments plugs into bookings and clients once Django's apps are loaded (imported by
PaymentsConfig.ready()): the refund on cancellation, the hold kept while she pays, the check
that a paid booking is paid, settling on the return from Checkout, what was paid (the receipt
the booking page and e-mails link); its system checks, the client's payments in her data
export (privacy), and the filter that keeps Stripe's bodies out of the logs."""

from bookings import hooks
from payments import checks, client, privacy  # noqa: F401 (checks and privacy register themselves)
from payments.checkout import checkout_in_progress
from payments.models import Order, Payment, Refund
from payments.receipts import receipt_summary
from payments.refunds import cancellation_refund
from payments.settle import booking_is_paid
from payments.views.checkout_return import checkout_return_page
from practice.fragments import register_fragment_owner

client.install_log_filter()
hooks.hook_add(hooks.cancellation_hooks, cancellation_refund)
hooks.hook_add(hooks.hold_keepers, checkout_in_progress)
hooks.hook_add(hooks.payment_checks, booking_is_paid)
hooks.hook_add(hooks.booking_page_hooks, checkout_return_page)
hooks.hook_add(hooks.receipt_hooks, receipt_summary)

# Her cached fragments (practice/fragments.py): her orders, payments and refunds show on them.
register_fragment_owner(Order, "customer_id")
register_fragment_owner(Payment, "booking.client_id")
register_fragment_owner(Refund, "payment.booking.client_id")
