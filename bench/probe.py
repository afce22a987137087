"""The benchmark's look inside the Django process (run by bench/run.py, never by the site).

    python bench/probe.py refs      JSON: the references the pages need (an article, the demo
                                    client's confirmed booking, recording and check-in, the
                                    admin's path) and a fresh session key for her and for the
                                    practitioner
    python bench/probe.py queries   reads JSON [[name, path, session key or null], …] on
                                    stdin and prints JSON {name: SQL queries of one request}

Queries are counted in-process with django.test.Client against the benchmark database and its
cache (the same settings as the server under load): the fewest of three requests after the
first, so that a page's warm caches count as they do under load. Nothing in the site's code
changes for it.
"""

import json
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practice.settings")
# django.test.Client's requests come from "testserver".
os.environ["ALLOWED_HOSTS"] = os.environ.get("ALLOWED_HOSTS", "") + ",testserver"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.cached_db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from aftercare.models import CheckIn, Recording  # noqa: E402
from blog.models import Article  # noqa: E402
from bookings.models import Booking  # noqa: E402
from clients.models import User  # noqa: E402
from practice.demo import CLIENT_EMAIL, PRACTITIONER_EMAIL  # noqa: E402


def session_key(email: str) -> str:
    user = User.objects.get(email=email)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.set_expiry(datetime.now(UTC) + timedelta(hours=6))
    store.save()
    return store.session_key


def refs() -> dict:
    client = User.objects.get(email=CLIENT_EMAIL)
    recording = Recording.objects.filter(client=client).order_by("pk").first()
    check_in = CheckIn.objects.filter(plan__recording=recording).order_by("day_number").first()
    booking = (
        Booking.objects.filter(client=client, status=Booking.Status.CONFIRMED)
        .order_by("start")
        .first()
    )
    return {
        "article": Article.objects.published().order_by("-published_at")[0].slug,
        "booking": booking.reference,
        "recording": recording.public_id,
        "check_in": check_in.day_number,
        "admin": settings.ADMIN_PATH,
        "sessions": {"client": session_key(CLIENT_EMAIL), "staff": session_key(PRACTITIONER_EMAIL)},
    }


def queries(pages: list) -> dict:
    """`pages`: [name, path, session key or null] triples (a path may be asked by two people:
    the slot page anonymously and signed in); the answer is keyed by name."""
    counts = {}
    for name, path, session in pages:
        browser = Client()
        if session:
            browser.cookies[settings.SESSION_COOKIE_NAME] = session
        browser.get(path)
        # The fewest of three warm requests: a request that happens to cross a minute (when the
        # slot pages' times are worked out again) says nothing of the page's steady cost.
        found = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as captured:
                status = browser.get(path).status_code
            if status != 200:
                found = [f"HTTP {status}"]
                break
            found.append(len(captured))
        counts[name] = min(found) if isinstance(found[0], int) else found[0]
    return counts


if __name__ == "__main__":
    if sys.argv[1:] == ["refs"]:
        print(json.dumps(refs()))
    elif sys.argv[1:] == ["queries"]:
        print(json.dumps(queries(json.load(sys.stdin))))
    else:
        sys.exit(__doc__)
