"""Who is asking: the client's address, and the network a limit counts it in.

`X-Forwarded-For` is whatever the client wrote unless a proxy we run wrote it, so it is read
only when the request comes from one of TRUSTED_PROXIES and TRUSTED_PROXY_COUNT says how many
of our proxies appended to it. Reached directly, the app server uses REMOTE_ADDR: a spoofed
header neither escapes a rate limit or a lock-out nor forges the audit's address.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

# One IPv6 subscriber gets a /64 (often more): counting single IPv6 addresses would give one
# attacker 2^64 fresh counters.
IPV6_PREFIX = 64


@lru_cache(maxsize=8)
def _networks(proxies):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(value):
    try:
        return ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None


def is_trusted_proxy(address):
    address = _address(address) if isinstance(address, str) else address
    if address is None:
        return False
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the address our own proxies saw in front of them
    when REMOTE_ADDR is one of them."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if not count or not is_trusted_proxy(remote):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < count:
        return remote
    # Each of our proxies appends the address it was reached from: the client is the entry
    # `count` places from the end; what stands before it the client may have written.
    address = _address(hops[-count])
    return str(address) if address is not None else remote


def client_network(request):
    """The key rate limits and lock-outs count a client under: its IPv4 address, or the /64
    network of its IPv6 address (written as that network's first address, so that it still
    fits an address column such as django-axes')."""
    address = _address(client_ip(request))
    if address is None:
        return None
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        network = ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False)
        return str(network.network_address)
    return str(address)
