"""Setting up the practice: which steps are done, and what is missing, in plain words.

`setup_facts` reads what the steps depend on (a fixed number of queries); `setup_steps` turns
those facts into the steps the "Set up your practice" page shows, without touching the
database, so each step's rule is tested on its own.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.urls import NoReverseMatch, reverse

from bookings.models import (
    CancellationPolicy,
    ExternalCalendar,
    Practitioner,
    Service,
    WorkingHours,
)
from clients.models import PolicyKind, PolicyVersion
from practice.models import PracticeDetails
from rooms.models import RoomSettings
from workplace.feeds import calendar_feed_url


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    done: bool
    status: str  # one sentence: what is set, or what is missing
    links: tuple[Link, ...] = ()
    optional: bool = False


@dataclass(frozen=True)
class SetupFacts:
    """What the steps depend on, read once (see `setup_facts`)."""

    practitioner: Practitioner | None
    details: PracticeDetails | None  # the stored row, if any
    weekdays_with_hours: frozenset[int] = frozenset()
    active_services: tuple[str, ...] = ()
    inactive_services: int = 0
    policy: CancellationPolicy | None = None  # the stored row, if any
    room_settings: RoomSettings | None = None  # the stored row, if any
    calendars: tuple[ExternalCalendar, ...] = ()  # her active calendars
    published_policies: frozenset[str] = frozenset()
    urls: dict[str, str] = field(default_factory=dict)  # admin pages by name ("" if absent)


@dataclass(frozen=True)
class Progress:
    steps: list[Step]

    @property
    def needed(self) -> list[Step]:
        return [step for step in self.steps if not step.optional]

    @property
    def done_count(self) -> int:
        return sum(step.done for step in self.needed)

    @property
    def total(self) -> int:
        return len(self.needed)

    @property
    def complete(self) -> bool:
        return self.done_count == self.total


def admin_url(name: str, *args) -> str:
    """The admin page's address, or "" when that page does not exist (yet) in this site."""
    try:
        return reverse(f"admin:{name}", args=args)
    except NoReverseMatch:
        return ""


def _urls(practitioner, details, policy, room_settings) -> dict[str, str]:
    def change_or_add(model: str, row) -> str:
        if row is not None:
            return admin_url(f"{model}_change", row.pk)
        return admin_url(f"{model}_add")

    return {
        "details": change_or_add("practice_practicedetails", details),
        "practitioner": change_or_add("bookings_practitioner", practitioner),
        "hours": admin_url("bookings_practitioner_hours"),
        "services": admin_url("bookings_service_changelist"),
        "service_add": admin_url("bookings_service_add"),
        "policy": change_or_add("bookings_cancellationpolicy", policy),
        "rooms": change_or_add("rooms_roomsettings", room_settings),
        # Her calendars' admin is another part of the desk (workplace/calendar_admin.py); a
        # site without it shows this step without a link.
        "calendars": admin_url("bookings_externalcalendar_changelist"),
        "feed_renew": (
            admin_url("bookings_practitioner_renew_calendar", practitioner.pk)
            if practitioner is not None
            else ""
        ),
        "policies": admin_url("clients_policydocument_changelist"),
    }


def setup_facts(*, practitioner: Practitioner | None, now: datetime) -> SetupFacts:
    """Read what the set-up steps depend on (seven queries whatever the data)."""
    details = PracticeDetails.objects.first()
    policy = CancellationPolicy.objects.first()
    room_settings = RoomSettings.objects.first()
    published = frozenset(
        PolicyVersion.objects.published(now=now).values_list("document__kind", flat=True).distinct()
    )
    weekdays: frozenset[int] = frozenset()
    active: tuple[str, ...] = ()
    inactive = 0
    calendars: tuple[ExternalCalendar, ...] = ()
    if practitioner is not None:
        weekdays = frozenset(
            WorkingHours.objects.filter(practitioner=practitioner).values_list("weekday", flat=True)
        )
        services = list(
            Service.objects.filter(practitioners=practitioner)
            .order_by("order", "name")
            .values_list("name", "active")
        )
        active = tuple(name for name, is_active in services if is_active)
        inactive = len(services) - len(active)
        calendars = tuple(
            ExternalCalendar.objects.filter(practitioner=practitioner, active=True).order_by(
                "name", "pk"
            )
        )
    return SetupFacts(
        practitioner=practitioner,
        details=details,
        weekdays_with_hours=weekdays,
        active_services=active,
        inactive_services=inactive,
        policy=policy,
        room_settings=room_settings,
        calendars=calendars,
        published_policies=published,
        urls=_urls(practitioner, details, policy, room_settings),
    )


def _join(words: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _links(facts: SetupFacts, *pairs: tuple[str, str]) -> tuple[Link, ...]:
    return tuple(Link(label, facts.urls[name]) for label, name in pairs if facts.urls.get(name))


NO_PRACTITIONER = "First add yourself as the practitioner (step 1)."


def details_step(facts: SetupFacts) -> Step:
    details, practitioner = facts.details, facts.practitioner
    missing = []
    if practitioner is None:
        missing.append("your practitioner record (your name and time zone)")
    if details is None or not details.practitioner_name:
        missing.append("your name as clients see it")
    if details is None or not details.practitioner_bio:
        missing.append("a few words about you")
    if details is None or not details.contact_email:
        missing.append("a contact e-mail address")
    if details is None or not details.photo:
        missing.append("your photo")
    if missing:
        status = f"Still missing: {_join(missing)}."
    else:
        status = (
            f"Clients see {details.practitioner_name}, with your photo and a few words about "
            f"you. Your hours are in the {practitioner.time_zone} time zone."
        )
    return Step(
        key="details",
        title="Your details and photo",
        done=not missing,
        status=status,
        links=_links(
            facts,
            ("Edit the practice's details and your photo", "details"),
            ("Edit your name and time zone", "practitioner"),
        ),
    )


def hours_step(facts: SetupFacts) -> Step:
    days = sorted(facts.weekdays_with_hours)
    if facts.practitioner is None:
        status = NO_PRACTITIONER
    elif not days:
        status = "No weekly hours yet: clients can't book any time until you set them."
    else:
        names = [WorkingHours.Weekday(day).label for day in days]
        status = f"You work on {_join(names)}."
    return Step(
        key="hours",
        title="Weekly hours",
        done=bool(days),
        status=status,
        links=_links(facts, ("Set your weekly hours", "hours")),
    )


def services_step(facts: SetupFacts) -> Step:
    active = list(facts.active_services)
    if facts.practitioner is None:
        status = NO_PRACTITIONER
    elif active:
        status = f"Clients can book: {_join(active)}."
    elif facts.inactive_services:
        status = "You have services, but none is switched on (“active”), so nothing can be booked."
    else:
        status = "No services yet: add what clients can book, with its length and price."
    return Step(
        key="services",
        title="Services and prices",
        done=bool(active),
        status=status,
        links=_links(facts, ("See your services", "services"), ("Add a service", "service_add")),
    )


def cancellation_step(facts: SetupFacts) -> Step:
    policy = facts.policy
    if policy is None:
        shown = CancellationPolicy()
        status = (
            "Not confirmed yet. Until you save it, the usual terms apply: "
            f"{shown.notice_hours} hours' notice for a {shown.refund_percent_with_notice}% refund."
        )
    else:
        status = (
            f"Clients can cancel or move a session up to {policy.notice_hours} hours before it "
            f"for a {policy.refund_percent_with_notice}% refund; later, "
            f"{policy.refund_percent_late}%."
        )
    return Step(
        key="cancellation",
        title="Cancellation policy",
        done=policy is not None,
        status=status,
        links=_links(facts, ("Set your cancellation policy", "policy")),
    )


def room_step(facts: SetupFacts) -> Step:
    settings_row = facts.room_settings
    if settings_row is None:
        status = (
            "Not chosen yet. Until you choose, each session gets its own private room on the "
            "site's video service (Jitsi)."
        )
    else:
        status = f"Chosen: {settings_row.get_provider_display()}."
    return Step(
        key="room",
        title="How clients join video sessions",
        done=settings_row is not None,
        status=status,
        links=_links(facts, ("Choose how clients join", "rooms")),
    )


def calendars_step(facts: SetupFacts) -> Step:
    calendars = list(facts.calendars)
    failing = [calendar.name for calendar in calendars if calendar.last_error]
    if facts.practitioner is None:
        status = NO_PRACTITIONER
    elif not calendars and not facts.urls.get("calendars"):
        status = "Adding your own calendars is not available on this site yet."
    elif not calendars:
        status = (
            "None added. Add your personal calendar so that your own appointments stop "
            "clients booking those times."
        )
    elif failing:
        status = f"Could not be read lately: {_join(failing)}. Open it to see why."
    else:
        count = len(calendars)
        status = (
            f"{count} of your calendars added: clients can't book the times you are busy in them."
            if count > 1
            else "1 calendar added: clients can't book the times you are busy in it."
        )
    return Step(
        key="calendars",
        title="Your own calendars",
        done=bool(calendars) and not failing,
        status=status,
        links=_links(facts, ("Add or check your calendars", "calendars")),
        optional=True,
    )


def feed_step(facts: SetupFacts) -> Step:
    ready = facts.practitioner is not None
    return Step(
        key="feed",
        title="Your sessions in your own calendar app",
        done=ready,
        status=(
            "Your private address is ready: add it to your calendar app once (see below)."
            if ready
            else NO_PRACTITIONER
        ),
        links=_links(facts, ("Make a new address", "feed_renew")),
        optional=True,
    )


def policies_step(facts: SetupFacts) -> Step:
    missing = [kind.label for kind in PolicyKind if kind.value not in facts.published_policies]
    if missing:
        status = (
            f"Not published yet: {_join(missing)}. Clients only read, and accept, the "
            "policies you have published."
        )
    else:
        status = "All four are published; clients accept them when they book."
    return Step(
        key="policies",
        title="Your policies",
        done=not missing,
        status=status,
        links=_links(facts, ("Write and publish your policies", "policies")),
    )


STEPS = (
    details_step,
    hours_step,
    services_step,
    cancellation_step,
    room_step,
    calendars_step,
    feed_step,
    policies_step,
)


def setup_steps(facts: SetupFacts) -> list[Step]:
    """Every step, in the order she does them."""
    return [step(facts) for step in STEPS]


def setup_progress(*, practitioner: Practitioner | None, now: datetime) -> Progress:
    return Progress(steps=setup_steps(setup_facts(practitioner=practitioner, now=now)))


def feed_address(practitioner: Practitioner | None) -> str:
    return calendar_feed_url(practitioner) if practitioner is not None else ""
