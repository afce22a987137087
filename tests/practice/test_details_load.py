"""The practice's details (`PracticeDetails.load`, on every signed-in page's layout): kept in the
process while nothing of the site's content changes, and new at once after an edit."""

import pytest

from practice.models import CACHE_KEY, PracticeDetails, SocialLink
from tests.cache_reads import count_reads

pytestmark = pytest.mark.django_db


@pytest.fixture
def details_reads(monkeypatch):
    """How many times the shared cache is asked for the details."""
    return count_reads(monkeypatch, "get", lambda key: key == CACHE_KEY)


def test_loaded_once_the_details_are_kept_in_the_process(practice_details, details_reads):
    first = PracticeDetails.load()

    again = PracticeDetails.load()

    assert again.name == "Quiet Harbour Therapy"
    assert again is first
    assert len(details_reads) <= 1


def test_an_edit_of_the_details_or_their_links_shows_at_once(practice_details):
    PracticeDetails.load()

    practice_details.name = "Still Water Practice"
    practice_details.save()
    assert PracticeDetails.load().name == "Still Water Practice"

    SocialLink.objects.create(practice=practice_details, label="Instagram", url="https://x.test/")
    assert [link.label for link in PracticeDetails.load().links] == ["Instagram"]
