"""(Filled in by the issue-15 work on setup.)"""


def setup_urls(wrap) -> list:
    """The admin URL patterns of this part; `wrap(view)` makes a view staff-only (see admin.py)."""
    return []
