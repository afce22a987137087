"""seed_demo's gift voucher: the demo client was given one, paid and delivered, its code
printed; seeding again changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_the_demo_client_has_a_voucher_to_use_and_seeding_again_keeps_it():
    from practice.demo import CLIENT_EMAIL
    from vouchers.models import Voucher

    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=io.StringIO())

    voucher = Voucher.objects.get()
    assert voucher.recipient_email == CLIENT_EMAIL
    assert voucher.is_paid
    assert voucher.delivered_at is not None
    assert voucher.balance == voucher.initial_amount == 6000
    assert voucher.code_shown in out.getvalue()
