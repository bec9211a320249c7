"""The articles this user has: the bundled corpus plus what they imported, under stable ids, in the catalog.

Bundled articles are identified by their file stem and kept in step with the package at each open (three small
files). An imported file is read once, parsed once and stored with its original bytes; its id is the slug of its
file name (``-2``, ``-3`` … on a clash), so the id survives restarts and re-imports. Importing the same content
again changes nothing; importing a changed version of the same original replaces it under the same id (so notes
can re-anchor to it).

A library kept by an earlier version (copies in ``articles/`` plus ``sources.json``) is taken into the catalog the
first time, under the same ids; those files are only ever read.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool as BrokenExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from sahel_tui.corpus.catalog import Catalog, CatalogError, Headline, Incoming
from sahel_tui.corpus.catalog_rows import StaleOriginal
from sahel_tui.corpus.excerpts import excerpt_only
from sahel_tui.corpus.formats import ARTICLE_SUFFIXES, PARSER_VERSION
from sahel_tui.corpus.import_walk import Found, Refused, expand, origin_text, read_ahead
from sahel_tui.corpus.legacy import legacy_originals
from sahel_tui.corpus.reader import IngestError, read_article_bytes
from sahel_tui.corpus.slugs import slugify
from sahel_tui.model import Article
from sahel_tui.paths import Locations, bundled_corpus_dir

if TYPE_CHECKING:
    from sahel_tui.parallel import ProcessMap

__all__ = ["PARSER_VERSION", "ImportOutcome", "Library", "LoadResult", "load_article", "slugify"]

IMPORT_BATCH = 500
"""Files parsed, then stored in one transaction: one fsync per batch instead of one per file."""
MIGRATED_KEY = "migrated_from_files"
PARALLEL_FROM = 400
"""Imports of this many files or more are read and parsed in worker processes, one per core. Starting them costs
about 0.2 s and 0.4 s of CPU (measured, 2 cores): below ~400 files one process is as fast, and cheaper."""
PARALLEL_CHUNK = 32


@dataclass
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    errors: list[IngestError | str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one file given to ``import``: ``imported``, ``updated``, ``unchanged`` or ``rejected``."""

    path: Path
    status: str
    article_id: str | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.status != "rejected"

    def describe(self) -> str:
        if self.status == "rejected":
            return f"{self.path}: {self.reason}"
        if self.status == "unchanged":
            return f"{self.path}: already in the library as {self.article_id}"
        return f"{self.path}: {self.status} as {self.article_id}"


class Library:
    """Loads, imports and removes articles. Knows nothing of terminals.

    The catalog is opened on first use; if it cannot be (damaged, not ours, newer), reading falls back to the
    bundled files and every import is refused with the reason, so nothing is written over it.
    """

    def __init__(self, locations: Locations, bundled_dir: Path | None = None) -> None:
        self.locations = locations
        self.bundled_dir = bundled_dir if bundled_dir is not None else bundled_corpus_dir()
        self._catalog: Catalog | None = None
        self._fallback: tuple[list[Article], list[IngestError]] | None = None
        self._problem: CatalogError | None = None
        self._stamps: tuple[int, dict[str, str]] | None = None
        self._opening = threading.RLock()
        self.notices: list[str] = []
        """What opening the catalog had to say (a migrated library, a bundled file that could not be read …)."""
        self.on_big_reparse: Callable[[int, int], None] | None = None
        """Told how many articles are about to be read from their originals, when they are many, and how many of
        them a fetch brought and were never read (the others: a newer parser reads them again; see
        :meth:`reparse_stale`)."""

    @property
    def catalog(self) -> Catalog:
        """The open catalog, made ready on first use; raises :class:`CatalogError`."""
        with self._opening:  # the app's threads (indexing, entity figures) may ask at the same moment
            if self._catalog is None:
                try:
                    catalog = Catalog.open(self.locations.catalog_db)
                except CatalogError as exc:
                    self._problem = exc
                    raise
                self.notices.extend(catalog.warnings)
                self.notices.extend(self._sync_bundled(catalog))
                if catalog.meta(MIGRATED_KEY) is None:
                    self.notices.extend(self._migrate(catalog))
                self._catalog = catalog
            return self._catalog

    def close(self) -> None:
        if self._catalog is not None:
            self._catalog.close()
            self._catalog = None

    # -- reading ---------------------------------------------------------------------------------------------

    def load(self) -> LoadResult:
        """Every article, oldest first (rows, no parsing); what could not be read is reported, the rest load."""
        try:
            catalog = self.catalog
        except CatalogError:
            return LoadResult(list(self._bundled_fallback()[0]), self.load_problems())
        self.reparse_stale()
        articles = list(catalog.articles())
        return LoadResult(articles, self.load_problems())

    def load_problems(self) -> list[IngestError | str]:
        """What reading the library found to report since the last call, one line each."""
        problems: list[IngestError | str] = [*self.notices]
        self.notices.clear()
        if self._catalog is not None:
            problems.extend(self._catalog.warnings)
            self._catalog.warnings.clear()
        elif self._problem is not None:
            problems.append(f"{self._problem}; showing the bundled articles only")
            problems.extend(self._bundled_fallback()[1])
        return problems

    def newest(self, limit: int | None = None) -> Iterator[Article]:
        """Articles newest first (the ``limit`` newest), read from the catalog; nothing is parsed."""
        try:
            catalog = self.catalog
        except CatalogError:
            yield from self._bundled_fallback()[0][:limit]
            return
        self.reparse_stale()
        yield from catalog.articles(newest_first=True, limit=limit)

    def headlines(self, limit: int = -1, offset: int = 0) -> list[Headline]:
        """Newest first, without any article's text: what a list shows."""
        try:
            return self.catalog.headlines(limit, offset)
        except CatalogError:
            if self._catalog is not None:
                raise
            bundled = self._bundled_fallback()[0]
            chosen = bundled[offset:] if limit < 0 else bundled[offset : offset + limit]
            return [Headline(a.id, a.title, a.byline, a.date, a.source, bundled=True) for a in chosen]

    def headlines_of(self, article_ids: Sequence[str]) -> list[Headline]:
        """These articles' headlines (those in the library), newest first."""
        return self.catalog.headlines_of(article_ids)

    def count(self) -> int:
        """How many articles the library has (one count over the headlines index)."""
        try:
            return self.catalog.count()
        except CatalogError:
            if self._catalog is not None:
                raise
            return len(self._bundled_fallback()[0])

    def get(self, article_id: str) -> Article | None:
        """One article, to read: a feed's article says whether it is only the feed's excerpt; one a fetch stored
        unread is read now — not stored: the reader asks from its screen's thread, which must not wait for a write
        (nor for the background reading's, which stores it soon; the same parser reads it the same way)."""
        try:
            article = self.catalog.get(article_id)
            if article is not None and article.feed is not None:
                unread = self.catalog.unread([article_id])
                original = unread[0].data if unread else self.catalog.original(article_id)
                if unread and isinstance(read := _parsed_chunk(unread)[0], Article):
                    article = replace(read, feed=article.feed)
                if original is not None and excerpt_only(original, article):
                    article = replace(article, excerpt=True)
            return article
        except CatalogError as exc:
            if self._catalog is None:  # unusable as a whole: the bundled articles are still there to read
                return next((a for a in self._bundled_fallback()[0] if a.id == article_id), None)
            raise IngestError(self.locations.catalog_db, str(exc).partition(": ")[2]) from None

    def get_many(self, article_ids: Sequence[str]) -> dict[str, Article | None]:
        """The articles of these ids that the library holds (the ones it does not are left out; ``None`` for one
        whose stored text cannot be read)."""
        try:
            self._read_now(article_ids)
            return self.catalog.get_many(article_ids)
        except CatalogError as exc:
            if self._catalog is None:
                wanted = set(article_ids)
                return {a.id: a for a in self._bundled_fallback()[0] if a.id in wanted}
            raise IngestError(self.locations.catalog_db, str(exc).partition(": ")[2]) from None

    def fingerprints(self) -> dict[str, str]:
        """Article id -> stamp of its original and parser: what derived data (index, entity figures) keys on."""
        try:
            if self._stamps is None or self._stamps[0] != self.catalog.changes():
                changes = self.catalog.changes()
                self._stamps = (changes, self.catalog.fingerprints())
            return dict(self._stamps[1])
        except CatalogError:
            if self._catalog is not None:
                raise
            return {a.id: f"bundled:{PARSER_VERSION}" for a in self._bundled_fallback()[0]}

    def generation(self) -> str | None:
        """The catalog's generation (see :meth:`Catalog.generation`), or None when it cannot be had: derived data
        recorded at the same generation is up to date without comparing fingerprints."""
        try:
            return self.catalog.generation()
        except CatalogError:
            return None

    def changes_since(self, generation: str | None, limit: int) -> tuple[str, dict[str, str | None]] | None:
        """(the generation now, id -> fingerprint of each article changed since ``generation``, None if removed),
        or None when only a comparison of every fingerprint can tell (see :meth:`Catalog.changes_since`)."""
        if generation is None:
            return None
        try:
            return self.catalog.changes_since(generation, limit)
        except CatalogError:
            return None

    def reparse_stale(self, progress: Callable[[int, int], None] | None = None, stop: threading.Event | None = None,
                      unread_only: bool = False) -> int:  # fmt: skip
        """Parse again, from the stored originals, articles read by an older parser, and read the entries a fetch
        stored unread (only those: ``unread_only``); returns how many. ``stop`` ends it between batches (each
        stored whole): the rest are parsed next time. Thousands of articles (a new parser, a big first fetch) are
        parsed in worker processes, one per core; before that begins, :attr:`on_big_reparse` is told how many
        there are (a command says it will take a while)."""
        catalog = self.catalog
        total = catalog.stale_count(unread_only)
        if not total:
            return 0
        pool = None
        if total >= PARALLEL_FROM:
            from sahel_tui.parallel import process_pool

            if self.on_big_reparse is not None:
                self.on_big_reparse(total, total if unread_only else catalog.stale_count(unread_only=True))
            pool = process_pool()
        done = 0
        stopped = (lambda: False) if stop is None else stop.is_set
        try:
            batch = [] if stopped() else catalog.stale(unread_only=unread_only)
            parsing = _parse_again(batch, pool)
            while batch:  # the next batch is read, and this one stored, while the workers parse
                following = [] if stopped() else catalog.stale(besides=[original.id for original in batch],
                                                               unread_only=unread_only)  # fmt: skip
                results = parsing()
                parsing = _parse_again(following, pool)
                self._store_parsed_again(catalog, batch, results)
                done += len(batch)
                if progress:
                    progress(done, max(total, done))
                batch = following
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
        return done

    def _read_now(self, article_ids: Sequence[str]) -> None:
        """The entries among these that a fetch stored unread, read here and now and stored (a millisecond each;
        many are read in worker processes by :meth:`reparse_stale` before anything asks for them in numbers)."""
        if unread := self.catalog.unread(article_ids):
            self._store_parsed_again(self.catalog, unread, _parsed_chunk(unread))

    def _store_parsed_again(self, catalog: Catalog, batch: list[StaleOriginal],
                            results: list[Article | IngestError]) -> None:  # fmt: skip
        parsed = []
        for original, result in zip(batch, results, strict=True):
            if isinstance(result, IngestError):
                self.notices.append(f"{result}; the earlier reading of it is kept")
                catalog.mark_unparseable(original.id)
            else:
                parsed.append(result)
        catalog.replace_parsed(parsed, batch)

    # -- changing --------------------------------------------------------------------------------------------

    def import_paths(
        self, paths: Iterable[Path], on_outcome: Callable[[ImportOutcome], None] | None = None
    ) -> list[ImportOutcome]:
        """Import files and folders (searched recursively); one outcome per file, rejected ones included, in the order
        the files were found. ``on_outcome`` is told each outcome in that order as soon as it is final (a file is
        stored in a batch of :data:`IMPORT_BATCH`): an import stopped midway has told exactly what it stored.

        A big import's workers start before the catalog is opened: in a new home, opening it parses the bundled
        articles and makes the language model's copy (most of a second), which the workers, started meanwhile,
        wait for and map."""
        paths = list(paths)
        found = list(expand(paths))
        files = [item for item in found if isinstance(item, Found)]
        if len(files) >= PARALLEL_FROM:
            read_ahead(item.path for item in files if item.origin)  # walked regular files only: never a device
        read = _read_all(files)
        try:
            try:
                catalog = self.catalog
            except CatalogError as exc:
                outcomes = [ImportOutcome(Path(p), "rejected", reason=f"library is unusable: {exc}") for p in paths]
                for outcome in outcomes if on_outcome else ():
                    on_outcome(outcome)
                return outcomes
            return self._take_in(catalog, found, iter(read), on_outcome)
        finally:
            read.close()

    def _take_in(self, catalog: Catalog, found: list[Found | Refused], read: Iterator,
                 on_outcome: Callable[[ImportOutcome], None] | None = None) -> list[ImportOutcome]:  # fmt: skip
        outcomes: list[ImportOutcome] = []
        pending: list[tuple[int, Incoming]] = []
        told = 0

        def tell() -> None:
            """The outcomes decided since the last call, up to the first one still waiting for its batch."""
            nonlocal told
            final = pending[0][0] if pending else len(outcomes)
            for outcome in outcomes[told:final] if on_outcome else ():
                on_outcome(outcome)
            told = max(told, final)

        for item in found:
            if isinstance(item, Refused):
                outcomes.append(ImportOutcome(item.path, "rejected", reason=item.reason))
                tell()
                continue
            path = item.path
            incoming = next(read)
            if isinstance(incoming, ImportOutcome):
                outcomes.append(incoming)
                tell()
                continue
            pending.append((len(outcomes), incoming))
            outcomes.append(ImportOutcome(path, "pending"))
            if len(pending) >= IMPORT_BATCH:
                self._store(catalog, pending, outcomes)
                tell()
        self._store(catalog, pending, outcomes)
        tell()
        return outcomes

    def remove(self, article_id: str) -> str:
        """Remove an imported article; bundled articles cannot be removed (raises ``ValueError``).

        Returns where its original came from.
        """
        catalog = self.catalog
        found = catalog.origin_of(article_id)
        if found is None:
            raise KeyError(article_id)
        if found[0] == "bundled":
            raise ValueError(f"{article_id} is a bundled article and cannot be removed")
        catalog.remove(article_id)
        return found[1]

    # -- internals -------------------------------------------------------------------------------------------

    def _store(self, catalog: Catalog, pending: list[tuple[int, Incoming]], outcomes: list[ImportOutcome]) -> None:
        """Store the parsed files of ``pending`` in one transaction and fill in their outcomes."""
        if not pending:
            return
        try:
            results = [(r.status, r.article_id, None) for r in catalog.add([incoming for _, incoming in pending])]
        except CatalogError as exc:
            results = [("rejected", None, f"not imported: {exc}")] * len(pending)
        for (position, _), (status, article_id, reason) in zip(pending, results, strict=True):
            outcomes[position] = ImportOutcome(outcomes[position].path, status, article_id, reason)
        pending.clear()

    def _sync_bundled(self, catalog: Catalog) -> list[str]:
        """Bring the bundled rows in step with the package's files (added, changed, gone)."""
        stored = catalog.ids_of_kind("bundled")
        notices: list[str] = []
        batch: list[Incoming] = []
        present: set[str] = set()
        for path in _article_files(self.bundled_dir):
            present.add(path.stem)
            try:
                data = read_article_bytes(path)
                if stored.get(path.stem) == hashlib.sha256(data).hexdigest():
                    continue
                article = load_article(path, path.stem, bundled=True, data=data)
            except IngestError as exc:
                notices.append(str(exc))
                continue
            batch.append(Incoming(article, data, path.suffix.lower(), path.name, "bundled", path.stem, exact_id=True))
        for result in catalog.add(batch):
            if result.status == "taken":
                notices.append(f"bundled article {result.article_id!r}: an imported article already has that id")
        for gone in set(stored) - present:
            catalog.remove(gone)
        return notices

    def _migrate(self, catalog: Catalog) -> list[str]:
        """Take a library kept as files by an earlier version into the catalog, under the same ids."""
        notices: list[str] = []
        batch: list[Incoming] = []
        for item in legacy_originals(self.locations.library_dir, notices):
            path, data, origin, added_at = item
            try:
                article = load_article(path, path.stem, data=data)
            except IngestError as exc:
                notices.append(f"{exc}; left where it is, not in the library")
                continue
            batch.append(Incoming(article, data, path.suffix.lower(), origin, "file", path.stem, True, added_at))
        for result in catalog.add(batch):
            if result.status == "taken":
                notices.append(f"{self.locations.library_dir / result.article_id}: its id is taken; left where it is")
        catalog.set_meta(MIGRATED_KEY, str(len(batch)))
        if batch:
            notices.append(f"{len(batch)} imported article(s) moved into the library catalog "
                           f"{self.locations.catalog_db}; {self.locations.library_dir} is no longer used")  # fmt: skip
        return notices

    def _bundled_fallback(self) -> tuple[list[Article], list[IngestError]]:
        """The bundled articles read from the package's files, for when the catalog cannot be used."""
        if self._fallback is None:
            articles, errors = [], []
            for path in _article_files(self.bundled_dir):
                try:
                    articles.append(load_article(path, path.stem, bundled=True))
                except IngestError as exc:
                    errors.append(exc)
            self._fallback = (articles, errors)
        return self._fallback


def load_article(path: Path, article_id: str, **options) -> Article:
    """Parse one article file (see :func:`sahel_tui.corpus.parsing.load_article`). The parsing rules are imported
    on first use: listing, showing and searching read the catalog and never need them."""
    from sahel_tui.corpus.parsing import load_article as parse

    return parse(path, article_id, **options)


def _parse_again(batch: list[StaleOriginal], pool: Executor | None) -> Callable[[], list[Article | IngestError]]:
    """Each stored original of ``batch`` parsed again — started now in ``pool``'s processes when there is one;
    the function returned gives the results in order (what no process could take is parsed then, here)."""
    if pool is None or not batch:
        return lambda: _parsed_chunk(batch)
    chunks = [batch[start : start + PARALLEL_CHUNK] for start in range(0, len(batch), PARALLEL_CHUNK)]
    try:
        futures = [pool.submit(_parsed_chunk, chunk) for chunk in chunks]
    except (OSError, ValueError, BrokenExecutor):  # no process to be had
        return lambda: _parsed_chunk(batch)

    def results() -> list[Article | IngestError]:
        gathered: list[Article | IngestError] = []
        for chunk, future in zip(chunks, futures, strict=True):
            try:
                gathered += future.result()
            except (OSError, ValueError, BrokenExecutor):  # its process died (memory): parsed here instead
                gathered += _parsed_chunk(chunk)
        return gathered

    return results


def _parsed_chunk(originals: list[StaleOriginal]) -> list[Article | IngestError]:
    results: list[Article | IngestError] = []
    for original in originals:
        name = Path(f"{original.id}{original.suffix}")
        try:
            results.append(load_article(name, original.id, bundled=original.kind == "bundled", data=original.data))
        except IngestError as exc:
            results.append(exc)
    return results


def _read_all(files: list[Found]) -> ProcessMap[Incoming | ImportOutcome]:
    """Each file read and parsed, in order; a large import shares the work among the machine's cores."""
    from sahel_tui.parallel import cores, map_in_processes  # importing only: reading the library never needs it

    if len(files) < PARALLEL_FROM or cores() < 2:
        return map_in_processes(_incoming, files, here=True)
    return map_in_processes(_packed_incoming, files, chunksize=PARALLEL_CHUNK)


def _packed_incoming(found: Found) -> Incoming | ImportOutcome:
    incoming = _incoming(found)
    return incoming.packed_up() if isinstance(incoming, Incoming) else incoming


def _incoming(found: Found) -> Incoming | ImportOutcome:
    """Read and parse one file given to import: the bytes validated are the bytes stored."""
    path = found.path
    suffix = path.suffix.lower()
    try:
        data = read_article_bytes(path)
        if suffix not in ARTICLE_SUFFIXES:
            shown = suffix or "no extension"
            raise IngestError(path, f"unsupported file type ({shown}); sahel-tui reads .txt, .md and .html files")
        article = load_article(path, slugify(path.stem), data=data)
    except IngestError as exc:
        return ImportOutcome(path, "rejected", reason=exc.reason)
    except OSError as exc:
        return ImportOutcome(path, "rejected", reason=f"not imported ({exc.strerror or exc})")
    return Incoming(article, data, suffix, found.origin or origin_text(path))


def _article_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(
        path
        for path in directory.iterdir()
        if path.suffix.lower() in ARTICLE_SUFFIXES and not path.name.startswith(".")
    )
