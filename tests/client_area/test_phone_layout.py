"""Consent on a phone (390 by 844, Chromium): each checkbox beside its label (the "About you"
step's health questions too), and the /my/ list of consents without a date split over two lines
or anything wider than the screen."""

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PHONE = {"width": 390, "height": 844}

# The checkbox's box and the first line of its label's text, as the browser laid them out.
BOX_AND_FIRST_LINE = """checkbox => {
    const label = document.querySelector(`label[for="${checkbox.id}"]`);
    const range = document.createRange();
    range.selectNodeContents(label);
    const line = range.getClientRects()[0];
    const box = checkbox.getBoundingClientRect();
    return {box: {top: box.top, bottom: box.bottom, right: box.right},
            line: {top: line.top, bottom: line.bottom, left: line.left}};
}"""

# How many lines each "accepted <date>" phrase of the consent list takes.
DATE_PHRASE_LINES = """list => [...list.querySelectorAll("li")].map(item => {
    const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const text = walker.currentNode.textContent;
        const found = /accepted \\d{1,2} \\w{3} \\d{4}/.exec(text);
        if (!found) continue;
        const range = document.createRange();
        range.setStart(walker.currentNode, found.index);
        range.setEnd(walker.currentNode, found.index + found[0].length);
        return [found[0], new Set([...range.getClientRects()].map(r => Math.round(r.top))).size];
    }
    return [item.textContent, 0];
})"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="en-GB", has_touch=True)
    yield context.new_page()
    context.close()


def test_on_a_phone_each_checkbox_sits_beside_its_label(
    live_server,
    phone,
    axe_check,
    browser_login,
    practice_details,
    client_user,
    policies,
    screened_hold,
):
    browser_login(phone, client_user)

    for path in (screened_hold.get_absolute_url(), "/my/consents/"):
        phone.goto(f"{live_server.url}{path}")
        consent = phone.locator("form input[type=checkbox][name^=accept_]")
        assert consent.count() == 2  # the terms and notices; consent to treatment
        checkboxes = phone.locator("form input[type=checkbox]")
        for checkbox in checkboxes.all():
            laid_out = checkbox.evaluate(BOX_AND_FIRST_LINE)
            box, line = laid_out["box"], laid_out["line"]
            # On the same line: the box overlaps the label's first line of text ...
            assert box["top"] < line["bottom"], (path, laid_out)
            assert line["top"] < box["bottom"], (path, laid_out)
            # ... and right beside it.
            assert 0 <= line["left"] - box["right"] <= 16, (path, laid_out)
        axe_check(phone, what=f"{path} on a phone")


def test_on_a_phone_the_my_page_consent_list_keeps_each_date_on_one_line(
    live_server,
    phone,
    axe_check,
    browser_login,
    practice_details,
    client_user,
    accept_all,
    screened_hold,
):
    accept_all(client_user, booking=screened_hold)
    browser_login(phone, client_user)

    phone.goto(f"{live_server.url}/my/")

    phrases = phone.get_by_role("heading", name="Consents").locator("xpath=..").locator("ul")
    lines = phrases.evaluate(DATE_PHRASE_LINES)
    assert len(lines) == 4
    assert all(count == 1 for _phrase, count in lines), lines
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe_check(phone, what="/my/ on a phone")
