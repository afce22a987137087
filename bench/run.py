"""`make bench`: the site under gunicorn with production settings, loaded by wrk.

Seeds a fresh database at today's scale (bench/seed_scale.py: 200 articles, 300 clients, 5,000
past and 200 future bookings), serves it with gunicorn (DEBUG off, WhiteNoise; PostgreSQL when
DATABASE_URL is set, else SQLite) and loads each page of bench/pages.py from a second process
on 127.0.0.1 with wrk, side by side in one run: a bare Django view returning "ok" (the
ceiling) first, then the public pages, the demo client's pages (her own session cookie) and the
practitioner's admin pages (hers). Each row: requests per second, p50, p95, p99, the ratio to
the ceiling, errors, the SQL queries of one request (bench/probe.py) and the page's target.

Then the mixed soak (bench/soak.py) on the same server, and then the database is topped up to
fifty times today's scale (`seed_scale.py --scale large`) and every page is measured again on a
fresh server and cache: requests per second and queries at both scales, side by side.
Rewrites this database's section of docs/benchmarks.md (unless --no-doc or --only).
"""

import argparse
import json
import platform
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime

import common
import soak
from pages import ANONYMOUS, CLIENT, STAFF, selected

SCALES = {"today": "today's scale", "large": "50x scale"}
SCALE_TARGET = 1 / 1.5  # large-scale throughput over today's, at least


def wrk(url: str, *, seconds: int, connections: int, threads: int, cookie: str | None):
    # A 10 s timeout (wrk's default is 2 s): a slow page is measured, not just counted as errors.
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    args += ["-s", str(common.ROOT / "bench" / "report.lua")]
    # As a browser asks: pages go out gzipped, and compressing them is part of their cost.
    args += ["-H", f"Accept-Encoding: {common.ACCEPT_ENCODING}"]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    result = subprocess.run(
        [*args, url], capture_output=True, text=True, check=True, timeout=seconds + 60
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    return figures


def cookies(refs: dict) -> dict:
    sessions = refs["sessions"]
    return {
        ANONYMOUS: None,
        CLIENT: f"sessionid={sessions['client']}",
        STAFF: f"sessionid={sessions['staff']}",
    }


def settle(server) -> None:
    """Wait (two minutes at most) until the workers have worked off what the last page's wrk
    left queued: a slow page must not slow the next one's measurement down."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        asked = time.monotonic()
        try:
            common.fetch(server.base + "/bench/ok", timeout=5)
        except OSError:
            continue
        if time.monotonic() - asked < 0.5:
            return


def failed(page, why: str) -> dict:
    print(f"{page.name:32} {why}", flush=True)
    zero = dict.fromkeys(["requests", "rps", "p50_us", "p95_us", "p99_us", "errors", "non2xx"], 0)
    return {**zero, "page": page, "ratio": 0.0, "failed": why}


def measure(server, pages, refs, options) -> list[dict]:
    rows = []
    who = cookies(refs)
    for page in pages:
        path = page.path.format(**refs)
        settle(server)
        try:
            status, _ = common.fetch(server.base + path, who[page.who], timeout=60)
        except OSError as error:
            rows.append(failed(page, f"no answer ({error})"))
            continue
        if status != 200:
            if not rows:
                sys.exit(f"{path} answered {status}, not 200")
            rows.append(failed(page, f"HTTP {status}"))
            continue
        warm_until = time.monotonic() + 3
        for _ in range(20):  # warm caches and connections (a slow page: 3 s at most)
            if time.monotonic() > warm_until:
                break
            common.fetch(server.base + path, who[page.who], timeout=60)
        figures = wrk(
            server.base + path,
            seconds=options.seconds,
            connections=options.connections,
            threads=options.threads,
            cookie=who[page.who],
        )
        if not figures["requests"]:
            figures["failed"] = f"no request finished in {options.seconds} s"
        figures["page"] = page
        figures["ratio"] = figures["rps"] / (rows[0]["rps"] if rows else figures["rps"])
        rows.append(figures)
        print(line(figures), flush=True)
    return rows


def count_queries(env, pages, refs) -> dict:
    """SQL queries of one request of each page, keyed by page name (bench/probe.py)."""
    who = {k: v and v.split("=", 1)[1] for k, v in cookies(refs).items()}
    asked = [[page.name, page.path.format(**refs), who[page.who]] for page in pages]
    counted = json.loads(
        common.run(
            [common.PY, "bench/probe.py", "queries"],
            env,
            input=json.dumps(asked),
            capture_output=True,
            text=True,
        ).stdout
    )
    return {page.name: counted[page.name] for page in pages}


def verdict(f) -> str:
    target = f["page"].target
    if target is None:
        return ""
    if f.get("failed"):
        return f"{target.label}: **missed** ({f['failed']})"
    met = target.met(f["ratio"], f["p95_us"] / 1000)
    return f"{target.label}: " + ("met" if met else "**missed**")


def line(f) -> str:
    return (
        f"{f['page'].name:32} {f['rps']:7.0f} req/s  p50 {f['p50_us'] / 1000:6.1f}  "
        f"p95 {f['p95_us'] / 1000:6.1f}  p99 {f['p99_us'] / 1000:6.1f} ms  "
        f"x{f['ratio']:.2f}  errors {f['errors'] + f['non2xx']}  {verdict(f)}"
    )


def pages_table(rows, queries) -> list[str]:
    lines = [
        "| page | requests/s | p50 ms | p95 ms | p99 ms | vs ceiling | errors | queries "
        "| target: met? |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for f in rows:
        name = f["page"].name
        lines.append(
            f"| {name} | {f['rps']:.0f} | {f['p50_us'] / 1000:.1f} | {f['p95_us'] / 1000:.1f} "
            f"| {f['p99_us'] / 1000:.1f} | {f['ratio']:.2f} | {f['errors'] + f['non2xx']} "
            f"| {queries.get(name, '')} | {verdict(f)} |"
        )
    return lines


def scale_table(results) -> list[str]:
    today, large = results["today"], results["large"]
    lines = [
        "| page | req/s today | req/s 50x | 50x / today (≥0.67) | queries today | queries 50x |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for small, big in zip(today["rows"], large["rows"], strict=True):
        name = small["page"].name
        ratio = big["rps"] / small["rps"] if small["rps"] else 0
        same = today["queries"][name] == large["queries"][name]
        lines.append(
            f"| {name} | {small['rps']:.0f} | {big['rps']:.0f} | {ratio:.2f} "
            f"{'met' if ratio >= SCALE_TARGET else '**missed**'} | {today['queries'][name]} "
            f"| {large['queries'][name]}{'' if same else ' **changed**'} |"
        )
    return lines


def run_scale(scale, env, pages, refs, options) -> dict:
    print(f"\n{SCALES[scale]}:", flush=True)
    result = {}
    with common.gunicorn(env, options.port, options.workers) as server:
        result["rows"] = measure(server, pages, refs, options)
        result["queries"] = count_queries(env, pages, refs)
        for f in result["rows"]:
            print(f"{f['page'].name:32} {result['queries'][f['page'].name]} queries")
        if scale == "today" and options.soak_seconds:
            result["soak"] = []
            for number in range(options.soak_rounds):
                print(f"Soak, round {number + 1}: {options.soak_seconds} s…", flush=True)
                result["soak"].append(soak.soak(server, refs, options.soak_seconds))
            print("\n".join(soak.lines(result["soak"]) + soak.probe_lines(result["soak"])))
    return result


def report(results, options, database, timings) -> str:
    import django

    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout
    smoke = options.seconds < 10 or 0 < options.soak_seconds < 180
    parts = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {common.machine()}; "
        f"Python {platform.python_version()}, Django {django.get_version()}, {database}, "
        f"{wrk_version.split('[')[0].strip()}; gunicorn with {options.workers} workers, "
        f"wrk with {options.connections} connections for {options.seconds} s per page; "
        f"the whole run took {timings['total'] / 60:.1f} min (seeding the 50x data "
        f"{timings.get('large_seed', 0) / 60:.1f} min).",
        "",
        "Command: `make bench`"
        + (" with `DATABASE_URL` set (PostgreSQL)" if database.startswith("postgres") else ""),
    ]
    if smoke:
        parts += [
            "",
            f"**Smoke run** ({options.seconds} s per page, {options.soak_seconds} s of soak): "
            "it proves the tools work; its figures are not the measurement.",
        ]
    for scale, result in results.items():
        parts += [
            "",
            f"Pages at {SCALES[scale]}:",
            "",
            *pages_table(result["rows"], result["queries"]),
        ]
        if result.get("soak"):
            parts += [
                "",
                f"Mixed soak at {SCALES[scale]} (64 connections: 48 anonymous across eight "
                "public URLs, 16 signed in across four of her pages; target: no errors, p99 "
                f"< {soak.P99_MS} ms, workers' memory flat after warm-up, i.e. growing less "
                f"than {soak.FLAT_MIB} MiB over the second half):",
                "",
                *soak.lines(result["soak"]),
                "",
                *soak.probe_lines(result["soak"]),
            ]
    if len(results) == 2:
        parts += [
            "",
            "Today's scale against 50x: 1,000 articles, 10,000 clients, 250,000 bookings, a "
            "payment per paid session, 50,000 listening days (`bench/seed_scale.py --scale "
            "large`); the same pages, references and sessions, each scale on a fresh server and "
            "cache:",
            "",
            *scale_table(results),
        ]
    return "\n".join(parts)


def main():
    started = time.monotonic()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="per page (default 10)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="WORD",
        help="only the pages whose name or path holds one of these (and the ceiling)",
    )
    parser.add_argument("--scale", choices=["today", "large", "both"], default="both")
    parser.add_argument("--soak-seconds", type=int, default=180, help="0: no soak")
    parser.add_argument(
        "--soak-rounds",
        type=int,
        default=1,
        help="soaks back to back on one server (2 tells warm-up from growth)",
    )
    parser.add_argument("--no-doc", action="store_true", help="Print only; leave the doc.")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")

    db_url = common.database_url()
    env = common.production_env(options.port, db_url)
    pages = selected(options.only)
    print("Preparing the database (today's scale) and static files…", flush=True)
    common.prepare(env, scale=True)
    refs = common.refs(env)  # the same references and sessions at both scales
    timings = {}
    results = {}
    for scale in ("today", "large") if options.scale == "both" else (options.scale,):
        if scale == "large":
            print("Topping the database up to 50x scale…", flush=True)
            seeding = time.monotonic()
            common.run(
                [common.PY, "bench/seed_scale.py", "--scale", "large"], {**env, "DEBUG": "1"}
            )
            timings["large_seed"] = time.monotonic() - seeding
            env = common.fresh_cache(env)
        results[scale] = run_scale(scale, env, pages, refs, options)
    if len(results) == 2:
        print("\n" + "\n".join(scale_table(results)))
    timings["total"] = time.monotonic() - started
    print(f"\nThe whole run took {timings['total'] / 60:.1f} min.")

    database = db_url.split(":", 1)[0]
    if options.no_doc or options.only:
        return
    # One section per database, each replaced by the next run on that database.
    name = "PostgreSQL" if database.startswith("postgres") else "SQLite"
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    body = report(results, options, database, timings)
    common.write_section(start, end, f"Pages under load on {name} (`make bench`)", body)
    print(f"Wrote {common.DOC.relative_to(common.ROOT)}")


if __name__ == "__main__":
    main()
