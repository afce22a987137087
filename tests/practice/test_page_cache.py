"""Home, about and policy pages come from the cache for anonymous visitors."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/about/"])
def test_second_anonymous_request_runs_no_query(
    client, practice_details, django_assert_num_queries, path
):
    first = client.get(path)

    with django_assert_num_queries(0):
        second = client.get(path)

    assert second.content == first.content


def test_an_edit_of_the_practice_details_shows_at_once(client, practice_details):
    client.get("/")

    practice_details.tagline = "A new tagline"
    practice_details.save()

    assert "A new tagline" in client.get("/").content.decode()


def test_signed_in_visitors_are_never_served_the_anonymous_page(
    client, practice_details, client_user
):
    client.get("/")
    client.force_login(client_user)

    html = client.get("/").content.decode()

    assert "My account" in html


def anonymous_get(path: str):
    """A request as the session, auth and message middleware hand it to a view."""
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage import default_storage
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = default_storage(request)
    return request


@pytest.mark.parametrize("leaves", ["a session", "a message"])
def test_a_page_that_leaves_something_for_its_visitor_is_not_kept_for_the_next(leaves):
    # The middleware sets the session or message cookie after the page is rendered: a cached
    # copy would reach the next visitor without it (a time zone chosen on the page, say).
    from django.contrib import messages
    from django.http import HttpResponse

    from practice.page_cache import cache_page_for_readers

    rendered = []

    @cache_page_for_readers
    def page(request):
        rendered.append(request)
        if leaves == "a session":
            request.session["choice"] = "kept for this visitor"
        else:
            messages.info(request, "Kept for this visitor.")
        return HttpResponse("the page")

    page(anonymous_get("/somewhere/"))
    page(anonymous_get("/somewhere/"))

    assert len(rendered) == 2


def test_a_hit_from_this_processs_copy_reads_only_the_versions_from_the_cache(
    client, practice_details, monkeypatch
):
    """The page is kept in the process too, under the same key: a hit asks the cache for the
    versions alone, and gets a response of its own (the middleware may change it)."""
    from tests.cache_reads import round_trips

    first = client.get("/")
    calls = round_trips(monkeypatch)

    second, third = client.get("/"), client.get("/")

    assert calls == ["get_many", "get_many"]  # the content version, for each
    assert second.content == third.content == first.content
    assert second is not third


def test_this_processs_copy_lives_no_longer_than_the_cached_page(
    client, practice_details, monkeypatch
):
    import time

    from practice import page_cache
    from tests.cache_reads import count_reads

    client.get("/")
    asked = count_reads(
        monkeypatch, "get", lambda key: key.startswith("pages:") and ":version:" not in key
    )
    client.get("/")
    assert asked == []
    later = time.time() + page_cache.page_timeout() + 1
    monkeypatch.setattr(page_cache.time, "time", lambda: later)

    client.get("/")

    assert len(asked) == 1  # its time was up: asked the cache again


def test_the_copies_kept_in_a_process_are_few(client, practice_details):
    from practice import page_cache

    for number in range(page_cache.PAGES_KEPT_HERE + 10):
        assert client.get(f"/?page={number}").status_code == 200

    assert len(page_cache._here) == page_cache.PAGES_KEPT_HERE
