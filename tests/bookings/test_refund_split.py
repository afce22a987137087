"""Sharing a cancellation's refund between the money paid and what a credit or a voucher covered
(bookings.policy.refund_split): pure, table-driven and property-based, no database.

The properties draw new cases each run from the run's seed (tests/conftest.py prints it;
--hypothesis-seed=N draws the same ones again).
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bookings.policy import RefundSplit, refund_split

# Explicitly not derandomised: with CI set, Hypothesis' default profile is its derandomised one.
PROPERTIES = settings(derandomize=False, max_examples=300, deadline=None, database=None)

prices = st.integers(min_value=1, max_value=10_000_000)  # up to £100,000 in pence


@st.composite
def cases(draw):
    """A price, what covered part of it (up to all of it, or past it), and a refund of at most
    the price (the policy refunds a percentage of what was paid)."""
    price = draw(prices)
    covered = draw(st.integers(min_value=0, max_value=price * 2))
    refund = draw(st.integers(min_value=0, max_value=price))
    return price, covered, refund


@pytest.fixture(scope="module", autouse=True)
def _fresh_cache():
    """Pure code: no cache to clear (overrides the project-wide fixture)."""
    return


@pytest.mark.parametrize(
    ("refund", "price", "covered", "expected"),
    [
        (9500, 9500, 0, RefundSplit(money=9500, covered=0)),  # paid all in money
        (9500, 9500, 5000, RefundSplit(money=4500, covered=5000)),  # all back, shared
        (4750, 9500, 5000, RefundSplit(money=2250, covered=2500)),  # half back, shared
        (9500, 9500, 9500, RefundSplit(money=0, covered=9500)),  # a package credit
        (0, 9500, 5000, RefundSplit(money=0, covered=0)),  # too late: nothing back
        (100, 300, 100, RefundSplit(money=67, covered=33)),  # the covered share rounds down
        (500, 0, 0, RefundSplit(money=500, covered=0)),  # a free session
    ],
)
def test_refund_split_examples(refund, price, covered, expected):
    assert refund_split(refund=refund, price=price, covered=covered) == expected


@PROPERTIES
@given(case=cases())
def test_the_two_shares_always_add_up_to_the_refund_and_are_never_negative(case):
    price, covered, refund = case

    split = refund_split(refund=refund, price=price, covered=covered)

    assert split.money + split.covered == refund
    assert split.money >= 0
    assert split.covered >= 0


@PROPERTIES
@given(case=cases())
def test_the_covered_share_is_at_most_its_proportion_of_the_refund(case):
    price, covered, refund = case

    split = refund_split(refund=refund, price=price, covered=covered)

    part = min(covered, price)
    # covered / refund <= part / price, in whole numbers (rounded down, never up).
    assert split.covered * price <= refund * part
    # ... and short of it by less than one penny.
    assert refund * part - split.covered * price < price
    assert split.covered <= part


@PROPERTIES
@given(case=cases())
def test_the_money_share_is_at_most_what_was_paid_in_money(case):
    price, covered, refund = case

    split = refund_split(refund=refund, price=price, covered=covered)

    assert split.money <= price - min(covered, price)


@PROPERTIES
@given(price=prices, extra=st.integers(min_value=0, max_value=10_000), data=st.data())
def test_a_price_covered_whole_gives_no_money_back(price, extra, data):
    refund = data.draw(st.integers(min_value=0, max_value=price))

    split = refund_split(refund=refund, price=price, covered=price + extra)

    assert split == RefundSplit(money=0, covered=refund)


@PROPERTIES
@given(price=prices, data=st.data())
def test_nothing_covered_gives_it_all_back_as_money(price, data):
    refund = data.draw(st.integers(min_value=0, max_value=price))

    assert refund_split(refund=refund, price=price, covered=0) == RefundSplit(
        money=refund, covered=0
    )
