import pytest

from .fake_registers import FakeRegisters


@pytest.fixture
def registers(settings):
    """The fake registers on 127.0.0.1 (free port), with the sources pointed at them and
    fast retries."""
    fake = FakeRegisters().start()
    settings.INSYN = {
        **settings.INSYN,
        "SUPPLIERS": {
            "SOURCE_URLS": {
                "bolagsverket": fake.url("bolagsverket"),
                "skatteverket": fake.url("skatteverket"),
                "ivo": fake.url("ivo"),
            },
            "HTTP": {"timeout": 0.3, "retries": 1, "backoff": 0.01, "min_interval": 0.0},
        },
    }
    yield fake
    fake.stop()
