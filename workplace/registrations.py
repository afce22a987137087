"""What the workplace plugs into the layers below once Django's apps are loaded (imported by
WorkplaceConfig.ready()): which saves change the desk's cached parts (workplace/desk_cache.py).

Bookings, hours, time off, extra hours, services and practitioners already change the
"availability" version (bookings/registrations.py); busy times from her calendars replace it
after each read. The desk also shows money (payments, refunds), people (a client's name and
address, which she may change or erase) and a screening's flag on her upcoming sessions,
which is set by a bulk update that sends no signal.
"""

from django.contrib.auth import get_user_model

from clients.screening import on_conversation_needed
from payments.models import Payment, Refund
from practice.page_cache import forget_cached_pages, register_namespace, register_page_models
from workplace.desk_cache import DESK

register_namespace(DESK)
register_page_models(DESK, Payment, Refund, get_user_model())


@on_conversation_needed
def _flagged_sessions_change_the_desk(*, user, now) -> None:
    forget_cached_pages(DESK)
