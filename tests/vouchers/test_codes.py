"""Codes: unguessable, free of look-alike characters, grouped for reading, and found however
they are typed. Property tests draw new cases each run from the run's seed."""

import math
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vouchers.codes import (
    CODE_ALPHABET,
    CODE_LENGTH,
    code_display,
    code_new,
    code_normalise,
)

settings.register_profile(
    "voucher-codes",
    derandomize=False,
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
CODES = settings.get_profile("voucher-codes")

# Pairs people mix up on a screen, in handwriting or read aloud.
LOOK_ALIKES = "0OQ1IL5S2Z8B6GUV"

codes = st.text(alphabet=CODE_ALPHABET, min_size=CODE_LENGTH, max_size=CODE_LENGTH)


def test_no_code_has_a_character_that_looks_like_another():
    assert not set(LOOK_ALIKES) & set(CODE_ALPHABET)
    assert set(CODE_ALPHABET) <= set(string.ascii_uppercase + string.digits)


def test_a_code_carries_enough_chance_to_be_unguessable():
    assert CODE_LENGTH * math.log2(len(CODE_ALPHABET)) > 50


def test_new_codes_are_random_and_of_the_alphabet():
    made = {code_new() for _ in range(2000)}

    assert len(made) == 2000
    assert all(len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET) for code in made)
    # Every character turns up: the draw is over the whole alphabet.
    assert set("".join(made)) == set(CODE_ALPHABET)


@settings(CODES)
@given(codes)
def test_a_code_is_shown_in_groups_of_four_and_read_back_the_same(code):
    shown = code_display(code)

    assert shown.count("-") == 2
    assert [len(group) for group in shown.split("-")] == [4, 4, 4]
    assert code_normalise(shown) == code


@settings(CODES)
@given(
    codes,
    st.lists(st.sampled_from([" ", "-", "\u2013", "\u00a0", "  ", "\t"]), max_size=12),
    st.lists(st.booleans(), min_size=CODE_LENGTH, max_size=CODE_LENGTH),
    st.randoms(use_true_random=False),
)
def test_however_it_is_typed_case_spaces_and_hyphens_it_is_the_same_code(
    code, separators, lower, random
):
    typed = [c.lower() if low else c for c, low in zip(code, lower, strict=True)]
    for separator in separators:
        typed.insert(random.randrange(len(typed) + 1), separator)

    assert code_normalise("".join(typed)) == code


@settings(CODES)
@given(codes, st.sampled_from(sorted(set(LOOK_ALIKES))), st.integers(0, CODE_LENGTH - 1))
def test_a_look_alike_character_is_never_part_of_a_code(code, look_alike, where):
    typed = code[:where] + look_alike + code[where + 1 :]

    assert code_normalise(typed) is None


@settings(CODES)
@given(st.text(max_size=60))
def test_anything_typed_is_a_code_of_the_alphabet_or_nothing(typed):
    code = code_normalise(typed)

    assert code is None or (len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET))


def test_too_short_too_long_or_not_text_is_no_code():
    assert code_normalise("ACDE-FHJK-MNP") is None
    assert code_normalise("ACDE-FHJK-MNPRT") is None
    assert code_normalise("A" * 12 + " " * 40) is None
    assert code_normalise(None) is None
