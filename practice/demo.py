"""Demo data for `manage.py seed_demo`: the practice's details and the demo logins (the
practitioner, a client, and the site's technical administrator).

The demo content is data, not code: each app keeps its own in `<app>/demo_data/` (TOML, and
Markdown with a TOML header between `+++` lines) and its `demo.py` loads it with the readers
here. Rows are written with `row_seed`, so seeding again changes nothing.
"""

import re
import tomllib
from datetime import datetime, timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from practice.models import PracticeDetails, SocialLink

DATA = Path(__file__).with_name("demo_data")

PRACTITIONER_EMAIL = "anna@quietharbour.example"
PRACTITIONER_PASSWORD = "harbour-demo-2026"  # noqa: S105 (demo only; seed_demo refuses without DEBUG)
CLIENT_EMAIL = "client@example.com"
CLIENT_PASSWORD = "client-demo-2026"  # noqa: S105
# The superuser, for the site's technical sections; the practitioner is staff without it
# (workplace/demo.py puts her in the Practitioner group).
SITE_ADMIN_EMAIL = "admin@quietharbour.example"
SITE_ADMIN_PASSWORD = "site-admin-demo-2026"  # noqa: S105

HEADER_FENCE = "+++\n"
DAYS_FROM_NOW = re.compile(r"([+-]?\d+)d")


def read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise CommandError(f"{path}: {error}") from error


def read_markdown(path: Path) -> str:
    """A Markdown file's text, without the blank lines around it."""
    return path.read_text(encoding="utf-8").strip("\n")


def read_document(path: Path) -> tuple[dict, str]:
    """A Markdown file that opens with a TOML header between `+++` lines: (header, body)."""
    text = read_markdown(path)
    header, fence, body = text.removeprefix(HEADER_FENCE).partition("\n" + HEADER_FENCE)
    if not text.startswith(HEADER_FENCE) or not fence:
        raise CommandError(f"{path}: should open with a TOML header between two +++ lines.")
    try:
        return tomllib.loads(header), body.strip("\n")
    except tomllib.TOMLDecodeError as error:
        raise CommandError(f"{path}: the header is not valid TOML: {error}") from error


def days_from_now(offset: str, *, now: datetime, source: Path) -> datetime:
    """`now` moved by an offset written as days, such as "-12d" (12 days ago) or "+9d"."""
    match = DAYS_FROM_NOW.fullmatch(offset)
    if match is None:
        raise CommandError(f'{source}: {offset!r} should be days from now, such as "-12d".')
    return now + timedelta(days=int(match[1]))


def row_seed(model, *, values: dict, on_create: dict | None = None, **lookup):
    """The row found by `lookup`, created or brought up to `values`: (row, created, updated).

    Saved only when something differs, so a second seed leaves `updated_at` and cached pages
    alone. `on_create` holds values set only on creation (such as a publish date).
    """
    row, created = model.objects.get_or_create(**lookup, defaults={**values, **(on_create or {})})
    updated = not created and any(getattr(row, name) != value for name, value in values.items())
    if updated:
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
    return row, created, updated


def _user(email, password, **fields):
    user, created = get_user_model().objects.get_or_create(email=email, defaults=fields)
    if created:
        user.set_password(password)
        user.save()
    row_seed(EmailAddress, user=user, email=email, values={"verified": True, "primary": True})
    return user


def seed(*, now, stdout):
    info = read_toml(DATA / "practice.toml")
    details, _, _ = row_seed(
        PracticeDetails,
        singleton=True,
        values={
            "name": info["name"],
            "tagline": info["tagline"],
            "practitioner_name": info["practitioner_name"],
            "practitioner_bio": info["practitioner_bio"],
            "contact_email": info["contact_email"],
            "home_intro": read_markdown(DATA / "home.md"),
            "helps_with": "\n".join(info["helps_with"]),
            "about_body": read_markdown(DATA / "about.md"),
        },
    )
    for order, link in enumerate(info["social_links"]):
        row_seed(
            SocialLink,
            practice=details,
            label=link["label"],
            values={"url": link["url"], "order": order},
        )
    first, last = info["practitioner_name"].split(" ", 1)
    _user(
        PRACTITIONER_EMAIL,
        PRACTITIONER_PASSWORD,
        first_name=first,
        last_name=last,
        is_staff=True,
    )
    _user(CLIENT_EMAIL, CLIENT_PASSWORD, first_name="Maya", last_name="Demo")
    _user(
        SITE_ADMIN_EMAIL,
        SITE_ADMIN_PASSWORD,
        first_name="Site",
        last_name="Administrator",
        is_staff=True,
        is_superuser=True,
    )
    stdout.write("Practice details: ready.")


def logins() -> list[tuple[str, str, str]]:
    return [
        ("Practitioner (admin at /admin/)", PRACTITIONER_EMAIL, PRACTITIONER_PASSWORD),
        ("Demo client", CLIENT_EMAIL, CLIENT_PASSWORD),
        ("Site administrator (technical sections)", SITE_ADMIN_EMAIL, SITE_ADMIN_PASSWORD),
    ]
