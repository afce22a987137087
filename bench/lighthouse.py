"""`make lighthouse`: Lighthouse (mobile) on the key pages of a production-like server.

Installs Lighthouse 12.2.3 from npm into bench/lighthouse/ on first use, serves the demo
practice under gunicorn with production settings, runs Lighthouse with the system Chromium on
/, /blog/, an article, /book/<service>/ and the sign-up page, and, signed in as the demo client
(her session cookie in --extra-headers), on /my/ and her confirmed booking's page. Prints the
four category scores and the bytes transferred against the target (100 in each category, under
100 KB), and rewrites its table in docs/benchmarks.md.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime

import common

START, END = "<!-- lighthouse:start -->", "<!-- lighthouse:end -->"
LH_DIR = common.ROOT / "bench" / "lighthouse"
LH_BIN = LH_DIR / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run --disable-dev-shm-usage"
)
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
KB_MAX = 100  # transferred, the page and all it loads
ATTEMPTS = 3


def install() -> None:
    if not LH_BIN.exists():
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--no-package-lock"],
            cwd=LH_DIR,
            check=True,
        )


def lighthouse(url: str, chromium: str, out_path, cookie: str | None = None) -> dict:
    headers = [f"--extra-headers={json.dumps({'Cookie': cookie})}"] if cookie else []
    for attempt in range(1, ATTEMPTS + 1):
        run = subprocess.run(
            [
                str(LH_BIN), url, "--quiet", "--output=json", f"--output-path={out_path}",
                f"--chrome-flags={CHROME_FLAGS}", f"--only-categories={','.join(CATEGORIES)}",
                *headers,
            ],
            env={**os.environ, "CHROME_PATH": chromium},
            timeout=300,
        )  # fmt: skip
        if run.returncode == 0:
            break
        # Lighthouse asks to be run again when Chromium's trace of the load comes out broken
        # (NO_NAVSTART, NO_FCP): a fault of the recording, not of the page.
        print(f"Lighthouse failed on {url} (attempt {attempt} of {ATTEMPTS})", file=sys.stderr)
    else:
        sys.exit(f"Lighthouse failed {ATTEMPTS} times on {url}")
    report = json.loads(out_path.read_text())
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    scores["kb"] = report["audits"]["total-byte-weight"]["numericValue"] / 1024
    failed = [
        audit["id"]
        for audit in report["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") == "binary"
    ]
    scores["failed"] = failed
    return scores


def met(scores: dict) -> bool:
    return all(scores[name] == 100 for name in CATEGORIES) and scores["kb"] < KB_MAX


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--no-doc", action="store_true")
    options = parser.parse_args()
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(chromium):
        sys.exit("Chromium is needed: apt-get install chromium")
    install()
    version = subprocess.run(
        [str(LH_BIN), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()

    env = common.production_env(options.port, common.database_url("lighthouse"))
    common.prepare(env, scale=False)
    refs = common.refs(env)
    cookie = f"sessionid={refs['sessions']['client']}"
    pages = [
        ("/", None),
        ("/blog/", None),
        (f"/blog/{refs['article']}/", None),
        ("/book/hypnotherapy/", None),
        ("/accounts/signup/", None),
        ("/my/", cookie),
        (f"/bookings/{refs['booking']}/", cookie),
    ]
    rows = []
    with common.gunicorn(env, options.port, workers=2) as server:
        for path, page_cookie in pages:
            if common.fetch(server.base + path, page_cookie)[0] != 200:
                sys.exit(f"{path} did not answer 200")
            scores = lighthouse(
                server.base + path, chromium, common.OUT / "lighthouse.json", page_cookie
            )
            scores["met"] = met(scores)
            rows.append((path + (" (signed in)" if page_cookie else ""), scores))
            print(
                f"{rows[-1][0]:50} performance {scores['performance']:3}  accessibility "
                f"{scores['accessibility']:3}  best practices {scores['best-practices']:3}  "
                f"SEO {scores['seo']:3}  {scores['kb']:6.1f} KB  "
                + ("met" if scores["met"] else "MISSED")
                + (f"  failing: {', '.join(scores['failed'])}" if scores["failed"] else ""),
                flush=True,
            )
    table = [
        "| page | Performance | Accessibility | Best Practices | SEO | transferred "
        "| target 100/100/100/100, < 100 KB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for path, s in rows:
        table.append(
            f"| `{path}` | {s['performance']} | {s['accessibility']} | {s['best-practices']} | "
            f"{s['seo']} | {s['kb']:.1f} KB | {'met' if s['met'] else '**missed**'} |"
        )
    body = "\n".join(
        [
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {common.machine()}; "
            f"Lighthouse {version}, mobile emulation with its default throttling, the system "
            "Chromium, gunicorn with production settings.",
            "",
            "Command: `make lighthouse`",
            "",
            *table,
        ]
    )
    failing = sorted({audit for _, scores in rows for audit in scores["failed"]})
    if failing:
        body += f"\n\nFailing audits: {', '.join(failing)}."
    if "is-crawlable" in failing:
        body += (
            " The private pages (`/my/`, a booking) tell search engines `noindex` on purpose, "
            "which is all Lighthouse's is-crawlable audit holds against them."
        )
    if not options.no_doc:
        common.write_section(START, END, "Lighthouse (`make lighthouse`)", body)
        print(f"Wrote {common.DOC.relative_to(common.ROOT)}")


if __name__ == "__main__":
    main()
