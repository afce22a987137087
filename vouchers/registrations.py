"""What vouchers plugs into the layers below once Django's apps are loaded (imported by
VouchersConfig.ready()): its kind of order (what Checkout calls it, where the buyer comes back
to, what paying gives), what a voucher covers of a booking's price, what confirming and
cancelling a booking do to its voucher, the booking page's voucher part, its system check and
its part of the client's data rights."""

from bookings import hooks
from payments.orders import OrderKind, order_kind_register
from vouchers import checks, privacy  # noqa: F401 (each registers itself)
from vouchers.fulfil import KIND, voucher_order_paid, voucher_page_path, voucher_product_name
from vouchers.panels import voucher_panel
from vouchers.redemption import redemption_give_back, redemption_spend, voucher_covered

order_kind_register(
    OrderKind(
        kind=KIND,
        product_name=voucher_product_name,
        page_path=voucher_page_path,
        on_paid=voucher_order_paid,
    )
)
hooks.hook_add(hooks.price_covers, voucher_covered)
hooks.hook_add(hooks.confirmation_hooks, redemption_spend)
hooks.hook_add(hooks.cancellation_hooks, redemption_give_back)
hooks.hook_add(hooks.pay_step_panels, voucher_panel)
