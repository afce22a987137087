"""Demo data for `manage.py seed_demo`: the demo practitioner runs her desk as she would for
real, as staff in the Practitioner group, not as a superuser (practice/demo.py makes the
separate superuser)."""

from datetime import datetime

from clients.models import User
from practice.demo import PRACTITIONER_EMAIL, row_seed
from workplace.roles import practitioner_group_sync


def seed(*, now: datetime, stdout) -> None:
    group = practitioner_group_sync()
    # A demo database seeded before she had her group made her a superuser: not any more.
    user, _, _ = row_seed(
        User, email=PRACTITIONER_EMAIL, values={"is_staff": True, "is_superuser": False}
    )
    user.groups.add(group)
    stdout.write("Workplace: the practitioner is staff in the Practitioner group.")
