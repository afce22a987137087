"""An error page as a visitor meets it in a real Chromium: in the site's layout, with a way on."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def sign_up(page, url, email):
    page.goto(f"{url}/accounts/signup/")
    page.get_by_label(re.compile(r"^\s*Your name")).fill("Hetty")
    page.get_by_label(re.compile(r"^\s*E-mail address")).fill(email)
    page.get_by_role("button", name="Create my account").click()


def test_a_second_sign_up_within_three_minutes_meets_a_calm_page_with_a_way_on(
    live_server, page, browser, axe_check, practice_details
):
    sign_up(page, live_server.url, "new.client@example.com")
    expect(page).to_have_url(re.compile(r"/accounts/code/$"))

    again = browser.new_context().new_page()
    sign_up(again, live_server.url, "new.client@example.com")

    expect(again.get_by_role("heading", name="Please wait a few minutes")).to_be_visible()
    expect(again.get_by_role("navigation", name="Main")).to_be_visible()
    axe_check(again, what="the 429 page")
    again.get_by_role("main").get_by_role("link", name="Sign in").click()
    expect(again).to_have_url(re.compile(r"/accounts/login/$"))
    again.context.close()
