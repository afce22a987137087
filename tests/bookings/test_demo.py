"""seed_demo's booking part: a practitioner with hours, three services, a few bookings."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from bookings import demo
from bookings.models import Booking, Practitioner, Service, WorkingHours
from bookings.selectors import offered_slots
from practice import demo as practice_demo
from practice.demo import read_document

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_seed_demo_sets_up_a_bookable_practice_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    practitioner = Practitioner.objects.get(user__email="anna@quietharbour.example")
    assert practitioner.time_zone == "Europe/London"
    assert WorkingHours.objects.filter(practitioner=practitioner).count() == 11
    services = {s.slug: s for s in Service.objects.all()}
    assert set(services) == {"discovery-call", "hypnotherapy", "rtt-session"}
    call, hypno, rtt = services["discovery-call"], services["hypnotherapy"], services["rtt-session"]
    assert (call.is_free, call.duration_minutes, call.needs_screening) == (True, 20, False)
    assert (hypno.price_amount, hypno.duration_minutes, hypno.needs_screening) == (9500, 60, True)
    assert (rtt.price_amount, rtt.duration_minutes, rtt.needs_screening) == (25000, 120, True)
    statuses = sorted(Booking.objects.values_list("status", flat=True))
    assert statuses == ["completed", "completed", "confirmed"]  # the RTT session: aftercare
    for service in services.values():
        assert offered_slots(service=service, now=timezone.now())


def test_seed_demo_loads_every_service_file_as_written():
    now = timezone.now()
    practice_demo.seed(now=now, stdout=io.StringIO())
    demo.seed(now=now, stdout=io.StringIO())
    files = sorted((demo.DATA / "services").glob("*.md"))

    assert Service.objects.count() == len(files) == 3
    for path in files:
        header, description = read_document(path)
        service = Service.objects.get(slug=header["slug"])
        assert (service.name, service.summary, service.description) == (
            header["name"],
            header["summary"],
            description,
        )
        assert (service.order, service.price_amount, service.is_free) == (
            header["order"],
            header["price_amount"],
            header["price_amount"] == 0,
        )
