"""`manage.py seed_demo` as a whole: every app's demo data files, loaded once and only once."""

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from practice.demo import days_from_now, read_document

pytestmark = pytest.mark.django_db

DATA_FILES = sorted(
    path
    for config in apps.get_app_configs()
    for path in (Path(config.path) / "demo_data").rglob("*")
    if path.is_file()
)


def every_row():
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
    }


@override_settings(DEBUG=True)
def test_seeding_twice_changes_no_row():
    call_command("seed_demo", stdout=io.StringIO())
    before = every_row()
    out = io.StringIO()

    call_command("seed_demo", stdout=out)

    assert every_row() == before
    assert "articles (0 new, 0 updated)" in out.getvalue()


@override_settings(DEBUG=True)
def test_seeding_reads_every_demo_data_file(monkeypatch):
    read = set()
    read_text = Path.read_text

    def recording_read_text(path, *args, **kwargs):
        read.add(path.resolve())
        return read_text(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", recording_read_text)

    call_command("seed_demo", stdout=io.StringIO())

    assert len(DATA_FILES) >= 15
    assert [path for path in DATA_FILES if path.resolve() not in read] == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Just a body, no header.\n", "should open with a TOML header"),
        ('+++\ntitle = "Never closed"\n\nBody.\n', "should open with a TOML header"),
        ("+++\ntitle = Unquoted\n+++\n\nBody.\n", "the header is not valid TOML"),
    ],
    ids=["no header", "header not closed", "header not TOML"],
)
def test_a_malformed_demo_document_is_refused_naming_its_file(tmp_path, text, problem):
    path = tmp_path / "article.md"
    path.write_text(text)

    with pytest.raises(CommandError, match=problem) as refused:
        read_document(path)

    assert str(path) in str(refused.value)


def test_a_demo_document_gives_its_header_and_its_body_as_written(tmp_path):
    path = tmp_path / "article.md"
    path.write_text('+++\ntitle = "Trust"\ntags = ["a", "b"]\n+++\n\n## One\n\nText +++ here.\n')

    assert read_document(path) == (
        {"title": "Trust", "tags": ["a", "b"]},
        "## One\n\nText +++ here.",
    )


def test_a_demo_date_is_days_from_now_and_anything_else_is_refused(tmp_path):
    now = datetime(2026, 3, 18, 11, 7, tzinfo=UTC)
    source = tmp_path / "article.md"

    assert days_from_now("-12d", now=now, source=source) == datetime(2026, 3, 6, 11, 7, tzinfo=UTC)
    assert days_from_now("+9d", now=now, source=source) == datetime(2026, 3, 27, 11, 7, tzinfo=UTC)
    with pytest.raises(CommandError, match=r"article\.md: 'last week' should be days from now"):
        days_from_now("last week", now=now, source=source)
