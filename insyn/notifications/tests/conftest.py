"""A real SMTP server (aiosmtpd) on 127.0.0.1, a free port, for the duration of a test;
Django's SMTP backend is pointed at it. Addresses starting with "studs" are refused (550)."""

import asyncio
import email
import threading
from email import policy

import pytest
from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self):
        self.messages = []
        self.connections = 0

    def session(self):
        self.connections += 1
        return SMTP(self)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("studs"):
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)
        return "250 OK"

    def bodies(self, message):
        return {
            part.get_content_type(): part.get_content()
            for part in message.walk()
            if not part.is_multipart()
        }


@pytest.fixture
def smtp_server(settings):
    sink = Sink()
    loop = asyncio.new_event_loop()
    started = threading.Event()
    holder = {}

    def run():
        asyncio.set_event_loop(loop)
        server = loop.run_until_complete(loop.create_server(sink.session, host="127.0.0.1", port=0))
        holder["server"] = server
        holder["port"] = server.sockets[0].getsockname()[1]
        started.set()
        loop.run_forever()
        server.close()
        loop.run_until_complete(server.wait_closed())
        loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert started.wait(10), "SMTP server did not start"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = holder["port"]
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    sink.port = holder["port"]
    yield sink
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


@pytest.fixture
def closed_port(settings):
    """An SMTP address nobody listens on (a port bound and released)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 2
    return port
