"""The client's area shows what clients holds (policies, consent, screening), so its tests use
the same fixtures as tests/clients/: imported here rather than written twice."""

import pytest

from tests.clients.conftest import (  # noqa: F401 (pytest finds fixtures by name)
    accept_all,
    answers,
    paid_service,
    policies,
    screen,
    screened_service,
)


@pytest.fixture
def screened_hold(client_user, screened_service, make_booking):  # noqa: F811 (the fixture above)
    """Maya's hold of the session that needs the screening, a week from now at 10:00 UTC."""
    return make_booking(client=client_user, service=screened_service, status="held")
