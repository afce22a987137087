"""What /my/ shows of the client's waitlist (client_area/my_account.py gathers every app's part)."""

from datetime import datetime


def my_waitlist_context(*, user, now: datetime) -> dict:
    """The context of templates/waitlist/_my_waitlist.html for `user`."""
    return {}
