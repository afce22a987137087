"""Sign-in and sign-up against strangers: rate limits per visitor, not per proxy or per account,
and no timing that tells whether an address has an account."""

import time

import pytest
from django.conf import global_settings
from django.test import Client

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"  # the reverse proxy: every request reaches the site from here
STRANGER = "203.0.113.9"
PRACTITIONER = "198.51.100.7"
LIMITED = "Too many failed login attempts"


def sign_in(email, password, *, address, via_proxy=False):
    """POST the login form from `address` (straight, or as our proxy reports it)."""
    client = Client()
    if via_proxy:
        where = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": address}
    else:
        where = {"REMOTE_ADDR": address}
    response = client.post("/accounts/login/", {"login": email, "password": password}, **where)
    return response, client


def test_one_address_failing_to_sign_in_does_not_lock_others_behind_the_proxy(
    client_user, password
):
    for number in range(10):  # allauth allows 10 failures a minute from one address
        sign_in(f"guess{number}@example.com", "wrong", address=STRANGER, via_proxy=True)

    stranger, _ = sign_in(client_user.email, password, address=STRANGER, via_proxy=True)
    response, client = sign_in(client_user.email, password, address=PRACTITIONER, via_proxy=True)

    assert LIMITED in stranger.content.decode()
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(client_user.pk)


def test_a_strangers_wrong_passwords_do_not_lock_the_practitioner_out(staff_user, password):
    answers = [
        sign_in(staff_user.email, "wrong", address=STRANGER)[0].content.decode() for _ in range(6)
    ]

    response, client = sign_in(staff_user.email, password, address=PRACTITIONER)

    # The stranger is stopped after five tries at this account...
    assert LIMITED not in answers[4]
    assert LIMITED in answers[5]
    # ...but she, from her own address, signs in.
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_signing_up_with_a_known_address_takes_as_long_as_with_a_new_one(settings, make_user):
    # Each known address once: a second code to one address within 3 minutes is refused.
    accounts = [make_user(f"member{number}@example.com") for number in range(10)]
    # The tests' fast hasher would hide a password hashed on one path only: measure with the
    # production one.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS

    def seconds_to_sign_up(email):
        form = {"name": "Hetty", "email": email}
        started = time.perf_counter()
        response = Client().post("/accounts/signup/", form)
        elapsed = time.perf_counter() - started
        assert response["Location"] == "/accounts/code/"  # the same answer for both
        return elapsed

    known, new = [], []
    for number, account in enumerate(accounts):  # alternating: a busy machine slows both alike
        known.append(seconds_to_sign_up(account.email))
        new.append(seconds_to_sign_up(f"newcomer{number}@example.com"))

    # Each path's own cost is its quickest run (a busy machine only ever adds time). No step
    # as slow as a password hash (a third of a second or more with the production hasher) may
    # run on one path only. The few milliseconds of a new account's database writes remain,
    # and the "confirm_email" limit lets a stranger time each address only once every three
    # minutes.
    known_cost, new_cost = min(known), min(new)
    assert abs(new_cost - known_cost) < 0.1, f"new {new_cost:.3f}s, known {known_cost:.3f}s"
