"""Version tokens (practice/version_tokens.py), shared by cached pages, her fragments and the
desk: read together, created when missing, replaced now and again on commit."""

import pytest
from django.core.cache import cache

from practice.version_tokens import current_tokens, replace_tokens
from tests.cache_reads import count_reads

pytestmark = pytest.mark.django_db


def test_tokens_are_created_once_and_read_back_the_same():
    first = current_tokens(["tokens:a", "tokens:b"])

    assert len(set(first)) == 2  # random, one per key
    assert current_tokens(["tokens:b", "tokens:a"]) == first[::-1]


def test_a_token_replaced_in_a_transaction_is_replaced_again_when_it_commits(
    django_capture_on_commit_callbacks,
):
    (before,) = current_tokens(["tokens:page"])

    with django_capture_on_commit_callbacks(execute=True):
        replace_tokens(["tokens:page"])
        (during,) = current_tokens(["tokens:page"])
        # A request now, before the change is committed, reads the old data and caches it
        # under the new token...
        cache.set(f"page:{during}", "the old text")

    (after,) = current_tokens(["tokens:page"])
    assert len({before, during, after}) == 3
    assert cache.get(f"page:{after}") is None  # ...which the commit forgets


def test_replacing_no_tokens_changes_nothing(django_capture_on_commit_callbacks):
    kept = current_tokens(["tokens:kept"])

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        replace_tokens([])

    assert callbacks == []
    assert current_tokens(["tokens:kept"]) == kept


def in_a_request(work):
    """Run `work()` as a view would, inside the middleware; return what it returned."""
    from django.test import RequestFactory

    from practice.version_tokens import VersionTokensMiddleware

    return VersionTokensMiddleware(lambda request: work())(RequestFactory().get("/"))


def test_a_request_reads_each_token_once_and_the_next_request_reads_it_afresh():
    (before,) = current_tokens(["tokens:seen"])

    def view():
        first = current_tokens(["tokens:seen"])
        cache.set("tokens:seen", "replaced by another process")
        return first, current_tokens(["tokens:seen", "tokens:other"])

    first, again = in_a_request(view)

    assert first == [before]
    assert again[0] == before  # read once in this request
    assert current_tokens(["tokens:seen"]) == ["replaced by another process"]  # and afresh
    assert in_a_request(lambda: current_tokens(["tokens:seen"])) == ["replaced by another process"]


def test_a_token_the_request_replaces_itself_is_seen_at_once(django_capture_on_commit_callbacks):
    def view():
        (old,) = current_tokens(["tokens:mine"])
        with django_capture_on_commit_callbacks(execute=True):
            replace_tokens(["tokens:mine"])
            (during,) = current_tokens(["tokens:mine"])
        (after,) = current_tokens(["tokens:mine"])
        return old, during, after

    old, during, after = in_a_request(view)

    assert len({old, during, after}) == 3
    assert current_tokens(["tokens:mine"]) == [after]


def test_a_signed_in_slot_page_reads_each_token_once(client, client_user, service, monkeypatch):
    client.force_login(client_user)
    client.get(f"/book/{service.slug}/")
    asked = count_reads(monkeypatch, "get_many", lambda key: ":version:" in key)

    assert client.get(f"/book/{service.slug}/").status_code == 200

    assert asked
    assert len(asked) == len(set(asked))


def test_a_value_read_ahead_is_handed_out_once_then_read_from_the_cache(monkeypatch):
    from practice.version_tokens import read, read_ahead

    cache.set("part:a", "as it was")

    def view():
        read_ahead(["part:a", "part:b"])
        cache.set("part:a", "stored since")  # the part built and stored itself
        cache.set("part:b", "stored since")
        asked = count_reads(monkeypatch, "get", lambda key: key.startswith("part:"))
        handed = read("part:a"), read("part:b"), read("part:a"), read("part:b")
        return handed, asked

    handed, asked = in_a_request(view)

    # Read ahead: the values as they were (b was not there), from no further cache read...
    assert handed[:2] == ("as it was", None)
    # ...and only once: asked again, the cache answers.
    assert handed[2:] == ("stored since", "stored since")
    assert asked == ["part:a", "part:b"]


def test_outside_a_request_nothing_is_read_ahead(monkeypatch):
    from practice.version_tokens import read, read_ahead

    cache.set("part:c", "first")
    read_ahead(["part:c"])
    cache.set("part:c", "second")

    assert read("part:c") == "second"
