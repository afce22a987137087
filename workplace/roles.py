"""The "Practitioner" group: what she needs to run her practice from the admin, as a staff
member who is not a superuser.

Kept up to date after every `migrate` (workplace/apps.py connects `practitioner_group_sync` to
post_migrate), so a new model's permissions join the group with the migration that adds it.
The site's machinery (task results, Stripe's webhook deliveries, sign-in records, groups and
permissions, the log of who read health data) is not in it: that is the superuser's.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

PRACTITIONER_GROUP = "Practitioner"

ALL = ("add", "change", "delete", "view")
EDIT = ("add", "change", "view")
READ = ("view",)

# app label -> model -> what she may do with it
PRACTITIONER_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "practice": {"practicedetails": EDIT, "sociallink": ALL, "outgoingemail": READ},
    "clients": {
        "user": EDIT,
        "profile": EDIT,
        "policydocument": EDIT,
        "policyversion": ALL,  # drafts can be deleted; published versions never (the model)
        "consentrecord": READ,
        "screening": READ,
    },
    "blog": {"article": ALL, "category": ALL, "tag": ALL, "faqentry": ALL},
    "bookings": {
        # Bookings are made and changed through the booking flows (hers is the desk's "Book a
        # session" page: the admin's own add form stays off) and never deleted.
        "booking": EDIT,
        "practitioner": ("change", "view"),
        "workinghours": ALL,
        "timeoff": ALL,
        "extraavailability": ALL,
        "service": ALL,
        "cancellationpolicy": EDIT,
        "externalcalendar": ALL,
        "busytime": READ,
    },
    "payments": {"payment": READ, "refund": READ, "order": READ},
    "rooms": {"room": READ, "roomsettings": EDIT, "serviceroomlink": ALL},
    "aftercare": {
        "plandefaults": EDIT,
        "recording": ALL,
        "listeningplan": ALL,
        "listeningday": READ,
        "checkin": READ,
        "recordingaccess": READ,
    },
    # Packages of sessions: hers to define; clients' credits hers to add to or refund.
    "packages": {
        "package": ALL,
        "packageitem": ALL,
        # Purchases are read; "change" is adding and refunding credits (its own forms).
        "packagepurchase": ("change", "view"),
        "credit": READ,
        "credituse": READ,
        "creditchange": READ,
    },
    # Gift vouchers: bought and paid online; she sees them and their balances.
    "vouchers": {"voucher": ("change", "view"), "redemption": READ},
    # Who is waiting for a time to free, service by service.
    "waitlist": {"entry": READ, "freedtime": READ, "offer": READ},
}


def practitioner_permissions():
    """The permissions the group holds (those that exist in this database)."""
    wanted = Q(pk__in=[])
    for app_label, models in PRACTITIONER_PERMISSIONS.items():
        for model, actions in models.items():
            wanted |= Q(
                content_type__app_label=app_label,
                codename__in=[f"{action}_{model}" for action in actions],
            )
    return Permission.objects.filter(wanted)


def practitioner_group_sync() -> Group:
    """The Practitioner group, with exactly the permissions above."""
    group, _ = Group.objects.get_or_create(name=PRACTITIONER_GROUP)
    group.permissions.set(practitioner_permissions())
    return group


def _after_migrate(*, using="default", **kwargs) -> None:
    if using == "default":
        practitioner_group_sync()
