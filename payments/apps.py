from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = "Payments"

    def ready(self):
        # Imported here, not at the top: models may not be loaded before ready(). checks and
        # privacy are imported for what they register: system checks; the client's payments
        # in her data export.
        from bookings import hooks
        from payments import checks, client, privacy  # noqa: F401
        from payments.checkout import checkout_in_progress
        from payments.refunds import cancellation_refund
        from payments.settle import booking_is_paid
        from payments.views.checkout_return import checkout_return_page

        client.install_log_filter()
        hooks.hook_add(hooks.cancellation_hooks, cancellation_refund)
        hooks.hook_add(hooks.hold_keepers, checkout_in_progress)
        hooks.hook_add(hooks.payment_checks, booking_is_paid)
        hooks.hook_add(hooks.booking_page_hooks, checkout_return_page)
