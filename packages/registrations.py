"""What packages plugs into the layers below once Django's apps are loaded (imported by
PackagesConfig.ready()):

- payments: the "package" kind of order (its neutral name on Checkout, the purchase's page
  Checkout returns to, and the credits made once it is paid);
- bookings: a hold reserves one of her credits, a credit covers the whole price (so the pay
  step is skipped), confirming spends it, cancelling returns, forfeits or releases it, and
  the booking page says which credit paid;
- clients: her purchases and credits in her data export (packages/privacy.py);
- the page cache: the packages pages change with the packages.
"""

from bookings import hooks
from packages import credits, privacy  # noqa: F401 (privacy registers its export section)
from packages.models import Credit, CreditUse, Package, PackageItem, PackagePurchase
from packages.panels import booking_credit_panel
from packages.purchases import (
    ORDER_KIND,
    purchase_page_path,
    purchase_paid,
    purchase_product_name,
)
from payments.orders import OrderKind, order_kind_register
from practice.fragments import register_fragment_owner
from practice.page_cache import CONTENT, register_page_models

order_kind_register(
    OrderKind(
        kind=ORDER_KIND,
        product_name=purchase_product_name,
        page_path=purchase_page_path,
        on_paid=purchase_paid,
    )
)
hooks.hook_add(hooks.hold_hooks, credits.credit_reserve)
hooks.hook_add(hooks.price_covers, credits.credit_cover)
hooks.hook_add(hooks.confirmation_hooks, credits.credit_spend)
hooks.hook_add(hooks.cancellation_hooks, credits.credit_settle_cancellation)
hooks.hook_add(hooks.booking_page_panels, booking_credit_panel)
register_page_models(CONTENT, Package, PackageItem)
# Her cached fragments (practice/fragments.py) show her packages and their credits.
register_fragment_owner(PackagePurchase, "client_id")
register_fragment_owner(Credit, "purchase.client_id")
register_fragment_owner(CreditUse, "credit.purchase.client_id")
