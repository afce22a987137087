"""SITE_URL's default is where `make run` serves the site, so links in e-mails, .ics files and
feeds point at the right port. Each case imports the real settings in a fresh interpreter."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def site_url(**env) -> str:
    clean = {
        name: value
        for name, value in os.environ.items()
        if name not in {"SITE_URL", "HOST", "PORT", "DJANGO_SETTINGS_MODULE"}
    }
    result = subprocess.run(
        [sys.executable, "-c", "from practice import settings; print(settings.SITE_URL)"],
        cwd=ROOT,
        env={**clean, "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"HOST": "127.0.0.1", "PORT": "8201"}, "http://127.0.0.1:8201"),
        ({"HOST": "localhost", "PORT": "8302"}, "http://localhost:8302"),
        ({"HOST": "0.0.0.0", "PORT": "8201"}, "http://127.0.0.1:8201"),  # noqa: S104
        (
            {"PORT": "8201", "SITE_URL": "https://quietharbour.example/"},
            "https://quietharbour.example",
        ),
    ],
)
def test_site_url_defaults_to_the_host_and_port_the_server_listens_on(env, expected):
    assert site_url(**env) == expected
