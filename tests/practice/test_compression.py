"""Pages go out compressed the way the browser asks (zstd, Brotli or gzip); cached public pages
are kept gzipped, so a hit neither compresses again nor reads the whole page from the cache."""

import gzip

import brotli
import pytest
from backports import zstd

from tests.cache_reads import note_sets

pytestmark = pytest.mark.django_db

# What each browser sends.
CHROMIUM = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br, zstd"}
SAFARI = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
GZIP_ONLY = {"HTTP_ACCEPT_ENCODING": "gzip"}
UNPACK = {"zstd": zstd.decompress, "br": brotli.decompress, "gzip": gzip.decompress}


@pytest.fixture
def compressions(monkeypatch):
    """Each body the compression middleware compresses, by coding (it still compresses it)."""
    import django_http_compression.middleware as middleware

    bodies = []
    for name in ("zstd_compress", "brotli_compress", "gzip_compress"):
        original = getattr(middleware, name)

        def counted(body, *args, _original=original, _name=name, **kwargs):
            bodies.append(_name)
            return _original(body, *args, **kwargs)

        monkeypatch.setattr(middleware, name, counted)
    return bodies


@pytest.fixture
def kept(monkeypatch):
    """What the page cache stores, by key (the cache still stores it)."""
    return note_sets(monkeypatch, "pages:")


@pytest.mark.parametrize(
    ("browser", "coding"), [(CHROMIUM, "zstd"), (SAFARI, "br"), (GZIP_ONLY, "gzip")]
)
def test_a_signed_in_page_goes_out_compressed_as_the_browser_asks(signed_in, browser, coding):
    plain = signed_in.get("/my/profile/")

    packed = signed_in.get("/my/profile/", **browser)

    assert packed["Content-Encoding"] == coding
    assert "accept-encoding" in packed["Vary"].lower()
    page = UNPACK[coding](packed.content).decode()
    assert 'name="csrfmiddlewaretoken"' in page
    assert page.count("<option") == plain.content.decode().count("<option") > 400
    assert len(packed.content) * 3 < len(plain.content)


def test_each_compressed_page_is_padded_by_a_random_length_against_breach(signed_in):
    # A page with a secret in it (the CSRF token) is a different length each time, which
    # defeats BREACH's guessing of the secret by the length of what goes out.
    noise = {len(signed_in.get("/my/profile/", **CHROMIUM)["X-Noise"]) for _ in range(12)}

    assert len(noise) > 1


def test_a_browser_that_does_not_accept_compression_gets_the_page_as_it_is(signed_in):
    response = signed_in.get("/my/", HTTP_ACCEPT_ENCODING="identity")

    assert not response.has_header("Content-Encoding")
    assert response.content.decode().lstrip().startswith("<!DOCTYPE html>")


def test_a_cached_public_page_is_kept_gzipped_and_a_hit_compresses_nothing(
    client, practice_details, kept, compressions
):
    first = client.get("/", **CHROMIUM)
    (stored,) = kept.values()
    compressions.clear()

    second = client.get("/", **CHROMIUM)

    assert stored["Content-Encoding"] == "gzip"
    assert stored.content[:2] == b"\x1f\x8b"
    assert second["Content-Encoding"] == "gzip"
    assert "accept-encoding" in second["Vary"].lower()
    assert gzip.decompress(second.content) == gzip.decompress(first.content)
    assert compressions == []


def test_a_visitor_without_gzip_is_served_the_kept_page_unpacked(client, practice_details, kept):
    packed = client.get("/", **GZIP_ONLY)

    plain = client.get("/")

    assert len(kept) == 1  # the second visitor was served the kept copy
    assert not plain.has_header("Content-Encoding")
    assert plain.content == gzip.decompress(packed.content)
    assert "accept-encoding" in plain["Vary"].lower()
