"""Pages go out gzipped to browsers that accept it; cached public pages are kept gzipped, so a
hit neither compresses again nor reads the whole page from the cache."""

import gzip

import pytest
from django.core.cache import cache
from django.utils import text

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br, zstd"}  # what Chromium sends


@pytest.fixture
def compressions(monkeypatch):
    """Each body Django's gzip middleware compresses (it still compresses it)."""
    import django.middleware.gzip

    bodies = []
    original = text.compress_string

    def counted(body, **kwargs):
        bodies.append(body)
        return original(body, **kwargs)

    monkeypatch.setattr(django.middleware.gzip, "compress_string", counted)
    return bodies


@pytest.fixture
def kept(monkeypatch):
    """What the page cache stores, by key (the cache still stores it)."""
    stored = {}
    original = cache.set

    def noted(key, value, *args, **kwargs):
        if key.startswith("pages:"):
            stored[key] = value
        return original(key, value, *args, **kwargs)

    monkeypatch.setattr(cache, "set", noted)
    return stored


def test_a_signed_in_page_is_sent_gzipped_with_padding_against_breach(signed_in):
    plain = signed_in.get("/my/profile/")
    packed = signed_in.get("/my/profile/", **GZIP)

    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    page = gzip.decompress(packed.content).decode()
    assert 'name="csrfmiddlewaretoken"' in page
    assert len(packed.content) * 3 < len(plain.content)
    # The gzip header names a file of random length: a page with a secret in it (the CSRF
    # token) is a different length each time, which defeats BREACH's guessing by length.
    assert packed.content[3] & 0x08  # FLG.FNAME


def test_a_browser_that_does_not_accept_gzip_gets_the_page_as_it_is(signed_in):
    response = signed_in.get("/my/", HTTP_ACCEPT_ENCODING="identity")

    assert not response.has_header("Content-Encoding")
    assert response.content.decode().lstrip().startswith("<!DOCTYPE html>")


def test_a_cached_public_page_is_kept_gzipped_and_a_hit_compresses_nothing(
    client, practice_details, kept, compressions
):
    first = client.get("/", **GZIP)
    (stored,) = kept.values()
    compressions.clear()

    second = client.get("/", **GZIP)

    assert stored["Content-Encoding"] == "gzip"
    assert stored.content[:2] == b"\x1f\x8b"
    assert second["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in second["Vary"]
    assert gzip.decompress(second.content) == gzip.decompress(first.content)
    assert compressions == []


def test_a_visitor_without_gzip_is_served_the_kept_page_unpacked(client, practice_details, kept):
    packed = client.get("/", **GZIP)

    plain = client.get("/")

    assert len(kept) == 1  # the second visitor was served the kept copy
    assert not plain.has_header("Content-Encoding")
    assert plain.content == gzip.decompress(packed.content)
    assert "Accept-Encoding" in plain["Vary"]
