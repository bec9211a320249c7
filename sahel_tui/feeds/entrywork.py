"""The CPU side of fetching a feed: its bytes -> the catalog items of its new and changed entries.

Run in a worker process when a fetch has one, as few times as a feed allows: :func:`read_feed` parses the feed,
makes each entry's stored bytes and digest, skips the entries sent again unchanged, and builds every article that
needs nothing more; only the entries whose page is wanted come back unbuilt, to be built by :func:`build_entries`
once the network has brought their pages. One round trip for most feeds: what crosses between processes is
the feed's bytes one way and the packed items the other, never the entries' fields back and forth.
Everything here is picklable and touches neither the network nor the database.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sahel_tui.corpus.catalog_rows import Incoming
from sahel_tui.corpus.excerpts import entry_words, has_web_link, is_summary
from sahel_tui.corpus.feedentry import FEED_ENTRY_SUFFIX, article_from_entry, entry_bytes, entry_facts
from sahel_tui.corpus.reader import IngestError
from sahel_tui.corpus.slugs import slugify
from sahel_tui.extract.fragment import fragment_text
from sahel_tui.feeds.parse import ParsedFeed, parse_feed

Built = tuple[int, str, str, Incoming | None, str | None, bool]
"""(the entry's place in its feed, key, digest, catalog item or None, the problem when None, kept as a summary)."""
Unbuilt = tuple[int, str, str, dict, bytes]
"""An entry whose page is wanted: (its place in its feed, key, digest, fields, stored bytes)."""


@dataclass
class FeedWork:
    """One feed read: its own facts (``parsed``, its entries taken out), and what became of its entries."""

    parsed: ParsedFeed
    unchanged: int = 0
    built: list[Built] = field(default_factory=list)
    wanting_pages: list[Unbuilt] = field(default_factory=list)


def read_feed(feed_url: str, body: bytes, url: str, content_type: str, known: dict[str, str],
              full_text: bool) -> FeedWork:  # fmt: skip
    """The feed subscribed to as ``feed_url``, its ``body`` fetched from ``url``, read and its entries built, except
    those whose page is wanted (``full_text``, or an entry that is only a summary); ``known``: the digest each entry
    key had at the last fetch (an entry with the same digest is counted unchanged, not built again). Raises
    :class:`~sahel_tui.feeds.parse.NotAFeed`."""
    parsed = parse_feed(body, url, content_type)
    work = FeedWork(parsed)
    ready: list[tuple[int, str, str, dict, bytes, None, bool]] = []
    for place, entry in enumerate(parsed.entries):
        key = entry.pop("key")
        data = entry_bytes(entry)
        digest = hashlib.sha256(data).hexdigest()
        if known.get(key) == digest:
            work.unchanged += 1
        elif wants_page(full_text, entry):
            work.wanting_pages.append((place, key, digest, entry, data))
        else:
            ready.append((place, key, digest, entry, data, None, False))
    parsed.entries = []
    work.built = build_entries(feed_url, ready)
    return work


def build_entries(feed_url: str, items: list[tuple[int, str, str, dict, bytes, str | None, bool]]) -> list[Built]:
    """Entries -> catalog items ready to store. Each item: the entry's place, key, digest, fields and stored bytes,
    its fetched page (or None), and whether its page was wanted.

    An entry that needs no page is stored unread: with what the feed states of it (title, author, date, link),
    its text read after the fetch (``Library.reparse_stale``), or when it is opened — reading is most of a fetch's
    work (~0.6 ms an entry: HTML to paragraphs, the furniture rules, the language), and a fetch stopped while it
    waited for that would lose what a poor connection had brought. An entry whose page was wanted is read now: what
    its page brought decides whether it is kept as a summary, which the fetch reports."""
    built: list[Built] = []
    for place, key, digest, entry, data, page, wanted_page in items:
        if page:
            entry = {**entry, "page": page}
            data = entry_bytes(entry)
        try:
            title = fragment_text(str(entry.get("title") or ""))
            title_id = slugify(title or key)
            stated = None if wanted_page else entry_facts(title_id, title, entry)
            article = stated or article_from_entry(data, title_id, entry)
        except IngestError as exc:
            problem = f"entry {str(entry.get('link') or key)[:100]}: {exc.reason}"
            built.append((place, key, digest, None, problem, False))
            continue
        summary = wanted_page and (not page or len(article.anchor_text.split()) <= entry_words(entry))
        origin = entry.get("link") or f"{feed_url}#{key}"
        incoming = Incoming(article=article, data=data, suffix=FEED_ENTRY_SUFFIX, origin=origin, kind="feed",
                            wanted_id=article.id, unread=stated is not None,
                            digest="" if page else digest)  # fmt: skip
        built.append((place, key, digest, incoming.packed_up(), None, summary))
    return built


def loaded() -> None:
    """Nothing: sent to each new worker process at the start of a fetch, so that it loads this module (a tenth of
    a second) while the first feeds are downloading, not once the first of them has come (measured: 0.04 s of a
    fetch of 10,000 entries, alternating runs)."""


def wants_page(full_text: bool, entry: dict) -> bool:
    """Whether the entry's linked page should be fetched for its full text."""
    return has_web_link(entry) and (full_text or is_summary(entry))
