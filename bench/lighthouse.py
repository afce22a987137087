"""`make lighthouse`: Lighthouse (mobile) on the key public pages of a production-like server.

Installs Lighthouse 12.2.3 from npm into bench/lighthouse/ on first use, serves the demo
practice under gunicorn with production settings, runs Lighthouse with the system Chromium on
/, /blog/, an article and /book/<service>/, prints the four category scores and the bytes
transferred, and rewrites its table in docs/benchmarks.md.
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


def install() -> None:
    if not LH_BIN.exists():
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--save-exact"], cwd=LH_DIR, check=True
        )


def lighthouse(url: str, chromium: str, out_path) -> dict:
    subprocess.run(
        [
            str(LH_BIN), url, "--quiet", "--output=json", f"--output-path={out_path}",
            f"--chrome-flags={CHROME_FLAGS}", f"--only-categories={','.join(CATEGORIES)}",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": chromium},
        timeout=300,
    )  # fmt: skip
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

    env = common.production_env(options.port, common.database_url())
    common.prepare(env, scale=False)
    article = common.newest_article_slug(env)
    pages = ["/", "/blog/", f"/blog/{article}/", "/book/hypnotherapy/"]
    rows = []
    with common.gunicorn(env, options.port, workers=2) as base:
        for path in pages:
            scores = lighthouse(base + path, chromium, common.OUT / "lighthouse.json")
            rows.append((path, scores))
            print(
                f"{path:50} performance {scores['performance']:3}  accessibility "
                f"{scores['accessibility']:3}  best practices {scores['best-practices']:3}  "
                f"SEO {scores['seo']:3}  {scores['kb']:6.1f} KB"
                + (f"  failing: {', '.join(scores['failed'])}" if scores["failed"] else ""),
                flush=True,
            )
    table = [
        "| page | Performance | Accessibility | Best Practices | SEO | transferred |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for path, s in rows:
        table.append(
            f"| `{path}` | {s['performance']} | {s['accessibility']} | {s['best-practices']} | "
            f"{s['seo']} | {s['kb']:.1f} KB |"
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
    if not options.no_doc:
        common.write_section(START, END, "Lighthouse (`make lighthouse`)", body)
        print(f"Wrote {common.DOC.relative_to(common.ROOT)}")


if __name__ == "__main__":
    main()
