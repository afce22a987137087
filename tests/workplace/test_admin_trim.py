"""A practitioner who is staff but not a superuser runs her whole desk through the Practitioner
group; the site's technical sections are the superuser's alone."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from clients.models import User
from practice.demo import PRACTITIONER_EMAIL, SITE_ADMIN_EMAIL
from workplace.roles import PRACTITIONER_GROUP

pytestmark = pytest.mark.django_db

TECHNICAL = [
    "admin:django_tasks_database_dbtaskresult_changelist",
    "admin:payments_stripeevent_changelist",
    "admin:mfa_authenticator_changelist",
    "admin:account_emailaddress_changelist",
    "admin:auth_group_changelist",
]

HER_PAGES = [
    "admin:bookings_booking_changelist",
    "admin:bookings_booking_calendar",
    "admin:bookings_booking_block_time",
    "admin:bookings_booking_extra_add",
    "admin:bookings_externalcalendar_changelist",
    "admin:bookings_externalcalendar_add",
    "admin:bookings_practitioner_setup",
    "admin:bookings_practitioner_hours",
    "admin:bookings_service_changelist",
    "admin:bookings_service_add",
    "admin:bookings_timeoff_changelist",
    "admin:bookings_timeoff_add",
    "admin:bookings_cancellationpolicy_changelist",
    "admin:payments_payment_changelist",
    "admin:payments_refund_changelist",
    "admin:blog_article_changelist",
    "admin:blog_article_add",
    "admin:clients_policydocument_changelist",
    "admin:clients_policyversion_add",
    "admin:clients_user_changelist",
    "admin:aftercare_recording_changelist",
    "admin:rooms_roomsettings_changelist",
    "admin:practice_practicedetails_changelist",
]


@pytest.fixture
def her(make_practitioner):
    """Anna as she should run the site: staff, not a superuser, in the Practitioner group."""
    practitioner = make_practitioner()
    user = practitioner.user
    # The group exists after `migrate` (workplace/apps.py's post_migrate handler).
    user.groups.add(Group.objects.get(name=PRACTITIONER_GROUP))
    assert user.is_staff
    assert not user.is_superuser
    return practitioner


@pytest.fixture
def superuser(make_user):
    return make_user("root@example.com", is_staff=True, is_superuser=True)


@pytest.mark.parametrize("name", HER_PAGES)
def test_the_practitioner_opens_every_page_of_her_desk(client, her, name):
    client.force_login(her.user)

    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", TECHNICAL)
def test_technical_sections_are_closed_to_her_and_open_to_the_superuser(
    client, her, superuser, name
):
    client.force_login(her.user)
    assert client.get(reverse(name)).status_code == 403

    client.force_login(superuser)
    assert client.get(reverse(name)).status_code == 200


def test_her_dashboard_lists_her_practice_and_not_the_machinery(client, her, superuser):
    client.force_login(her.user)
    html = client.get(reverse("admin:index")).content.decode()

    for name in ("admin:bookings_booking_changelist", "admin:blog_article_changelist"):
        assert f'href="{reverse(name)}"' in html
    for name in TECHNICAL:
        assert f'href="{reverse(name)}"' not in html

    client.force_login(superuser)
    html = client.get(reverse("admin:index")).content.decode()
    for name in TECHNICAL:
        assert f'href="{reverse(name)}"' in html


def test_she_cannot_change_who_has_access_her_own_included(client, her, superuser):
    client.force_login(her.user)
    page = client.get(reverse("admin:clients_user_change", args=[her.user.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    for field in ("is_superuser", "is_staff", "groups", "user_permissions"):
        assert f'name="{field}"' not in html

    client.force_login(superuser)
    html = client.get(reverse("admin:clients_user_change", args=[her.user.pk])).content.decode()
    assert 'name="is_superuser"' in html


def test_the_group_holds_no_technical_permission():
    group = Group.objects.get(name=PRACTITIONER_GROUP)
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))

    assert ("bookings", "change_workinghours") in codenames
    assert ("payments", "view_refund") in codenames
    assert not {app for app, _ in codenames} & {"auth", "mfa", "account", "django_tasks_database"}
    assert ("payments", "view_stripeevent") not in codenames
    assert ("clients", "view_accesslog") not in codenames
    assert ("bookings", "delete_booking") not in codenames


@override_settings(DEBUG=True)
def test_the_demo_practitioner_is_staff_in_her_group_beside_a_separate_superuser():
    call_command("seed_demo", stdout=io.StringIO())

    anna = User.objects.get(email=PRACTITIONER_EMAIL)
    assert anna.is_staff
    assert not anna.is_superuser
    assert list(anna.groups.values_list("name", flat=True)) == [PRACTITIONER_GROUP]
    assert anna.has_perm("bookings.change_workinghours")
    site_admin = User.objects.get(email=SITE_ADMIN_EMAIL)
    assert site_admin.is_superuser


def test_she_reads_but_cannot_change_another_staff_account(client, her, superuser, client_user):
    client.force_login(her.user)

    page = client.get(reverse("admin:clients_user_change", args=[superuser.pk]))
    assert page.status_code == 200
    assert 'name="email"' not in page.content.decode()  # read only
    password = reverse("admin:auth_user_password_change", args=[superuser.pk])
    assert client.get(password).status_code == 403
    # A client's account she edits.
    page = client.get(reverse("admin:clients_user_change", args=[client_user.pk]))
    assert 'name="email"' in page.content.decode()
