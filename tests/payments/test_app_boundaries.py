"""Payments is an app of its own: the apps below it never import it, its addresses stay the same.

bookings (and clients and the kernel below it) learn about payments only through what payments
registers from its AppConfig.ready(): the cancellation refund, the hold a client is paying for,
the return from Checkout (bookings/hooks.py).
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import resolve, reverse
from django.utils.module_loading import import_string

ROOT = Path(__file__).resolve().parents[2]
BELOW_PAYMENTS = ("practice", "clients", "bookings", "blog")
# Project configuration sits above every app even though it lives in practice/.
PROJECT_CONFIG = {"practice/settings.py", "practice/settings_test.py", "practice/urls.py"}
# The practitioner's dashboard reads takings; it is moving to the workplace app (above payments)
# in this same piece of work.
MOVING_ABOVE_PAYMENTS = {"bookings/dashboard.py"}

REFERENCE = "Ab12Cd34Ef56Gh78"


def payments_imports(path: Path) -> list[str]:
    """Every import of the payments app or of Stripe's library in `path`, at any depth."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [name for name in names if name.split(".")[0] in ("payments", "stripe")]
    return found


def test_no_app_below_payments_imports_it_or_talks_to_stripe():
    upward = {}
    for package in BELOW_PAYMENTS:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if "/migrations/" in name or name in PROJECT_CONFIG | MOVING_ABOVE_PAYMENTS:
                continue
            if imports := payments_imports(path):
                upward[name] = imports

    assert upward == {}


def test_payments_plugs_into_bookings_from_its_app_config():
    from bookings import hooks
    from payments.checkout import checkout_in_progress
    from payments.refunds import cancellation_refund
    from payments.views.checkout_return import checkout_return_page

    assert cancellation_refund in hooks.cancellation_hooks
    assert checkout_in_progress in hooks.hold_keepers
    assert checkout_return_page in hooks.booking_page_hooks


@pytest.mark.parametrize(
    ("name", "kwargs", "path", "view"),
    [
        ("payments:pay", {"reference": REFERENCE}, f"/bookings/{REFERENCE}/pay/", "pay"),
        (
            "payments:payment-status",
            {"reference": REFERENCE},
            f"/bookings/{REFERENCE}/payment-status/",
            "payment_status",
        ),
        (
            "payments:test-payment",
            {"reference": REFERENCE},
            f"/bookings/{REFERENCE}/test-payment/",
            "test_payment",
        ),
        ("payments:stripe-webhook", {}, "/stripe/webhook/", "stripe_webhook"),
    ],
)
def test_every_payment_address_is_where_it_was(name, kwargs, path, view):
    assert reverse(name, kwargs=kwargs) == path
    match = resolve(path)
    assert match.view_name == name
    assert match.func.__module__.startswith("payments.views.")
    assert match.func.__name__ == view


def test_checkout_returns_to_the_booking_page_bookings_owns():
    path = f"/bookings/{REFERENCE}/"

    assert reverse("bookings:booking-detail", kwargs={"reference": REFERENCE}) == path
    assert resolve(path).view_name == "bookings:booking-detail"


@pytest.mark.django_db
def test_old_admin_links_to_a_refund_lead_to_its_new_page(client, staff_user, paid_payment, now):
    from bookings.services import booking_cancel
    from payments.models import Refund

    booking_cancel(booking=paid_payment.booking, by="practitioner", now=now)
    refund = Refund.objects.get()
    client.force_login(staff_user)

    old = client.get(f"/admin/bookings/refund/{refund.pk}/change/?_changelist_filters=x")
    new = client.get(old["Location"])

    assert old.status_code == 301
    assert old["Location"] == f"/admin/payments/refund/{refund.pk}/change/?_changelist_filters=x"
    assert new.status_code == 200
    assert "Cancelled by the practitioner" in new.content.decode()
    assert client.get("/admin/bookings/booking/").status_code == 200


def test_the_payment_jobs_are_scheduled_under_their_new_names():
    from payments import refunds, tasks

    scheduled = dict(settings.PERIODIC_TASKS)

    assert scheduled["payments.tasks.retry_pending_refunds"] <= 600
    assert scheduled["payments.tasks.reconcile_recent"] <= 3600
    assert import_string("payments.tasks.retry_pending_refunds") is tasks.retry_pending_refunds
    assert import_string("payments.tasks.reconcile_recent") is tasks.reconcile_recent
    assert refunds.send_refund.module_path == "payments.refunds.send_refund"
