"""Demo data for `manage.py seed_demo`: the "RTT journey" package (an RTT session and a
follow-up hypnotherapy session at one price), on sale at /packages/.

Built on bookings/demo.py's services. Idempotent: running it again updates the package and
adds nothing twice.
"""

from datetime import datetime

from bookings.models import Service
from packages.models import Package, PackageItem
from practice.demo import row_seed

RTT_JOURNEY = {
    "name": "RTT journey",
    "description": (
        "An RTT session, then a follow-up session a few weeks later to talk through what has "
        "changed and build on it. Booked one at a time, whenever suits you."
    ),
    "price_amount": 32000,  # pence: £320, less than the two sessions booked on their own
    "price_currency": "GBP",
    "validity_months": 6,
    "refund_window_days": 14,
    "active": True,
    "order": 0,
}
CONTENTS = {"rtt-session": 1, "hypnotherapy": 1}


def seed(*, now: datetime, stdout) -> None:
    package, _, _ = row_seed(Package, slug="rtt-journey", values=RTT_JOURNEY)
    for slug, quantity in CONTENTS.items():
        service = Service.objects.get(slug=slug)
        row_seed(PackageItem, package=package, service=service, values={"quantity": quantity})
    stdout.write("Packages: the RTT journey package is on sale at /packages/.")
