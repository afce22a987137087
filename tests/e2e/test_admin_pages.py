"""Django's own admin pages, as the practitioner sees them, with the practice's admin styles."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    "path",
    ["/admin/blog/article/", "/admin/blog/article/add/", "/admin/practice/practicedetails/"],
)
def test_ordinary_admin_pages_have_no_serious_accessibility_problems(
    live_server, page, browser_login, staff_user, practice_details, path
):
    browser_login(page, staff_user)

    page.goto(f"{live_server.url}{path}")

    assert page.title().endswith("Practice admin")
    results = Axe().run(page)
    serious = [
        violation["id"]
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == [], results.generate_report()
