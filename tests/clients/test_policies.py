import hashlib
import io
from datetime import timedelta

import pytest
from django.db import connection, transaction

from clients.models import (
    PolicyDocument,
    PolicyKind,
    PolicyVersion,
    PublishedPolicyIsFinal,
    canonical_policy_text,
)
from clients.policies import policy_version_draft_from, policy_version_publish

pytestmark = pytest.mark.django_db


def _stored_body(version):
    with connection.cursor() as cursor:
        cursor.execute("SELECT body, title FROM clients_policyversion WHERE id = %s", [version.pk])
        return cursor.fetchone()


def test_publishing_numbers_dates_and_hashes_the_version(publish, now):
    first = publish("privacy", title="Privacy notice", body="## What\n\nWe keep little.")
    second = publish("privacy", title="Privacy notice", body="## What\n\nWe keep less.")

    assert (first.number, second.number) == (1, 2)
    assert first.published_at == now - timedelta(days=30)
    expected = hashlib.sha256(b"Privacy notice\n\n## What\n\nWe keep little.").hexdigest()
    assert first.content_hash == expected
    assert second.content_hash != first.content_hash


def test_the_hash_ignores_line_endings_and_trailing_spaces_only():
    unix = canonical_policy_text(title="T", body="## A\n\nText.\n")
    windows = canonical_policy_text(title="T ", body="## A  \r\n\r\nText.\r\n")
    changed = canonical_policy_text(title="T", body="## A\n\nText!\n")

    assert unix == windows
    assert unix != changed


def test_changing_a_published_version_raises_and_writes_nothing(publish):
    version = publish("terms", title="Terms", body="Cancel up to 48 hours before.")

    version.body = "Cancel up to 2 hours before."
    with pytest.raises(PublishedPolicyIsFinal):
        version.save()

    assert _stored_body(version) == ("Cancel up to 48 hours before.", "Terms")


def test_a_bulk_update_touching_a_published_version_is_refused(publish):
    version = publish("terms", title="Terms", body="Cancel up to 48 hours before.")

    with pytest.raises(PublishedPolicyIsFinal):
        PolicyVersion.objects.filter(pk=version.pk).update(body="Changed")
    # bulk_update writes inside atomic(savepoint=False): give it a savepoint to roll back to.
    with pytest.raises(PublishedPolicyIsFinal), transaction.atomic():
        PolicyVersion.objects.bulk_update([version], ["title"])

    assert _stored_body(version) == ("Cancel up to 48 hours before.", "Terms")


def test_a_published_version_cannot_be_deleted(publish):
    version = publish("consent")

    with pytest.raises(PublishedPolicyIsFinal):
        version.delete()
    with pytest.raises(PublishedPolicyIsFinal):
        PolicyVersion.objects.all().delete()

    assert PolicyVersion.objects.filter(pk=version.pk).exists()


def test_drafts_can_be_edited_and_a_new_draft_copies_the_published_text(publish, now):
    published = publish("confidentiality", body="Version one text.")

    draft = policy_version_draft_from(version=published)
    draft.body = "Version two text."
    draft.save()
    PolicyVersion.objects.filter(pk=draft.pk).update(summary="Now shorter.")
    published_again = policy_version_publish(version=draft, now=now)

    assert published_again.number == 2
    assert published_again.summary == "Now shorter."
    assert _stored_body(published) == ("Version one text.", published.title)


def test_a_stored_hash_no_longer_matching_the_text_is_detected(publish):
    version = publish("privacy", body="Original.")
    with connection.cursor() as cursor:  # what someone with database access could do
        cursor.execute(
            "UPDATE clients_policyversion SET body = 'Tampered.' WHERE id = %s", [version.pk]
        )

    assert PolicyVersion.objects.get(pk=version.pk).is_intact is False


def test_current_is_the_latest_published_version_and_ignores_drafts_and_future_ones(publish, now):
    publish("privacy", body="One.")
    two = publish("privacy", body="Two.")
    publish("privacy", body="Scheduled.", at=now + timedelta(days=3))
    document = PolicyDocument.objects.get(kind="privacy")
    PolicyVersion.objects.create(document=document, title="Draft", summary="s", body="Draft.")

    current = list(PolicyVersion.objects.current(now=now))

    assert current == [two]


def test_policy_page_shows_the_current_version_with_number_and_date(client, publish):
    publish("privacy", title="Privacy notice", body="## What we keep\n\nVery little.")
    publish(
        "privacy",
        title="Privacy notice",
        summary="In short: little, safely.",
        body="## What we keep\n\nEven less.\n\n<script>alert(1)</script>",
    )

    response = client.get("/policies/privacy/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Privacy notice</h1>" in html
    assert "Version 2, published" in html
    assert "Even less." in html
    assert "Very little." not in html
    assert "In short: little, safely." in html
    assert "<script>alert(1)</script>" not in html
    assert 'id="what-we-keep"' in html


def test_an_earlier_version_stays_readable_and_points_to_the_current_one(client, publish):
    publish("terms", title="Terms", body="Old terms.")
    publish("terms", title="Terms", body="New terms.")

    response = client.get("/policies/terms/versions/1/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Old terms." in html
    assert "This is an earlier version" in html
    assert 'href="/policies/terms/"' in html


@pytest.mark.parametrize("path", ["/policies/unknown/", "/policies/privacy/versions/9/"])
def test_unknown_policies_and_versions_are_404(client, policies, path):
    assert client.get(path).status_code == 404


def test_an_unpublished_policy_is_404_not_an_empty_page(client):
    PolicyDocument.objects.create(kind=PolicyKind.CONSENT)

    assert client.get("/policies/consent/").status_code == 404


def test_policy_page_offers_a_way_back_to_a_local_page_only(client, policies):
    local = client.get("/policies/privacy/?from=/bookings/abc/").content.decode()
    foreign = client.get("/policies/privacy/?from=https://evil.example/").content.decode()

    assert 'href="/bookings/abc/"' in local
    assert "evil.example" not in foreign
    assert "Back to where you were" not in foreign


def test_footer_links_every_policy_page(client, policies):
    html = client.get("/policies/privacy/").content.decode()

    for kind in PolicyKind.values:
        assert f'href="/policies/{kind}/"' in html


def test_seed_demo_publishes_the_four_policies_once(settings, now):
    from clients import demo

    settings.DEBUG = True
    demo.seed(now=now, stdout=io.StringIO())
    demo.seed(now=now, stdout=io.StringIO())

    versions = PolicyVersion.objects.published()
    assert sorted(v.document.kind for v in versions) == sorted(PolicyKind.values)
    assert all(v.number == 1 for v in versions)
    for version in versions:
        header, body = demo.policy_text(version.document.kind)
        assert (version.title, version.summary) == (header["title"], header["summary"])
        assert version.body == body


class TestAdmin:
    @pytest.fixture
    def admin_client(self, client, staff_user):
        client.force_login(staff_user)
        return client

    def test_a_published_version_is_shown_read_only_and_a_changing_post_is_refused(
        self, admin_client, publish
    ):
        version = publish("terms", title="Terms", body="Forty-eight hours.")
        url = f"/admin/clients/policyversion/{version.pk}/change/"

        page = admin_client.get(url).content.decode()
        response = admin_client.post(
            url, {"document": version.document_id, "title": "Terms", "summary": "s", "body": "x"}
        )

        assert 'name="body"' not in page
        assert "Make a new version from this text" in page
        assert response.status_code == 403
        assert _stored_body(version) == ("Forty-eight hours.", "Terms")

    def test_new_version_then_save_and_publish_from_the_admin(self, admin_client, publish):
        version = publish("terms", title="Terms", summary="Short.", body="Forty-eight hours.")

        response = admin_client.post(f"/admin/clients/policyversion/{version.pk}/new-draft/")
        draft = PolicyVersion.objects.drafts().get()
        assert response["Location"] == f"/admin/clients/policyversion/{draft.pk}/change/"
        admin_client.post(
            f"/admin/clients/policyversion/{draft.pk}/change/",
            {
                "document": version.document_id,
                "title": "Terms",
                "summary": "Short.",
                "body": "Seventy-two hours.",
                "_publish": "Save and publish",
            },
        )

        draft.refresh_from_db()
        assert draft.number == 2
        assert draft.is_published
        assert draft.body == "Seventy-two hours."
        assert draft.is_intact

    def test_a_published_version_has_no_delete(self, admin_client, publish):
        version = publish("terms")

        response = admin_client.post(
            f"/admin/clients/policyversion/{version.pk}/delete/", {"post": "yes"}
        )

        assert response.status_code == 403
        assert PolicyVersion.objects.filter(pk=version.pk).exists()
