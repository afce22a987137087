"""The e-mails look like the site: its colours and type from one stylesheet
(templates/emails/email.css), written into each element's style attribute as an e-mail is sent
(practice.mail.email_styled, css-inline), for the outbox's e-mails and allauth's alike. Nothing
is fetched from elsewhere, and every e-mail keeps its plain-text part."""

import re
from pathlib import Path

from django.core import mail as sent
from django.core.mail import EmailMultiAlternatives

from practice.mail import email_styled
from tests.email_parts import buttons, elements, html_of, look_problems, styles, text_links

ROOT = Path(__file__).resolve().parents[2]
TEXT = "Hello Maya,\n\nSee your booking: https://quietharbour.example/bookings/ABC/\n"


def site_css_colours() -> dict[str, str]:
    """The site's own colours, as static/css/site.css names them (--qh-teal: #1d4e5b)."""
    css = (ROOT / "static" / "css" / "site.css").read_text()
    return dict(re.findall(r"--qh-([a-z-]+):\s*(#[0-9a-f]{6})", css))


def site_css_font() -> str:
    css = (ROOT / "static" / "css" / "site.css").read_text()
    return re.search(r"--bs-body-font-family:\s*([^;]+);", css).group(1)


def styled(html: str) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(subject="Hello", body=TEXT, to=["maya@example.com"])
    message.attach_alternative(html, "text/html")
    message.attach("appointment.ics", "BEGIN:VCALENDAR", "text/calendar")
    return email_styled(message)


def only(found: list, tag: str, css_class: str):
    (element,) = [
        e for e in found if e.tag == tag and css_class in e.attrs.get("class", "").split()
    ]
    return element


def test_the_stylesheet_is_written_into_the_elements_and_the_text_part_is_kept():
    message = styled(
        '<!DOCTYPE html><html lang="en-GB"><head><title>Hello</title></head><body>'
        '<p class="actions"><a class="button" href="https://quietharbour.example/b/">Go</a></p>'
        "</body></html>"
    )

    html = html_of(message)
    (button,) = buttons(message)
    look = styles(button)
    assert look["background-color"] == "#1d4e5b"
    assert look["color"] == "#ffffff"
    assert look["text-decoration"] == "none"
    assert look["display"] == "inline-block"
    assert "<style" not in html
    assert html.startswith("<!DOCTYPE html>")
    # The text part and the attachment are as they were.
    assert message.body == TEXT
    assert [a.filename for a in message.attachments] == ["appointment.ics"]


def test_a_stylesheet_link_is_dropped_and_never_fetched():
    # Fetching it would fail here (no network): css-inline raises on a stylesheet it cannot load.
    message = styled(
        "<!DOCTYPE html><html><head>"
        '<link rel="stylesheet" href="https://styles.invalid/email.css">'
        "<style>.note { color: #b4460b; }</style></head>"
        '<body><p class="note">Note</p></body></html>'
    )

    html = html_of(message)
    assert "<link" not in html
    assert "styles.invalid" not in html
    # A <style> block in a template is written into the elements too, then dropped.
    assert "<style" not in html
    assert styles(only(elements(html), "p", "note"))["color"] == "#b4460b"


def test_the_emails_colours_and_type_are_the_sites():
    colours = site_css_colours()
    message = styled(
        '<!DOCTYPE html><html><head><title>x</title></head><body><div class="page">'
        '<p class="brand">Quiet Harbour Therapy</p><p>Text with <a href="https://x.example/">a'
        ' link</a></p><p class="actions"><a class="button" href="https://x.example/">Go</a></p>'
        '<div class="footer"><p>Footer</p></div></div></body></html>'
    )
    found = elements(html_of(message))

    (body,) = [e for e in found if e.tag == "body"]
    assert styles(body)["color"] == colours["ink"]
    assert styles(body)["background-color"] == colours["paper"]
    # The site's type: its font stack (css-inline writes its quotes as single ones).
    assert styles(body)["font-family"] == site_css_font().replace('"', "'")
    (link,) = [e for e in found if e.tag == "a" and "class" not in e.attrs]
    assert styles(link)["color"] == colours["teal"]
    assert styles(only(found, "a", "button"))["background-color"] == colours["teal"]
    assert styles(only(found, "div", "footer"))["color"] == colours["muted"]
    assert "Georgia" in styles(only(found, "p", "brand"))["font-family"]  # the site's headings


def test_the_email_stylesheet_is_readable_on_a_phone_and_fetches_nothing():
    css = (ROOT / "templates" / "emails" / "email.css").read_text()

    # A card no wider than a phone's screen allows, text no smaller than 14px, and a button
    # at least 44px high (12px padding above and below a 20px line).
    assert re.search(r"\.card \{[^}]*max-width: 560px", css)
    sizes = [int(size) for size in re.findall(r"font-size: (\d+)px", css)]
    assert min(sizes) >= 14
    assert re.search(r"\.button \{[^}]*padding: 12px [^}]*line-height: 20px", css)
    assert "url(" not in css
    assert "@import" not in css
    assert "@font-face" not in css


# allauth's e-mails ------------------------------------------------------------------------


def signup(client, email: str):
    return client.post("/accounts/signup/", {"name": "Maya", "email": email})


def test_the_sign_up_code_email_has_the_sites_look_and_its_text_part(client, practice_details):
    signup(client, "new@example.com")

    (message,) = sent.outbox
    assert look_problems(message) == []
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.MULTILINE).group(1)
    shown = only(elements(html_of(message)), "p", "code")
    assert styles(shown)["font-size"] == "28px"
    assert f'class="code" style="{shown.attrs["style"]}">{code}</p>' in html_of(message)
    assert "Quiet Harbour Therapy" in html_of(message)


def test_the_password_reset_code_email_has_the_sites_look(client, client_user, practice_details):
    client.post("/accounts/password/reset/", {"email": client_user.email})

    (message,) = sent.outbox
    assert look_problems(message) == []
    code = re.search(r"^([A-Z0-9]{4}-?[A-Z0-9]{4,})$", message.body, re.MULTILINE).group(1)
    assert styles(only(elements(html_of(message)), "p", "code"))
    assert f">{code}</p>" in html_of(message)


def test_signing_up_with_a_known_address_sends_a_styled_sign_in_code(
    client, client_user, practice_details
):
    signup(client, client_user.email)

    (message,) = sent.outbox
    assert look_problems(message) == []
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.MULTILINE).group(1)
    shown = only(elements(html_of(message)), "p", "code")
    assert f'class="code" style="{shown.attrs["style"]}">{code}</p>' in html_of(message)
    assert "to sign in" in html_of(message)


def test_a_reset_for_an_unknown_address_sends_a_styled_sign_up_button(client, practice_details):
    client.post("/accounts/password/reset/", {"email": "nobody@example.com"})

    (message,) = sent.outbox
    assert look_problems(message) == []
    (button,) = buttons(message)
    assert button.attrs["href"] in text_links(message)
    assert button.attrs["href"].endswith("/accounts/signup/")
