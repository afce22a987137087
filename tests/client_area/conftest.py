"""The client's area shows what clients holds (policies, consent, screening), so its tests use
the same fixtures as tests/clients/: imported here rather than written twice."""

from tests.clients.conftest import (  # noqa: F401 (pytest finds fixtures by name)
    accept_all,
    answers,
    now,
    other_client,
    paid_service,
    policies,
    publish,
    screen,
    screened_service,
)
