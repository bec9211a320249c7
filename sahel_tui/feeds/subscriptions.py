"""The user's subscriptions, kept in the library's catalog (tables ``feeds`` and ``feed_items``).

A feed row holds what the user chose (address, title, tags, full text, enabled) and what the last fetch learnt
(ETag, Last-Modified, time, status, error, when the server asked us to come back). ``feed_items`` says which feed
sent which article, under the entry's own key, with a digest of the entry as the feed last sent it: an entry
sent again unchanged costs nothing (no page fetch, no write).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from sahel_tui.corpus.catalog import Catalog, CatalogError

PAGE_AGAIN = "page-again:"
"""Put, with the number of tries so far, before the digest recorded for an entry whose page failed for the moment
(``page-again:2:<digest>``). No entry's digest starts so: the next fetch reading the feed takes the entry as
changed, asks for its page again, and updates its article if the page comes (same id: its notes re-anchor)."""

_COLUMNS = ("id, url, title, site_url, tags, full_text, enabled, etag, last_modified, last_fetch, last_status, "
            "last_error, retry_after, added_at, ttl_minutes")  # fmt: skip
_SELECT = (f"SELECT {_COLUMNS}, (SELECT count(*) FROM feed_items JOIN articles ON articles.id = feed_items.article_id "
           "WHERE feed_id = feeds.id) FROM feeds")  # fmt: skip
"""A feed with how many of the articles it sent are in the library (not those removed since)."""


class FeedError(Exception):
    """A subscription change that cannot be made; ``str()`` is the one-line reason."""


class AlreadySubscribed(FeedError):
    pass


@dataclass(frozen=True)
class Feed:
    id: int
    url: str
    title: str | None
    site_url: str | None
    tags: tuple[str, ...]
    full_text: bool
    enabled: bool
    etag: str | None
    last_modified: str | None
    last_fetch: str | None
    last_status: str | None
    last_error: str | None
    retry_after: str | None
    added_at: str
    ttl_minutes: int | None = None
    """How long the feed says its content keeps (RSS ``<ttl>``, the syndication module's period), when it says."""
    items: int = 0

    @property
    def name(self) -> str:
        return self.title or self.url

    def due(self, now: datetime | None = None) -> bool:
        """Whether a fetch on a clock should ask this feed now: never fetched, says no time to live, or the time
        it gave since the last fetch has passed. (A fetch the user asks for asks every feed.)"""
        return self.next_due is None or (now or datetime.now(UTC)) >= self.next_due

    @property
    def next_due(self) -> datetime | None:
        if not self.ttl_minutes or not self.last_fetch:
            return None
        try:
            return datetime.fromisoformat(self.last_fetch) + timedelta(minutes=self.ttl_minutes)
        except ValueError:
            return None

    def to_dict(self) -> dict:
        return {
            "id": self.id, "url": self.url, "title": self.title, "site_url": self.site_url, "tags": list(self.tags),
            "full_text": self.full_text, "enabled": self.enabled, "last_fetch": self.last_fetch,
            "status": self.last_status, "error": self.last_error, "retry_after": self.retry_after,
            "ttl_minutes": self.ttl_minutes, "articles": self.items,
        }  # fmt: skip


def check_url(url: str) -> str:
    """A feed address as stored, or :class:`FeedError` saying why it cannot be one."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedError(f"{url[:200]}: not an http or https address")
    return url


class Subscriptions:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def all(self) -> list[Feed]:
        return [_feed(row) for row in self.catalog.query(f"{_SELECT} ORDER BY id")]

    def get(self, feed_id: int) -> Feed | None:
        rows = self.catalog.query(f"{_SELECT} WHERE id = ?", (feed_id,))
        return _feed(rows[0]) if rows else None

    def find(self, reference: str) -> Feed:
        """A feed by its number or its address; :class:`FeedError` if there is none."""
        for feed in self.all():
            if reference.strip() in (str(feed.id), feed.url):
                return feed
        raise FeedError(f"no feed {reference!r} (see `sahel-tui feeds list`)")

    def add(self, url: str, tags: tuple[str, ...] = (), full_text: bool = False, title: str | None = None) -> Feed:
        url = check_url(url)
        try:
            with self.catalog.transaction() as db:
                feed_id = _insert(db, url, tags, full_text, title)
        except CatalogError as exc:
            raise FeedError(str(exc)) from None
        return self.get(feed_id)  # type: ignore[return-value]

    def add_many(self, wanted: Sequence[tuple[str, tuple[str, ...], str | None]]) -> tuple[int, int, int, list[str]]:
        """Subscribe to each (address, tags, title) in one transaction — an OPML file of thousands of feeds took
        a transaction and two reads of every subscription per feed. A feed already subscribed keeps its title and
        tags, and takes the tags it lacks (an OPML file's folders: ``tag:`` must find it). (added, already
        subscribed, of those given tags, one line per address refused)."""
        added, present, tagged, refused = 0, 0, 0, []
        try:
            with self.catalog.transaction() as db:
                for url, tags, title in wanted:
                    try:
                        _insert(db, check_url(url), tags, False, title)
                    except AlreadySubscribed:
                        present += 1
                        tagged += _add_tags(db, check_url(url), tags)
                    except FeedError as exc:
                        refused.append(str(exc))
                    else:
                        added += 1
        except CatalogError as exc:
            raise FeedError(str(exc)) from None
        return added, present, tagged, refused

    def remove(self, feed_id: int) -> Feed:
        """Unsubscribe; the articles it brought stay in the library (they may carry notes)."""
        feed = self.get(feed_id)
        if feed is None:
            raise FeedError(f"no feed {feed_id}")
        with self.catalog.transaction() as db:
            db.execute("DELETE FROM feed_items WHERE feed_id = ?", (feed_id,))
            db.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
        return feed

    def update(self, feed_id: int, db: sqlite3.Connection | None = None, **fields: object) -> None:
        """Set columns of one feed (``title``, ``tags``, ``enabled``, fetch state …); ``db``: in that connection's
        transaction (a fetch's, with the feed's articles), else in one of its own."""
        allowed = set(_COLUMNS.split(", ")) - {"id", "added_at"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"not feed columns: {sorted(unknown)}")
        if "tags" in fields:
            fields["tags"] = json.dumps(sorted(set(fields["tags"])))  # type: ignore[arg-type]
        assignments = ", ".join(f"{name} = ?" for name in fields)
        statement = f"UPDATE feeds SET {assignments} WHERE id = ?"
        if db is not None:
            db.execute(statement, (*fields.values(), feed_id))
            return
        with self.catalog.transaction() as own:
            own.execute(statement, (*fields.values(), feed_id))

    def known_entries(self, feed_ids: Sequence[int]) -> dict[int, dict[str, str]]:
        """For each of these feeds: entry key -> digest of the entry as the feed last sent it. One question for
        all, asked before a fetch writes anything (a question asked while it writes waits for the write)."""
        known: dict[int, dict[str, str]] = {feed_id: {} for feed_id in feed_ids}
        for feed_id, key, digest in self.catalog.query(
            "SELECT feed_id, entry_key, entry_sha FROM feed_items WHERE feed_id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(feed_ids)),),
        ):  # fmt: skip
            known[feed_id][key] = digest
        return known

    def pages_wanted_again(self, since: datetime) -> set[int]:
        """The feeds that have entries, seen since ``since``, whose page failed for the moment (recorded with
        :data:`PAGE_AGAIN` before their digest)."""
        return {row[0] for row in self.catalog.query(
            "SELECT DISTINCT feed_id FROM feed_items WHERE entry_sha LIKE ? AND seen_at >= ?",
            (f"{PAGE_AGAIN}%", since.isoformat(timespec="seconds")),
        )}  # fmt: skip

    def link(self, feed_id: int, items: list[tuple[str, str, str]], db: sqlite3.Connection | None = None) -> None:
        """Record (entry key, article id, entry digest) for articles a feed sent; ``db``: in that connection's
        transaction (the one that stored the articles), else in one of its own."""
        now = _now()
        rows = [(feed_id, key, article_id, digest, now) for key, article_id, digest in items]
        insert = ("INSERT OR REPLACE INTO feed_items (feed_id, entry_key, article_id, entry_sha, seen_at) "
                  "VALUES (?, ?, ?, ?, ?)")  # fmt: skip
        if db is not None:
            db.executemany(insert, rows)
            return
        with self.catalog.transaction() as own:
            own.executemany(insert, rows)

    def articles_of(self, feed_id: int) -> set[str]:
        """The articles the feed sent that are in the library (not those removed since: its record of them stays,
        so that it does not send them again)."""
        return {row[0] for row in self.catalog.query(
            "SELECT item.article_id FROM feed_items AS item JOIN articles ON articles.id = item.article_id "
            "WHERE item.feed_id = ?", (feed_id,))}  # fmt: skip

    def feeds_of(self, article_id: str) -> list[int]:
        return [row[0] for row in self.catalog.query(
            "SELECT DISTINCT feed_id FROM feed_items WHERE article_id = ?", (article_id,))]  # fmt: skip


def _feed(row: tuple) -> Feed:
    (feed_id, url, title, site_url, tags, full_text, enabled, etag, last_modified, last_fetch, last_status,
     last_error, retry_after, added_at, ttl_minutes, items) = row  # fmt: skip
    return Feed(feed_id, url, title, site_url, _tags(tags), bool(full_text), bool(enabled), etag, last_modified,
                last_fetch, last_status, last_error, retry_after, added_at, ttl_minutes, items)  # fmt: skip


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _tags(stored: str | None) -> tuple[str, ...]:
    """A subscription's tags as stored (a JSON list); none when the column cannot be read as one."""
    try:
        return tuple(str(tag) for tag in json.loads(stored or "[]"))
    except (ValueError, TypeError):
        return ()


def _add_tags(db: sqlite3.Connection, url: str, tags: tuple[str, ...]) -> bool:
    """The subscription at ``url`` given those of ``tags`` it lacks; whether it lacked any."""
    (stored,) = db.execute("SELECT tags FROM feeds WHERE url = ?", (url,)).fetchone()
    had = set(_tags(stored))
    if set(tags) <= had:
        return False
    db.execute("UPDATE feeds SET tags = ? WHERE url = ?", (json.dumps(sorted(had | set(tags))), url))
    return True


def _insert(db: sqlite3.Connection, url: str, tags: tuple[str, ...], full_text: bool, title: str | None) -> int:
    if db.execute("SELECT 1 FROM feeds WHERE url = ?", (url,)).fetchone():
        raise AlreadySubscribed(f"{url}: already subscribed")
    cursor = db.execute(
        "INSERT INTO feeds (url, title, tags, full_text, added_at) VALUES (?, ?, ?, ?, ?)",
        (url, title, json.dumps(sorted(set(tags))), int(full_text), _now()),
    )
    return int(cursor.lastrowid)
