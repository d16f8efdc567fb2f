"""A software security key for the tests: it answers WebAuthn's registration and login
challenges the way a real authenticator does (an ES256 key pair, "none" attestation), built
from fido2's own data types, so allauth's Fido2Server checks it like any other key."""

import hashlib
import json
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.cose import ES256
from fido2.utils import websafe_decode, websafe_encode
from fido2.webauthn import (
    Aaguid,
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

FLAGS = AuthenticatorData.FLAG


class SoftwareKey:
    def __init__(self, origin: str = "http://testserver"):
        self.origin = origin
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(16)
        self.counter = 0

    def _rp_hash(self, rp_id: str) -> bytes:
        return hashlib.sha256(rp_id.encode()).digest()

    def register(self, creation_options: dict) -> str:
        """The JSON a browser posts after navigator.credentials.create()."""
        options = creation_options["publicKey"]
        public_key = ES256.from_cryptography_key(self.private_key.public_key())
        attested = AttestedCredentialData.create(Aaguid.NONE, self.credential_id, public_key)
        auth_data = AuthenticatorData.create(
            self._rp_hash(options["rp"]["id"]), FLAGS.UP | FLAGS.AT, self.counter, attested
        )
        client_data = CollectedClientData.create(
            "webauthn.create", websafe_decode(options["challenge"]), self.origin
        )
        attestation = AttestationObject.create("none", auth_data, {})
        return json.dumps(
            {
                "id": websafe_encode(self.credential_id),
                "rawId": websafe_encode(self.credential_id),
                "type": "public-key",
                "response": {
                    "clientDataJSON": websafe_encode(client_data),
                    "attestationObject": websafe_encode(attestation),
                },
                "clientExtensionResults": {"credProps": {"rk": False}},
            }
        )

    def sign_in(self, request_options: dict) -> str:
        """The JSON a browser posts after navigator.credentials.get()."""
        options = request_options["publicKey"]
        self.counter += 1
        auth_data = AuthenticatorData.create(self._rp_hash(options["rpId"]), FLAGS.UP, self.counter)
        client_data = CollectedClientData.create(
            "webauthn.get", websafe_decode(options["challenge"]), self.origin
        )
        signature = self.private_key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return json.dumps(
            {
                "id": websafe_encode(self.credential_id),
                "rawId": websafe_encode(self.credential_id),
                "type": "public-key",
                "response": {
                    "clientDataJSON": websafe_encode(client_data),
                    "authenticatorData": websafe_encode(auth_data),
                    "signature": websafe_encode(signature),
                },
                "clientExtensionResults": {},
            }
        )
