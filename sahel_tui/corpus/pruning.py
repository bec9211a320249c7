"""Keeping a library fed by many feeds the size of what is still wanted: the articles feeds sent before a day,
removed — newsboat's ``keep-articles-days``, asked for rather than automatic, since removing is the user's call.

Never removed: a file the user imported, a bundled article, and whatever the caller says to keep (the articles with
notes, bookmarks or a note being typed; the unread ones unless asked). A removed entry is not sent again by its
feed: the feed's record of it stays (:mod:`sahel_tui.feeds.subscriptions`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sahel_tui.corpus.catalog import Catalog

PRUNE_BATCH = 500
"""Articles removed per transaction: a reader running meanwhile waits for one batch at a time, never the whole."""


@dataclass(frozen=True)
class Prunable:
    """What removing the feeds' articles from before a day would take, and what it would leave."""

    articles: list[tuple[str, str, str]]
    """(id, day — its date, or the day it came when it has none — and title), oldest first."""
    kept_unread: int
    kept_marked: int
    """Old enough, but unread (and not asked for) / annotated, bookmarked or with a note being typed."""


def prunable(catalog: Catalog, before: str, keep: Collection[str], read: Collection[str] | None) -> Prunable:
    """The articles from feeds dated before the day ``before`` (``YYYY-MM-DD``; an undated one by the day it came),
    except those in ``keep``, and, unless ``read`` is None, those not in ``read``."""
    rows = catalog.query(
        "SELECT id, substr(coalesce(date, added_at), 1, 10) AS day, title FROM articles "
        "WHERE origin_kind = 'feed' AND coalesce(date, added_at) < ? ORDER BY day, seq",
        (before,),
    )
    chosen, unread, marked = [], 0, 0
    for article_id, day, title in rows:
        if article_id in keep:
            marked += 1
        elif read is not None and article_id not in read:
            unread += 1
        else:
            chosen.append((article_id, day, title))
    return Prunable(chosen, unread, marked)


def prune(catalog: Catalog, article_ids: list[str]) -> int:
    """Remove these articles (a batch per transaction); how many were there to remove."""
    removed = 0
    for start in range(0, len(article_ids), PRUNE_BATCH):
        removed += catalog.remove_many(article_ids[start : start + PRUNE_BATCH])
    return removed
