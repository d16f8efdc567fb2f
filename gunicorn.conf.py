"""gunicorn settings for production and for the load test (`make bench-load`), so both run
the same server: `gunicorn insyn.wsgi:application -c gunicorn.conf.py`.

Sync workers, 2 × cores + 1 (WEB_CONCURRENCY overrides): a page spends part of its time
waiting for PostgreSQL, and a sync worker waiting on the database frees its core for another.
Measured on 2 cores (issue 16): 2 workers × 4 threads was slower than sync workers and dropped
connections at 40 people. Static files belong to the reverse proxy (docs/deploy.md §5).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 0)) or multiprocessing.cpu_count() * 2 + 1
worker_class = "sync"
timeout = 120
# Load the app once in the master: workers share its frozen memory (insyn/wsgi.py).
preload_app = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
