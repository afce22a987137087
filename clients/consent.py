"""The consent gate: which policy versions a client still has to accept, and the proof they did.

A client accepts the current version of each policy (confidentiality, privacy, terms, consent to
treatment). Publishing a new version of any of them makes `missing_policies` list it again, so
the client is asked at their next booking. Withdrawing consent to treatment does the same for
that document. Before a booking is confirmed or paid for, bookings asks `consent_gate`, which
refuses while anything is missing (and, for services that need it, while there is no valid
screening) with this module's own errors; bookings turns them into its own.

Not every meeting needs every policy: a conversation (the free discovery call) needs only the
notices on confidentiality and privacy, a session of treatment all four (`policies_needed`).
The client accepts them in two boxes, one per kind of consent the law treats separately
(`CONSENT_GROUPS`): the terms and notices, and consent to treatment.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from allauth.account.adapter import get_adapter
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef

from clients import screening as screening_rules
from clients.models import ConsentRecord, PolicyKind, PolicyVersion, User
from practice.errors import MessageError
from practice.fragments import forget_user_fragments

USER_AGENT_MAX = 500

# What talking to the practitioner needs: how what she says is kept confidential, and how her
# data is handled. Treatment needs the terms (paying, cancelling) and consent to it as well.
CONVERSATION_POLICIES: tuple[str, ...] = (PolicyKind.CONFIDENTIALITY, PolicyKind.PRIVACY)
TREATMENT_POLICIES: tuple[str, ...] = tuple(PolicyKind.values)


def policies_needed(*, treatment: bool) -> tuple[str, ...]:
    """The kinds of policy a client accepts before a session of treatment, or a conversation."""
    return TREATMENT_POLICIES if treatment else CONVERSATION_POLICIES


@dataclass(frozen=True)
class ConsentGroup:
    """Policies accepted with one tick: agreeing to how the practice works is one decision,
    consenting to treatment another, and the law wants the second given on its own."""

    key: str
    kinds: tuple[str, ...]


CONSENT_GROUPS = (
    ConsentGroup("policies", (PolicyKind.CONFIDENTIALITY, PolicyKind.PRIVACY, PolicyKind.TERMS)),
    ConsentGroup("treatment", (PolicyKind.CONSENT,)),
)


class ConsentError(MessageError):
    """What the client still has to do about policies or screening."""


class ConsentRequired(ConsentError):
    message = "Please read and accept the practice's policies before confirming this booking."


class ScreeningRequired(ConsentError):
    message = "Please answer the suitability questions before confirming this booking."


class ConsentOutdated(ConsentError):
    message = (
        "One of the policies was updated while you were reading. Please read the new version "
        "and accept it."
    )


def _reading_order(version: PolicyVersion) -> int:
    return version.document.reading_order


def current_versions(*, now: datetime) -> list[PolicyVersion]:
    """The version of each policy in force at `now`, in reading order."""
    return sorted(PolicyVersion.objects.current(now=now), key=_reading_order)


def missing_policies(
    *, user: User, now: datetime, kinds: Collection[str] = TREATMENT_POLICIES
) -> list[PolicyVersion]:
    """Current versions of the policies of `kinds` (all by default) that `user` has not
    accepted (or has withdrawn), in reading order."""
    accepted = ConsentRecord.objects.in_force().filter(user=user, version=OuterRef("pk"))
    versions = (
        PolicyVersion.objects.current(now=now)
        .filter(document__kind__in=kinds)
        .annotate(accepted=Exists(accepted))
    )
    return sorted((v for v in versions if not v.accepted), key=_reading_order)


def consent_record_create(
    *,
    user: User,
    versions: Iterable[PolicyVersion],
    booking_reference: str = "",
    ip: str | None,
    user_agent: str,
    now: datetime,
) -> list[ConsentRecord]:
    """Record that `user` accepted each of `versions` (each must be current at `now`), for the
    booking `booking_reference` if given (bookings.booking_steps.booking_consent_record).

    Raises `ConsentOutdated` when one of them was superseded meanwhile: the client must see the
    new text before accepting it. Versions already accepted and in force are not recorded twice.
    """
    versions = list(versions)
    with transaction.atomic():
        current = {version.pk for version in PolicyVersion.objects.current(now=now)}
        if any(version.pk not in current for version in versions):
            raise ConsentOutdated
        already = set(
            ConsentRecord.objects.in_force()
            .filter(user=user, version__in=versions)
            .values_list("version_id", flat=True)
        )
        records = []
        for version in versions:
            if version.pk in already:
                continue
            record = ConsentRecord(
                user=user,
                version=version,
                content_hash=version.content_hash,
                accepted_at=now,
                ip_address=ip,
                user_agent=(user_agent or "")[:USER_AGENT_MAX],
                booking_reference=booking_reference,
            )
            record.full_clean()
            record.save()
            records.append(record)
    return records


def consent_withdraw(*, user: User, now: datetime) -> int:
    """Withdraw the client's consent to treatment; returns how many records it ended.

    Nothing is deleted: the records keep what was agreed and now also when it ended. Until the
    client consents again, `consent_gate` refuses every session of treatment (a discovery call,
    a conversation, still goes ahead).
    """
    ended = (
        ConsentRecord.objects.in_force()
        .filter(user=user, version__document__kind=PolicyKind.CONSENT)
        .update(withdrawn_at=now)
    )
    forget_user_fragments(user.pk)  # a bulk update: no signal tells her pages
    return ended


def has_withdrawn_treatment_consent(*, user: User, now: datetime) -> bool:
    """True when the client's latest word on consent to treatment, as it stood at `now`, was
    to withdraw it."""
    latest = (
        ConsentRecord.objects.filter(
            user=user, version__document__kind=PolicyKind.CONSENT, accepted_at__lte=now
        )
        .order_by("-accepted_at", "-pk")
        .first()
    )
    return latest is not None and latest.withdrawn_at is not None and latest.withdrawn_at <= now


def consent_gate(
    *,
    client: User,
    kinds: Collection[str] = TREATMENT_POLICIES,
    needs_screening: bool,
    session_start: datetime,
    now: datetime,
) -> bool:
    """Refuse to go ahead with a session until the client is ready for it.

    Ready means: the version current at `now` of each policy of `kinds` (`policies_needed`)
    accepted and, when the service needs it (`needs_screening`), a screening valid at
    `session_start`. Raises `ConsentRequired` or `ScreeningRequired`. Returns whether the
    screening calls for a conversation with the practitioner first: that is for her to see, and
    never blocks the client.
    """
    if missing_policies(user=client, now=now, kinds=kinds):
        raise ConsentRequired
    if not needs_screening:
        return False
    screening = screening_rules.valid_screening(user=client, at=session_start)
    if screening is None:
        raise ScreeningRequired
    return screening.needs_conversation


def request_ip(request) -> str | None:
    """The client's IP address, as far as we can know it, or None.

    The same rule as allauth's rate limits (settings.ALLAUTH_TRUSTED_PROXY_COUNT): behind our
    own proxy, the hop it appended to X-Forwarded-For; otherwise the peer that connected.
    """
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # no usable address
        return None


def request_user_agent(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX]
