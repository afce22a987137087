"""How the templates are kept: each app's pages extend its layout (which links its styles once),
links are made from URL names, and every e-mail is in templates/emails/, named by its kind."""

import re
from pathlib import Path

import pytest
from django.template.loader import get_template

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
TEMPLATE_DIRS = [TEMPLATES, ROOT / "workplace" / "templates"]
# Where each app's pages extend from: its own layout (payments' steps are a booking's pages).
LAYOUTS = {
    "bookings": "bookings/_layout.html",
    "payments": "bookings/_layout.html",
    "client_area": "client_area/_layout.html",
}


def pages(app: str) -> list[Path]:
    return sorted(
        path for path in (TEMPLATES / app).glob("*.html") if not path.name.startswith("_")
    )


@pytest.mark.parametrize("app", sorted(LAYOUTS))
def test_every_page_of_an_app_extends_its_layout_and_links_no_stylesheet_of_its_own(app):
    layout = LAYOUTS[app]
    for page in pages(app):
        text = page.read_text()
        assert text.startswith(f'{{% extends "{layout}" %}}'), page.name
        # A page may add a second app's styles (after the layout's, with block.super).
        for stylesheet in re.findall(r"css/\w+\.css", text):
            assert stylesheet not in (TEMPLATES / layout).read_text(), (page.name, stylesheet)


def test_no_template_links_to_a_path_written_out():
    written_out = re.compile(r'(href|action|src)="/[^/]')
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in TEMPLATE_DIRS
        for path in folder.rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if written_out.search(line)
    ]
    assert found == []


def test_every_email_template_is_in_the_emails_folder():
    # allauth looks for its own e-mails in account/email/, and only there.
    folders = {
        path.parent.relative_to(TEMPLATES).as_posix()
        for path in TEMPLATES.rglob("*")
        if path.is_file() and "email" in path.parent.relative_to(TEMPLATES).as_posix()
    }
    assert folders == {"emails", "account/email"}


def test_every_kind_of_email_has_its_templates_named_after_it():
    from bookings.notifications import Kind
    from payments.emails import Mail

    booking_kinds = [value for name, value in vars(Kind).items() if name.isupper()]
    money_kinds = [
        value for name, value in vars(Mail).items() if name.isupper() and isinstance(value, str)
    ]
    for kind in booking_kinds + money_kinds:
        get_template(f"emails/{kind}.txt")
        get_template(f"emails/{kind}.html")
    get_template("emails/account_deleted.txt")  # text only: it goes to an address, not an account
