"""Corpus-wide entity figures: how many articles mention each entity, and which entities appear together.

Extraction results per article are kept in the cache dir (a small SQLite file: one row per article and entity,
keyed by the article's fingerprint in the catalog; emptied when the gazetteer changes), so only articles whose
originals changed are extracted again, and only their rows are written.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

from sahel_tui.corpus.catalog import Catalog, CatalogError, unreadable_text
from sahel_tui.corpus.library import Library
from sahel_tui.corpus.reader import IngestError
from sahel_tui.entities.gazetteer import GAZETTEER_FILE
from sahel_tui.model import Article
from sahel_tui.sqlbatch import rows_in
from sahel_tui.stopping import Stopped

STATS_VERSION = 5
STATS_FILE = "entities.sqlite3"
PARALLEL_FROM = 200
"""Extracting this many articles or more is shared among worker processes, one per core."""
PARALLEL_CHUNK = 64
WRITE_BATCH = 512
CHANGES_TAKEN = 50_000
"""Changed articles taken from the library's journal; past that, every fingerprint is compared (as fast by then)."""
MENTIONING_KEPT = 64
"""Entities whose articles are kept once asked (a query names a few; a sync makes new figures anyway)."""


class EntityStats:
    """Which articles mention which entities. ``articles_mentioning`` asks the figures file (one indexed lookup,
    nothing loaded at start-up); the whole table is read only for corpus-wide totals."""

    def __init__(self, db: sqlite3.Connection | None = None) -> None:
        self._db = db if db is not None else _connect(None)
        self._lock = threading.Lock()
        self._per_article: dict[str, dict[str, int]] | None = None
        self._names: dict[str, tuple[str, str]] | None = None
        self._mentioning: dict[str, frozenset[str]] = {}

    def articles_mentioning(self, entity_id: str) -> frozenset[str]:
        """Kept once asked (these figures do not change; a sync makes new ones): typing ``wagner`` asks at every
        keystroke, and at 100k articles the answer is tens of thousands of ids."""
        with self._lock:
            found = self._mentioning.get(entity_id)
            if found is None:
                rows = self._db.execute("SELECT article_id FROM mentions WHERE entity_id = ?", (entity_id,))
                found = frozenset(row[0] for row in rows)
                if len(self._mentioning) >= MENTIONING_KEPT:
                    self._mentioning.clear()
                self._mentioning[entity_id] = found
            return found

    @property
    def per_article(self) -> dict[str, dict[str, int]]:
        """article id -> entity id -> mentions."""
        if self._per_article is None:
            table: dict[str, dict[str, int]] = {}
            with self._lock:
                for entity_id, article_id, count in self._db.execute("SELECT * FROM mentions ORDER BY article_id"):
                    table.setdefault(article_id, {})[entity_id] = count
            self._per_article = table
        return self._per_article

    @property
    def names(self) -> dict[str, tuple[str, str]]:
        """entity id -> (name, type), unlisted people included."""
        if self._names is None:
            with self._lock:
                self._names = {eid: (name, kind) for eid, name, kind in self._db.execute("SELECT * FROM names")}
        return self._names

    def totals(self, among: Collection[str] | None = None) -> list[dict]:
        """Per entity: articles mentioning it and mentions in all, most widespread first; ``among``: only in these
        articles (a query's, a date span's). Summed by SQLite: the whole table is never held (a million rows at
        100,000 articles), whatever ``E`` or ``entities`` is asked about."""
        counted: dict[str, list[int]] = {}
        with self._lock:
            if among is None:
                for entity_id, articles, mentions in self._db.execute(_TOTALS.format(where="")):
                    counted[entity_id] = [articles, mentions]
            else:
                sql = _TOTALS.format(where="WHERE article_id IN ({marks})")
                for entity_id, articles, mentions in rows_in(self._db, sql, list(among)):
                    entry = counted.setdefault(entity_id, [0, 0])
                    entry[0] += articles
                    entry[1] += mentions
        ranked = sorted(counted.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))
        return [
            {"id": eid, "name": self.names[eid][0], "type": self.names[eid][1], "articles": n, "mentions": m}
            for eid, (n, m) in ranked
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


class _FiguresUnwritable(Exception):
    """The figures file takes no more rows (a full disk, a read-only one): not a wait, so not tried again."""


def synced_stats(
    library: Library,
    progress: Callable[[int, int], None] | None = None,
    errors: list[IngestError | str] | None = None,
    stop: threading.Event | None = None,
) -> EntityStats:
    """Entity figures for the library as it is now, extracting only articles whose originals changed (many at
    once are shared among the machine's cores) and writing only their rows. When the figures file cannot take
    them, they are made in memory for this run and ``errors`` says why: never figures silently missing.

    ``stop`` set ends the work early with :class:`~sahel_tui.stopping.Stopped`; the rows written by then are
    kept (each article's whole, with its fingerprint), and the next sync extracts only the rest."""
    path = library.locations.index_dir / STATS_FILE
    db = _open_figures(path)
    try:
        return _synced_into(db, library, progress, errors, stop)
    except _FiguresUnwritable as exc:
        db.close()
        if errors is not None:
            errors.append(f"{path}: the entity figures cannot be kept there ({exc}); made in memory for this run")
        return _synced_into(_connect(None), library, progress, errors, stop)
    except Stopped:
        db.close()
        raise


def _synced_into(
    db: sqlite3.Connection, library: Library, progress: Callable | None, errors: list | None,
    stop: threading.Event | None = None,
) -> EntityStats:  # fmt: skip
    generation = library.generation()  # read before the fingerprints: a change made meanwhile is seen next time
    synced = _synced_generation(db)
    if generation is not None and synced == generation:
        return EntityStats(db)  # nothing changed in the library since these figures were made
    changes = library.changes_since(synced, CHANGES_TAKEN)
    if changes is not None:  # only what changed since, read with the generation it leads to
        generation, changed = changes
        known = _fingerprints_of(db, list(changed))
        stamps = {aid: stamp for aid, stamp in changed.items() if stamp is not None}
    else:
        try:
            stamps = library.fingerprints()
        except CatalogError:
            return EntityStats(db)  # the library said why when it was loaded
        known = dict(db.execute("SELECT article_id, fingerprint FROM articles"))
    stale = [aid for aid, stamp in stamps.items() if known.get(aid) != stamp]
    gone = [aid for aid in known if aid not in stamps]
    complete = _write(db, [(aid, None) for aid in gone], stamps)
    batch: list[tuple[str, dict | None]] = []
    extracted = _extracted(library, stale, progress, len(stamps) - len(stale), len(stamps))
    try:
        for article_id, entry in extracted:
            if isinstance(entry, IngestError):
                if errors is not None:
                    errors.append(entry)
                entry, complete = None, False  # tried again next time
            batch.append((article_id, entry))
            if len(batch) >= WRITE_BATCH:
                complete &= _write(db, batch, stamps)
            if stop is not None and stop.is_set():
                _write(db, batch, stamps)
                raise Stopped
    finally:
        extracted.close()  # the worker processes, when there are, end here
    complete &= _write(db, batch, stamps)
    if complete and generation is not None:
        with contextlib.suppress(sqlite3.Error):
            db.execute("INSERT OR REPLACE INTO meta VALUES ('catalog_generation', ?)", (generation,))
    if progress:
        progress(len(stamps), len(stamps))
    return EntityStats(db)


def _fingerprints_of(db: sqlite3.Connection, article_ids: list[str]) -> dict[str, str]:
    return dict(rows_in(db, "SELECT article_id, fingerprint FROM articles WHERE article_id IN ({marks})", article_ids))


def _synced_generation(db: sqlite3.Connection) -> str | None:
    found = db.execute("SELECT value FROM meta WHERE key = 'catalog_generation'").fetchone()
    return found[0] if found else None


def _write(db: sqlite3.Connection, batch: list[tuple[str, dict | None]], stamps: dict[str, str]) -> bool:
    """Replace the rows of these articles (None: the article is gone or unreadable; only its rows go); says
    whether they were written.

    A figures file that stays busy or cannot be written is left as it was: those articles are extracted again
    at the next sync.
    """
    if not batch:
        return True
    written = True
    try:
        db.execute("BEGIN IMMEDIATE")
        for article_id, entry in batch:
            db.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
            db.execute("DELETE FROM articles WHERE article_id = ?", (article_id,))
            if entry is None:
                continue
            db.execute("INSERT INTO articles VALUES (?, ?)", (article_id, stamps[article_id]))
            db.executemany("INSERT INTO mentions VALUES (?, ?, ?)",
                           [(eid, article_id, count) for eid, count in entry["entities"].items()])  # fmt: skip
            db.executemany("INSERT OR REPLACE INTO names VALUES (?, ?, ?)",
                           [(eid, name, kind) for eid, (name, kind) in entry["names"].items()])  # fmt: skip
        db.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        written = False
        if db.in_transaction:
            db.execute("ROLLBACK")
        if not any(word in str(exc) for word in ("locked", "busy")):
            raise _FiguresUnwritable(str(exc)) from None
    batch.clear()
    return written


def _extracted(
    library: Library, article_ids: list[str], progress: Callable | None, done: int, total: int
) -> Iterator[tuple[str, dict | IngestError | None]]:
    """(article id, its figures) for each id, in worker processes when there are many."""
    if not _in_processes(library, article_ids):
        for start in range(0, len(article_ids), PARALLEL_CHUNK):
            chunk = article_ids[start : start + PARALLEL_CHUNK]
            yield from zip(chunk, _figures_of(library.get_many, chunk), strict=True)
            if progress:
                progress(done + start + len(chunk), total)
        return
    chunks = [article_ids[i : i + PARALLEL_CHUNK] for i in range(0, len(article_ids), PARALLEL_CHUNK)]
    jobs = [(library.locations.catalog_db, chunk) for chunk in chunks]
    from sahel_tui.parallel import map_in_processes

    for chunk, results in zip(chunks, map_in_processes(_figures_of_chunk, jobs), strict=True):
        yield from zip(chunk, results, strict=True)
        done += len(chunk)
        if progress:
            progress(done, total)


def _in_processes(library: Library, article_ids: list[str]) -> bool:
    """Many articles, a catalog the workers can read, several cores (the worker pool is imported only then)."""
    if len(article_ids) < PARALLEL_FROM or not library.locations.catalog_db.is_file():
        return False
    from sahel_tui.parallel import cores

    return cores() >= 2


def _figures_of_chunk(job: tuple) -> list[dict | IngestError | None]:
    """In a worker process: the figures of a few articles, read from the catalog by their ids."""
    catalog_path, article_ids = job
    catalog = Catalog.open(catalog_path)
    try:
        return _figures_of(catalog.get_many, article_ids)
    finally:
        catalog.close()


def _figures_of(
    get_many: Callable[[list[str]], dict[str, Article | None]], article_ids: list[str]
) -> list[dict | IngestError | None]:
    """The figures of each of ``article_ids``, their articles read with one question: None for an article no
    longer there, the reason for one that cannot be read."""
    try:
        found = get_many(article_ids)
    except (IngestError, CatalogError) as exc:
        return [exc if isinstance(exc, IngestError) else IngestError(aid, str(exc)) for aid in article_ids]
    figures: list[dict | IngestError | None] = []
    for article_id in article_ids:
        if article_id not in found:
            figures.append(None)
        elif (article := found[article_id]) is None:
            figures.append(IngestError(article_id, unreadable_text(article_id)))
        else:
            figures.append(_figures(article))
    return figures


def _figures(article: Article) -> dict:
    from sahel_tui.entities.extract import default_extractor  # a search with up-to-date figures never needs it

    mentions = default_extractor().mentions(article)
    return {
        "entities": dict(Counter(m.entity_id for m in mentions)),
        "names": {m.entity_id: [m.name, m.type] for m in mentions},
    }


_TOTALS = "SELECT entity_id, count(*), sum(count) FROM mentions {where} GROUP BY entity_id"
"""Articles and mentions per entity (``{where}``: all, or ``WHERE article_id IN …`` asked in batches)."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (article_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS mentions (
    entity_id TEXT NOT NULL, article_id TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (entity_id, article_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mentions_by_article ON mentions (article_id);
CREATE TABLE IF NOT EXISTS names (entity_id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL) WITHOUT ROWID;
"""


def _open_figures(path: Path) -> sqlite3.Connection:
    """The figures file, emptied if it is of another version or gazetteer; anything unusable where it lives (not a
    database, a pipe, a read-only folder) is replaced by figures kept in memory for this run: it is only a cache."""
    stamp = f"{STATS_VERSION}:{gazetteer_hash()}"
    try:
        if path.exists() and not path.is_file():
            raise OSError("not a regular file")
        path.parent.mkdir(parents=True, exist_ok=True)
        db = _connect(path)
        try:
            found = db.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
            if found is None or found[0] != stamp:
                with db:
                    for table in ("articles", "mentions", "names"):
                        db.execute(f"DELETE FROM {table}")
                    db.execute("DELETE FROM meta WHERE key = 'catalog_generation'")
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('stamp', ?)", (stamp,))
            return db
        except sqlite3.Error:
            db.close()
            raise
    except sqlite3.DatabaseError:
        with contextlib.suppress(OSError):
            for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                stale.unlink(missing_ok=True)
        with contextlib.suppress(sqlite3.Error, OSError):
            return _connect(path)
    except (OSError, sqlite3.Error):
        pass
    return _connect(None)


def _connect(path: Path | None) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:" if path is None else path, check_same_thread=False, isolation_level=None)
    if path is not None:
        db.execute("PRAGMA busy_timeout=5000")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(_SCHEMA)
    return db
