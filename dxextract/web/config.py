"""The fetcher's settings, apart from the fetcher: the command line reads their defaults without
importing httpx and the WARC writer."""
from __future__ import annotations

from dataclasses import dataclass

USER_AGENT = (
    "dxextract/0.1 (research crawler for Vietnamese digital-transformation news; polite, obeys robots.txt)"
)

# Address ranges the fetcher never connects to unless told so (`--allow-private`,
# `--allow-network`), with the reason it reports. Anything else Python's `ipaddress` does not call
# global, multicast or reserved is refused too; listing the ranges keeps the rule independent of
# the Python version and names the cloud metadata addresses it matters most for.
BLOCKED_NETWORKS: tuple[tuple[str, str], ...] = (
    ("0.0.0.0/8", "this network"),
    ("10.0.0.0/8", "private"),
    ("100.64.0.0/10", "shared address space (CGNAT; Alibaba Cloud metadata)"),
    ("127.0.0.0/8", "loopback"),
    ("169.254.0.0/16", "link-local (cloud metadata 169.254.169.254)"),
    ("172.16.0.0/12", "private"),
    ("192.0.0.0/24", "IETF protocol assignments (Oracle Cloud metadata 192.0.0.192)"),
    ("192.0.2.0/24", "documentation"),
    ("192.88.99.0/24", "6to4 relay anycast"),
    ("192.168.0.0/16", "private"),
    ("198.18.0.0/15", "benchmarking"),
    ("198.51.100.0/24", "documentation"),
    ("203.0.113.0/24", "documentation"),
    ("168.63.129.16/32", "Azure host services"),
    ("224.0.0.0/4", "multicast"),
    ("240.0.0.0/4", "reserved"),
    ("::/128", "unspecified"),
    ("::1/128", "loopback"),
    ("::/96", "IPv4-compatible (deprecated)"),
    ("100::/64", "discard"),
    ("2001::/23", "IETF protocol assignments"),
    ("2001:db8::/32", "documentation"),
    ("fc00::/7", "unique local (AWS metadata fd00:ec2::254)"),
    ("fe80::/10", "link-local"),
    ("fec0::/10", "site-local (deprecated)"),
    ("ff00::/8", "multicast"),
)


@dataclass(frozen=True)
class FetchConfig:
    """Politeness and robustness knobs; tests shorten the delays."""

    user_agent: str = USER_AGENT
    delay: float = 1.0  # seconds between two requests to the same host
    concurrency: int = 4  # requests in flight over all hosts
    retries: int = 3  # extra attempts after a 429/5xx/timeout
    backoff: float = 2.0  # first retry wait; doubles each time
    max_backoff: float = 60.0  # cap on any wait, Retry-After included
    timeout: float = 20.0  # seconds for a whole request: connecting and reading every byte
    max_redirects: int = 5
    max_bytes: int = 20 * 1024 * 1024  # decoded body (and unpacked .xml.gz) size; larger is not news
    allow_private: bool = False  # connect to private, loopback, link-local... addresses too
    allowed_networks: tuple[str, ...] = ()  # these ranges only (CIDR), e.g. an intranet mirror
