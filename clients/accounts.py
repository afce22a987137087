"""Accounts the practitioner makes for a client who phoned or wrote, and their welcome.

A client signing up online gives her name and address and confirms the address with a code
(clients/adapter.py). A client the practitioner books for gets the same kind of account: her
name (what she asked to be called) in `first_name`, her address not yet confirmed, no password.
The welcome e-mail carries a link of ours, made like Django's password-reset links (the user's
id and a token that stops working once she has signed in or set a password, or after
settings.PASSWORD_RESET_TIMEOUT): it lets her choose a password, and proves the address is
hers. She can also always sign in with a code e-mailed to her.
"""

from datetime import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.http import base36_to_int, int_to_base36

from clients.models import Profile, User
from practice.errors import MessageError
from practice.mail import outgoing_email_queue
from practice.models import PracticeDetails


class AccountRefused(MessageError):
    """The details for a new account cannot be used; the message says why, for the practitioner."""


def client_find_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()


def client_account_create(*, name: str, email: str, time_zone: str, now: datetime) -> User:
    """A client's account, made by the practitioner: her name and address, no password.

    Raises `AccountRefused` when the name is empty, the address is not one, or an account has
    it already (then she is an existing client: choose her instead).
    """
    # Lower case, as allauth keeps and looks up addresses (its sign-in would not find her).
    name, email = name.strip(), email.strip().lower()
    if not name:
        raise AccountRefused("Please give the client's name (what she would like to be called).")
    try:
        validate_email(email)
    except ValidationError as error:
        raise AccountRefused(
            "Please give the client's e-mail address, like name@example.com."
        ) from error
    with transaction.atomic():
        if client_find_by_email(email) is not None:
            raise AccountRefused(
                f"There is already an account with the address {email}. "
                "Find the client by her name or address instead."
            )
        user = User.objects.create_user(email, password=None, first_name=name[:150])
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
        Profile.objects.create(user=user, time_zone=time_zone)
    return user


def welcome_path(user: User) -> str:
    """Her welcome page's path: her id and a token that works once (see the module's note)."""
    return reverse(
        "clients:welcome",
        kwargs={
            "uidb36": int_to_base36(user.pk),
            "token": default_token_generator.make_token(user),
        },
    )


def welcome_user(*, uidb36: str, token: str) -> User | None:
    """The user a welcome link is for, while its token is still good; else None."""
    try:
        user_id = base36_to_int(uidb36)
    except ValueError:
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


def welcome_email_queue(*, user: User, next_path: str, made_by: str) -> None:
    """Queue her welcome e-mail (in the caller's transaction: it goes with the booking).

    `next_path`: where the link takes her once she has chosen how to sign in (her booking).
    `made_by`: who made the account, as she knows her.
    """
    link = f"{settings.SITE_URL}{welcome_path(user)}?next={next_path}"
    practice = PracticeDetails.load()
    outgoing_email_queue(
        key=f"welcome:{user.pk}",
        to=user.email,
        recipient=user,
        subject=f"Your account at {practice.name}",
        template="emails/desk_welcome",
        context={
            "user": user,
            "practice": practice,
            "made_by": made_by,
            "welcome_url": link,
            "next_url": settings.SITE_URL + next_path,
            "login_url": settings.SITE_URL + reverse("account_login"),
            "site_url": settings.SITE_URL,
        },
    )


def welcome_password_set(*, user: User, form, now: datetime) -> User:
    """She chose a password through her welcome link: save it, and her address is confirmed
    (the link reached her there)."""
    with transaction.atomic():
        form.save()
        EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)
    return user
