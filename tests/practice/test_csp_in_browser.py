"""The strict policy (default-src 'none') still lets a client's pages do all they do.

The shell and the practitioner's pages are checked in tests/e2e; these are the client's pages
that run our scripts (the zone picker, the hold countdown) and the second-factor set-up page
with its data: QR code.
"""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_clients_pages_break_no_rule_of_the_content_security_policy(
    live_server,
    page,
    browser_login,
    client_user,
    password,
    free_service,
    make_booking,
    practice_details,
):
    held = make_booking(client=client_user, service=free_service, status="held")
    violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )
    browser_login(page, client_user)

    for path in (
        f"/book/{free_service.slug}/",
        f"/bookings/{held.reference}/",
        "/my/",
        "/my/profile/",
        "/accounts/email/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    # Setting up an authenticator asks for the password again, then shows the QR code.
    page.goto(f"{live_server.url}/accounts/2fa/totp/activate/")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Confirm").click()
    qr_code = page.locator('img[src^="data:image/svg+xml"]')
    qr_code.wait_for()

    assert qr_code.evaluate("image => image.naturalWidth") > 0
    assert violations == []
