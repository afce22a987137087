"""The practitioner's side: defining packages (price in pounds, sessions inline), seeing each
client's packages and credits, adding and refunding credits (logged in the admin history),
all through the Practitioner group's permissions."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse

from workplace.roles import PRACTITIONER_GROUP

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def anna(practitioner, client):
    """Anna, staff but not a superuser, in the Practitioner group, signed in to the admin."""
    user = practitioner.user
    user.is_superuser = False
    user.save()
    user.groups.add(Group.objects.get(name=PRACTITIONER_GROUP))
    client.force_login(user)
    return client


@pytest.fixture
def journey(client_user, package_journey, package_paid):
    return package_paid(client_user, package_journey)


def purchase_url(purchase, action=""):
    if action:
        return reverse(f"admin:packages_packagepurchase_{action}", args=[purchase.pk])
    return reverse("admin:packages_packagepurchase_change", args=[purchase.pk])


def test_she_defines_a_package_with_its_sessions_and_a_price_in_pounds(anna, package_rtt, service):
    from packages.models import Package

    response = anna.post(
        reverse("admin:packages_package_add"),
        {
            "name": "Three sessions",
            "slug": "three-sessions",
            "description": "Three hypnotherapy sessions, booked when you like.",
            "price": "250.50",
            "price_currency": "GBP",
            "validity_months": "4",
            "refund_window_days": "14",
            "terms": "Unused credits refundable pro rata within 14 days.",
            "active": "on",
            "order": "0",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-service": str(service.pk),
            "items-0-quantity": "3",
        },
    )

    assert response.status_code == 302, text(response)
    package = Package.objects.get(slug="three-sessions")
    assert (package.price_amount, package.validity_months) == (25050, 4)
    assert [(item.service, item.quantity) for item in package.items.all()] == [(service, 3)]
    listing = text(anna.get(reverse("admin:packages_package_changelist")))
    assert "£250.50" in listing
    assert "3\u00d7 Hypnotherapy session" in listing


def test_a_new_package_starts_with_the_default_terms(anna):
    page = text(anna.get(reverse("admin:packages_package_add")))

    assert "Within 14 days of buying, you can give back the credits" in page
    assert 'value="6"' in anna.get(reverse("admin:packages_package_add")).content.decode()


def test_a_package_without_sessions_is_refused_with_a_message(anna):
    from packages.models import Package

    response = anna.post(
        reverse("admin:packages_package_add"),
        {
            "name": "Empty",
            "slug": "empty",
            "description": "Nothing",
            "price": "10",
            "price_currency": "GBP",
            "validity_months": "6",
            "refund_window_days": "14",
            "terms": "x",
            "order": "0",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "A package needs at least one session." in text(response)
    assert not Package.objects.exists()


def test_her_client_page_lists_the_clients_packages_with_credits_and_expiry(
    anna, journey, client_user
):
    page = text(anna.get(reverse("admin:clients_user_change", args=[client_user.pk])))

    assert "Packages" in page
    assert "RTT journey" in page
    assert "1 of 1 RTT session, 1 of 1 Hypnotherapy session" in page
    assert f"{journey.expires_at.year}" in page


def test_the_purchase_page_shows_credits_left_and_the_sessions_they_paid(
    anna, journey, client_user, service, package_hold
):
    package_hold(client_user, service)

    page = text(anna.get(purchase_url(journey)))

    assert "1 of 1 RTT session, 0 of 1 Hypnotherapy session" in page
    assert "Reserved by a hold" in page
    assert "Add credits" in page
    assert "£300 of the £300 paid can still be refunded" in page


def test_she_adds_credits_and_it_is_logged(anna, journey, service, package_credit):
    response = anna.post(
        purchase_url(journey, "add_credits"),
        {"service": service.pk, "count": "2", "note": "A session moved at my request"},
    )

    assert response.status_code == 302
    assert package_credit(journey, service).left == 3
    entry = LogEntry.objects.get(object_id=str(journey.pk))
    assert entry.get_change_message() == (
        "2 Hypnotherapy session credits added (A session moved at my request)"
    )
    assert "2 Hypnotherapy session credits added" in text(anna.get(purchase_url(journey)))


def test_she_refunds_credits_pro_rata_and_it_is_logged(anna, journey, package_rtt, package_credit):
    from payments.models import Refund

    response = anna.post(
        purchase_url(journey, "refund"),
        {"service": package_rtt.pk, "count": "1", "how": "pro_rata", "note": ""},
    )

    assert response.status_code == 302
    assert package_credit(journey, package_rtt).total == 0
    refund = Refund.objects.get()
    assert (refund.amount, refund.reason) == (21739, "package_credits")
    assert LogEntry.objects.get(object_id=str(journey.pk)).get_change_message() == (
        "1 RTT session credit given back; £217.39 refunded"
    )


def test_she_refunds_an_amount_she_types(anna, journey):
    from payments.models import Refund

    response = anna.post(
        purchase_url(journey, "refund"),
        {"service": "", "count": "0", "how": "amount", "amount": "40", "note": "Goodwill"},
    )

    assert response.status_code == 302
    assert Refund.objects.get().amount == 4000


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"count": "0", "how": "amount", "amount": "301"}, "At most £300 can be refunded"),
        ({"count": "5", "how": "pro_rata", "service": "rtt"}, "please take back at most 1"),
        ({"count": "1", "how": "pro_rata"}, "Choose the session whose credits you take back"),
        ({"count": "0", "how": "pro_rata"}, "Take back at least one credit"),
        ({"count": "0", "how": "amount", "amount": ""}, "Type the amount to refund"),
        ({"count": "many", "how": "pro_rata"}, "Enter a whole number"),
        ({"count": "0", "how": "amount", "amount": "ten"}, "Enter a number"),
        ({"count": "0", "how": "amount", "amount": "-5"}, "greater than or equal to 0"),
    ],
)
def test_a_refund_she_cannot_make_is_refused_with_a_message_and_nothing_changes(
    anna, journey, package_rtt, fields, message
):
    from payments.models import Refund

    if fields.get("service") == "rtt":
        fields["service"] = package_rtt.pk
    response = anna.post(purchase_url(journey, "refund"), {"note": "", **fields})

    assert response.status_code == 200
    assert message in text(response)
    assert not Refund.objects.exists()
    assert not LogEntry.objects.exists()


def test_adding_nothing_is_refused_with_a_message(anna, journey, service):
    response = anna.post(purchase_url(journey, "add_credits"), {"service": service.pk, "count": ""})

    assert response.status_code == 200
    assert "This field is required" in text(response)


def test_a_pending_purchase_has_no_credit_forms(anna, client_user, package_journey, now):
    from packages.purchases import purchase_start

    pending = purchase_start(client=client_user, package=package_journey, now=now)

    assert anna.get(purchase_url(pending, "add_credits")).status_code == 404
    assert "once it is paid" in text(anna.get(purchase_url(pending)))


def test_staff_without_the_right_to_change_purchases_cannot_adjust(client, make_user, journey):
    from django.contrib.auth.models import Permission

    reader = make_user("reader@example.com", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_packagepurchase"))
    client.force_login(reader)

    assert client.get(purchase_url(journey)).status_code == 200
    assert client.get(purchase_url(journey, "add_credits")).status_code == 403
    assert client.post(purchase_url(journey, "refund"), {"count": "1"}).status_code == 403


def test_the_practitioner_group_holds_the_packages_permissions():
    group = Group.objects.get(name=PRACTITIONER_GROUP)
    codenames = set(
        group.permissions.filter(content_type__app_label="packages").values_list(
            "codename", flat=True
        )
    )

    assert {
        "add_package",
        "change_package",
        "delete_package",
        "view_package",
        "change_packagepurchase",
        "view_packagepurchase",
        "view_credit",
    } <= codenames
    assert "delete_packagepurchase" not in codenames
    assert "change_credit" not in codenames
