"""The payment models' admin pages were under bookings/ until the models moved to this app.

Links to them (in e-mails already sent: a refund that needs her attention) lead on to the same
page at its new address.
"""

from django.shortcuts import redirect
from django.urls import reverse


def admin_page_moved(request, model: str, rest: str):
    target = f"{reverse('admin:index')}payments/{model}/{rest}"
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{target}?{query}" if query else target, permanent=True)
