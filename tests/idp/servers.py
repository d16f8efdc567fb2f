"""Start and stop the local identity providers the sign-on tests run against (real
servers on 127.0.0.1, never mocks): `oidc-provider` under node for OpenID Connect."""

import json
import shutil
import socket
import subprocess
import time
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE.parent.parent / "node_modules"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OidcIdp:
    """A running `oidc-provider`; `accounts` (login name → claims) can be changed between
    logins with `set_accounts`."""

    client_id, secret = "insyn", "insyn-hemlighet"

    def __init__(self, workdir: Path, redirect_uris: list[str]):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.accounts_file = workdir / "oidc-accounts.json"
        self.set_accounts({})
        node = shutil.which("node")
        if node is None or not (NODE_MODULES / "oidc-provider").exists():
            raise RuntimeError("node and the npm package oidc-provider are needed (npm install)")
        self.process = subprocess.Popen(
            [node, str(HERE / "oidc_idp.mjs")],
            env={
                "PATH": str(Path(node).parent),
                "PORT": str(self.port),
                "REDIRECT_URIS": ",".join(redirect_uris),
                "ACCOUNTS_FILE": str(self.accounts_file),
                "NODE_PATH": str(NODE_MODULES),
            },
            cwd=HERE.parent.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self._wait()

    def _wait(self):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oidc-provider stopped: {self.process.stdout.read()}")
            try:
                requests.get(f"{self.url}/.well-known/openid-configuration", timeout=1)
                return
            except requests.ConnectionError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("oidc-provider did not start within 20 s")

    def set_accounts(self, accounts: dict) -> None:
        self.accounts_file.write_text(json.dumps(accounts), encoding="utf-8")

    @property
    def discovery_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def make_key_pair(workdir: Path, name: str) -> dict:
    """A self-signed RSA certificate for an IdP's signing key (PEM files)."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"test-idp-{name}")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = workdir / f"{name}.key", workdir / f"{name}.crt"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    cert_file.write_text(cert_pem, encoding="utf-8")
    body = "".join(line for line in cert_pem.splitlines() if "CERTIFICATE" not in line)
    return {"key": str(key_file), "cert": str(cert_file), "x509": body}


class SamlIdp:
    """A running pysaml2 IdP (tests/idp/saml_idp.py); `control` sets the next person and
    how the IdP misbehaves ("ok", "wrong_key", "wrong_audience"); `last_request` is the
    AuthnRequest it received last."""

    def __init__(self, workdir: Path, sp_entity_id: str, acs_url: str):
        import sys

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.entity_id = f"{self.url}/idp"
        self.sso_url = f"{self.url}/sso"
        self.good = make_key_pair(workdir, "good")
        self.wrong = make_key_pair(workdir, "wrong")
        self.control_file = workdir / "saml-control.json"
        self.received_file = workdir / "saml-received.json"
        self.control({})
        conf = {
            "port": self.port,
            "workdir": str(workdir),
            "good": self.good,
            "wrong": self.wrong,
            "sp_entity_id": sp_entity_id,
            "acs_url": acs_url,
            "control_file": str(self.control_file),
            "received_file": str(self.received_file),
        }
        conf_file = workdir / "saml-idp.json"
        conf_file.write_text(json.dumps(conf), encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / "saml_idp.py"), str(conf_file)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"SAML IdP stopped: {self.process.stdout.read()}")
            try:
                requests.get(self.url, timeout=1)
                return
            except requests.ConnectionError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("SAML IdP did not start within 20 s")

    def control(self, person: dict, mode: str = "ok", class_ref: str = "") -> None:
        """The next login's person, misbehaviour and AuthnContextClassRef (the IdP's default,
        Password, when empty)."""
        control = {"person": person, "mode": mode, "class_ref": class_ref}
        self.control_file.write_text(json.dumps(control), "utf-8")
        self.received_file.unlink(missing_ok=True)

    def last_request(self) -> dict | None:
        """The last AuthnRequest the IdP received since `control`: {"id", "force_authn"
        (pysaml2's reading of the attribute: "true", "false" or None), "xml"}."""
        if not self.received_file.exists():
            return None
        return json.loads(self.received_file.read_text("utf-8"))

    stop = OidcIdp.stop
