"""`make bench`: the site under gunicorn with production settings, loaded by wrk.

Seeds a fresh database at realistic scale (bench/seed_scale.py), serves it with gunicorn
(DEBUG off, WhiteNoise, PostgreSQL when DATABASE_URL is set, else SQLite), then loads each
page from a second process on 127.0.0.1 with wrk, side by side in one run: a bare Django view
returning "ok" (the ceiling) first, then the real pages. Prints requests per second, p50, p95,
p99 and each page's ratio to the ceiling, and rewrites the table in docs/benchmarks.md.
"""

import argparse
import base64
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
PY = sys.executable


def production_env(port: int, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://127.0.0.1:{port}",
        DATABASE_URL=database_url,
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


def fetch(url: str, cookie: str | None = None) -> tuple[int, int]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
        return response.status, len(response.read())


def wrk(url: str, *, seconds: int, connections: int, threads: int, cookie: str | None):
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s"]
    args += ["-s", str(ROOT / "bench" / "report.lua")]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*args, url], capture_output=True, text=True, check=True, timeout=seconds + 60
    )
    result = json.loads(output.stdout.strip().splitlines()[-1])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def versions(env) -> dict:
    db = env["DATABASE_URL"].split(":", 1)[0]
    django_version = subprocess.run(
        [PY, "-c", "import django; print(django.get_version())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
        "python": platform.python_version(),
        "django": django_version,
        "database": db,
        "wrk": wrk_version.split("[")[0].strip(),
    }


def write_doc(rows, info, command):
    table = [
        "| page | requests/s | p50 ms | p95 ms | p99 ms | vs ceiling | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    ceiling = rows[0][1]["rps"]
    for name, result in rows:
        table.append(
            f"| {name} | {result['rps']:.0f} | {result['p50_us'] / 1000:.1f} | "
            f"{result['p95_us'] / 1000:.1f} | {result['p99_us'] / 1000:.1f} | "
            f"{result['rps'] / ceiling:.2f} | {result['errors'] + result['non2xx']} |"
        )
    section = "\n".join(
        [
            START,
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {info['machine']}; "
            f"Python {info['python']}, Django {info['django']}, {info['database']}, "
            f"{info['wrk']}.",
            "",
            f"Command: `{command}`",
            "",
            *table,
            END,
        ]
    )
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip() + "\n\n## Pages under load (`make bench`)\n\n" + section + "\n"
    DOC.write_text(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--no-doc", action="store_true", help="Print only; leave the doc.")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")

    OUT.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("DATABASE_URL")
    if database_url and "bench" not in database_url.rsplit("/", 1)[-1]:
        sys.exit("The benchmark empties its database: name it *bench*, e.g. .../practice_bench")
    if not database_url:
        sqlite = OUT / "bench.sqlite3"
        for leftover in OUT.glob("bench.sqlite3*"):
            leftover.unlink()
        database_url = f"sqlite:///{sqlite}"
    env = production_env(options.port, database_url)
    seed_env = {**env, "DEBUG": "1"}

    print("Preparing the database and static files…", flush=True)
    run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
    if os.environ.get("DATABASE_URL"):
        # Same data every run: empty the (bench-only) database first.
        run([PY, "manage.py", "flush", "--noinput", "-v0"], env)
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    run([PY, "manage.py", "seed_demo"], seed_env, stdout=subprocess.DEVNULL)
    run([PY, "bench/seed_scale.py"], seed_env)
    cookie_value = subprocess.run(
        [PY, "bench/seed_scale.py", "--session", "client@example.com"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    cookie = f"sessionid={cookie_value}"

    server = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "practice.wsgi",
            "--bind",
            f"127.0.0.1:{options.port}",
            "--workers",
            str(options.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{options.port}"
    try:
        for _ in range(60):
            try:
                if fetch(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        article = subprocess.run(
            [
                PY,
                "manage.py",
                "shell",
                "-v0",
                "-c",
                "from blog.models import Article; "
                "print(Article.objects.published().order_by('-published_at')[0].slug)",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        pages = [
            ("ceiling: bare view", "/bench/ok", None),
            ("/", "/", None),
            ("/blog/", "/blog/", None),
            ("article", f"/blog/{article}/", None),
            ("/book/hypnotherapy/", "/book/hypnotherapy/", None),
            ("/my/ (signed in)", "/my/", cookie),
        ]
        rows = []
        for name, path, page_cookie in pages:
            status, size = fetch(base + path, page_cookie)
            if status != 200:
                sys.exit(f"{path} answered {status}, not 200")
            for _ in range(20):
                fetch(base + path, page_cookie)
            result = wrk(
                base + path,
                seconds=options.seconds,
                connections=options.connections,
                threads=options.threads,
                cookie=page_cookie,
            )
            result["bytes"] = size
            rows.append((name, result))
            ratio = result["rps"] / rows[0][1]["rps"]
            print(
                f"{name:24} {result['rps']:8.0f} req/s  p50 {result['p50_us'] / 1000:6.1f} ms  "
                f"p95 {result['p95_us'] / 1000:6.1f} ms  p99 {result['p99_us'] / 1000:6.1f} ms  "
                f"x{ratio:.2f} of ceiling  errors {result['errors'] + result['non2xx']}",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    info = versions(env)
    print(json.dumps(info))
    if not options.no_doc:
        on_postgres = "postgres" in database_url
        command = "make bench" + ("  (with DATABASE_URL: PostgreSQL)" if on_postgres else "")
        write_doc(rows, info, command)
        print(f"Wrote {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
