"""A client's data rights: a complete export of their data, and erasure of their account.

Export is a registry of sections, one function per kind of data, so an app that adds personal
data (payments, for instance) adds one `@export_section("name")` function and the export, the
client's download and the admin's "Export data as JSON" all include it.

Erasure removes personal and health data and keeps what the law requires for accounting:
bookings (and payments) stay, linked to an anonymised user with no name, address or notes.
Consent records keep which version of which policy was accepted, when and for which booking,
as proof of what was agreed, but lose the IP address and user agent.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.views.decorators.debug import sensitive_variables

from bookings.models import Booking
from bookings.policy import Actor
from bookings.services import BookingError, booking_cancel
from clients.models import AccessLog, ConsentRecord, Profile, Screening, User
from clients.screening import answers_for_display
from practice.mail import outgoing_email_queue, outgoing_emails_forget
from practice.models import PracticeDetails

EXPORT_FORMAT = "quiet-harbour-export/1"
ERASED_EMAIL_DOMAIN = "erased.invalid"  # .invalid can never be delivered to (RFC 2606)

ExportSection = Callable[[User], object]
EXPORT_SECTIONS: dict[str, ExportSection] = {}
ErasureStep = Callable[[User, datetime], None]
ERASURE_STEPS: list[ErasureStep] = []


def export_section(name: str):
    """Register `function(user) -> JSON-able data` as the section `name` of every export."""

    def register(function: ExportSection) -> ExportSection:
        EXPORT_SECTIONS[name] = function
        return function

    return register


def erasure_step(function: ErasureStep) -> ErasureStep:
    """Register `function(user, now)` to erase an app's personal data inside `account_erase`.

    It runs in the erasing transaction before the user row is anonymised (so `user.email` is
    still the old address), after upcoming bookings have been cancelled.
    """
    ERASURE_STEPS.append(function)
    return function


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@export_section("account")
def _account(user: User) -> dict:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
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
        "updated_at": _iso(profile.updated_at),
    }


@export_section("bookings")
def _bookings(user: User) -> list[dict]:
    bookings = Booking.objects.filter(client=user).select_related("service").order_by("start")
    return [
        {
            "reference": booking.reference,
            "service": booking.service.name,
            "start": _iso(booking.start),
            "end": _iso(booking.end),
            "status": booking.status,
            "time_zone": booking.client_time_zone,
            "price_amount": booking.price_amount,
            "price_currency": booking.price_currency,
            "cancellation_policy": booking.policy_snapshot,
            "video_link": booking.video_link,
            "needs_conversation": booking.needs_conversation,
            "confirmed_at": _iso(booking.confirmed_at),
            "rescheduled_at": _iso(booking.rescheduled_at),
            "cancelled_by": booking.cancelled_by,
            "cancelled_at": _iso(booking.cancelled_at),
            "cancellation_reason": booking.cancellation_reason,
            "refund_amount": booking.refund_amount,
            "created_at": _iso(booking.created_at),
        }
        for booking in bookings
    ]


def _plain_fields(instance: models.Model) -> dict:
    """Every concrete non-relation field, JSON-friendly (for models we do not know in detail)."""
    data = {}
    for model_field in instance._meta.concrete_fields:
        if model_field.is_relation:
            continue
        value = model_field.value_from_object(instance)
        data[model_field.name] = _iso(value) if isinstance(value, datetime) else value
    return data


@export_section("payments")
def _payments(user: User) -> list[dict]:
    # The payments app (payments.Payment, payments.Refund) may not exist yet; once it does, its
    # records for this client's bookings are exported field by field.
    try:
        payment_model = apps.get_model("payments", "Payment")
    except LookupError:
        return []
    payments = payment_model.objects.filter(booking__client=user).select_related("booking")
    exported = []
    for payment in payments:
        row = _plain_fields(payment)
        row["booking"] = payment.booking.reference
        refunds = getattr(payment, "refunds", None)
        if refunds is not None:
            row["refunds"] = [_plain_fields(refund) for refund in refunds.all()]
        exported.append(row)
    return exported


@export_section("consents")
def _consents(user: User) -> list[dict]:
    records = (
        ConsentRecord.objects.filter(user=user)
        .select_related("version__document", "booking")
        .order_by("accepted_at", "pk")
    )
    return [
        {
            "policy": record.version.document.kind,
            "title": record.version.title,
            "version": record.version.number,
            "content_hash": record.content_hash,
            "accepted_at": _iso(record.accepted_at),
            "ip_address": record.ip_address,
            "user_agent": record.user_agent,
            "booking": record.booking.reference if record.booking else None,
            "withdrawn_at": _iso(record.withdrawn_at),
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
        "completed_at": _iso(screening.completed_at),
        "valid_until": _iso(screening.valid_until),
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
    return [{"action": entry.action, "at": _iso(entry.at)} for entry in entries]


def client_data_export(*, user: User, now: datetime) -> dict:
    """Everything the practice holds about `user`, as one JSON-able dict."""
    data: dict = {"format": EXPORT_FORMAT, "exported_at": _iso(now)}
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


@dataclass
class Erasure:
    cancelled: list[Booking] = field(default_factory=list)
    kept: list[Booking] = field(default_factory=list)


def erased_email(user: User) -> str:
    # Unique and unguessable: nobody can sign up in advance with the address an erasure
    # is about to use (which would make the erasure fail on the unique constraint).
    return f"deleted-{user.pk}-{secrets.token_hex(6)}@{ERASED_EMAIL_DOMAIN}"


def is_erased(user: User) -> bool:
    return user.email.endswith(f"@{ERASED_EMAIL_DOMAIN}")


@sensitive_variables("address", "name")
def account_erase(*, user: User, now: datetime) -> Erasure:
    """Delete a client's account: cancel what is ahead, erase personal and health data.

    Upcoming bookings are cancelled by the client under the cancellation policy (refunds
    included). Bookings and payments stay for the accounts, anonymised. A confirmation goes to
    the address the client had, once the erasure has committed.
    """
    address, name = user.email, user.first_name
    erasure = Erasure()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        upcoming = Booking.objects.filter(
            client=user, status__in=Booking.ACTIVE_STATUSES, start__gt=now
        ).order_by("start")
        for booking in upcoming:
            try:
                booking_cancel(booking=booking, by=Actor.CLIENT, reason="Account deleted", now=now)
            except BookingError:
                erasure.kept.append(booking)
            else:
                erasure.cancelled.append(booking)

        Screening.objects.filter(user=user).delete()
        Profile.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        _delete_second_factors(user)
        ConsentRecord.objects.filter(user=user).update(ip_address=None, user_agent="")
        # Nothing the client wrote stays beside their bookings; the practitioner's flag goes
        # too, since it was derived from health answers.
        Booking.objects.filter(client=user).update(
            cancellation_reason="", needs_conversation=False, updated_at=now
        )
        _scrub_admin_history(user, address)
        outgoing_emails_forget(user=user)
        for step in ERASURE_STEPS:
            step(user, now)

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

        _queue_erasure_confirmation(user=user, address=address, name=name, erasure=erasure)
    return erasure


def _delete_second_factors(user: User) -> None:
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa.models import Authenticator

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
def _queue_erasure_confirmation(*, user: User, address: str, name: str, erasure: Erasure) -> None:
    # To the address the client had, so not linked to the account (whose e-mails are no longer
    # sent); the outbox clears the address once it has gone.
    context = {
        "name": name,
        "practice_name": PracticeDetails.load().name,
        "cancelled": erasure.cancelled,
        "kept": erasure.kept,
    }
    outgoing_email_queue(
        key=f"account-deleted:{user.pk}",
        to=address,
        subject="Your account has been deleted",
        template="clients/emails/account_deleted",
        context=context,
        html=False,
    )
