"""What the workplace plugs into the layers below once Django's apps are loaded (imported by
WorkplaceConfig.ready()): which saves change the desk's cached parts (workplace/desk_cache.py).

Bookings, hours, time off, extra hours, services and practitioners already change the
"availability" version (bookings/registrations.py); busy times from her calendars replace it
after each read. The desk also shows money (payments, refunds), people (a client's name and
address, which she may change or erase) and a screening's flag on her upcoming sessions,
which is set by a bulk update that sends no signal; and how far set-up is.

The running listening plans have a version of their own: a client listening changes them every
few seconds (aftercare's bulk updates replace it too, through `forget_pages_of`), and the rest
of the desk need not be read again for that.

The admin's menu (workplace/admin_menu.py) changes with people's permissions and groups and
with the singletons whose "Add" shows only while they have no row.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from aftercare.models import CheckIn, ListeningDay, ListeningPlan, Recording
from bookings.models import CancellationPolicy, ExternalCalendar
from clients.models import PolicyDocument, PolicyVersion
from clients.screening import on_conversation_needed
from payments.models import Payment, Refund
from practice.models import OutgoingEmail, PracticeDetails
from practice.page_cache import forget_cached_pages, register_namespace, register_page_models
from rooms.models import RoomSettings
from workplace.admin_menu import MENU
from workplace.desk_cache import CALENDARS, DESK, LISTENING

User = get_user_model()
# The singletons' admins offer "Add" only while their table is empty (SingletonAdmin).
SINGLETONS = (PracticeDetails, CancellationPolicy, RoomSettings)

register_namespace(DESK)
register_page_models(DESK, Payment, Refund, User)
# E-mails that could not be sent; the sending job's bulk updates replace the version too.
register_page_models(DESK, OutgoingEmail)
# The set-up steps (workplace/setup.py): the practice's details, policies and calendars (her
# hours and services change the "availability" version).
register_page_models(DESK, *SINGLETONS, PolicyDocument, PolicyVersion, ExternalCalendar)

# Her calendars' line on the desk: their names, errors and last reads (a successful read is a
# bulk update: workplace/calendar_sync.py forgets it), and who may see which (a superuser all).
register_namespace(CALENDARS)
register_page_models(CALENDARS, ExternalCalendar, User)

# The listening plans: each plan, its days and check-ins, the recording that says whose it is,
# and her name.
register_namespace(LISTENING)
register_page_models(LISTENING, Recording, ListeningPlan, ListeningDay, CheckIn, User)

# The admin's menu: what each staff member may see and add.
register_namespace(MENU)
register_page_models(
    MENU,
    User,
    Group,
    Permission,
    User.groups.through,
    User.user_permissions.through,
    Group.permissions.through,
    *SINGLETONS,
)


@on_conversation_needed
def _flagged_sessions_change_the_desk(*, user, now) -> None:
    forget_cached_pages(DESK)
