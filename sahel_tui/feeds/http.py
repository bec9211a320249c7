"""Fetching over HTTP, politely and within bounds: the one place that talks to the network.

Why httpx: a maintained, typed client with the same API sync and async, HTTP/1.1 keep-alive pools, fine-grained
timeouts (connect/read/write/pool) and raw streaming, so a response can be measured while it arrives. Its
redirect and decompression handling are not used: redirects are followed here to tell a permanent move (301/308,
whose new address is remembered) from a temporary one, and bodies are decompressed here with a cap on the output,
so a 50 MB body or a gzip bomb stops at the cap instead of filling memory.

Bounds: at most :data:`CONCURRENCY` requests at once and :data:`PER_HOST` per host; one retry with backoff after
a network failure or a 5xx other than 503; only ``http`` and ``https``; ``User-Agent: sahel-tui/<version>``.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from sahel_tui import __version__

MB = 1024 * 1024
FEED_CAP = 10 * MB
PAGE_CAP = 5 * MB
CONCURRENCY = 16
PER_HOST = 2
MAX_REDIRECTS = 5
USER_AGENT = f"sahel-tui/{__version__} (+offline news reader)"
RETRIED_STATUSES = {500, 502, 504}
PASSING_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
"""Answers that say "not now" rather than "not here": the same request may well succeed later."""


@dataclass(frozen=True)
class Timeouts:
    connect: float = 10.0
    read: float = 20.0
    total: float = 60.0
    """The whole exchange, redirects and body included."""


class FetchFailed(Exception):
    """No usable answer; ``str()`` is the reason in a few words. ``passing``: the failure was the network's or the
    server's of the moment (no answer in time, a refused or dropped connection), not the address's (a host the name
    server says does not exist, a body over the cap) — a later try may succeed."""

    def __init__(self, reason: str, *, passing: bool = False) -> None:
        super().__init__(reason)
        self.passing = passing


@dataclass
class Response:
    url: str
    """Where the answer finally came from (after redirects)."""
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    moved_to: str | None = None
    """The new address when every redirect on the way was permanent (301/308)."""

    def retry_after(self) -> float | None:
        """Seconds the server asked us to wait (``Retry-After`` as seconds or as a date), or None."""
        value = self.headers.get("retry-after", "").strip()
        if not value:
            return None
        if value.isdigit():
            return float(value)
        with contextlib.suppress(TypeError, ValueError, IndexError):
            when = parsedate_to_datetime(value)
            return max((when - datetime.now(UTC)).total_seconds(), 0.0)
        return None


class Fetcher:
    """Use as ``async with Fetcher() as fetcher: await fetcher.get(url)``."""

    def __init__(self, timeouts: Timeouts | None = None, concurrency: int = CONCURRENCY, per_host: int = PER_HOST,
                 retries: int = 1, backoff: float = 1.0, stop: threading.Event | None = None) -> None:  # fmt: skip
        """``stop``: once set, every request in flight or asked for ends as cancelled — never as a failure, and
        never tried again. A task's cancellation alone is not enough: httpx may turn one into a transport error
        (encode/httpx#2381), and Python 3.11's ``wait_for`` may drop one that races a finished answer, so a
        request cancelled that way would be reported failed, or tried again."""
        self.timeouts = timeouts or Timeouts()
        self.stop = stop
        self.retries = retries
        self.backoff = backoff
        self._all = asyncio.Semaphore(concurrency)
        self._per_host = per_host
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._client: httpx.AsyncClient | None = None
        self._tls = _Prepared(_tls_context)

    async def __aenter__(self) -> Fetcher:
        timeout = httpx.Timeout(self.timeouts.read, connect=self.timeouts.connect, pool=None)
        limits = httpx.Limits(max_connections=None, max_keepalive_connections=32)
        self._client = httpx.AsyncClient(
            verify=self._tls.result(),
            timeout=timeout,
            limits=limits,
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        )
        return self

    async def __aexit__(self, *exc_info) -> None:
        if self._client is not None:
            await self._client.aclose()

    async def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                  cap: int = FEED_CAP, accept: str = "*/*") -> Response:  # fmt: skip
        """GET ``url`` (conditionally, given ``etag``/``last_modified``); raises :class:`FetchFailed`."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        host = urlsplit(url).hostname or ""
        gate = self._hosts.setdefault(host, asyncio.Semaphore(self._per_host))
        reason, passing = "no answer", True  # what the last try said decides
        async with self._all, gate:
            for attempt in range(self.retries + 1):
                self._end_if_stopped()
                if attempt:
                    await asyncio.sleep(self.backoff * 2 ** (attempt - 1))
                    self._end_if_stopped()
                try:
                    response = await asyncio.wait_for(self._follow(url, headers, cap), self.timeouts.total)
                except (TimeoutError, httpx.TransportError) as exc:
                    self._end_if_stopped()  # the failure may be a cancellation in disguise
                    reason, passing = self._why(exc)
                    continue
                if response.status in RETRIED_STATUSES and attempt < self.retries:
                    reason = f"HTTP {response.status}"
                    continue
                return response
        self._end_if_stopped()
        raise FetchFailed(reason, passing=passing)

    def _end_if_stopped(self) -> None:
        if self.stop is not None and self.stop.is_set():
            raise asyncio.CancelledError

    def _why(self, exc: Exception) -> tuple[str, bool]:
        """What a failed try says, and whether it may pass (worth asking again at the next fetch)."""
        if isinstance(exc, httpx.TimeoutException):
            return "timed out waiting for the server", True
        if isinstance(exc, httpx.TransportError):
            return _transport_reason(exc), not _no_such_host(exc)
        return f"no complete answer within {self.timeouts.total:g} s", True

    async def _follow(self, url: str, headers: dict[str, str], cap: int) -> Response:
        assert self._client is not None
        current, permanent = url, True
        for _ in range(MAX_REDIRECTS + 1):
            if urlsplit(current).scheme not in ("http", "https"):
                raise FetchFailed(f"only http and https addresses are fetched (not {current[:80]!r})")
            async with self._client.stream("GET", current, headers=headers) as answer:
                location = answer.headers.get("location")
                if answer.status_code in (301, 302, 303, 307, 308) and location:
                    permanent = permanent and answer.status_code in (301, 308)
                    current = urljoin(current, location)
                    continue
                body = await _read_capped(answer, cap) if answer.status_code == 200 else b""
                return Response(
                    url=current,
                    status=answer.status_code,
                    headers={key.lower(): value for key, value in answer.headers.items()},
                    body=body,
                    moved_to=current if current != url and permanent else None,
                )
        raise FetchFailed(f"more than {MAX_REDIRECTS} redirects")


def _tls_context() -> ssl.SSLContext:
    """The TLS settings httpx makes for a client that ignores the environment (the system's defaults, certifi's
    roots), with the code a first request loads: ready before the first request instead of delaying it."""
    import anyio._backends._asyncio  # noqa: F401  (loaded by a first request otherwise)
    import certifi
    import httpcore._async.http11  # noqa: F401

    return ssl.create_default_context(cafile=certifi.where())


class _Prepared:
    """A value made in a thread of its own from the moment it is asked for: a fetch's start has waits (the worker
    processes starting) that reading certifi's root certificates and loading the HTTP code can fill — work the
    first request waited for (it now leaves ~20 ms sooner)."""

    def __init__(self, make: Callable[[], object]) -> None:
        self._outcome: list = []
        self._thread = threading.Thread(target=self._make, args=(make,), name="sahel-tui-prepare", daemon=True)
        self._thread.start()

    def _make(self, make: Callable[[], object]) -> None:
        try:
            self._outcome.append((True, make()))
        except BaseException as exc:  # raised where the value is wanted, not lost in the thread
            self._outcome.append((False, exc))

    def result(self):
        self._thread.join()
        made, value = self._outcome[0]
        if not made:
            raise value
        return value


async def _read_capped(answer: httpx.Response, cap: int) -> bytes:
    """The body, decompressed here with the output bounded: stops at ``cap`` bytes, whatever the input."""
    declared = answer.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise FetchFailed(f"larger than the {cap // MB} MB allowed ({int(declared) // MB} MB announced)")
    encoding = answer.headers.get("content-encoding", "").strip().lower()
    if encoding in ("gzip", "x-gzip"):
        decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        decoder = zlib.decompressobj(zlib.MAX_WBITS + 32)  # zlib or gzip wrapper, detected
    elif encoding in ("", "identity"):
        decoder = None
    else:
        raise FetchFailed(f"an encoding sahel-tui does not read ({encoding[:40]})")
    body = bytearray()
    too_big = f"larger than the {cap // MB} MB allowed (stopped reading)"
    try:
        async for chunk in answer.aiter_raw():
            if decoder is None:
                body += chunk
            else:
                body += decoder.decompress(chunk, cap + 1 - len(body))
                while decoder.unconsumed_tail and len(body) <= cap:
                    body += decoder.decompress(decoder.unconsumed_tail, cap + 1 - len(body))
            if len(body) > cap:
                raise FetchFailed(too_big)
    except zlib.error as exc:
        raise FetchFailed(f"a damaged compressed body ({exc})") from None
    return bytes(body)


def _no_such_host(exc: BaseException) -> bool:
    """Whether the name server answered that the address's host does not exist (not that it could not be asked)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return seen.errno == socket.EAI_NONAME
        seen = seen.__cause__ or seen.__context__
    return False


def _transport_reason(exc: httpx.TransportError) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect ({text[:120]})"
    return f"the connection failed ({text[:120]})"
