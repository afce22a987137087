import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal import auth as totp
from django.core import mail

from clients.models import User

pytestmark = pytest.mark.django_db


def test_signup_asks_for_an_email_and_never_a_username(client):
    response = client.get("/accounts/signup/")

    html = response.content.decode()
    assert 'name="email"' in html
    assert 'name="username"' not in html


def test_signup_sends_a_code_and_the_code_verifies_on_the_same_site(client):
    response = client.post("/accounts/signup/", {"name": "Hetty", "email": "new@example.com"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/code/"

    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[0].body, re.MULTILINE).group(1)
    response = client.post("/accounts/code/", {"code": code})

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new@example.com").verified
    assert client.get("/accounts/email/").status_code == 200  # signed in


def test_an_unverified_client_cannot_sign_in(client, password):
    User.objects.create_user(email="unverified@example.com", password=password)

    response = client.post(
        "/accounts/login/", {"login": "unverified@example.com", "password": password}
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/code/"
    assert "_auth_user_id" not in client.session


def test_password_reset_does_not_reveal_whether_an_account_exists(client, client_user):
    known = client.post("/accounts/password/reset/", {"email": client_user.email})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_admin_sends_visitors_to_allauths_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")

    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_staff_reach_the_admin_after_signing_in_through_allauth(client, staff_user, password):
    client.post("/accounts/login/", {"login": staff_user.email, "password": password})

    assert client.get("/admin/").status_code == 200


def test_a_client_who_signs_in_is_refused_the_admin(client, client_user, password):
    client.post("/accounts/login/", {"login": client_user.email, "password": password})

    assert client.get("/admin/login/").status_code == 403


def test_wrong_password_ten_times_in_a_row_is_rate_limited(client, staff_user, password):
    answers = [
        client.post("/accounts/login/", {"login": staff_user.email, "password": "wrong"})
        for _ in range(10)
    ]
    # Even the right password is refused now: allauth counts failures per address.
    limited = client.post("/accounts/login/", {"login": staff_user.email, "password": password})

    assert all(answer.status_code == 200 for answer in answers)
    assert "Too many failed login attempts" in limited.content.decode()
    assert "_auth_user_id" not in client.session


def test_staff_can_set_up_totp_through_allauth_mfa(client, staff_user, password):
    client.post("/accounts/login/", {"login": staff_user.email, "password": password})
    # Setting up a second factor is sensitive: allauth asks for the password again first.
    assert client.get("/accounts/2fa/totp/activate/").status_code == 302
    client.post("/accounts/reauthenticate/", {"password": password})

    response = client.get("/accounts/2fa/totp/activate/")

    assert response.status_code == 200
    assert "Authenticator secret" in response.content.decode()
    assert "data:image/svg+xml" in response.content.decode()  # the QR code


def test_in_production_staff_without_an_authenticator_are_sent_to_set_one_up(
    client, staff_user, password, settings
):
    settings.ADMIN_REQUIRES_MFA = True
    client.post("/accounts/login/", {"login": staff_user.email, "password": password})

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_with_an_authenticator_staff_sign_in_with_its_code_and_reach_the_admin(
    client, staff_user, password, settings
):
    settings.ADMIN_REQUIRES_MFA = True
    secret = totp.generate_totp_secret()
    totp.TOTP.activate(staff_user, secret)

    response = client.post("/accounts/login/", {"login": staff_user.email, "password": password})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session  # the password alone is not enough

    counter = next(totp.yield_hotp_counters_from_time())
    code = totp.format_hotp_value(totp.hotp_value(secret, counter))
    client.post("/accounts/2fa/authenticate/", {"code": code})

    assert client.get("/admin/").status_code == 200
