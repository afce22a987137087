"""Minor units to money: the kernel's one home for it (pages, e-mails, admin and CSV)."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from practice.money import minor_to_decimal, money, price_label


@pytest.mark.parametrize(
    ("amount", "decimal"),
    [(9500, "95.00"), (8550, "85.50"), (1, "0.01"), (0, "0.00"), (123456789, "1234567.89")],
)
def test_minor_units_become_an_exact_amount_with_two_places(amount, decimal):
    assert minor_to_decimal(amount) == Decimal(decimal)
    assert str(minor_to_decimal(amount)) == decimal


def test_no_amount_stays_no_amount():
    assert minor_to_decimal(None) is None
    assert money(None, "GBP") == ""


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (8500, "GBP", "£85"),
        (8550, "GBP", "£85.50"),
        (8550, "eur", "€85.50"),
        (150000, "USD", "$1,500"),
        (12000, "CHF", "120 CHF"),
    ],
)
def test_money_reads_as_people_write_prices(amount, currency, text):
    assert money(amount, currency) == text


def test_the_template_filter_is_the_kernels_money():
    rendered = Template("{% load practice_tags %}{{ amount|money:'GBP' }}").render(
        Context({"amount": 8550})
    )

    assert rendered == money(8550, "GBP") == "£85.50"


@pytest.mark.parametrize(("amount", "label"), [(0, "Free"), (9500, "£95"), (4750, "£47.50")])
def test_a_price_is_free_or_its_amount(amount, label):
    assert price_label(amount, "GBP") == label
