"""Accessibility of the site shell, and the account journey, in a real Chromium."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/about/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/no-such-page/",
    ],
)
def test_page_has_no_accessibility_violations(live_server, page, axe_check, practice_details, path):
    response = page.goto(f"{live_server.url}{path}")

    assert response.status == (404 if path == "/no-such-page/" else 200)
    axe_check(page, what=path)


def test_pages_load_nothing_from_other_hosts_and_break_no_csp_rule(
    live_server, page, practice_details
):
    requested, console_errors = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "console", lambda message: message.type == "error" and console_errors.append(message.text)
    )

    page.goto(f"{live_server.url}/")
    page.goto(f"{live_server.url}/accounts/signup/")

    assert requested
    assert all(url.startswith(live_server.url) for url in requested), requested
    assert console_errors == []


def test_skip_link_moves_focus_to_the_main_content(live_server, page, practice_details):
    page.goto(f"{live_server.url}/")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "main"


def test_a_client_signs_up_confirms_the_code_signs_in_and_out(
    live_server, page, practice_details, browser_sign_up, browser_enter_code
):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_role("link", name="Create your account").click()
    browser_sign_up(page, "new.client@example.com")
    expect(page.get_by_role("link", name="My account")).to_be_visible()

    page.goto(f"{live_server.url}/accounts/logout/")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()

    # Signing in again: no password, a code by e-mail.
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label(re.compile(r"^\s*E-mail address")).fill("new.client@example.com")
    page.get_by_role("button", name="E-mail me a sign-in code").click()
    browser_enter_code(page, "new.client@example.com")
    expect(page.get_by_role("link", name="My account")).to_be_visible()
