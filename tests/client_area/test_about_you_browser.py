"""The "About you" step on a phone (390 by 844, Chromium): how few actions it takes, its
follow-up questions shown only for a "yes", and axe on it empty, with errors and after.

An action is what the client does with a finger: a tick, a field filled, a button pressed.
Signing in and arriving on the booking page (where holding a time leaves her) are not counted.
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="en-GB", has_touch=True)
    yield context.new_page()
    context.close()


class Actions:
    """Her taps, counted as they are made."""

    def __init__(self):
        self.count = 0

    def tick(self, locator):
        locator.check()
        self.count += 1

    def fill(self, locator, text: str):
        locator.fill(text)
        self.count += 1

    def press(self, locator):
        locator.click()
        self.count += 1


def test_a_new_client_pays_after_seven_actions_when_none_of_the_questions_apply(
    live_server,
    phone,
    axe_check,
    browser_login,
    offline,
    practice_details,
    client_user,
    policies,
    paid_service,
    make_booking,
):
    hold = make_booking(client=client_user, service=paid_service, status="held")
    browser_login(phone, client_user)
    phone.goto(f"{live_server.url}{hold.get_absolute_url()}")
    form = phone.locator("form.about-you-form")
    axe_check(phone, what="About you step on a phone")
    actions = Actions()

    actions.tick(form.get_by_role("checkbox", name="None of these apply to me"))
    actions.fill(form.get_by_label("Emergency contact: name"), "Hetty Lindqvist")
    actions.fill(form.get_by_label("Emergency contact: phone"), "+44 7700 900222")
    actions.fill(
        form.get_by_label("Where you will usually be during online sessions"), "At home, Leeds"
    )
    actions.tick(form.get_by_role("checkbox", name=re.compile("I have read and accept")))
    actions.tick(form.get_by_role("checkbox", name="I give my consent to treatment"))
    actions.press(form.get_by_role("button", name="Continue to payment"))

    expect(phone.get_by_role("heading", name="Test payment — no money moves")).to_be_visible()
    assert actions.count == 7
    axe_check(phone, what="the test-payment page after About you")


def test_a_discovery_call_is_confirmed_after_two_actions(
    live_server,
    phone,
    axe_check,
    browser_login,
    practice_details,
    client_user,
    policies,
    free_service,
    make_booking,
):
    hold = make_booking(client=client_user, service=free_service, status="held")
    browser_login(phone, client_user)
    phone.goto(f"{live_server.url}{hold.get_absolute_url()}")
    form = phone.locator("form.about-you-form")
    expect(form.get_by_role("checkbox")).to_have_count(1)
    axe_check(phone, what="a discovery call's About you step")
    actions = Actions()

    actions.tick(form.get_by_role("checkbox", name=re.compile("I have read and accept")))
    actions.press(form.get_by_role("button", name="Confirm booking"))

    expect(phone.get_by_role("heading", name="Your booking is confirmed")).to_be_visible()
    assert actions.count == 2


def test_a_follow_up_shows_only_for_a_ticked_question_and_none_apply_unticks_the_rest(
    live_server,
    phone,
    axe_check,
    browser_login,
    offline,
    practice_details,
    client_user,
    policies,
    paid_service,
    make_booking,
):
    hold = make_booking(client=client_user, service=paid_service, status="held")
    browser_login(phone, client_user)
    phone.goto(f"{live_server.url}{hold.get_absolute_url()}")
    form = phone.locator("form.about-you-form")
    seizures = form.get_by_role("checkbox", name="I have had epilepsy or seizures")
    follow_up = form.get_by_label("When was the last one, and are they treated?")
    none_apply = form.get_by_role("checkbox", name="None of these apply to me")

    expect(follow_up).to_be_hidden()
    seizures.check()
    expect(follow_up).to_be_visible()
    none_apply.check()
    expect(seizures).not_to_be_checked()
    expect(follow_up).to_be_hidden()
    seizures.check()
    expect(none_apply).not_to_be_checked()

    # A "yes" without the few words it needs: the step comes back with her answers and says so.
    form.get_by_label("Emergency contact: name").fill("Hetty Lindqvist")
    form.get_by_role("button", name="Continue to payment").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("About you")
    expect(phone.get_by_role("alert")).to_contain_text("Nothing has been saved yet")
    again = phone.get_by_label("When was the last one, and are they treated?")
    expect(again).to_be_visible()
    expect(again).to_have_attribute("aria-invalid", "true")
    expect(phone.get_by_label("Emergency contact: name")).to_have_value("Hetty Lindqvist")
    axe_check(phone, what="About you step with errors on a phone")
