"""The admin's menu (its list of apps) and the desk's set-up reminder, kept in the shared cache
(workplace/admin_menu.py, workplace/desk_cache.py): fewer queries, each staff member her own
menu, and a change the moment permissions, groups or the singletons change."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rooms.models import RoomSettings

pytestmark = pytest.mark.django_db

BOOKINGS = reverse("admin:bookings_booking_changelist")
SERVICES = reverse("admin:bookings_service_changelist")
ARTICLES = reverse("admin:blog_article_changelist")
ROOM_ADD = reverse("admin:rooms_roomsettings_add")
# What the menu and the set-up reminder read when they are built.
BUILT_FROM = (
    "practice_practicedetails",
    "bookings_cancellationpolicy",
    "rooms_roomsettings",
    "clients_policyversion",
    "bookings_workinghours",
)


def permission(codename: str) -> Permission:
    return Permission.objects.get(codename=codename)


@pytest.fixture
def helper(make_user):
    """A member of staff who may only look at bookings."""
    user = make_user("helper@example.com", is_staff=True)
    user.user_permissions.add(permission("view_booking"))
    return user


def sidebar(client, url=BOOKINGS) -> str:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('id="nav-sidebar"') :]


def served_from_cache(client, url) -> list[str]:
    """The queries of a second view of `url` (the first fills the cache)."""
    client.get(url)
    with CaptureQueriesContext(connection) as served:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in served.captured_queries]


@pytest.mark.parametrize(
    "url", [reverse("admin:index"), reverse("admin:bookings_booking_calendar")]
)
def test_the_desk_from_the_cache_reads_neither_the_menu_nor_the_setup_again(desk, url):
    queries = served_from_cache(desk, url)

    assert not [sql for sql in queries if any(table in sql for table in BUILT_FROM)]


def test_the_calendar_from_the_cache_costs_three_queries(desk, practitioner):
    # Her user (her session is in the cache), her practitioner (zone), the week's
    # practitioners; her rights (workplace/permissions.py) and the week's grid
    # (workplace/desk_cache.py) are kept.
    assert len(served_from_cache(desk, reverse("admin:bookings_booking_calendar"))) <= 3


def test_each_staff_member_sees_only_her_own_menu(desk, client, helper):
    full = sidebar(desk)  # the practitioner's menu is in the cache first
    assert SERVICES in full
    assert ARTICLES in full

    client.force_login(helper)
    hers = sidebar(client)

    assert BOOKINGS in hers
    assert SERVICES not in hers
    assert ARTICLES not in hers
    assert "addlink" not in hers


def test_a_permission_given_or_taken_shows_in_her_menu_at_once(client, helper):
    client.force_login(helper)
    assert SERVICES not in sidebar(client)

    helper.user_permissions.add(permission("view_service"))
    assert SERVICES in sidebar(client)

    helper.user_permissions.remove(permission("view_service"))
    assert SERVICES not in sidebar(client)


def test_a_group_she_joins_or_whose_permissions_change_shows_at_once(client, helper):
    client.force_login(helper)
    group = Group.objects.create(name="Writers")
    assert ARTICLES not in sidebar(client)

    helper.groups.add(group)
    assert ARTICLES not in sidebar(client)
    group.permissions.add(permission("view_article"))
    assert ARTICLES in sidebar(client)

    helper.groups.remove(group)
    assert ARTICLES not in sidebar(client)


def test_a_member_of_staff_made_superuser_sees_everything_at_once(client, helper):
    client.force_login(helper)
    assert ARTICLES not in sidebar(client)

    helper.is_superuser = True
    helper.save()

    assert ARTICLES in sidebar(client)


def test_a_singletons_add_link_goes_once_it_has_its_row_and_comes_back_without(desk):
    assert ROOM_ADD in sidebar(desk)

    room = RoomSettings.objects.create()
    assert ROOM_ADD not in sidebar(desk)

    room.delete()
    assert ROOM_ADD in sidebar(desk)


def test_the_sidebar_marks_the_page_it_is_on_from_the_cache(desk):
    desk.get(reverse("admin:index"))  # her menu, kept
    on_services = sidebar(desk, SERVICES)
    on_bookings = sidebar(desk, BOOKINGS)

    assert f'<a href="{SERVICES}" aria-current="page">' in on_services
    assert f'<a href="{BOOKINGS}" aria-current="page">' not in on_services
    assert f'<a href="{BOOKINGS}" aria-current="page">' in on_bookings
    assert f'<a href="{SERVICES}" aria-current="page">' not in on_bookings


def test_everything_else_on_the_desk_has_change_links_the_sidebar_has_not(desk):
    html = desk.get(reverse("admin:index")).content.decode()
    everything = html[html.index('id="qh-everything"') :]

    assert f'<a href="{SERVICES}" class="changelink"' in everything
    assert f'<a href="{SERVICES}" class="changelink"' not in sidebar(desk)


def test_every_singleton_of_the_admin_changes_the_menu():
    # A SingletonAdmin offers "Add" only while its table is empty: a new one must be among the
    # models whose saves replace the menu's version (workplace/registrations.py).
    from django.contrib import admin

    from practice.admin_helpers import SingletonAdmin
    from workplace.registrations import SINGLETONS

    registered = {
        model
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, SingletonAdmin)
    }
    assert registered == set(SINGLETONS)


def test_a_deploy_that_changes_the_sites_admins_reads_a_menu_of_its_own():
    from django.contrib.admin import AdminSite
    from django.contrib.auth.admin import GroupAdmin

    from workplace.admin_menu import site_fingerprint

    site = AdminSite(name="fingerprinted")
    site.register(Group)
    first = site_fingerprint(site)
    site.unregister(Group)
    site.register(Group, GroupAdmin)
    replaced = site_fingerprint(site)
    site.register(Permission)

    assert len({first, replaced, site_fingerprint(site)}) == 3
