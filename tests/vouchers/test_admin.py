"""The practitioner's view of gift vouchers: each with its code, recipient, amounts, what it
paid for and until when it lasts; nothing to edit but sending it to its recipient again."""

from html import unescape

import pytest
from django.contrib.auth.models import Group

from workplace.roles import PRACTITIONER_GROUP

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def anna(make_user, practitioner):
    """Anna as she runs the site: staff in the Practitioner group, not a superuser."""
    user = practitioner.user
    user.is_superuser = False
    user.save()
    user.groups.add(Group.objects.get(name=PRACTITIONER_GROUP))
    return user


@pytest.fixture
def used(make_voucher, hold, now):
    """A £150 voucher that paid £95 of Maya's session (confirmed)."""
    from bookings.services import booking_confirm
    from vouchers.redemption import voucher_apply

    voucher = make_voucher(amount=15000)
    booking = hold()
    voucher_apply(booking=booking, code=voucher.code, now=now)
    booking_confirm(booking=booking, now=now)
    return voucher, booking


def test_the_list_shows_code_recipient_amounts_redemptions_expiry_and_delivery(client, anna, used):
    voucher, _ = used
    client.force_login(anna)

    page = text(client.get("/admin/vouchers/voucher/"))

    assert voucher.code_shown in page
    assert "Ruth Marsh" in page
    assert "£150" in page  # bought for
    assert "£55" in page  # balance
    day = voucher.valid_until
    assert (
        f"{day:%b}. {day.day}, {day.year}" in page
        or day.isoformat() in page
        or (f"{day.day} {day:%B %Y}" in page)
    )
    assert ">15000<" not in page


def test_a_voucher_s_page_lists_what_it_paid_for_and_has_nothing_to_edit(client, anna, used):
    voucher, booking = used
    client.force_login(anna)

    response = client.get(f"/admin/vouchers/voucher/{voucher.pk}/change/")

    page = text(response).split('id="content"', 1)[1]  # the page, not the admin's menu
    assert response.status_code == 200
    assert booking.reference in page
    assert "£95" in page
    assert "Spent" in page
    assert 'name="recipient_email"' not in page
    assert 'name="_save"' not in page
    # Nothing about anyone's health is on it.
    for word in ("screening", "Screening", "health", "medication"):
        assert word not in page


def test_a_code_typed_as_read_out_finds_its_voucher(client, anna, make_voucher):
    voucher = make_voucher()
    other = make_voucher()
    client.force_login(anna)

    page = text(client.get("/admin/vouchers/voucher/", {"q": voucher.code_shown.lower()}))

    assert voucher.code_shown in page
    assert other.code_shown not in page


def test_she_can_send_a_voucher_to_its_recipient_again(client, anna, make_voucher):
    from practice.models import OutgoingEmail

    voucher = make_voucher()
    client.force_login(anna)

    response = client.post(
        "/admin/vouchers/voucher/",
        {"action": "resend_delivery", "_selected_action": [voucher.pk]},
        follow=True,
    )

    assert "1 voucher e-mail on the way." in text(response)
    [sent] = OutgoingEmail.objects.filter(key__startswith=f"voucher:{voucher.pk}:delivery")
    assert sent.to == "ruth@example.com"


def test_she_can_neither_add_nor_delete_a_voucher(client, anna, make_voucher):
    voucher = make_voucher()
    client.force_login(anna)

    assert client.get("/admin/vouchers/voucher/add/").status_code == 403
    assert client.get(f"/admin/vouchers/voucher/{voucher.pk}/delete/").status_code == 403
    before = voucher.recipient_email
    client.post(
        f"/admin/vouchers/voucher/{voucher.pk}/change/", {"recipient_email": "x@example.com"}
    )
    voucher.refresh_from_db()
    assert voucher.recipient_email == before


def test_a_booking_s_page_shows_the_voucher_that_paid_for_it(client, anna, used):
    voucher, booking = used
    client.force_login(anna)

    page = client.get(f"/admin/bookings/booking/{booking.pk}/change/")

    [inline] = [
        formset
        for formset in page.context["inline_admin_formsets"]
        if formset.opts.model._meta.label == "vouchers.Redemption"
    ]
    assert [form.instance.voucher for form in inline.formset.forms] == [voucher]
    assert voucher.code_shown in text(page)


def test_the_practitioner_group_reads_vouchers_and_their_redemptions():
    group = Group.objects.get(name=PRACTITIONER_GROUP)
    held = set(
        group.permissions.filter(content_type__app_label="vouchers").values_list(
            "codename", flat=True
        )
    )

    assert held == {"view_voucher", "change_voucher", "view_redemption"}
