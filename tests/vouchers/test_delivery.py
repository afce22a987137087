"""Delivering a gift voucher: on the buyer's day, at 08:00 in her zone (across a DST change),
once however many workers run; and its e-mails, which never name a service in the subject.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.email_parts import html_of, look_problems
from tests.races import race

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def due_voucher(make_voucher):
    """A paid voucher to go out on `day` in `zone` (not delivered yet)."""
    from vouchers.delivery import delivery_moment

    def make(*, day: date, zone: str, **fields):
        fields.setdefault("paid_at", datetime(2027, 3, 1, 12, 0, tzinfo=UTC))
        return make_voucher(
            deliver_on=day,
            deliver_at=delivery_moment(day=day, zone=zone),
            buyer_time_zone=zone,
            delivered_at=None,
            **fields,
        )

    return make


def to_ruth(mailoutbox):
    return [message for message in mailoutbox if message.to == ["ruth@example.com"]]


# The day the clocks go forward, in London (at 01:00 UTC) and New York (at 07:00 UTC): 08:00
# that morning is 07:00 UTC in London (08:00 UTC the day before), 12:00 UTC in New York.
@pytest.mark.parametrize(
    ("zone", "day", "eight"),
    [
        ("Europe/London", date(2027, 3, 28), datetime(2027, 3, 28, 7, 0, tzinfo=UTC)),
        ("America/New_York", date(2027, 3, 14), datetime(2027, 3, 14, 12, 0, tzinfo=UTC)),
    ],
)
def test_it_goes_out_at_eight_in_the_morning_of_her_day_across_a_dst_change(
    due_voucher, run_worker, mailoutbox, zone, day, eight
):
    from vouchers.delivery import vouchers_deliver_due

    voucher = due_voucher(day=day, zone=zone)
    local = eight.astimezone(ZoneInfo(zone))
    assert (local.date(), local.hour, local.minute) == (day, 8, 0)
    day_before = (eight - timedelta(days=1)).astimezone(ZoneInfo(zone))
    assert day_before.hour == 7  # the same UTC time was 07:00 there the day before

    assert vouchers_deliver_due(now=eight - timedelta(minutes=1)) == 0  # 07:59 there
    run_worker()
    assert to_ruth(mailoutbox) == []

    assert vouchers_deliver_due(now=eight) == 1  # 08:00 there
    assert vouchers_deliver_due(now=eight + timedelta(minutes=1)) == 0  # the worker again
    run_worker()
    run_worker()

    [sent] = to_ruth(mailoutbox)
    voucher.refresh_from_db()
    assert voucher.delivered_at == eight.astimezone(UTC)
    assert voucher.code_shown in sent.body


def test_two_workers_at_once_send_it_once(due_voucher, run_worker, mailoutbox):
    from vouchers.delivery import vouchers_deliver_due

    due_voucher(day=date(2027, 3, 28), zone="Europe/London")
    now = datetime(2027, 3, 28, 9, 0, tzinfo=UTC)
    sent = race(lambda _index: vouchers_deliver_due(now=now), 2)
    run_worker()

    assert sorted(sent) == [0, 1]
    assert len(to_ruth(mailoutbox)) == 1


def test_an_unpaid_voucher_never_goes_out(due_voucher, run_worker, mailoutbox):
    from vouchers.delivery import vouchers_deliver_due

    due_voucher(day=date(2027, 3, 28), zone="Europe/London", paid=False)

    assert vouchers_deliver_due(now=datetime(2027, 4, 1, tzinfo=UTC)) == 0


def test_the_recipient_s_e_mail_has_the_code_the_message_the_expiry_and_how_to_use_it(
    due_voucher, run_worker, mailoutbox, service
):
    from django.conf import settings

    from vouchers.delivery import vouchers_deliver_due

    voucher = due_voucher(
        day=date(2027, 3, 28),
        zone="Europe/London",
        kind="service",
        service=service,
        service_name=service.name,
        amount=9500,
        message='See you soon <script>alert("x")</script>\nLove, Hetty',
    )
    vouchers_deliver_due(now=datetime(2027, 3, 28, 7, 0, tzinfo=UTC))
    run_worker()

    [sent] = to_ruth(mailoutbox)
    assert sent.subject == "Hetty Marsh has sent you a gift voucher"
    for text in (sent.body, html_of(sent)):
        assert voucher.code_shown in text  # ABCD-EFGH-JKMN
        assert "£95" in text
        assert "Hypnotherapy session" in text  # in the body, never the subject
        assert "1 March 2028" in text  # valid until: a year from the day it was bought
        assert "Have a gift voucher?" in text
        assert f"{settings.SITE_URL}/book/" in text
    assert "See you soon <script>" in sent.body  # plain text stays plain
    assert "&lt;script&gt;" in html_of(sent)
    assert "<script>" not in html_of(sent)
    assert look_problems(sent) == []


def test_no_voucher_e_mail_names_a_service_in_its_subject(
    client,
    stripe_settings,
    practice_details,
    checkout_api,
    make_service,
    deliver,
    make_event,
    session_of,
    run_worker,
    mailoutbox,
):
    """Every e-mail a voucher sends (receipt, delivery, resent), for a voucher of each service
    bought through the site and paid: no subject names any service."""
    from bookings.models import Service
    from payments.models import Payment
    from vouchers.delivery import voucher_delivery_resend, vouchers_deliver_due
    from vouchers.models import Voucher

    make_service("rtt", name="Rapid Transformational Therapy", price_amount=25000)
    make_service("anxiety", name="Anxiety relief hypnotherapy", price_amount=9500)
    now = datetime.now(UTC)
    for service in Service.objects.filter(price_amount__gt=0):
        client.post(
            "/vouchers/",
            {
                "kind": "service",
                "service": str(service.pk),
                "buyer_name": "Hetty Marsh",
                "buyer_email": "hetty@example.com",
                "recipient_name": "Ruth Marsh",
                "recipient_email": "ruth@example.com",
                "deliver_on": now.astimezone(ZoneInfo("Pacific/Kiritimati")).date().isoformat(),
                "tz": "Pacific/Kiritimati",
            },
        )
    for payment in Payment.objects.all():
        deliver(make_event("checkout.session.completed", session_of(payment)))
    vouchers_deliver_due(now=now + timedelta(days=2))  # its day's 08:00 has come
    for voucher in Voucher.objects.all():
        voucher_delivery_resend(voucher=voucher, now=now)
    run_worker()

    names = [name.lower() for name in Service.objects.values_list("name", flat=True)]
    subjects = [message.subject.lower() for message in mailoutbox]
    assert len(subjects) == 3 * Voucher.objects.count() == 6
    for subject in subjects:
        for name in names:
            assert name not in subject
        for word in ("therapy", "hypno", "anxiety", "rtt", "session"):
            assert word not in subject


def test_the_practitioner_can_send_it_again_with_the_balance_as_it_is_now(
    make_voucher, run_worker, mailoutbox, now
):
    from vouchers.delivery import voucher_delivery_resend

    voucher = make_voucher(amount=5000, balance=1200)

    assert voucher_delivery_resend(voucher=voucher, now=now)
    assert voucher_delivery_resend(voucher=voucher, now=now)
    run_worker()

    sent = to_ruth(mailoutbox)
    assert len(sent) == 2
    assert all("Worth: £12" in message.body for message in sent)


def test_sending_again_a_voucher_not_delivered_yet_delivers_it(due_voucher, now):
    from vouchers.delivery import voucher_delivery_resend, vouchers_deliver_due

    voucher = due_voucher(day=date(2027, 3, 28), zone="Europe/London")

    assert voucher_delivery_resend(voucher=voucher, now=now)
    voucher.refresh_from_db()
    assert voucher.delivered_at == now
    assert vouchers_deliver_due(now=now + timedelta(days=400)) == 0
