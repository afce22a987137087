"""E-mails about packages, through the outbox (practice/mail.py), in the caller's transaction.

Subjects never name a package or a service ("RTT journey" says what she is being treated
for): an inbox is often seen by others. Each e-mail's key names the purchase and the occasion,
so the same news goes out once.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse

from bookings.models import Practitioner
from clients.models import Profile
from packages.models import CreditChange, PackagePurchase
from practice.mail import outgoing_email_queue
from practice.models import PracticeDetails
from practice.zones import default_time_zone


def client_zone(user) -> ZoneInfo:
    """The zone her account shows times in (her profile's), for dates in e-mails."""
    profile = Profile.objects.filter(user=user).only("time_zone").first()
    return ZoneInfo(profile.time_zone if profile else default_time_zone())


def date_label(moment, tz) -> str:
    """ "5 June 2027" in `tz`."""
    local = moment.astimezone(tz)
    return f"{local.day} {local:%B %Y}"


def _context(purchase: PackagePurchase) -> dict:
    tz = client_zone(purchase.client)
    return {
        "purchase": purchase,
        "credits": list(purchase.credits.select_related("service")),
        "practice": PracticeDetails.load(),
        "site_url": settings.SITE_URL,
        "purchase_url": settings.SITE_URL + purchase.get_absolute_url(),
        "expires": date_label(purchase.expires_at, tz) if purchase.expires_at else "",
        "refund_until": date_label(purchase.refund_until, tz) if purchase.refund_until else "",
        "admin_url": settings.SITE_URL
        + reverse("admin:packages_packagepurchase_change", args=[purchase.pk]),
    }


def purchase_paid_emails(purchase: PackagePurchase) -> None:
    """Her receipt and what her credits are; a note to the practitioner."""
    context = _context(purchase)
    outgoing_email_queue(
        key=f"package:{purchase.pk}:ready",
        to=purchase.client.email,
        recipient=purchase.client,
        subject="Your package of sessions is ready",
        template="emails/package_ready",
        context=context,
    )
    for practitioner in Practitioner.objects.filter(active=True).select_related("user"):
        outgoing_email_queue(
            key=f"package:{purchase.pk}:bought:{practitioner.pk}",
            to=practitioner.user.email,
            recipient=practitioner.user,
            subject="A client bought a package of sessions",
            template="emails/package_bought_practitioner",
            context=context,
        )


def credits_refunded_email(change: CreditChange) -> None:
    """Credits given back and their money on its way (by her, or by the practitioner)."""
    purchase = change.purchase
    lines = [{"count": abs(line["change"]), "name": line["name"]} for line in change.credits]
    context = _context(purchase) | {"change": change, "lines": lines}
    outgoing_email_queue(
        key=f"package:{purchase.pk}:refund:{change.pk}",
        to=purchase.client.email,
        recipient=purchase.client,
        subject=f"A refund from {context['practice'].name} is on its way",
        template="emails/package_refunded",
        context=context,
    )
