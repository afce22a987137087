"""Version tokens (practice/version_tokens.py), shared by cached pages, her fragments and the
desk: read together, created when missing, replaced now and again on commit."""

import pytest
from django.core.cache import cache

from practice.version_tokens import current_tokens, replace_tokens

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
