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
