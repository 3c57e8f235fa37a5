"""Where a webhook may go: public addresses only, unless a setting allows a network.

A URL's host is resolved and every address it resolves to must be public (no private,
loopback, link-local, shared, reserved or multicast address), when the endpoint is saved
and again at every delivery, whose connection goes to the very address that was checked
(so a DNS answer that changes in between, "DNS rebinding", cannot redirect it inside).
``WEBHOOK_ALLOWED_NETWORKS`` (CIDRs, e.g. ``127.0.0.1/32`` in tests) opens exceptions.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from core.errors import FieldErrors

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class TargetRefused(Exception):
    """The URL cannot be delivered to; the message says why (safe to show to the admin)."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str
    """The checked address the connection goes to."""


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(net, strict=False) for net in settings.WEBHOOK_ALLOWED_NETWORKS]


def address_allowed(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if any(address in network for network in _allowed_networks()):
        return True
    return address.is_global and not address.is_multicast


def _split(url: str) -> tuple[str, str, int, str]:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise TargetRefused("The URL is malformed.") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetRefused("Use an http or https URL with a host.")
    if parts.username or parts.password:
        raise TargetRefused("Credentials in the URL are not allowed; the signature authenticates us.")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), path


def resolve(url: str) -> Target:
    """Resolve and check ``url``; raises ``TargetRefused``."""
    scheme, host, port, path = _split(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise TargetRefused(f"The host {host!r} could not be resolved.") from exc
    addresses = list(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos))
    refused = [str(a) for a in addresses if not address_allowed(a)]
    if not addresses or refused:
        raise TargetRefused(
            f"The host {host!r} resolves to a private, loopback, link-local or reserved address "
            f"({', '.join(refused) or 'none'}); webhooks go to public addresses only."
        )
    return Target(scheme=scheme, host=host, port=port, path=path, address=str(addresses[0]))


def url_check(url: str) -> str:
    """For a request: the URL, or a 400 naming ``url``."""
    try:
        resolve(url)
    except TargetRefused as exc:
        raise FieldErrors({"url": str(exc)}) from exc
    return url
