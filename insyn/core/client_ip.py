"""The client's address behind a reverse proxy, trusting X-Forwarded-For only from our proxies.

Login throttling (django-axes, `AXES_CLIENT_IP_CALLABLE`), the API token throttle and the logs
all use `client_ip(request)`. A client can write anything into X-Forwarded-For; only the
entries our own proxies appended are true. So the header is read only when the request
comes from an address in `TRUSTED_PROXIES`, and then from the right: the first address that
is not one of our proxies is the client. Without a trusted proxy the connection's own
address (REMOTE_ADDR) is the client.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    # "10.0.0.5" or "10.0.0.0/24"; a typo in the setting must not open the header to anyone.
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request) -> str | None:
    """The address of the client that sent `request` (see the module docstring)."""
    remote = request.META.get("REMOTE_ADDR")
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not networks or not _trusted(_address(remote or ""), networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed(forwarded.split(",")):
        address = _address(entry)
        if address is None:
            # Our proxy appends a valid address; garbage means the chain can't be read.
            return remote
        if not _trusted(address, networks):
            return str(address)
    return remote
