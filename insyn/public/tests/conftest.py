import pytest
import time_machine

from .factories import build_world


@pytest.fixture
def world(db):
    # Published in 2026, so 2025 is a finished year that may be published.
    with time_machine.travel("2026-02-10 10:00 +01:00", tick=False):
        yield build_world()
