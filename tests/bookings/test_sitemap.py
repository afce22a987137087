"""Services are in the sitemap; bookings never are."""

import pytest

pytestmark = pytest.mark.django_db


def test_sitemap_lists_active_services(client, service, free_service, practice_details):
    free_service.active = False
    free_service.save()
    body = client.get("/sitemap.xml").content.decode()
    assert f"/services/{service.slug}/</loc>" in body
    assert f"/services/{free_service.slug}/</loc>" not in body
    assert "/bookings/" not in body
