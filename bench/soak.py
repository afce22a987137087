"""The mixed soak of `make bench`: 64 connections for a few minutes, 48 anonymous across eight
public URLs and 16 signed in across four of the demo client's pages (bench/soak.lua), while the
gunicorn workers' resident memory is read from /proc every few seconds.

wrk reports the whole soak's latency only, so a stall of a few seconds shows as a p99 with no
when or where. Beside the load, a probe asks for the bare view (nothing but Django) and her
/my/ (her session in Redis, her user in the database) four times a second and notes each
answer's time: the slowest of each 10-second window say when a stall happened and whether the
bare view waited too (the whole server) or only the page reading the cache and the database."""

import json
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import common
from pages import CEILING, SOAK_ANONYMOUS, SOAK_SIGNED_IN

MIB = 1024 * 1024
P99_MS = 250  # the targets: no errors, p99 under 250 ms, memory flat after warm-up
FLAT_MIB = 2  # "flat": all workers together grow less than this over the soak's second half


def workers(master: int) -> list[int]:
    """The master's children: gunicorn's workers (from /proc, no psutil)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # "pid (name) state ppid ...": the name may hold spaces, so split after ")".
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            children.append(int(stat.parent.name))
    return sorted(children)


def rss(pid: int) -> int | None:
    try:
        for row in Path(f"/proc/{pid}/status").read_text().splitlines():
            if row.startswith("VmRSS:"):
                return int(row.split()[1]) * 1024
    except OSError:
        return None
    return None


@dataclass
class Memory:
    """Samples (seconds since the start, {worker pid: bytes}) taken every `every` seconds."""

    master: int
    every: float = 3.0
    samples: list = field(default_factory=list)

    def run(self, stop: threading.Event):
        start = time.monotonic()
        while True:
            sample = {pid: rss(pid) for pid in workers(self.master)}
            self.samples.append((time.monotonic() - start, {p: b for p, b in sample.items() if b}))
            if stop.wait(self.every):
                return

    def at(self, seconds: float) -> dict:
        """The first sample taken at or after `seconds`."""
        return next((s for t, s in self.samples if t >= seconds), self.samples[-1][1])

    def slope_mib_per_min(self, since: float) -> float:
        """Least-squares slope of all workers' total RSS over the samples after `since`."""
        points = [(t, sum(s.values()) / MIB) for t, s in self.samples if t >= since]
        if len(points) < 2:
            return 0.0
        mean_t = sum(t for t, _ in points) / len(points)
        mean_m = sum(m for _, m in points) / len(points)
        spread = sum((t - mean_t) ** 2 for t, _ in points)
        return sum((t - mean_t) * (m - mean_m) for t, m in points) / spread * 60 if spread else 0


@dataclass
class Probe:
    """(seconds since the start, path, milliseconds) of a GET of each path every `every` s."""

    base: str
    paths: list  # (path, cookie or None)
    every: float = 0.25
    samples: list = field(default_factory=list)

    def run(self, stop: threading.Event):
        start = time.monotonic()
        while not stop.is_set():
            for path, cookie in self.paths:
                asked = time.monotonic()
                try:
                    status = common.fetch(self.base + path, cookie, timeout=30)[0]
                except OSError:
                    status = 0
                took = (time.monotonic() - asked) * 1000
                self.samples.append((asked - start, path, took if status == 200 else -took))
            stop.wait(self.every)

    def windows(self, width: float = 10.0) -> list[tuple[float, dict]]:
        """Each window's start and its slowest answer per path (ms; negative: not a 200)."""
        slowest: dict[int, dict] = {}
        for at, path, ms in self.samples:
            window = slowest.setdefault(int(at // width), {})
            if abs(ms) > abs(window.get(path, 0)):
                window[path] = ms
        return [(n * width, slowest[n]) for n in sorted(slowest)]


def soak(server, refs: dict, seconds: int) -> dict:
    cookie = f"sessionid={refs['sessions']['client']}"
    anonymous = [path.format(**refs) for path in SOAK_ANONYMOUS]
    signed_in = [path.format(**refs) for path in SOAK_SIGNED_IN]
    for paths, who in ((anonymous, None), (signed_in, cookie)):
        for path in paths:
            if common.fetch(server.base + path, who)[0] != 200:
                raise SystemExit(f"{path} did not answer 200")
    memory = Memory(server.pid)
    probe = Probe(server.base, [(CEILING.path, None), ("/my/", cookie)])
    stop = threading.Event()
    sampler = threading.Thread(target=memory.run, args=(stop,))
    prober = threading.Thread(target=probe.run, args=(stop,))
    sampler.start()
    prober.start()
    try:
        result = subprocess.run(
            [
                "wrk", "-t4", "-c64", f"-d{seconds}s", "--timeout", "10s",
                "-s", str(common.ROOT / "bench" / "soak.lua"),
                server.base, "--", cookie, "|".join(anonymous), "|".join(signed_in),
                common.ACCEPT_ENCODING,
            ],
            capture_output=True, text=True, check=True, timeout=seconds + 60,
        )  # fmt: skip
    finally:
        stop.set()
        sampler.join()
        prober.join()
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    warm = min(30.0, seconds / 3)  # the end of the warm-up
    figures["seconds"] = seconds
    figures["warm_s"] = warm
    figures["rss_start"] = memory.samples[0][1]
    figures["rss_warm"] = memory.at(warm)
    figures["rss_end"] = memory.samples[-1][1]
    figures["slope_mib_min"] = memory.slope_mib_per_min(seconds / 2)
    half = sum(memory.at(seconds / 2).values())
    figures["second_half_growth_mib"] = (sum(figures["rss_end"].values()) - half) / MIB
    figures["probe_windows"] = probe.windows()
    figures["probes"] = len(probe.samples)
    return figures


def verdicts(f: dict) -> dict:
    return {
        "errors": f["errors"] + f["non2xx"] == 0,
        "p99": f["p99_us"] / 1000 < P99_MS,
        "memory": f["second_half_growth_mib"] < FLAT_MIB,
    }


def mib(sample: dict) -> str:
    return " + ".join(f"{b / MIB:.0f}" for _, b in sorted(sample.items())) + (
        f" = {sum(sample.values()) / MIB:.0f} MiB"
    )


def lines(rounds: list[dict]) -> list[str]:
    """The soak's table in Markdown, one row per round run back to back on one server."""
    rows = [
        "| round | requests (signed in) | req/s | errors + non-2xx | p50 ms | p95 ms | p99 ms "
        "| workers' RSS at start | after warm-up | at the end | 2nd half: growth, slope |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- |",
    ]
    for number, f in enumerate(rounds, 1):
        met = verdicts(f)
        rows.append(
            f"| {number} ({f['seconds']} s) | {f['requests']} ({f['signed_in_requests']}) "
            f"| {f['rps']:.0f} | {f['errors'] + f['non2xx']} {mark(met['errors'])} "
            f"| {f['p50_us'] / 1000:.1f} | {f['p95_us'] / 1000:.1f} "
            f"| {f['p99_us'] / 1000:.1f} {mark(met['p99'])} | {mib(f['rss_start'])} "
            f"| {mib(f['rss_warm'])} (at {f['warm_s']:.0f} s) | {mib(f['rss_end'])} "
            f"| {f['second_half_growth_mib']:+.1f} MiB, {f['slope_mib_min']:+.2f} MiB/min "
            f"{mark(met['memory'])} |"
        )
    return rows


def probe_lines(rounds: list[dict]) -> list[str]:
    """Per round, the probe's slowest answers by 10-second window, the slowest three named."""
    rows = []
    for number, f in enumerate(rounds, 1):
        windows = f["probe_windows"]
        worst = sorted(
            ((abs(ms), at, path) for at, window in windows for path, ms in window.items()),
            reverse=True,
        )[:3]
        named = "; ".join(
            f"{path} {ms:,.0f} ms in the window from {at:.0f} s" for ms, at, path in worst
        )
        per_window = " ".join(
            "/".join(f"{abs(ms):.0f}" for _, ms in sorted(window.items())) for _, window in windows
        )
        rows.append(
            f"Round {number}, the probe ({f['probes']} answers, the bare view and /my/ alone "
            f"beside the load): slowest {named}. Slowest per 10 s window, ms "
            f"(/bench/ok then /my/ … in path order): {per_window}."
        )
    return rows


def mark(met: bool) -> str:
    return "met" if met else "**missed**"
