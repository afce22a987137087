"""The settings read the environment through typed readers (practice/env.py): an empty variable
is an unset one, and a value the setting cannot use stops start-up with its name."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from practice.env import env_bool, env_int, env_list, env_str


@pytest.mark.parametrize("value", [None, ""])
def test_an_unset_or_empty_variable_gives_the_default(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("QH_SETTING", raising=False)
    else:
        monkeypatch.setenv("QH_SETTING", value)

    assert env_str("QH_SETTING", "fallback") == "fallback"
    assert env_bool("QH_SETTING", default=True) is True
    assert env_int("QH_SETTING", 7) == 7
    assert env_list("QH_SETTING", ["a"]) == ["a"]


@pytest.mark.parametrize(
    ("value", "expected"), [("1", True), ("Yes", True), ("on", True), ("0", False), ("off", False)]
)
def test_a_switch_reads_the_usual_spellings(monkeypatch, value, expected):
    monkeypatch.setenv("QH_SETTING", value)

    assert env_bool("QH_SETTING", default=not expected) is expected


def test_lists_and_numbers_read_as_written(monkeypatch):
    monkeypatch.setenv("QH_LIST", " example.com, ,www.example.com ")
    monkeypatch.setenv("QH_NUMBER", "8201")

    assert env_list("QH_LIST", []) == ["example.com", "www.example.com"]
    assert env_int("QH_NUMBER", 0) == 8201


@pytest.mark.parametrize(
    ("reader", "value", "message"),
    [
        (env_bool, "maybe", "QH_SETTING must be true or false (1/0), not 'maybe'."),
        (env_int, "ten", "QH_SETTING must be a whole number, not 'ten'."),
    ],
)
def test_a_value_the_setting_cannot_use_stops_start_up_naming_it(
    monkeypatch, reader, value, message
):
    monkeypatch.setenv("QH_SETTING", value)

    with pytest.raises(ImproperlyConfigured) as refused:
        reader("QH_SETTING", 0)
    assert str(refused.value) == message
