"""The kernel's tests use the project-wide fixtures (tests/conftest.py), and for confirming a
paid booking through the domain, the payment record bookings' tests use."""

from tests.bookings.conftest import record_payment  # noqa: F401 (pytest finds fixtures by name)
