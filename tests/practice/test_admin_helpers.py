"""One read-only admin, one read-only inline and one money column, in the kernel, used by every
app's admin for the records only the site writes (consent, screening, the access log, e-mails,
payments, refunds, Stripe's events)."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from practice.admin_helpers import ReadOnlyAdmin, ReadOnlyInline, SingletonAdmin, money_column

pytestmark = pytest.mark.django_db


def test_every_record_only_the_site_writes_has_the_one_read_only_admin():
    from clients.models import AccessLog, ConsentRecord, Screening
    from payments.models import Payment, Refund, StripeEvent
    from practice.models import OutgoingEmail

    for model in (AccessLog, ConsentRecord, Screening, OutgoingEmail, Payment, Refund, StripeEvent):
        assert isinstance(admin.site._registry[model], ReadOnlyAdmin), model.__name__


def test_every_inline_of_such_records_is_the_one_read_only_inline():
    from bookings.client_admin import ClientBookingInline
    from clients.admin import ClientConsentInline
    from payments.admin import PaymentInline, RefundInline

    for inline in (ClientBookingInline, ClientConsentInline, PaymentInline, RefundInline):
        assert issubclass(inline, ReadOnlyInline), inline.__name__


def test_staff_may_read_but_never_add_change_or_delete_them(staff_user):
    from payments.models import Payment

    request = RequestFactory().get("/")
    request.user = staff_user
    payment_admin = admin.site._registry[Payment]
    [inline] = [inline(Payment, admin.site) for inline in payment_admin.inlines]

    assert payment_admin.has_view_permission(request)
    assert not payment_admin.has_add_permission(request)
    assert not payment_admin.has_change_permission(request)
    assert not payment_admin.has_delete_permission(request)
    assert not inline.has_add_permission(request, None)
    assert not inline.has_change_permission(request)
    assert not inline.can_delete
    # Computed columns too (the amounts), which no form could edit.
    assert inline.get_readonly_fields(request) == inline.fields


class Row:
    def __init__(self, amount, currency="GBP"):
        self.amount, self.currency = amount, currency


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [(9500, "GBP", "£95"), (8550, "EUR", "€85.50"), (0, "GBP", "£0"), (None, "GBP", "")],
)
def test_a_money_column_shows_minor_units_as_she_reads_them(amount, currency, shown):
    column = money_column("amount", "currency", description="amount")

    assert column(None, Row(amount, currency)) == shown
    assert column.short_description == "amount"


@pytest.mark.parametrize("model_path", ["practice.PracticeDetails", "bookings.CancellationPolicy"])
def test_a_model_with_one_row_is_edited_never_added_twice_nor_deleted(
    staff_user, practice_details, model_path
):
    from django.apps import apps

    model = apps.get_model(model_path)
    row = model.objects.first() or model.objects.create()
    request = RequestFactory().get("/")
    request.user = staff_user
    model_admin = admin.site._registry[model]

    assert isinstance(model_admin, SingletonAdmin)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_delete_permission(request, row)
    row.delete()
    assert model_admin.has_add_permission(request)
