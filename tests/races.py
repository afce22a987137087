"""Running calls at the same moment, for the race tests: each in its own thread (so its own
database connection), all released together by a barrier. A plain function, not a fixture: the
race tests of every app import it from here, so there is one harness to read and to trust.
"""

import threading

from django.db import connections


def race(attempt, count: int) -> list:
    """Run attempt(i) in `count` threads released together; return what each one returned, or
    the exception it raised (the test's assertions report it).

    Each thread closes its connections when done, so the test database can be flushed after.
    """
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index):
        try:
            barrier.wait(timeout=60)
            results[index] = attempt(index)
        except Exception as error:  # reported by the assertions in the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results
