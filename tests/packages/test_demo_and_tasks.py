"""`make run`'s demo package, and the periodic job that gives back the credits of holds that
ran out (run through the real task queue, as the scheduler runs it)."""

import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_the_demo_has_the_rtt_journey_on_sale_once(client):
    from packages.models import Package

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    package = Package.objects.get()
    assert (package.name, package.active, package.validity_months) == ("RTT journey", True, 6)
    assert sorted((item.service.slug, item.quantity) for item in package.items.all()) == [
        ("hypnotherapy", 1),
        ("rtt-session", 1),
    ]
    assert client.get("/packages/rtt-journey/").status_code == 200


def test_the_release_job_runs_every_minute():
    assert ("packages.tasks.release_ended_reservations", 60) in settings.PERIODIC_TASKS


@pytest.mark.django_db(transaction=True)
def test_the_release_job_gives_back_the_credit_of_a_hold_that_ran_out(
    client_user, package_journey, package_paid, package_hold, package_credit, service, run_worker
):
    from packages.models import CreditUse
    from packages.tasks import release_ended_reservations
    from tests.factories import clock

    purchase = package_paid(client_user, package_journey)
    # Held 40 minutes ago: its 30 minutes are over.
    held = package_hold(client_user, service, at=clock() - timedelta(minutes=40))

    release_ended_reservations.enqueue()
    run_worker()

    assert CreditUse.objects.get(booking=held).state == "released"
    assert package_credit(purchase, service).left == 1
