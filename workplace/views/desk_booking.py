"""(Filled in by the issue-15 work on desk.)"""


def desk_urls(wrap) -> list:
    """The admin URL patterns of this part; `wrap(view)` makes a view staff-only (see admin.py)."""
    return []
