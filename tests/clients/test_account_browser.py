"""Signing in, signing up and the code page in a real Chromium: axe on each page and state, and
the keyboard's way through (Enter in the address asks for a code)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_in_page_asks_for_a_code_first_and_folds_the_password_away(
    live_server, page, axe_check, practice_details, client_user
):
    page.goto(f"{live_server.url}/accounts/login/?next=/my/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_label(re.compile(r"^\s*Password"))).to_be_hidden()
    axe_check(page, what="sign in")

    page.get_by_text("Sign in with a password instead").click()
    expect(page.get_by_label(re.compile(r"^\s*Password"))).to_be_visible()
    axe_check(page, what="sign in, password open")

    # Enter in the address field presses the main button: a code, not the password.
    page.get_by_label(re.compile(r"^\s*E-mail address")).fill(client_user.email)
    page.get_by_label(re.compile(r"^\s*E-mail address")).press("Enter")
    expect(page).to_have_url(f"{live_server.url}/accounts/code/?next=%2Fmy%2F")


def test_a_wrong_password_opens_the_password_part_again_with_the_message(
    live_server, page, axe_check, practice_details, client_user
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile(r"^\s*E-mail address")).fill(client_user.email)
    page.get_by_text("Sign in with a password instead").click()
    page.get_by_label(re.compile(r"^\s*Password")).fill("not her password")
    page.get_by_role("button", name="Sign in with password").click()

    expect(page.get_by_role("alert")).to_contain_text("don't match an account")
    expect(page.get_by_label(re.compile(r"^\s*Password"))).to_be_visible()
    axe_check(page, what="sign in, wrong password")


@pytest.mark.parametrize("known", [True, False], ids=["known address", "new address"])
def test_sign_up_and_the_code_page_and_a_wrong_code(
    live_server, page, axe_check, practice_details, policies, client_user, known
):
    email = client_user.email if known else "new.client@example.com"
    page.goto(f"{live_server.url}/accounts/login/?next=/my/")
    page.get_by_role("link", name="Create your account").click()
    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    axe_check(page, what="create your account")

    page.get_by_label(re.compile(r"^\s*Your name")).fill("Hetty")
    page.get_by_label(re.compile(r"^\s*E-mail address")).fill(email)
    page.get_by_role("button", name="Create my account").click()

    expect(page).to_have_url(f"{live_server.url}/accounts/code/?next=%2Fmy%2F")
    expect(page.get_by_text(f"We've e-mailed a code to {email}.")).to_be_visible()
    axe_check(page, what="code page")

    page.get_by_label(re.compile(r"^\s*Code")).fill("WRNG-C0DE")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("That code doesn't match the one we e-mailed.")).to_be_visible()
    axe_check(page, what="code page, wrong code")
