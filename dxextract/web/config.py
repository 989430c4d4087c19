"""The fetcher's settings, apart from the fetcher: the command line reads their defaults without
importing httpx and the WARC writer."""
from __future__ import annotations

from dataclasses import dataclass

USER_AGENT = (
    "dxextract/0.1 (research crawler for Vietnamese digital-transformation news; polite, obeys robots.txt)"
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
    timeout: float = 20.0
    max_redirects: int = 5
    max_bytes: int = 10 * 1024 * 1024  # larger bodies are not news pages
