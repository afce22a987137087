"""What a held booking still needs from its client (screening, consent): the "About you" step
shown on the booking's page, the gate that refuses to confirm or take payment until it is done,
and the answers and consent given for the booking.

The rules are clients' (clients.consent, clients.screening), which know nothing of bookings:
here a booking is turned into what they ask for, and their errors into a `BookingError`. A free
discovery call is a conversation, not treatment: it needs only the notices on confidentiality
and privacy (`booking_policy_kinds`); every other session needs every policy.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.views.decorators.debug import sensitive_variables

from bookings.errors import BookingError
from bookings.models import Booking, Service
from clients.consent import (
    ConsentError,
    consent_gate,
    consent_record_create,
    missing_policies,
    policies_needed,
)
from clients.forms import ConsentForm, ScreeningForm
from clients.models import ConsentRecord, PolicyVersion, Screening, User
from clients.screening import on_conversation_needed, screening_submit, valid_screening
from practice.fragments import forget_user_fragments


class ClientNotReady(BookingError):
    """The client has policies to accept or screening questions to answer first."""


def booking_policy_kinds(booking: Booking) -> tuple[str, ...]:
    """The kinds of policy its client accepts before `booking`: for a discovery call the
    notices on confidentiality and privacy, for any other session all of them."""
    return policies_needed(treatment=not booking.service.is_discovery_call)


def booking_gate(*, booking: Booking, now: datetime) -> None:
    """Refuse to confirm or take payment for `booking` until its client is ready.

    Ready means: the policies the booking needs (`booking_policy_kinds`) accepted in their
    versions current at `now` and, when the service needs it, a screening valid at the
    session's start. Raises `ClientNotReady` with clients' message for the client. When the
    screening calls for a conversation, the booking is flagged for the practitioner (the caller
    saves the booking); that never blocks the client.
    """
    try:
        conversation = consent_gate(
            client=booking.client,
            kinds=booking_policy_kinds(booking),
            needs_screening=booking.service.needs_screening,
            session_start=booking.start,
            now=now,
        )
    except ConsentError as error:
        raise ClientNotReady(error.message) from error
    if conversation:
        booking.needs_conversation = True


@on_conversation_needed
def bookings_flag_for_conversation(*, user: User, now: datetime) -> None:
    """The client's screening calls for a conversation: flag her held and upcoming confirmed
    bookings of services that need screening, for the practitioner."""
    Booking.objects.filter(client=user, service__needs_screening=True).upcoming(now=now).update(
        needs_conversation=True, updated_at=now
    )
    forget_user_fragments(user.pk)  # a bulk update: no signal tells her pages


def booking_consent_record(
    *,
    booking: Booking,
    versions: Iterable[PolicyVersion],
    ip: str | None,
    user_agent: str,
    now: datetime,
) -> list[ConsentRecord]:
    """Record that the booking's client accepted `versions` for this booking.

    Raises clients' `ConsentOutdated` when one of them was superseded meanwhile.
    """
    return consent_record_create(
        user=booking.client,
        versions=versions,
        booking_reference=booking.reference,
        ip=ip,
        user_agent=user_agent,
        now=now,
    )


@sensitive_variables("answers")
def booking_about_you_record(
    *,
    booking: Booking,
    answers: dict | None,
    versions: Iterable[PolicyVersion],
    ip: str | None,
    user_agent: str,
    now: datetime,
) -> Screening | None:
    """The "About you" step: store the client's screening `answers` (None when not asked) and
    her acceptance of `versions` for this booking, both or neither.

    Raises clients' `ConsentOutdated` when a version was superseded meanwhile; then nothing is
    stored, the answers included. Returns the screening stored, if any.
    """
    with transaction.atomic():
        screening = None
        if answers is not None:
            screening = screening_submit(user=booking.client, answers=answers, now=now)
        booking_consent_record(
            booking=booking, versions=versions, ip=ip, user_agent=user_agent, now=now
        )
    return screening


@dataclass
class BookingSteps:
    booking: Booking
    missing_policies: list[PolicyVersion] = field(default_factory=list)
    consent_form: ConsentForm | None = None
    screening_required: bool = False
    screening: Screening | None = None
    # The questions, while the service needs them and no screening is valid for this session.
    screening_form: ScreeningForm | None = None
    discovery_call: Service | None = None

    @property
    def screening_done(self) -> bool:
        return not self.screening_required or self.screening is not None

    @property
    def consent_done(self) -> bool:
        return not self.missing_policies

    @property
    def ready(self) -> bool:
        """Nothing stands between the client and confirming (or paying for) the booking."""
        return self.screening_done and self.consent_done

    @property
    def needs_conversation(self) -> bool:
        return bool(self.screening and self.screening.needs_conversation)

    def about_you_is_valid(self) -> bool:
        """Both parts of the bound "About you" form are valid (each is checked, so every
        error shows at once)."""
        forms = [form for form in (self.screening_form, self.consent_form) if form is not None]
        valid = [form.is_valid() for form in forms]  # a list, not a generator: check them all
        return all(valid)


def booking_steps(*, booking: Booking, now: datetime, data=None) -> BookingSteps:
    """The steps for `booking` at `now`; `data` binds the "About you" forms (after a POST)."""
    kinds = booking_policy_kinds(booking)
    missing = missing_policies(user=booking.client, now=now, kinds=kinds)
    steps = BookingSteps(booking=booking, missing_policies=missing)
    if missing:
        steps.consent_form = ConsentForm(
            data, versions=missing, return_to=booking.get_absolute_url()
        )
    if booking.service.needs_screening:
        steps.screening_required = True
        steps.screening = valid_screening(user=booking.client, at=booking.start)
        if steps.screening is None:
            # Earlier answers that have run out are filled in, to check and change.
            earlier = Screening.objects.filter(user=booking.client).first()
            initial = ScreeningForm.initial_from(earlier.answers if earlier else None)
            steps.screening_form = ScreeningForm(data, initial=initial)
        if steps.needs_conversation:
            steps.discovery_call = Service.objects.discovery_call()
    return steps
