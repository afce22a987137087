"""Every allauth page a client (or the practitioner) can reach speaks in the site's voice: the
site's layout, headings and buttons in sentence case, one main action that stands out and
every other action visibly secondary.

The main action is a primary button, or a red one where it destroys something (turning off the
authenticator app). Secondary actions are outlined in grey, outlined in red (removing an
address) or quiet links, never the main action's colours.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal import auth as totp
from django.core import mail

pytestmark = pytest.mark.django_db

MAIN_ACTION = {"btn-primary", "btn-danger"}
SECONDARY = {"btn-outline-secondary", "btn-outline-danger", "btn-link"}
CODE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.MULTILINE)
# Words that keep their capital inside a sentence.
PROPER = {"I", "QR"}


class PageReader(HTMLParser):
    """The headings and buttons inside <main>, with each button's classes, and whether the
    page has the site's own header and footer."""

    def __init__(self):
        super().__init__()
        self.in_main = False
        self.open: list[dict] = []  # headings and buttons being read
        self.headings: list[str] = []
        self.buttons: list[tuple[str, set[str]]] = []
        self.site_parts: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        if tag == "header" and "site-header" in classes:
            self.site_parts.add("header")
        if tag == "footer" and "site-footer" in classes:
            self.site_parts.add("footer")
        if tag == "main":
            self.in_main = True
        if not self.in_main:
            return
        if tag in {"h1", "h2", "h3"}:
            self.open.append({"tag": tag, "text": ""})
        elif tag == "button" or (tag == "a" and "btn" in classes):
            self.open.append({"tag": tag, "text": "", "classes": classes})

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        if self.open and self.open[-1]["tag"] == tag:
            element = self.open.pop()
            text = " ".join(element["text"].split())
            if "classes" in element:
                self.buttons.append((text, element["classes"]))
            else:
                self.headings.append(text)

    def handle_data(self, data):
        for element in self.open:
            element["text"] += data


def read(response) -> PageReader:
    assert response.status_code == 200, response.get("Location")
    reader = PageReader()
    reader.feed(response.content.decode())
    return reader


def title_cased_words(text: str) -> list[str]:
    """The words after the first that are capitalised as in a title ("Sign Up")."""
    words = re.findall(r"[\w'-]+", text)[1:]
    return [word for word in words if word[0].isupper() and word not in PROPER]


def assert_in_the_sites_voice(response, what: str) -> None:
    page = read(response)
    assert page.site_parts == {"header", "footer"}, f"{what}: not in the site's layout"
    assert page.headings, f"{what}: no heading"
    for text in page.headings + [text for text, _ in page.buttons]:
        assert not title_cased_words(text), f"{what}: {text!r} is not in sentence case"
    main = [text for text, classes in page.buttons if classes & MAIN_ACTION]
    assert len(main) == 1, f"{what}: main actions {main}"
    others = [(text, classes) for text, classes in page.buttons if not classes & MAIN_ACTION]
    for text, classes in others:
        assert classes & SECONDARY, f"{what}: {text!r} ({classes}) looks like a main action"


def code_in_last_email() -> str:
    return CODE.search(mail.outbox[-1].body).group(1)


def sign_in_with_password(client, user, password):
    response = client.post("/accounts/login/", {"login": user.email, "password": password})
    assert response.status_code == 302


def sign_in_with_code(client, user):
    client.post("/accounts/login/", {"login": user.email})
    response = client.post("/accounts/code/", {"code": code_in_last_email()})
    assert response.status_code == 302


def with_authenticator(user, password, client):
    """Give `user` an authenticator app and recovery codes, and sign her in with both."""
    secret = totp.generate_totp_secret()
    totp.TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    sign_in_with_password(client, user, password)
    counter = next(totp.yield_hotp_counters_from_time())
    client.post(
        "/accounts/2fa/authenticate/",
        {"code": totp.format_hotp_value(totp.hotp_value(secret, counter))},
    )
    assert client.get("/accounts/2fa/").status_code == 200


@pytest.fixture
def passwordless(make_user):
    """Hetty, who signed up without a password."""
    user = make_user("hetty@example.com", first_name="Hetty")
    user.set_unusable_password()
    user.save()
    return user


ANONYMOUS_PAGES = {
    "sign in": "/accounts/login/",
    "create your account": "/accounts/signup/",
    "reset your password": "/accounts/password/reset/",
    "password changed": "/accounts/password/reset/done/",
    "account closed": "/accounts/inactive/",
}


@pytest.mark.parametrize("path", ANONYMOUS_PAGES.values(), ids=ANONYMOUS_PAGES.keys())
def test_pages_for_visitors(client, path):
    assert_in_the_sites_voice(client.get(path), path)


def test_sign_in_after_a_wrong_password(client, client_user):
    response = client.post("/accounts/login/", {"login": client_user.email, "password": "wrong"})

    assert_in_the_sites_voice(response, "sign in, wrong password")
    assert "That e-mail address and password don&#x27;t match" in response.content.decode()


@pytest.mark.parametrize("known", [True, False], ids=["sign-in code", "new account's code"])
def test_the_code_page_and_its_wrong_code_answer(client, client_user, known):
    email = client_user.email if known else "new.client@example.com"
    query = f"?{urlencode({'next': '/my/'})}"
    client.post(f"/accounts/signup/{query}", {"name": "Hetty", "email": email})

    assert_in_the_sites_voice(client.get(f"/accounts/code/{query}"), "code page")
    wrong = client.post(f"/accounts/code/{query}", {"code": "WRNG-C0DE"})
    assert_in_the_sites_voice(wrong, "code page, wrong code")


def test_the_password_reset_pages(client, client_user):
    client.post("/accounts/password/reset/", {"email": client_user.email})
    assert_in_the_sites_voice(client.get("/accounts/password/reset/confirm/"), "reset code")

    client.post("/accounts/password/reset/confirm/", {"code": code_in_last_email()})
    assert_in_the_sites_voice(client.get("/accounts/password/reset/complete/"), "new password")


def test_the_pages_of_a_client_with_a_password(client, client_user, password):
    sign_in_with_password(client, client_user, password)
    # Setting up a second factor asks for the password again first.
    client.post("/accounts/reauthenticate/", {"password": password})

    for path in (
        "/accounts/password/change/",
        "/accounts/logout/",
        "/accounts/email/",
        "/accounts/reauthenticate/",
        "/accounts/reauthenticate/code/",
        "/accounts/2fa/",
        "/accounts/2fa/totp/activate/",
    ):
        assert_in_the_sites_voice(client.get(path), path)
    client.post("/accounts/reauthenticate/code/", {"recipient": client_user.email})
    confirm = client.get("/accounts/reauthenticate/code/confirm/")
    assert_in_the_sites_voice(confirm, "re-authentication code")


def test_a_client_without_a_password_may_set_one(client, passwordless):
    sign_in_with_code(client, passwordless)

    response = client.get("/accounts/password/set/")

    assert_in_the_sites_voice(response, "set a password")
    client.post(
        "/accounts/password/set/",
        {"password1": "a long new harbour", "password2": "a long new harbour"},
    )
    passwordless.refresh_from_db()
    assert passwordless.has_usable_password()


def test_her_account_page_offers_a_password_only_to_one_who_has_none(
    client, passwordless, client_user
):
    client.force_login(passwordless)
    my_account = client.get("/my/").content.decode()
    assert 'href="/accounts/password/set/">Set a password</a>' in my_account
    profile = client.get("/my/profile/").content.decode()
    assert 'href="/accounts/password/set/">set a password</a>' in profile

    client.force_login(client_user)
    html = client.get("/my/").content.decode()
    assert 'href="/accounts/password/change/">Change password</a>' in html
    assert "/accounts/password/set/" not in html


def test_the_pages_of_an_account_with_an_authenticator_app(client, staff_user, password):
    with_authenticator(staff_user, password, client)
    client.post("/accounts/reauthenticate/", {"password": password})

    for path in (
        "/accounts/2fa/",
        "/accounts/2fa/reauthenticate/",
        "/accounts/2fa/totp/deactivate/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/2fa/recovery-codes/generate/",
    ):
        assert_in_the_sites_voice(client.get(path), path)


def test_signing_in_with_an_authenticator_app_asks_for_its_code(client, staff_user, password):
    totp.TOTP.activate(staff_user, totp.generate_totp_secret())
    sign_in_with_password(client, staff_user, password)

    assert_in_the_sites_voice(client.get("/accounts/2fa/authenticate/"), "authenticator code")


def test_the_check_catches_allauths_own_wording():
    assert title_cased_words("Sign Up") == ["Up"]
    assert title_cased_words("Enter Sign-In Code") == ["Sign-In", "Code"]
    assert title_cased_words("Create your account") == []
    assert title_cased_words("Set up an authenticator app (QR code)") == []
