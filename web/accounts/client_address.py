"""Who is asking: the client address that throttling counts against.

Behind a reverse proxy every request comes from the proxy, so the real client is in a
header the proxy adds (X-Forwarded-For). Anyone can send that header, so it is believed
only when the direct peer is a configured trusted proxy, and then only its right-most
address that is not itself a trusted proxy: the one our own proxy saw. Addresses further
left were written by the client and may be anything.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from starlette.requests import Request

from web.settings import Settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
UNKNOWN = "unknown"


def client_address(request: Request, settings: Settings) -> str:
    """The address of the client behind this request (the direct peer unless it is a
    trusted proxy that names the client in `settings.client_ip_header`)."""
    peer = request.client.host if request.client else UNKNOWN
    if not _is_trusted(peer, settings.trusted_proxies):
        return peer
    hops = ",".join(request.headers.getlist(settings.client_ip_header)).split(",")
    return forwarded_client(hops, settings.trusted_proxies) or peer


def forwarded_client(hops: Sequence[str], trusted: Sequence[Network]) -> str | None:
    """The right-most hop of a forwarding header that is not a trusted proxy."""
    cleaned = [hop.strip() for hop in hops if hop.strip()]
    for hop in reversed(cleaned):
        if not _is_trusted(hop, trusted):
            return hop[:64]  # a proxy may write junk; it is only ever a throttling key
    return cleaned[0] if cleaned else None


def _is_trusted(address: str, trusted: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in trusted)
