"""Demo data for `manage.py seed_demo`: the practice's details and the two demo logins."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from practice import demo_content
from practice.models import PracticeDetails, SocialLink

PRACTITIONER_EMAIL = "anna@quietharbour.example"
PRACTITIONER_PASSWORD = "harbour-demo-2026"  # noqa: S105 (demo only; seed_demo refuses without DEBUG)
CLIENT_EMAIL = "client@example.com"
CLIENT_PASSWORD = "client-demo-2026"  # noqa: S105


def _user(email, password, **fields):
    user, created = get_user_model().objects.get_or_create(email=email, defaults=fields)
    if created:
        user.set_password(password)
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def seed(*, now, stdout):
    info = demo_content.PRACTICE
    details, _ = PracticeDetails.objects.update_or_create(
        singleton=True,
        defaults={
            "name": info["name"],
            "tagline": info["tagline"],
            "practitioner_name": info["practitioner_name"],
            "practitioner_bio": info["practitioner_bio"],
            "contact_email": info["contact_email"],
            "home_intro": demo_content.HOME_INTRO,
            "helps_with": "\n".join(demo_content.HOME_HELPS_WITH),
            "about_body": demo_content.ABOUT_BODY,
        },
    )
    for order, (label, url) in enumerate(info["social_links"]):
        SocialLink.objects.update_or_create(
            practice=details, label=label, defaults={"url": url, "order": order}
        )
    first, last = info["practitioner_name"].split(" ", 1)
    _user(
        PRACTITIONER_EMAIL,
        PRACTITIONER_PASSWORD,
        first_name=first,
        last_name=last,
        is_staff=True,
        is_superuser=True,
    )
    _user(CLIENT_EMAIL, CLIENT_PASSWORD, first_name="Maya", last_name="Demo")
    stdout.write("Practice details: ready.")


def logins() -> list[tuple[str, str, str]]:
    return [
        ("Practitioner (admin at /admin/)", PRACTITIONER_EMAIL, PRACTITIONER_PASSWORD),
        ("Demo client", CLIENT_EMAIL, CLIENT_PASSWORD),
    ]
