"""The practitioner's workplace pages inside the admin, one view per module.

The workplace's Booking and Practitioner admins (workplace/admin.py) route to these through
their `get_urls()`, wrapped in `admin_site.admin_view` (staff only, never cached). Each view
reads the request, calls a domain function or a read, and renders an admin template; the admin
runs in the zone practice.middleware.AdminTimeZoneMiddleware made active.
"""
