"""Accounts without passwords: signing up and signing in by a code e-mailed to her, typed on one
page (/accounts/code/) that answers alike whether or not the address has an account.

Codes are read from the e-mails allauth sends (django.core.mail.outbox).
"""

import re
from urllib.parse import urlencode

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.test import Client

from clients.account_code import CODE_FOR, RESENT, WAIT
from clients.models import User

pytestmark = pytest.mark.django_db

# Where she was going: the booking page of the time she chose (a URL with its own query).
NEXT = "/book/discovery-call/?start=2031-05-06T09:00:00+00:00"
CODE_PAGE = f"/accounts/code/?{urlencode({'next': NEXT})}"
HIDDEN_NEXT = f'<input type="hidden" name="next" value="{NEXT}">'
NEW = "new.client@example.com"
CODE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.MULTILINE)


def code_in(message) -> str:
    return CODE.search(message.body).group(1)


def query(next_url) -> str:
    return f"?{urlencode({'next': next_url})}" if next_url else ""


def sign_up(client, email, *, name="Hetty", next_url=NEXT):
    return client.post(f"/accounts/signup/{query(next_url)}", {"name": name, "email": email})


def code_page(client, next_url=NEXT):
    return client.get(f"/accounts/code/{query(next_url)}")


def enter(client, code, *, next_url=NEXT):
    return client.post(f"/accounts/code/{query(next_url)}", {"code": code})


def signed_in_as(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def page_text(response, email) -> str:
    """The page as a visitor reads it, with the address she typed and the form's token blanked."""
    html = response.content.decode().replace(email, "<address>")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_signup_asks_for_her_name_and_address_and_no_password(client):
    html = client.get("/accounts/signup/").content.decode()

    assert 'name="name"' in html
    assert "Your name (what you&#x27;d like to be called)" in html
    assert 'name="email"' in html
    assert 'type="password"' not in html


def test_signing_up_without_a_password_then_typing_the_code_signs_her_in(client):
    response = sign_up(client, NEW, name=" Hetty ", next_url=None)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/code/"
    assert signed_in_as(client) is None
    (message,) = mail.outbox
    assert message.to == [NEW]
    assert message.subject == "Your code to confirm your e-mail address"

    response = enter(client, code_in(message), next_url=None)

    assert response.status_code == 302
    user = signed_in_as(client)
    assert (user.email, user.first_name) == (NEW, "Hetty")
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(email=NEW).verified
    assert CODE_FOR not in client.session


def test_the_code_page_names_the_address_and_asks_for_the_code(client):
    sign_up(client, NEW)

    html = code_page(client).content.decode()

    assert "We've e-mailed a code to <strong>new.client@example.com</strong>" in html
    assert 'name="code"' in html
    assert HIDDEN_NEXT in html


def test_next_is_kept_from_signing_up_through_the_code_to_the_page_she_came_from(client):
    response = sign_up(client, NEW)
    assert response["Location"] == CODE_PAGE

    response = enter(client, code_in(mail.outbox[-1]))

    assert response["Location"] == NEXT
    assert signed_in_as(client).email == NEW


def test_signing_in_asks_for_a_code_by_default_and_the_code_signs_her_in(client, client_user):
    response = client.post(
        f"/accounts/login/{query(NEXT)}", {"login": client_user.email, "method": "code"}
    )

    assert response.status_code == 302
    assert response["Location"] == CODE_PAGE
    assert signed_in_as(client) is None
    (message,) = mail.outbox
    assert message.subject == "Your sign-in code"

    response = enter(client, code_in(message))

    assert response["Location"] == NEXT
    assert signed_in_as(client) == client_user


def test_she_can_still_sign_in_with_a_password_she_set(client, client_user, password):
    response = client.post(
        "/accounts/login/", {"login": client_user.email, "password": password, "method": "password"}
    )

    assert response.status_code == 302
    assert signed_in_as(client) == client_user
    assert mail.outbox == []


def test_choosing_the_password_way_without_a_password_asks_for_it(client, client_user):
    response = client.post("/accounts/login/", {"login": client_user.email, "method": "password"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Please enter your password, or ask for a code instead." in html
    assert '<details class="password-sign-in" open>' in html
    assert mail.outbox == []


def test_a_known_address_on_the_signup_form_answers_exactly_as_a_new_one_does(client_user):
    known, new = Client(), Client()

    known_answer = sign_up(known, client_user.email, name="Someone else")
    new_answer = sign_up(new, NEW, name="Someone else")

    assert known_answer.status_code == new_answer.status_code == 302
    assert known_answer["Location"] == new_answer["Location"]
    known_page = known.get(known_answer["Location"])
    new_page = new.get(new_answer["Location"])
    assert known_page.status_code == new_page.status_code == 200
    assert page_text(known_page, client_user.email) == page_text(new_page, NEW)


def test_a_known_address_on_the_signup_form_is_e_mailed_a_sign_in_code(client, client_user):
    sign_up(client, client_user.email, name="Someone else")

    (message,) = mail.outbox
    assert message.to == [client_user.email]
    assert message.subject == "Your sign-in code"
    assert "already" not in message.body.lower()
    assert CODE.search(message.body)


def test_the_code_sent_to_a_known_address_signs_into_that_account_and_keeps_its_name(
    client, client_user
):
    sign_up(client, client_user.email, name="Someone else")

    response = enter(client, code_in(mail.outbox[-1]))

    assert response["Location"] == NEXT
    assert signed_in_as(client) == client_user
    client_user.refresh_from_db()
    assert client_user.first_name == "Maya"
    assert User.objects.filter(email=client_user.email).count() == 1


@pytest.mark.parametrize("known", [True, False], ids=["known address", "new address"])
def test_a_wrong_code_says_so_on_the_code_page_and_keeps_next(client, client_user, known):
    sign_up(client, client_user.email if known else NEW)

    response = enter(client, "WRNG-C0DE")

    assert response.status_code == 200
    html = response.content.decode()
    assert "That code doesn&#x27;t match the one we e-mailed." in html
    assert "<h1>Check your e-mail</h1>" in html
    assert HIDDEN_NEXT in html
    assert signed_in_as(client) is None


def test_three_wrong_codes_lead_back_to_signing_in_alike_for_both_kinds(client_user):
    answers = []
    for email in (client_user.email, NEW):
        visitor = Client()
        sign_up(visitor, email)
        for _ in range(2):
            assert enter(visitor, "WRNG-C0DE").status_code == 200
        answers.append(enter(visitor, "WRNG-C0DE"))

    known, new = answers
    assert known.status_code == new.status_code == 302
    assert known["Location"] == new["Location"]
    assert known["Location"] == f"/accounts/login/{query(NEXT)}"


def test_asking_for_a_new_code_at_once_is_refused_alike_for_both_kinds(client_user):
    pages = []
    for email in (client_user.email, NEW):
        visitor = Client()
        sign_up(visitor, email)
        response = visitor.post(CODE_PAGE, {"action": "resend"})
        assert response["Location"] == CODE_PAGE
        pages.append(page_text(visitor.get(response["Location"]), email))

    assert pages[0] == pages[1]
    assert WAIT.replace("'", "&#x27;") in pages[0]
    assert len(mail.outbox) == 2  # the first codes only


@pytest.mark.parametrize("known", [True, False], ids=["known address", "new address"])
def test_a_new_code_asked_for_later_is_e_mailed_and_signs_her_in(client, client_user, known):
    email = client_user.email if known else NEW
    sign_up(client, email)
    first = code_in(mail.outbox[-1])
    cache.clear()  # as if the few minutes had passed: the rate limits live in the cache

    response = client.post(CODE_PAGE, {"action": "resend"})

    assert response["Location"] == CODE_PAGE
    assert len(mail.outbox) == 2
    second = code_in(mail.outbox[-1])
    assert second != first
    page = client.get(response["Location"]).content.decode()
    assert RESENT.replace("'", "&#x27;") in page
    assert enter(client, second)["Location"] == NEXT
    assert signed_in_as(client).email == email


def test_an_unconfirmed_account_signing_in_with_its_password_is_sent_to_the_code_page(
    client, password
):
    User.objects.create_user(email="unverified@example.com", password=password)

    response = client.post(
        "/accounts/login/", {"login": "unverified@example.com", "password": password}
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/code/"
    assert signed_in_as(client) is None
    assert enter(client, code_in(mail.outbox[-1]), next_url=None).status_code == 302
    assert signed_in_as(client).email == "unverified@example.com"


def test_the_code_page_without_a_code_on_the_way_leads_to_signing_in(client):
    response = code_page(client)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/{query(NEXT)}"


def test_returning_to_the_sign_in_page_mid_way_leads_back_to_the_code_page(client, client_user):
    sign_up(client, client_user.email)

    response = client.get("/accounts/login/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/code/"


def test_allauths_own_page_for_asking_a_code_leads_to_the_sign_in_page(client):
    response = client.get(f"/accounts/login/code/{query(NEXT)}")

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/{query(NEXT)}"
