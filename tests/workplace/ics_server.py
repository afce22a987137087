"""A real HTTP server on 127.0.0.1 (an ephemeral port) serving her calendars' .ics files.

The calendar tests read from it exactly as the site reads Google or iCloud: over HTTP with
requests, with ETags, slow answers and oversized files. Fixtures (import them into a test
module): `ics_server` and `make_calendar`.

    ics_server.serve("/personal.ics", fixture="google.ics", etag='"v1"')
    ics_server.serve("/slow.ics", fixture="google.ics", delay=3)
    ics_server.requests  # [(path, {header: value})] in the order they came
"""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ICS_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ics"
_CHUNK = 64 * 1024


def ics_fixture(name: str) -> bytes:
    return (ICS_FIXTURES / name).read_bytes()


def big_calendar(size: int) -> bytes:
    """A well-formed calendar of `size` bytes or a little more: thousands of short events."""
    head = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tests//Big//EN\r\n"
    event = (
        b"BEGIN:VEVENT\r\nUID:%06d@big.example\r\nDTSTAMP:20260101T000000Z\r\n"
        b"DTSTART:20260310T%02d0000Z\r\nDTEND:20260310T%02d3000Z\r\nSUMMARY:Padding\r\n"
        b"END:VEVENT\r\n"
    )
    parts, total, number = [head], len(head), 0
    while total < size:
        part = event % (number, number % 20, number % 20)
        parts.append(part)
        total += len(part)
        number += 1
    parts.append(b"END:VCALENDAR\r\n")
    return b"".join(parts)


@dataclass
class Served:
    body: bytes
    etag: str = ""
    last_modified: str = ""
    status: int = 200
    delay: float = 0  # seconds of silence before answering
    content_length: bool = True  # False: no Content-Length, the end is when the server closes


@dataclass
class IcsServer:
    files: dict[str, Served] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    port: int = 0

    def serve(self, path: str, body: bytes = b"", *, fixture: str = "", **options) -> str:
        """Serve `body` (or tests/fixtures/ics/`fixture`) at `path`; returns its address."""
        self.files[path] = Served(ics_fixture(fixture) if fixture else body, **options)
        return self.url(path)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def requests_for(self, path: str) -> list[dict[str, str]]:
        return [headers for seen, headers in self.requests if seen == path]


def _handler(server: IcsServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            path = self.path.split("?", 1)[0]
            server.requests.append((path, dict(self.headers.items())))
            served = server.files.get(path)
            if served is None:
                self._answer(404, b"Not found", {})
                return
            if served.delay:
                time.sleep(served.delay)
            if served.etag and self.headers.get("If-None-Match") == served.etag:
                self._answer(304, b"", {"ETag": served.etag})
                return
            headers = {"Content-Type": "text/calendar; charset=utf-8"}
            if served.etag:
                headers["ETag"] = served.etag
            if served.last_modified:
                headers["Last-Modified"] = served.last_modified
            self._answer(served.status, served.body, headers, length=served.content_length)

        def _answer(self, status, body, headers, *, length=True):
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if length or status == 304:
                self.send_header("Content-Length", str(len(body)))
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            try:
                for offset in range(0, len(body), _CHUNK):
                    self.wfile.write(body[offset : offset + _CHUNK])
            except (BrokenPipeError, ConnectionResetError):
                pass  # the site stopped reading (too big): as a real server would see it

        def log_message(self, format, *args):  # quiet test output
            pass

    return Handler


@pytest.fixture
def ics_server(stripe_api):
    """The local calendar server. tests/workplace fakes requests' network for Stripe
    (`stripe_api`); requests to 127.0.0.1 go through to this real server."""
    stripe_api.add_passthru("http://127.0.0.1")
    server = IcsServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(server))
    httpd.daemon_threads = True
    server.port = httpd.server_address[1]
    # shutdown() waits for the loop's next look at its flag: every 50 ms, not the default 0.5 s.
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def make_calendar(practitioner):
    """One of the practitioner's calendars at `url`: make_calendar(url, name="Personal")."""
    from bookings.models import ExternalCalendar

    def make(url: str, *, name: str = "Personal (Google)", **fields):
        return ExternalCalendar.objects.create(
            practitioner=practitioner, name=name, url=url, **fields
        )

    return make
