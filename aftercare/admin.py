"""The aftercare admin. Placeholder in the listening-plan branch: the recordings' admin (another
engineer's) replaces this file at merge, keeping the import below."""

from aftercare import plan_admin  # noqa: F401 (registers the listening plans' admin)
