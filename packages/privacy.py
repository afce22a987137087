"""Packages' part of the client's data export (clients.privacy runs every app's part),
registered from packages/registrations.py. On erasure her purchases stay, as payments do, for
the accounts: they point to the anonymised user, and hold nothing about her health."""

from clients.models import User
from clients.privacy import export_section, iso
from packages.models import PackagePurchase


@export_section("packages")
def packages_export(user: User) -> list[dict]:
    """Each package she bought: what it held, its terms, its credits and their history."""
    purchases = (
        PackagePurchase.objects.filter(client=user)
        .select_related("order")
        .prefetch_related("credits__service", "credits__uses__booking", "changes")
        .order_by("created_at", "pk")
    )
    return [
        {
            "package": purchase.name,
            "order": purchase.order.reference,
            "amount": purchase.order.amount,
            "currency": purchase.order.currency,
            "bought_at": iso(purchase.created_at),
            "paid_at": iso(purchase.paid_at),
            "expires_at": iso(purchase.expires_at),
            "refund_until": iso(purchase.refund_until),
            "terms": purchase.terms,
            "credits": [
                {
                    "service": credit.service.name,
                    "total": credit.total,
                    "used": credit.used,
                    "uses": [
                        {"booking": use.booking.reference, "state": use.state}
                        for use in credit.uses.all()
                    ],
                }
                for credit in purchase.credits.all()
            ],
            "changes": [
                {
                    "at": iso(change.at),
                    "by": change.by,
                    "credits": change.credits,
                    "amount_refunded": change.amount_refunded,
                }
                for change in purchase.changes.all()
            ],
        }
        for purchase in purchases
    ]
