"""Requests keep their database connection: opening a SQLite connection costs about 1 ms (Django
registers its SQL functions and the PRAGMAs run), which every signed-in page paid."""

import json

from tests.practice.test_security import PRODUCTION_ENV, run_manage

# Three requests through the WSGI handler (request_started and request_finished included, as
# under gunicorn), each asking the database; the answer is how many connections were opened.
THREE_REQUESTS = """
import json
from django.core.handlers.wsgi import WSGIHandler
from django.db.backends.signals import connection_created
opened = []
connection_created.connect(lambda **kwargs: opened.append(1), weak=False)
app = WSGIHandler()
statuses = []
for _ in range(3):
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": "/healthz", "SERVER_NAME": "quietharbour.example",
        "SERVER_PORT": "443", "HTTP_HOST": "quietharbour.example", "wsgi.url_scheme": "https",
        "wsgi.input": __import__("io").BytesIO(), "wsgi.errors": __import__("sys").stderr,
    }
    response = app(environ, lambda status, headers: statuses.append(status))
    b"".join(response)
    response.close()
print(json.dumps({"opened": len(opened), "statuses": statuses}))
"""


def test_sqlite_requests_reuse_one_connection(tmp_path):
    env = {**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}"}

    result = run_manage("shell", "-c", THREE_REQUESTS, env=env)

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["statuses"] == ["200 OK"] * 3
    assert answer["opened"] == 1
