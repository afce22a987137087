"""What the client's pages show of her packages: her packages on /my/ (client_area/my_account.py
gathers every app's part) and, on a booking's page, the credit that pays for it (a part of the
page that bookings asks for through hooks.booking_page_panels)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch
from django.template.loader import render_to_string

from bookings.policy import PolicyTerms
from packages.emails import client_zone, date_label
from packages.models import Credit, CreditUse, PackagePurchase
from practice.models import PracticeDetails


@dataclass(frozen=True)
class PurchaseSummary:
    """One of her packages as her pages show it."""

    purchase: PackagePurchase
    credits: list[Credit]
    expires: str
    expired: bool
    can_give_back: bool
    refund_until: str

    @property
    def left(self) -> int:
        return sum(credit.left for credit in self.credits)


def purchase_summary(purchase: PackagePurchase, *, now: datetime, tz) -> PurchaseSummary:
    return PurchaseSummary(
        purchase=purchase,
        credits=[credit for credit in purchase.credits.all() if credit.total],
        expires=date_label(purchase.expires_at, tz) if purchase.expires_at else "",
        expired=purchase.is_paid and not purchase.is_valid_at(now),
        can_give_back=purchase.can_give_back_at(now)
        and any(credit.left for credit in purchase.credits.all()),
        refund_until=date_label(purchase.refund_until, tz) if purchase.refund_until else "",
    )


def my_packages_context(*, user, now: datetime) -> dict:
    """The context of templates/packages/_my_packages.html for `user`: her paid packages, the
    newest first, each with its credits left per service and until when."""
    purchases = (
        PackagePurchase.objects.paid()
        .filter(client=user)
        .select_related("order")
        .prefetch_related(
            Prefetch("credits", queryset=Credit.objects.select_related("service").order_by("pk"))
        )
    )
    if not purchases:
        return {"my_packages": []}
    tz = client_zone(user)
    return {
        "my_packages": [purchase_summary(purchase, now=now, tz=tz) for purchase in purchases],
        "my_packages_contact": PracticeDetails.load().contact_email,
    }


def my_packages_changes(context: dict) -> list[datetime | None]:
    """When her packages on /my/ change by themselves (given my_packages_context's context): a
    package's days for giving credits back, or its credits, running out."""
    purchases = [summary.purchase for summary in context["my_packages"]]
    return [moment for p in purchases for moment in (p.expires_at, p.refund_until)]


def booking_credit_panel(*, request, booking, now: datetime, tz) -> str:
    """On her booking's page: the credit that pays (or paid) for it, and what is left."""
    use = (
        CreditUse.objects.filter(booking_id=booking.pk)
        .select_related("credit__purchase__order", "credit__service")
        .first()
    )
    if use is None or not use.covers:
        return ""
    credit = use.credit
    purchase = credit.purchase
    return render_to_string(
        "packages/_booking_panel.html",
        {
            "use": use,
            "credit": credit,
            "purchase": purchase,
            "expires": date_label(purchase.expires_at, tz),
            "purchase_url": purchase.get_absolute_url(),
            "notice_hours": PolicyTerms.from_snapshot(booking.policy_snapshot).notice_hours,
        },
        request=request,
    )
