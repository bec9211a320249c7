"""Corpus-wide entity figures: how many articles mention each entity, and which entities appear together.

Extraction results per article are cached in the cache dir (JSON, keyed by the article's fingerprint in the
catalog and the gazetteer's hash), so only articles whose originals changed are extracted again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sahel_tui.corpus.catalog import Catalog, CatalogError
from sahel_tui.corpus.library import Library
from sahel_tui.corpus.reader import IngestError
from sahel_tui.entities.extract import default_extractor
from sahel_tui.entities.gazetteer import GAZETTEER_FILE
from sahel_tui.fileio import atomic_write, parse_json, read_regular_file
from sahel_tui.model import Article

STATS_VERSION = 1
STATS_FILE = "entities.json"
PARALLEL_FROM = 200
"""Extracting this many articles or more is shared among worker processes, one per core."""
PARALLEL_CHUNK = 64
MAX_WORKERS = 4


@dataclass
class EntityStats:
    per_article: dict[str, dict[str, int]] = field(default_factory=dict)
    """article id -> entity id -> mentions."""
    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    """entity id -> (name, type), unlisted people included."""
    _by_entity: dict[str, set[str]] | None = field(default=None, repr=False, compare=False)

    def articles_mentioning(self, entity_id: str) -> set[str]:
        if self._by_entity is None:  # built once, on the first question: a keystroke never scans every article
            by_entity: dict[str, set[str]] = {}
            for article_id, counts in self.per_article.items():
                for mentioned in counts:
                    by_entity.setdefault(mentioned, set()).add(article_id)
            self._by_entity = by_entity
        return set(self._by_entity.get(entity_id, ()))

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
    """Entity figures for the library as it is now, extracting only articles whose originals changed (many at
    once are shared among the machine's cores)."""
    cache_path = library.locations.index_dir / STATS_FILE
    cached = _read_cache(cache_path)
    stats = EntityStats()
    try:
        stamps = library.fingerprints()
    except CatalogError:
        return stats  # the library said why when it was loaded
    fresh = {aid: cached[aid] for aid, stamp in stamps.items() if aid in cached and cached[aid]["fingerprint"] == stamp}
    stale = [aid for aid in stamps if aid not in fresh]
    for article_id, entry in _extracted(library, stale, progress, len(fresh), len(stamps)):
        if isinstance(entry, IngestError):
            if errors is not None:
                errors.append(entry)
            continue
        if entry is not None:
            entry["fingerprint"] = stamps[article_id]
            fresh[article_id] = entry
    for article_id, entry in fresh.items():
        stats.per_article[article_id] = entry["entities"]
        stats.names.update({eid: tuple(pair) for eid, pair in entry["names"].items()})
    if progress:
        progress(len(stamps), len(stamps))
    if fresh != cached:
        payload = {"version": STATS_VERSION, "gazetteer": gazetteer_hash(), "articles": fresh}
        with contextlib.suppress(OSError):  # a cache that cannot be written is recomputed next time
            atomic_write(cache_path, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    return stats


def _extracted(
    library: Library, article_ids: list[str], progress: Callable | None, done: int, total: int
) -> Iterator[tuple[str, dict | IngestError | None]]:
    """(article id, its figures) for each id, in worker processes when there are many."""
    cores = os.cpu_count() or 1
    if len(article_ids) < PARALLEL_FROM or cores < 2 or not library.locations.catalog_db.is_file():
        for number, article_id in enumerate(article_ids, start=1):
            yield article_id, _figures(library.get, article_id)
            if progress and number % 256 == 0:
                progress(done + number, total)
        return
    chunks = [article_ids[i : i + PARALLEL_CHUNK] for i in range(0, len(article_ids), PARALLEL_CHUNK)]
    context = multiprocessing.get_context("forkserver")  # a clean interpreter: no open database crosses a fork
    with ProcessPoolExecutor(max_workers=min(cores, MAX_WORKERS), mp_context=context) as pool:
        jobs = [(library.locations.catalog_db, chunk) for chunk in chunks]
        for chunk, results in zip(chunks, pool.map(_figures_of_chunk, jobs), strict=True):
            yield from zip(chunk, results, strict=True)
            done += len(chunk)
            if progress:
                progress(done, total)


def _figures_of_chunk(job: tuple) -> list[dict | IngestError | None]:
    """In a worker process: the figures of a few articles, read from the catalog by their ids."""
    catalog_path, article_ids = job
    catalog = Catalog.open(catalog_path)
    try:
        return [_figures(catalog.get, article_id) for article_id in article_ids]
    finally:
        catalog.close()


def _figures(get: Callable[[str], Article | None], article_id: str) -> dict | IngestError | None:
    try:
        article = get(article_id)
    except (IngestError, CatalogError) as exc:
        return exc if isinstance(exc, IngestError) else IngestError(article_id, str(exc))
    if article is None:
        return None
    mentions = default_extractor().mentions(article)
    return {
        "entities": dict(Counter(m.entity_id for m in mentions)),
        "names": {m.entity_id: [m.name, m.type] for m in mentions},
    }


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
