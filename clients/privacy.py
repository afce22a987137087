"""A client's data rights: a complete export of their data, and erasure of their account.

Each app that stores personal data registers its part (clients knows nothing of the apps above
it; bookings registers from its AppConfig.ready()):

- an export section, one function per kind of data: `@export_section("name")`. The client's
  download and the admin's "Export data as JSON" both include every section;
- an erasure step: `@erasure_step`, run inside `account_erase`.

Erasure removes personal and health data and keeps what the law requires for accounting:
bookings (and payments) stay, linked to an anonymised user with no name, address or notes.
Consent records keep which version of which policy was accepted, when and for which booking,
as proof of what was agreed, but lose the IP address and user agent.
"""

import secrets
from collections.abc import Callable
from datetime import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.views.decorators.debug import sensitive_variables

from clients.models import AccessLog, ConsentRecord, Profile, Screening, User
from clients.screening import answers_for_display
from practice.mail import outgoing_email_queue, outgoing_emails_forget
from practice.models import PracticeDetails

EXPORT_FORMAT = "quiet-harbour-export/1"
ERASED_EMAIL_DOMAIN = "erased.invalid"  # .invalid can never be delivered to (RFC 2606)

ExportSection = Callable[[User], object]
EXPORT_SECTIONS: dict[str, ExportSection] = {}
ErasureStep = Callable[..., str]
ERASURE_STEPS: list[ErasureStep] = []


def export_section(name: str):
    """Register `function(user) -> JSON-able data` as the section `name` of every export."""

    def register(function: ExportSection) -> ExportSection:
        EXPORT_SECTIONS[name] = function
        return function

    return register


def erasure_step(function: ErasureStep) -> ErasureStep:
    """Register `function(*, user, now) -> str` to erase an app's data inside `account_erase`.

    Steps run first in the erasing transaction, in the order they were registered, while the
    account is still whole (`user.email` is still the client's address). Each returns what the
    confirmation e-mail should tell the client about it (its text, or "" for nothing).
    """
    if function not in ERASURE_STEPS:
        ERASURE_STEPS.append(function)
    return function


def iso(moment: datetime | None) -> str | None:
    """A moment as the export writes it."""
    return moment.isoformat() if moment else None


def plain_fields(instance: models.Model) -> dict:
    """Every concrete non-relation field, JSON-friendly (for records exported field by field)."""
    data = {}
    for model_field in instance._meta.concrete_fields:
        if model_field.is_relation:
            continue
        value = model_field.value_from_object(instance)
        data[model_field.name] = iso(value) if isinstance(value, datetime) else value
    return data


@export_section("account")
def _account(user: User) -> dict:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
    }


@export_section("profile")
def _profile(user: User) -> dict | None:
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return None
    return {
        "phone": profile.phone,
        "time_zone": profile.time_zone,
        "marketing_opt_in": profile.marketing_opt_in,
        "updated_at": iso(profile.updated_at),
    }


@export_section("consents")
def _consents(user: User) -> list[dict]:
    records = (
        ConsentRecord.objects.filter(user=user)
        .select_related("version__document")
        .order_by("accepted_at", "pk")
    )
    return [
        {
            "policy": record.version.document.kind,
            "title": record.version.title,
            "version": record.version.number,
            "content_hash": record.content_hash,
            "accepted_at": iso(record.accepted_at),
            "ip_address": record.ip_address,
            "user_agent": record.user_agent,
            "booking": record.booking_reference or None,
            "withdrawn_at": iso(record.withdrawn_at),
        }
        for record in records
    ]


@export_section("screening")
@sensitive_variables("screening")
def _screening(user: User) -> dict | None:
    screening = Screening.objects.filter(user=user).first()
    if screening is None:
        return None
    return {
        "completed_at": iso(screening.completed_at),
        "valid_until": iso(screening.valid_until),
        "needs_conversation": screening.needs_conversation,
        # The client's own answers, decrypted: as stored, and as the questions read.
        "answers": dict(screening.answers),
        "questions_and_answers": [
            {"question": question, "answer": answer}
            for question, answer in answers_for_display(screening.answers)
        ],
    }


@export_section("access_log")
def _access_log(user: User) -> list[dict]:
    entries = AccessLog.objects.filter(client=user).order_by("at", "pk")
    return [{"action": entry.action, "at": iso(entry.at)} for entry in entries]


def client_data_export(*, user: User, now: datetime) -> dict:
    """Everything the practice holds about `user`, as one JSON-able dict."""
    data: dict = {"format": EXPORT_FORMAT, "exported_at": iso(now)}
    for name, section in EXPORT_SECTIONS.items():
        data[name] = section(user)
    return data


def access_log_record(
    *, staff: User, client: User, action: str, now: datetime, reference: str = ""
) -> AccessLog:
    """Write down that `staff` read `client`'s sensitive data (one row per read)."""
    entry = AccessLog(staff=staff, client=client, action=action, at=now, object_reference=reference)
    entry.full_clean()
    entry.save()
    return entry


def erased_email(user: User) -> str:
    # Unique and unguessable: nobody can sign up in advance with the address an erasure
    # is about to use (which would make the erasure fail on the unique constraint).
    return f"deleted-{user.pk}-{secrets.token_hex(6)}@{ERASED_EMAIL_DOMAIN}"


@sensitive_variables("address", "name")
def account_erase(*, user: User, now: datetime) -> User:
    """Delete a client's account: every app's erasure step, then personal and health data.

    Bookings register the step that cancels upcoming sessions under the cancellation policy
    (refunds included); bookings and payments stay for the accounts, anonymised. A
    confirmation goes to the address the client had, once the erasure has committed. Returns
    the anonymised user.
    """
    address, name = user.email, user.first_name
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        notes = [step(user=user, now=now) for step in ERASURE_STEPS]

        Screening.objects.filter(user=user).delete()
        Profile.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        _delete_second_factors(user)
        ConsentRecord.objects.filter(user=user).update(ip_address=None, user_agent="")
        _scrub_admin_history(user, address)
        outgoing_emails_forget(user=user)

        user.email = erased_email(user)
        user.first_name = ""
        user.last_name = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()

        _queue_erasure_confirmation(user=user, address=address, name=name, notes=notes)
    return user


def _delete_second_factors(user: User) -> None:
    Authenticator.objects.filter(user=user).delete()


def _scrub_admin_history(user: User, address: str) -> None:
    """The admin's history names objects by their str(): a user's is their name or address."""
    user_type = ContentType.objects.get_for_model(User)
    LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(
        object_repr=f"Deleted user #{user.pk}", change_message=""
    )
    LogEntry.objects.filter(object_repr__icontains=address).update(
        object_repr="(erased)", change_message=""
    )


@sensitive_variables("address", "name")
def _queue_erasure_confirmation(*, user: User, address: str, name: str, notes: list[str]) -> None:
    # To the address the client had, so not linked to the account (whose e-mails are no longer
    # sent); the outbox clears the address once it has gone.
    context = {
        "name": name,
        "practice_name": PracticeDetails.load().name,
        "notes": [note for note in notes if note],
    }
    outgoing_email_queue(
        key=f"account-deleted:{user.pk}",
        to=address,
        subject="Your account has been deleted",
        template="emails/account_deleted",
        context=context,
        html=False,
    )
