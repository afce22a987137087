"""The pages `make bench` measures, who asks for each, and the target each must meet (issue 17).

No Django here: bench/probe.py fills in the demo data's references (an article, her booking,
her recording) and bench/run.py loads each page with wrk.
"""

from dataclasses import dataclass

# Who asks: nobody (anonymous), the demo client, or the practitioner (staff, in the admin).
ANONYMOUS, CLIENT, STAFF = "anonymous", "client", "staff"


@dataclass(frozen=True)
class Target:
    label: str
    ratio: float  # of the ceiling's requests per second, at least
    p95_ms: float | None = None  # under, at the run's connections

    def met(self, ratio: float, p95_ms: float) -> bool:
        return ratio >= self.ratio and (self.p95_ms is None or p95_ms < self.p95_ms)


PUBLIC = Target("≥0.7", 0.7)
CRAWLED = Target("≥0.5", 0.5)
SIGNED_IN = Target("≥0.25, p95<50", 0.25, 50)
WORKPLACE = Target("≥0.10, p95<100", 0.10, 100)


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # a format string over the references bench/probe.py reports
    who: str = ANONYMOUS
    target: Target | None = None


CEILING = Page("ceiling: bare view", "/bench/ok")

PAGES = [
    CEILING,
    Page("/", "/", target=PUBLIC),
    Page("/blog/", "/blog/", target=PUBLIC),
    Page("article", "/blog/{article}/", target=PUBLIC),
    Page("/book/hypnotherapy/", "/book/hypnotherapy/", target=PUBLIC),
    Page("/sitemap.xml", "/sitemap.xml", target=CRAWLED),
    Page("/blog/feed/", "/blog/feed/", target=CRAWLED),
    # Signed-in clients never get a cached page: the slot engine's real cost.
    Page("/book/hypnotherapy/ signed in", "/book/hypnotherapy/", CLIENT, SIGNED_IN),
    Page("/my/", "/my/", CLIENT, SIGNED_IN),
    Page("/my/profile/", "/my/profile/", CLIENT, SIGNED_IN),
    Page("/my/consents/", "/my/consents/", CLIENT, SIGNED_IN),
    Page("/my/consents/withdraw/", "/my/consents/withdraw/", CLIENT, SIGNED_IN),
    Page("/my/screening/", "/my/screening/", CLIENT, SIGNED_IN),
    Page("/my/screening/answers/", "/my/screening/answers/", CLIENT, SIGNED_IN),
    Page("/my/export/ (JSON download)", "/my/export/", CLIENT, SIGNED_IN),
    Page("her confirmed booking", "/bookings/{booking}/", CLIENT, SIGNED_IN),
    Page("her recording and plan", "/my/recordings/{recording}/", CLIENT, SIGNED_IN),
    Page(
        "her check-in",
        "/my/recordings/{recording}/check-in/{check_in}/",
        CLIENT,
        SIGNED_IN,
    ),
    Page("admin dashboard", "/{admin}/", STAFF, WORKPLACE),
    Page("admin week calendar", "/{admin}/bookings/booking/calendar/", STAFF, WORKPLACE),
]

# The mixed soak: 48 anonymous connections across eight public URLs, 16 signed in across four
# of her pages (bench/soak.lua gives each wrk thread one of the two groups).
SOAK_ANONYMOUS = [
    "/",
    "/blog/",
    "/blog/{article}/",
    "/book/hypnotherapy/",
    "/about/",
    "/packages/",
    "/sitemap.xml",
    "/blog/feed/",
]
SOAK_SIGNED_IN = ["/my/", "/my/profile/", "/my/consents/", "/my/screening/"]


def selected(only: list[str] | None) -> list[Page]:
    """The ceiling and the pages whose name or path holds one of `only` (all when empty)."""
    if not only:
        return PAGES
    return [CEILING] + [
        page for page in PAGES[1:] if any(word in page.name or word in page.path for word in only)
    ]
