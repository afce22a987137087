"""Two application instances, one PostgreSQL and one Redis: the web tier keeps no state.

Run by CI (`.ci/run`) with `pytest -m multi_instance`; it needs the PostgreSQL server at
127.0.0.1:5432 and Redis at 127.0.0.1:6379 that this project's machines provide, so the
ordinary `make test`, which must pass with only Python installed, leaves it out.
"""

import base64
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
import redis
import requests

pytestmark = pytest.mark.multi_instance

ROOT = Path(__file__).resolve().parents[1]
PG = "postgres://postgres@127.0.0.1:5432"
PASSWORD = "a-Calm-harbour-2026"
# Behind the proxy every instance sees the same public host name.
HOST = "quietharbour.test"


def browser() -> requests.Session:
    session = requests.Session()
    session.headers["Host"] = HOST
    return session


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def instances(tmp_path_factory):
    database = f"practice_multi_{os.getpid()}"
    prefix = f"multi-{secrets.token_hex(4)}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}"')
        conn.execute(f'CREATE DATABASE "{database}"')
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="practice.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=f"127.0.0.1,{HOST}",
        DATABASE_URL=f"{PG}/{database}",
        REDIS_URL="redis://127.0.0.1:6379/0",
        CACHE_KEY_PREFIX=prefix,
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        BEHIND_PROXY="0",
        ADMIN_REQUIRES_MFA="0",
        FIELD_ENCRYPTION_KEYS=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        STRIPE_SECRET_KEY="sk_test_multi_instance",
        STRIPE_PUBLISHABLE_KEY="pk_test_multi_instance",
        STRIPE_WEBHOOK_SECRET="whsec_multi_instance",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        STATIC_ROOT=str(tmp_path_factory.mktemp("static")),
        LOG_LEVEL="WARNING",
    )
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")  # as a deployment would
    manage({**env, "DEBUG": "1"}, "seed_demo")
    manage(
        env,
        "shell",
        "-v0",
        "-c",
        "from allauth.account.models import EmailAddress; from clients.models import User; "
        f"u = User.objects.create_user(email='second@example.com', password='{PASSWORD}'); "
        "EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True)",
    )
    servers, urls = [], []
    for _ in range(2):
        port = free_port()
        servers.append(
            subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "practice.wsgi", "-b", f"127.0.0.1:{port}",
                 "-w", "1", "--log-level", "warning"],
                cwd=ROOT,
                env=env,
            )
        )  # fmt: skip
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            for _ in range(120):
                try:
                    if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                        break
                except requests.ConnectionError:
                    time.sleep(0.25)
            else:
                pytest.fail(f"instance at {url} did not start")
        yield urls
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        cache = redis.Redis.from_url("redis://127.0.0.1:6379/0")
        for key in cache.scan_iter(f"{prefix}:*"):
            cache.delete(key)
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def csrf_token(session, url):
    html = session.get(url, timeout=10).text
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def login(session, base, email, password=PASSWORD):
    token = csrf_token(session, f"{base}/accounts/login/")
    return session.post(
        f"{base}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "login": email, "password": password},
        allow_redirects=False,
        timeout=10,
    )


def test_a_session_started_on_one_instance_is_valid_on_the_other(instances):
    first, second = instances
    session = browser()

    assert session.get(f"{second}/my/", allow_redirects=False, timeout=10).status_code == 302
    assert login(session, first, "client@example.com", "client-demo-2026").status_code == 302

    response = session.get(f"{second}/my/", allow_redirects=False, timeout=10)
    assert response.status_code == 200
    assert "My account" in response.text


def test_failed_logins_on_one_instance_count_on_the_other(instances):
    first, second = instances
    for _ in range(5):
        answer = login(browser(), first, "second@example.com", "wrong-password")
        assert answer.status_code == 200

    # allauth allows five failures per address in five minutes; they were all on the first
    # instance, yet the second refuses even the right password.
    refused = login(browser(), second, "second@example.com")

    assert refused.status_code == 200
    assert "Too many failed login attempts" in refused.text


def test_a_hold_taken_on_one_instance_blocks_the_slot_on_the_other(instances):
    first, second = instances
    alice, bea = browser(), browser()
    login(alice, first, "client@example.com", "client-demo-2026")
    login(bea, second, "anna@quietharbour.example", "harbour-demo-2026")
    page = alice.get(f"{first}/book/discovery-call/", timeout=10).text
    start = re.search(r'name="start" value="([^"]+)"', page).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    held = alice.post(
        f"{first}/book/discovery-call/",
        data={"csrfmiddlewaretoken": token, "start": start},
        allow_redirects=False,
        timeout=10,
    )
    assert held.status_code == 302
    assert "/bookings/" in held.headers["Location"]

    token = csrf_token(bea, f"{second}/book/discovery-call/")
    clash = bea.post(
        f"{second}/book/discovery-call/",
        data={"csrfmiddlewaretoken": token, "start": start},
        allow_redirects=False,
        timeout=10,
    )
    assert clash.status_code == 409
    assert "just taken" in clash.text


def test_her_page_kept_on_one_instance_changes_the_moment_she_saves_on_the_other(instances):
    first, second = instances
    session = browser()
    login(session, first, "client@example.com", "client-demo-2026")
    before = session.get(f"{first}/my/profile/", timeout=10).text
    assert "+44 20 7946 0999" not in session.get(f"{first}/my/profile/", timeout=10).text  # kept

    token = csrf_token(session, f"{second}/my/profile/")
    fields = dict(re.findall(r'name="(first_name|last_name)" value="([^"]*)"', before))
    saved = session.post(
        f"{second}/my/profile/",
        data={
            "csrfmiddlewaretoken": token,
            **fields,
            "time_zone": "Europe/London",
            "phone": "+44 20 7946 0999",
        },
        allow_redirects=False,
        timeout=10,
    )

    assert saved.status_code == 302
    assert 'value="+44 20 7946 0999"' in session.get(f"{first}/my/profile/", timeout=10).text
