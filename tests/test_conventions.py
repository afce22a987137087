"""The suite's own rules: a fixture name means one thing in every folder, and the property tests
draw new cases on every run, from a seed the run prints."""

import ast
from collections import defaultdict
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _is_fixture(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return ast.unparse(target) in ("pytest.fixture", "fixture")


def conftest_fixtures() -> dict[str, list[str]]:
    """Each fixture a conftest.py under tests/ defines, with the conftests that define it.

    Private fixtures (autouse set-up such as `_stripe_faked`) are left out: no test names them.
    """
    found = defaultdict(list)
    for path in sorted(TESTS.rglob("conftest.py")):
        for node in ast.parse(path.read_text()).body:
            if (
                isinstance(node, ast.FunctionDef)
                and not node.name.startswith("_")
                and any(_is_fixture(decorator) for decorator in node.decorator_list)
            ):
                found[node.name].append(str(path.relative_to(TESTS)))
    return found


def test_no_conftest_redefines_a_fixture_another_conftest_defines():
    defined_twice = {name: where for name, where in conftest_fixtures().items() if len(where) > 1}

    assert defined_twice == {}


def test_the_conftests_define_the_shared_fixtures_once():
    fixtures = conftest_fixtures()

    for name in ("now", "make_booking", "make_service", "service", "practitioner", "publish"):
        assert fixtures[name] == ["conftest.py"], name


def test_property_tests_draw_from_the_run_seed_the_report_shows(pytestconfig):
    from hypothesis import core

    seed = pytestconfig.getoption("hypothesis_seed")

    assert seed is not None
    assert str(core.global_force_seed) == str(seed)


def test_the_slot_properties_are_not_derandomised():
    from hypothesis import settings

    import tests.bookings.test_slots  # noqa: F401 (registers the profile)

    profile = settings.get_profile("bookings-slots")
    assert not profile.derandomize
    assert profile.max_examples >= 100
