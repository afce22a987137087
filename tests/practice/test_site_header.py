"""The site header in Chromium: one line on a phone (390 by 844), its links behind a Menu
disclosure that the keyboard and a tap both open; on a desktop the links sit in the header."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
# One line of the header: a 44-pixel target with a little room above and below.
ONE_LINE = 64

SIGNED_OUT_LINKS = {"Home": "/", "Services": "/services/", "Blog": "/blog/", "Book": "/book/"}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="en-GB", has_touch=True)
    yield context.new_page()
    context.close()


def header_height(page) -> float:
    return page.locator("header.site-header").bounding_box()["height"]


def expect_links(nav, links: dict[str, str]):
    for name, path in links.items():
        link = nav.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        expect(link).to_have_attribute("href", path)


def test_on_a_phone_the_header_is_one_line_and_the_keyboard_opens_its_menu(
    live_server, phone, axe_check, practice_details
):
    phone.goto(f"{live_server.url}/")
    nav = phone.get_by_role("navigation", name="Main")

    assert header_height(phone) <= ONE_LINE
    expect(nav.get_by_role("link", name="Blog")).to_be_hidden()
    axe_check(phone, what="/ on a phone, menu closed")

    nav.locator("summary").focus()
    phone.keyboard.press("Enter")
    expect_links(nav, {**SIGNED_OUT_LINKS, "Sign in": "/accounts/login/"})
    expect(nav.get_by_role("link", name="Home")).to_have_attribute("aria-current", "page")
    # The open menu lies over the page rather than pushing it down.
    assert header_height(phone) <= ONE_LINE
    axe_check(phone, what="/ on a phone, menu open")

    phone.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Home")).to_be_focused()
    nav.get_by_role("link", name="Blog").click()

    expect(phone).to_have_url(re.compile(r"/blog/$"))
    assert header_height(phone) <= ONE_LINE
    nav.locator("summary").click()
    expect(nav.get_by_role("link", name="Blog")).to_have_attribute("aria-current", "page")


def test_on_a_phone_a_signed_in_clients_header_is_one_line_and_reaches_her_account(
    live_server, phone, axe_check, browser_login, practice_details, client_user
):
    browser_login(phone, client_user)
    phone.goto(f"{live_server.url}/")
    nav = phone.get_by_role("navigation", name="Main")

    assert header_height(phone) <= ONE_LINE
    nav.locator("summary").click()
    expect_links(nav, {**SIGNED_OUT_LINKS, "My account": "/my/"})
    expect(nav.get_by_role("link", name="Sign in")).to_have_count(0)
    axe_check(phone, what="/ on a phone, signed in, menu open")

    nav.get_by_role("link", name="My account").click()

    expect(phone).to_have_url(re.compile(r"/my/$"))
    assert header_height(phone) <= ONE_LINE
    nav.locator("summary").click()
    expect(nav.get_by_role("link", name="My account")).to_have_attribute("aria-current", "page")


def test_on_a_desktop_every_link_sits_in_the_header_without_a_menu(
    live_server, page, axe_check, practice_details
):
    page.goto(f"{live_server.url}/services/")
    nav = page.get_by_role("navigation", name="Main")

    expect(nav.locator("summary")).to_be_hidden()
    expect_links(nav, {**SIGNED_OUT_LINKS, "Sign in": "/accounts/login/"})
    expect(nav.get_by_role("link", name="Services")).to_have_attribute("aria-current", "page")
    tops = {round(link.bounding_box()["y"]) for link in nav.get_by_role("link").all()}
    assert len(tops) == 1, tops
    assert header_height(page) <= ONE_LINE + 8
    axe_check(page, what="/services/ on a desktop")

    nav.get_by_role("link", name="Book").click()
    expect(page).to_have_url(re.compile(r"/book/$"))
