"""Where the fetcher may connect: public addresses only, checked at the moment of connecting.

A URL's host is resolved once, every address it resolves to is checked against the refused
ranges (`config.BLOCKED_NETWORKS`, anything Python's `ipaddress` does not call global, and the
IPv4 address inside an IPv4-mapped, 6to4, NAT64 or Teredo IPv6 address), and the TCP connection
goes to the checked address itself. Checking by a separate DNS lookup would leave a rebinding
gap: the name could resolve to a public address for the check and to 127.0.0.1 for the
connection. The Host header and the TLS server name stay on the host name, since httpcore takes
both from the URL, not from the socket.

This runs for every connection httpx opens: page URLs, robots.txt, sitemaps, feeds, the pages
they list and every redirect hop.
"""
from __future__ import annotations

import asyncio
import ipaddress
import socket
import typing
from collections.abc import Awaitable, Callable, Iterable
from functools import lru_cache

import httpcore
import httpx

from .config import BLOCKED_NETWORKS

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
# host, port -> the addresses to try, in order (a hook: tests map names to loopback with it)
Resolver = Callable[[str, int], Awaitable[list[str]]]

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class BlockedAddress(Exception):
    """A host that resolves to an address the fetcher must not connect to."""

    def __init__(self, host: str, address: str, why: str) -> None:
        super().__init__(f"{host} resolves to {address} ({why})")
        self.host, self.address, self.why = host, address, why


@lru_cache(maxsize=1)
def _blocked_networks() -> tuple[tuple[Network, str], ...]:
    return tuple((ipaddress.ip_network(cidr), why) for cidr, why in BLOCKED_NETWORKS)


def _embedded_ipv4(ip: IPAddress) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries (mapped, 6to4, NAT64, Teredo server and client)."""
    if ip.version == 4:
        return []
    found = [a for a in (ip.ipv4_mapped, ip.sixtofour) if a is not None]
    if ip in _NAT64:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    found.extend(ip.teredo or ())
    return found


def _ip(address: str) -> IPAddress:
    return ipaddress.ip_address(address.split("%")[0])  # an IPv6 zone (`fe80::1%eth0`) is no part of it


def refusal(address: str) -> str | None:
    """Why `address` is refused (the range it falls in), or None for a public address."""
    ip = _ip(address)
    for inner in _embedded_ipv4(ip):
        why = refusal(str(inner))
        if why:
            return f"{why}, inside {ip}"
    for network, why in _blocked_networks():
        if ip.version == network.version and ip in network:
            return why
    if not ip.is_global or ip.is_multicast or ip.is_reserved:
        return "not a public address"
    return None


class AddressPolicy:
    """Public addresses only, unless private ones are allowed (all of them, or some ranges)."""

    def __init__(self, allow_private: bool = False, allowed_networks: Iterable[str] = ()) -> None:
        self.allow_private = allow_private
        self.allowed = tuple(ipaddress.ip_network(n, strict=False) for n in allowed_networks)

    def check(self, host: str, address: str) -> None:
        """Raise BlockedAddress unless the fetcher may connect to `address`."""
        why = None if self.allow_private else refusal(address)
        if why and not any(_ip(address).version == n.version and _ip(address) in n for n in self.allowed):
            raise BlockedAddress(host, address, why)


async def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the operating system gives for `host`, in its order of preference."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """httpcore network backend that resolves, checks, and connects to the checked address."""

    def __init__(self, policy: AddressPolicy, resolver: Resolver = system_resolver) -> None:
        self.policy, self.resolver = policy, resolver
        self.inner = httpcore.AnyIOBackend()

    async def addresses(self, host: str, port: int) -> list[str]:
        """The checked addresses of `host`; BlockedAddress if any of them is refused (a name
        with one private address among public ones is not trusted with the others)."""
        literal = _literal(host)
        try:
            found = [literal] if literal else await self.resolver(host, port)
        except (OSError, UnicodeError) as e:
            raise httpcore.ConnectError(f"cannot resolve {host}: {e}") from e
        if not found:
            raise httpcore.ConnectError(f"cannot resolve {host}: no address")
        for address in found:
            self.policy.check(host, address)
        return found

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
                          ) -> httpcore.AsyncNetworkStream:
        error: Exception | None = None
        for address in await self.addresses(host, port):
            try:
                return await self.inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                error = e
        raise error or httpcore.ConnectError(host)

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
                                  ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("the fetcher does not use unix sockets")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def pinned_transport(policy: AddressPolicy, resolver: Resolver = system_resolver) -> httpx.AsyncHTTPTransport:
    """An httpx transport whose every connection goes through PinnedBackend, with no proxy
    (a proxy would connect on our behalf to an address we never checked)."""
    transport = httpx.AsyncHTTPTransport(trust_env=False)
    # httpx has no public way to pass a network backend; its pool is rebuilt with ours.
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(),  # SSL_CERT_FILE / SSL_CERT_DIR still honoured
        network_backend=PinnedBackend(policy, resolver),
        max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0,  # httpx's defaults
    )
    return transport


__all__ = ["AddressPolicy", "BlockedAddress", "PinnedBackend", "Resolver", "pinned_transport", "refusal",
           "system_resolver"]
