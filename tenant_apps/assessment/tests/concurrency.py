"""Run requests at the same moment, each thread on its own database connection."""

import threading

from django.db import connection


def run_together(requests: list) -> list:
    """Run each ``request()`` in its own thread, released at the same moment."""
    barrier = threading.Barrier(len(requests))
    results: list = [None] * len(requests)

    def worker(index: int, request) -> None:
        try:
            barrier.wait(timeout=5)
            results[index] = request()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    return results
