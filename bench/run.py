"""`make bench`: the site under gunicorn with production settings, loaded by wrk.

Seeds a fresh database at realistic scale (bench/seed_scale.py: 200 articles, 300 clients,
5,000 past and 200 future bookings), serves it with gunicorn (DEBUG off, WhiteNoise;
PostgreSQL when DATABASE_URL is set, else SQLite), then loads each page from a second process
on 127.0.0.1 with wrk, side by side in one run: a bare Django view returning "ok" (the
ceiling) first, then the real pages. Prints requests per second, p50, p95, p99 and each page's
ratio to the ceiling, and rewrites its table in docs/benchmarks.md.
"""

import argparse
import json
import platform
import shutil
import subprocess
import sys
from datetime import UTC, datetime

import common


def wrk(url: str, *, seconds: int, connections: int, threads: int, cookie: str | None):
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s"]
    args += ["-s", str(common.ROOT / "bench" / "report.lua")]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    result = subprocess.run(
        [*args, url], capture_output=True, text=True, check=True, timeout=seconds + 60
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    return figures


def line(name, figures, ceiling):
    return (
        f"{name:24} {figures['rps']:8.0f} req/s  p50 {figures['p50_us'] / 1000:6.1f} ms  "
        f"p95 {figures['p95_us'] / 1000:6.1f} ms  p99 {figures['p99_us'] / 1000:6.1f} ms  "
        f"x{figures['rps'] / ceiling:.2f} of ceiling  errors "
        f"{figures['errors'] + figures['non2xx']}"
    )


def table(rows) -> list[str]:
    ceiling = rows[0][1]["rps"]
    lines = [
        "| page | requests/s | p50 ms | p95 ms | p99 ms | vs ceiling | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, f in rows:
        lines.append(
            f"| {name} | {f['rps']:.0f} | {f['p50_us'] / 1000:.1f} | {f['p95_us'] / 1000:.1f} "
            f"| {f['p99_us'] / 1000:.1f} | {f['rps'] / ceiling:.2f} | "
            f"{f['errors'] + f['non2xx']} |"
        )
    return lines


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

    db_url = common.database_url()
    env = common.production_env(options.port, db_url)
    print("Preparing the database (seeding at scale) and static files…", flush=True)
    common.prepare(env, scale=True)
    session = common.output(
        [common.PY, "bench/seed_scale.py", "--session", "client@example.com"], env
    )
    cookie = f"sessionid={session}"
    article = common.newest_article_slug(env)

    pages = [
        ("ceiling: bare view", "/bench/ok", None),
        ("/", "/", None),
        ("/blog/", "/blog/", None),
        ("article", f"/blog/{article}/", None),
        ("/book/hypnotherapy/", "/book/hypnotherapy/", None),
        # Signed-in clients never get a cached page: the slot engine's real cost.
        ("/book/hypnotherapy/ signed in", "/book/hypnotherapy/", cookie),
        ("/my/ signed in", "/my/", cookie),
    ]
    rows = []
    with common.gunicorn(env, options.port, options.workers) as base:
        for name, path, page_cookie in pages:
            status, _ = common.fetch(base + path, page_cookie)
            if status != 200:
                sys.exit(f"{path} answered {status}, not 200")
            for _ in range(20):  # warm caches and connections
                common.fetch(base + path, page_cookie)
            figures = wrk(
                base + path,
                seconds=options.seconds,
                connections=options.connections,
                threads=options.threads,
                cookie=page_cookie,
            )
            rows.append((name, figures))
            print(line(name, figures, rows[0][1]["rps"]), flush=True)

    database = db_url.split(":", 1)[0]
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout
    import django

    body = "\n".join(
        [
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {common.machine()}; "
            f"Python {platform.python_version()}, Django {django.get_version()}, {database}, "
            f"{wrk_version.split('[')[0].strip()}; gunicorn with {options.workers} workers, "
            f"wrk with {options.connections} connections for {options.seconds} s per page.",
            "",
            "Command: `make bench`"
            + (" with `DATABASE_URL` set (PostgreSQL)" if database.startswith("postgres") else ""),
            "",
            *table(rows),
        ]
    )
    if not options.no_doc:
        # One table per database, each replaced by the next run on that database.
        name = "PostgreSQL" if database.startswith("postgres") else "SQLite"
        start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
        common.write_section(start, end, f"Pages under load on {name} (`make bench`)", body)
        print(f"Wrote {common.DOC.relative_to(common.ROOT)}")


if __name__ == "__main__":
    main()
