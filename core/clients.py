"""Who is asking: the client's address, for rate limits and logs.

Behind a TLS proxy (the README's production setup) every request comes from the proxy's
address, so a limit keyed on REMOTE_ADDR would count every visitor as one: one person's
guesses would lock everybody out. The proxy adds the address it saw to X-Forwarded-For. With
`LMS_TRUSTED_PROXIES = n` proxies in front of Django (each appending one address), the client
is the n-th address from the right: what the outermost proxy of ours saw. Addresses further
left were written by the client itself and are never trusted. With 0 (the default: Django
serves the clients directly) the header is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def trusted_proxies() -> int:
    return max(int(getattr(settings, "LMS_TRUSTED_PROXIES", 0) or 0), 0)


def client_address(request) -> str:
    """The client's IP address as text ("unknown" when there is none that parses)."""
    proxies = trusted_proxies()
    address = request.META.get("REMOTE_ADDR", "")
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        # Fewer entries than proxies: the request did not come through all of ours (or the
        # header was dropped); the nearest sender is then the only address we can trust.
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return "unknown"
