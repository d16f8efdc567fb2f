"""A real SAML 2.0 identity provider for the sign-on tests: pysaml2's IdP `Server` (it parses
the AuthnRequest and builds and signs the Response with xmlsec1), served over HTTP on
127.0.0.1 by wsgiref. Started and stopped by the `saml_idp` fixture.

Run: python saml_idp.py <config.json>. The config names the port, the key pairs, the SP's
entity id and ACS URL, and a control file (JSON) read at every login:
{"person": {attribute: [values]}, "mode": "ok" | "wrong_key" | "wrong_audience",
 "class_ref": the AuthnContextClassRef of the AuthnStatement (default Password)}.
Every AuthnRequest it receives is written, as pysaml2 parsed it, to the "received_file"
(JSON: id, force_authn, the XML), so a test can check what the service provider asked for.
"""

import json
import sys
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.saml import NAME_FORMAT_BASIC, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

PASSWORD = "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"
OTHER_SP = "https://annan-tjanst.example/"
SP_METADATA = """<?xml version="1.0"?>
<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">
<md:EntityDescriptor entityID="{sp}">
  <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:AssertionConsumerService index="1" Binding="{binding}" Location="{acs}"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>
<md:EntityDescriptor entityID="{other}">
  <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:AssertionConsumerService index="1" Binding="{binding}" Location="{acs}"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>
</md:EntitiesDescriptor>"""


def make_idp(conf: dict, key: str) -> Server:
    base = f"http://127.0.0.1:{conf['port']}"
    sp_metadata = SP_METADATA.format(
        sp=conf["sp_entity_id"], other=OTHER_SP, acs=conf["acs_url"], binding=BINDING_HTTP_POST
    )
    metadata_file = Path(conf["workdir"]) / "sp-metadata.xml"
    metadata_file.write_text(sp_metadata, encoding="utf-8")
    config = IdPConfig()
    config.load(
        {
            "entityid": f"{base}/idp",
            "service": {
                "idp": {
                    "endpoints": {
                        "single_sign_on_service": [(f"{base}/sso", BINDING_HTTP_REDIRECT)],
                    },
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": 5},
                            "attribute_restrictions": None,
                            "name_form": NAME_FORMAT_BASIC,
                        }
                    },
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                }
            },
            "key_file": conf[key]["key"],
            "cert_file": conf[key]["cert"],
            "metadata": {"local": [str(metadata_file)]},
            "xmlsec_binary": "/usr/bin/xmlsec1",
            "allow_unknown_attributes": True,
        }
    )
    return Server(config=config)


def app_for(conf: dict):
    servers = {"good": make_idp(conf, "good"), "wrong_key": make_idp(conf, "wrong")}

    def app(environ, start_response):
        if environ["PATH_INFO"] != "/sso":
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
        control = json.loads(Path(conf["control_file"]).read_text(encoding="utf-8"))
        mode = control.get("mode", "ok")
        idp = servers["wrong_key" if mode == "wrong_key" else "good"]
        query = parse_qs(environ["QUERY_STRING"])
        request = idp.parse_authn_request(query["SAMLRequest"][0], BINDING_HTTP_REDIRECT)
        message = request.message
        received = {"id": message.id, "force_authn": message.force_authn, "xml": request.xmlstr}
        if isinstance(received["xml"], bytes):
            received["xml"] = received["xml"].decode()
        Path(conf["received_file"]).write_text(json.dumps(received), encoding="utf-8")
        person = control["person"]
        audience = OTHER_SP if mode == "wrong_audience" else message.issuer.text
        response = idp.create_authn_response(
            person,
            in_response_to=message.id,
            destination=conf["acs_url"],
            sp_entity_id=audience,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=person["uid"][0]),
            authn={"class_ref": control.get("class_ref") or PASSWORD},
            sign_assertion=True,
            sign_response=True,
            sign_alg=SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA256,
        )
        http = idp.apply_binding(
            BINDING_HTTP_POST,
            str(response),
            conf["acs_url"],
            relay_state=query.get("RelayState", [""])[0],
            response=True,
        )
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [http["data"].encode() if isinstance(http["data"], str) else http["data"]]

    return app


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main():
    conf = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    server = make_server("127.0.0.1", conf["port"], app_for(conf), handler_class=QuietHandler)
    print("READY", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
