"""Corpus-wide entity figures: how many articles mention each entity, and which entities appear together.

Extraction results per article are cached in the cache dir (JSON, keyed by the article file's fingerprint and
the gazetteer's hash), so only articles whose files changed are extracted again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sahel_tui.corpus.catalog import CatalogError
from sahel_tui.corpus.library import Library
from sahel_tui.corpus.reader import IngestError
from sahel_tui.entities.extract import default_extractor
from sahel_tui.entities.gazetteer import GAZETTEER_FILE
from sahel_tui.fileio import atomic_write, parse_json, read_regular_file

STATS_VERSION = 1
STATS_FILE = "entities.json"


@dataclass
class EntityStats:
    per_article: dict[str, dict[str, int]] = field(default_factory=dict)
    """article id -> entity id -> mentions."""
    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    """entity id -> (name, type), unlisted people included."""

    def articles_mentioning(self, entity_id: str) -> set[str]:
        return {aid for aid, counts in self.per_article.items() if entity_id in counts}

    def totals(self) -> list[dict]:
        """Per entity: articles mentioning it and mentions in all, most widespread first."""
        articles: Counter[str] = Counter()
        mentions: Counter[str] = Counter()
        for counts in self.per_article.values():
            articles.update(counts.keys())
            mentions.update(counts)
        return [
            {
                "id": eid,
                "name": self.names[eid][0],
                "type": self.names[eid][1],
                "articles": n,
                "mentions": mentions[eid],
            }
            for eid, n in sorted(articles.items(), key=lambda item: (-item[1], -mentions[item[0]], item[0]))
        ]

    def co_mentions(self, entity_id: str) -> Counter[str]:
        """Other entities by how many articles they share with ``entity_id``."""
        together: Counter[str] = Counter()
        for counts in self.per_article.values():
            if entity_id in counts:
                together.update(other for other in counts if other != entity_id)
        return together


def gazetteer_hash() -> str:
    return hashlib.sha256(GAZETTEER_FILE.read_bytes()).hexdigest()[:16]


def synced_stats(
    library: Library,
    progress: Callable[[int, int], None] | None = None,
    errors: list[IngestError] | None = None,
) -> EntityStats:
    """Entity figures for the library as it is now, re-extracting only articles whose files changed."""
    cache_path = library.locations.index_dir / STATS_FILE
    cached = _read_cache(cache_path)
    extractor = default_extractor()
    stats = EntityStats()
    fresh: dict[str, dict] = {}
    try:
        stamps = library.fingerprints()
    except CatalogError:
        return stats  # the library said why when it was loaded
    for done, (article_id, stamp) in enumerate(stamps.items(), start=1):
        entry = cached.get(article_id)
        if entry is None or entry.get("fingerprint") != stamp:
            try:
                article = library.get(article_id)
            except IngestError as exc:
                if errors is not None:
                    errors.append(exc)
                continue
            if article is None:
                continue
            mentions = extractor.mentions(article)
            entry = {
                "fingerprint": stamp,
                "entities": dict(Counter(m.entity_id for m in mentions)),
                "names": {m.entity_id: [m.name, m.type] for m in mentions},
            }
        fresh[article_id] = entry
        stats.per_article[article_id] = entry["entities"]
        stats.names.update({eid: tuple(pair) for eid, pair in entry["names"].items()})
        if progress and (done % 256 == 0 or done == len(stamps)):
            progress(done, len(stamps))
    if fresh != cached:
        payload = {"version": STATS_VERSION, "gazetteer": gazetteer_hash(), "articles": fresh}
        with contextlib.suppress(OSError):  # a cache that cannot be written is recomputed next time
            atomic_write(cache_path, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    return stats


def _read_cache(path: Path) -> dict[str, dict]:
    """The cached figures; anything unreadable or of the wrong shape is simply recomputed (it is only a cache)."""
    try:
        raw = read_regular_file(path)
        data = parse_json(raw) if raw is not None else None
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != STATS_VERSION or data.get("gazetteer") != gazetteer_hash():
        return {}
    articles = data.get("articles")
    if not isinstance(articles, dict):
        return {}
    return {article_id: entry for article_id, entry in articles.items() if _valid_entry(entry)}


def _valid_entry(entry: object) -> bool:
    if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
        return False
    counts, names = entry.get("entities"), entry.get("names")
    if not isinstance(counts, dict) or not isinstance(names, dict):
        return False
    counts_ok = all(isinstance(k, str) and type(v) is int and 0 < v < 1 << 31 for k, v in counts.items())
    names_ok = all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(part, str) for part in pair)
        for pair in names.values()
    )
    return counts_ok and names_ok
