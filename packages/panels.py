"""What /my/ shows of the client's packages (client_area/my_account.py gathers every app's part)."""

from datetime import datetime


def my_packages_context(*, user, now: datetime) -> dict:
    """The context of templates/packages/_my_packages.html for `user`."""
    return {}
