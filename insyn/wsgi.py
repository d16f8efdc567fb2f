"""WSGI entry point for gunicorn and other application servers."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insyn.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, our apps, settings) lives as long as the worker: moved
# out of the collector's generations, a full collection walks only what requests allocate
# (a search over a large category allocates tens of thousands of objects; without this, a
# full collection every few requests costs tens of milliseconds). With gunicorn --preload
# it also keeps these pages shared between the forked workers.
gc.freeze()
