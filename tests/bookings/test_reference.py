"""Booking references: unguessable, and only letters and digits."""

import re

from bookings.models import new_reference


def test_references_are_sixteen_letters_or_digits_and_never_repeat():
    references = [new_reference() for _ in range(2000)]

    assert all(re.fullmatch(r"[A-Za-z0-9]{16}", reference) for reference in references)
    assert len(set(references)) == len(references)
