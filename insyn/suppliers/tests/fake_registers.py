"""A local fake of the three outside registers, speaking the JSON and ZIP formats of
docs/suppliers.md over real HTTP on 127.0.0.1 (a free port). Tests fill `data` and set
`mode` ("ok", "500", "500-once", "slow", "wrong-shape", "not-json") per service."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class FakeRegisters:
    def __init__(self):
        self.organisations = {}  # digits → organisation JSON (one row of "organisationer")
        self.documents = {}  # digits → [document list rows]
        self.files = {}  # dokumentId → bytes (a ZIP)
        self.registrations = {}  # digits → Skatteverket JSON
        self.decisions = {}  # digits → [IVO decision rows]
        self.mode = {"bolagsverket": "ok", "skatteverket": "ok", "ivo": "ok"}
        self.calls = []
        self.tokens = []
        self.delay = 0.0  # seconds per call: a realistic latency for benchmarks
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._server = None

    def url(self, service: str) -> str:
        host, port = self._server.server_address
        return f"http://{host}:{port}/{service}"

    def start(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, code, body, content_type="application/json"):
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _body(self):
                length = int(self.headers.get("Content-Length") or 0)
                return json.loads(self.rfile.read(length) or b"{}")

            def _handle(self, method):
                url = urlparse(self.path)
                parts = url.path.strip("/").split("/")
                service = parts[0]
                fake.calls.append((method, url.path))
                fake.tokens.append(self.headers.get("Authorization", ""))
                if fake.delay:
                    with fake._lock:
                        fake.in_flight += 1
                        fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
                    time.sleep(fake.delay)
                    with fake._lock:
                        fake.in_flight -= 1
                mode = fake.mode.get(service, "ok")
                if mode == "500":
                    return self._send(500, {"fel": "internt fel"})
                if mode == "500-once":
                    fake.mode[service] = "ok"
                    return self._send(503, {"fel": "tillfälligt fel"})
                if mode == "slow":
                    time.sleep(1.0)
                if mode == "not-json":
                    return self._send(200, b"<html>underhall</html>", "text/html")
                if mode == "wrong-shape":
                    return self._send(200, {"resultat": []})
                route = tuple(parts[1:2])
                if service == "bolagsverket" and route == ("organisationer",):
                    number = self._body().get("identitetsbeteckning")
                    rows = [fake.organisations[number]] if number in fake.organisations else []
                    return self._send(200, {"organisationer": rows})
                if service == "bolagsverket" and route == ("dokumentlista",):
                    number = self._body().get("identitetsbeteckning")
                    return self._send(200, {"dokument": fake.documents.get(number, [])})
                if service == "bolagsverket" and route == ("dokument",):
                    content = fake.files.get(parts[2])
                    if content is None:
                        return self._send(404, {"fel": "dokumentet finns inte"})
                    return self._send(200, content, "application/zip")
                if service == "skatteverket" and route == ("registreringar",):
                    row = fake.registrations.get(parts[2])
                    if row is None:
                        return self._send(404, {"fel": "okänd"})
                    return self._send(200, row)
                if service == "ivo" and route == ("tillsynsbeslut",):
                    number = parse_qs(url.query).get("organisationsnummer", [""])[0]
                    return self._send(200, {"beslut": fake.decisions.get(number, [])})
                return self._send(404, {"fel": "okänd adress"})

            def do_GET(self):  # noqa: N802
                self._handle("GET")

            def do_POST(self):  # noqa: N802
                self._handle("POST")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()
