"""What `make bench` and `make lighthouse` share: a production-like server on seeded data."""

import base64
import json
import os
import platform
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
DOC = ROOT / "docs" / "benchmarks.md"
PY = sys.executable
# What Chromium sends: wrk asks for pages as a browser does, so they come back gzipped and the
# server pays for compressing them.
ACCEPT_ENCODING = "gzip, deflate, br, zstd"


def database_url(name: str = "bench") -> str:
    """DATABASE_URL (PostgreSQL) when set, else a fresh SQLite file bench/out/<name>.sqlite3
    (`make bench` and `make lighthouse` each their own, so that they may run side by side)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        server, name = url.rsplit("/", 1)
        if "bench" not in name:
            sys.exit("The benchmark empties its database: name it *bench*, e.g. …/practice_bench")
        if url.startswith("postgres"):
            import psycopg

            with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
                found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
                if found.fetchone() is None:
                    conn.execute(f'CREATE DATABASE "{name}"')
        return url
    OUT.mkdir(parents=True, exist_ok=True)
    for leftover in OUT.glob(f"{name}.sqlite3*"):
        leftover.unlink()
    return f"sqlite:///{OUT / f'{name}.sqlite3'}"


def production_env(port: int, db_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://127.0.0.1:{port}",
        DATABASE_URL=db_url,
        # Several gunicorn workers share one cache, as in production (the site refuses to
        # start without one: practice/checks.py).
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        CACHE_KEY_PREFIX=f"bench-{secrets.token_hex(4)}",
        # Plain http on loopback: the TLS settings are what a proxy would give us.
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        BEHIND_PROXY="0",
        ADMIN_REQUIRES_MFA="0",
        FIELD_ENCRYPTION_KEYS=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        STRIPE_SECRET_KEY="sk_test_bench_placeholder",
        STRIPE_PUBLISHABLE_KEY="pk_test_bench_placeholder",
        STRIPE_WEBHOOK_SECRET="whsec_bench_placeholder",
        BENCHMARK_CEILING="1",
        LOG_LEVEL="WARNING",
    )
    return env


def run(args, env, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)


def output(args, env) -> str:
    return run(args, env, capture_output=True, text=True).stdout.strip()


def fresh_cache(env: dict) -> dict:
    """The same settings with a cache of their own (a key prefix no earlier server used)."""
    return {**env, "CACHE_KEY_PREFIX": f"bench-{secrets.token_hex(4)}"}


def prepare(env, *, scale: bool) -> None:
    """Migrate, collect static files and seed the demo practice (and today's scale data)."""
    run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
    if os.environ.get("DATABASE_URL"):
        # Same data every run: empty the (bench-only) database first.
        run([PY, "manage.py", "flush", "--noinput", "-v0"], env)
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    seed_env = {**env, "DEBUG": "1"}  # seed_demo refuses to run without DEBUG
    run([PY, "manage.py", "seed_demo"], seed_env, stdout=subprocess.DEVNULL)
    if scale:
        run([PY, "bench/seed_scale.py"], seed_env)


def refs(env) -> dict:
    """An article, the demo client's booking, recording and check-in, and session keys for her
    and for the practitioner (bench/probe.py)."""
    return json.loads(output([PY, "bench/probe.py", "refs"], env))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a signed-in page sending us to the sign-in page is not a 200


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, cookie: str | None = None, timeout: float = 30) -> tuple[int, int]:
    """The status and size of one GET, redirects not followed."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    try:
        with _opener.open(request, timeout=timeout) as response:  # loopback only
            return response.status, len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, 0


class Server(NamedTuple):
    base: str  # http://127.0.0.1:<port>
    pid: int  # gunicorn's master: its children are the workers


@contextmanager
def gunicorn(env, port: int, workers: int):
    server = subprocess.Popen(
        [
            PY, "-m", "gunicorn", "practice.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--log-level", "warning",
        ],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if fetch(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            sys.exit("gunicorn did not start")
        yield Server(base, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}"


def write_section(start: str, end: str, heading: str, body: str) -> None:
    """Replace the text between two markers in docs/benchmarks.md (add it if missing)."""
    section = f"{start}\n{body}\n{end}"
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip() + f"\n\n## {heading}\n\n{section}\n"
    DOC.write_text(text)
