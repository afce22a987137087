"""Search words the database cannot take are refused plainly, on SQLite and on PostgreSQL."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["%00", "harbour%00", "%00&page=2"])
def test_a_search_holding_a_nul_is_a_bad_request_not_a_server_error(client, make_article, query):
    make_article(title="The harbour at dusk")

    response = client.get(f"/blog/?q={query}")

    assert response.status_code == 400
