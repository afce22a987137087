"""What a held booking still needs from its client (screening, consent): the steps shown on the
booking's page, the gate that refuses to confirm or take payment until they are done, and the
consent given for the booking.

The rules are clients' (clients.consent, clients.screening), which know nothing of bookings:
here a booking is turned into what they ask for, and their errors into a `BookingError`.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from bookings.errors import BookingError
from bookings.models import Booking, Service
from clients.consent import ConsentError, consent_gate, consent_record_create, missing_policies
from clients.forms import ConsentForm
from clients.models import ConsentRecord, PolicyVersion, Screening, User
from clients.screening import on_conversation_needed, valid_screening


class ClientNotReady(BookingError):
    """The client has policies to accept or screening questions to answer first."""


def booking_gate(*, booking: Booking, now: datetime) -> None:
    """Refuse to confirm or take payment for `booking` until its client is ready.

    Ready means: every policy current at `now` accepted and, when the service needs it, a
    screening valid at the session's start. Raises `ClientNotReady` with clients' message for
    the client. When the screening calls for a conversation, the booking is flagged for the
    practitioner (the caller saves the booking); that never blocks the client.
    """
    try:
        conversation = consent_gate(
            client=booking.client,
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


@dataclass
class BookingSteps:
    booking: Booking
    missing_policies: list[PolicyVersion] = field(default_factory=list)
    consent_form: ConsentForm | None = None
    screening_required: bool = False
    screening: Screening | None = None
    discovery_call: Service | None = None
    has_policies: bool = False

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
    def shown(self) -> bool:
        """Whether there is anything to show (no policies published and no screening: no)."""
        return self.screening_required or self.has_policies

    @property
    def needs_conversation(self) -> bool:
        return bool(self.screening and self.screening.needs_conversation)


def booking_steps(*, booking: Booking, now: datetime, data=None) -> BookingSteps:
    """The steps for `booking` at `now`; `data` binds the consent form (after a POST)."""
    missing = missing_policies(user=booking.client, now=now)
    steps = BookingSteps(booking=booking, missing_policies=missing)
    steps.has_policies = bool(missing) or PolicyVersion.objects.current(now=now).exists()
    if missing:
        steps.consent_form = ConsentForm(
            data, versions=missing, return_to=booking.get_absolute_url()
        )
    if booking.service.needs_screening:
        steps.screening_required = True
        steps.screening = valid_screening(user=booking.client, at=booking.start)
        if steps.needs_conversation:
            steps.discovery_call = Service.objects.discovery_call()
    return steps
