"""Keeping the search index in step with the library: only articles whose originals changed are re-read.

The index is derived data: when its place in the cache folder cannot be used (a folder where the file should be,
a read-only cache, damage found while searching), it is built again, in a temporary folder if need be, and the
caller is told once; search never hangs on it and never silently answers nothing.
"""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from sahel_tui.corpus.catalog import CatalogError, unreadable_text
from sahel_tui.corpus.library import Library
from sahel_tui.corpus.reader import IngestError
from sahel_tui.model import Article
from sahel_tui.search.index import ArticleReader, IndexUnavailable, SearchIndex
from sahel_tui.search.index_write import SyncReport
from sahel_tui.stopping import Stopped

INDEX_FILE = "search.sqlite3"


class NoRoomForIndex(IndexUnavailable):
    """Neither the cache folder nor a temporary folder could hold an index (a full disk): nothing to search with."""


def open_index(path: Path, articles: ArticleReader, fresh: bool = False) -> tuple[SearchIndex, str | None]:
    """The index at ``path`` (``fresh``: discarded first), or one in a temporary folder with a notice saying why."""
    try:
        if fresh:
            SearchIndex.discard(path)
        return SearchIndex.open(path, articles), None
    except (IndexUnavailable, OSError) as exc:
        folder = _temporary_folder(exc)
        try:
            index = SearchIndex.open(folder / INDEX_FILE, articles)
        except (IndexUnavailable, OSError, sqlite3.Error) as also:
            shutil.rmtree(folder, ignore_errors=True)
            raise NoRoomForIndex(f"{exc}; nor in a temporary folder ({_bare(also)})") from None
        return index, f"{exc}; searching with an index built in {folder / INDEX_FILE} for this session"


def index_as_it_is(library: Library) -> SearchIndex | None:
    """The library's index as its last update left it, without bringing it up to date: searched while what is new
    is read first (a fetch's entries); None when there is none yet or it cannot be opened as it is."""
    path = library.locations.index_dir / INDEX_FILE
    if not path.is_file():
        return None
    try:
        return SearchIndex.open(path, library.get_many)
    except (IndexUnavailable, OSError, sqlite3.Error):
        return None


def open_synced_index(
    library: Library,
    progress: Callable[[int, int], None] | None = None,
    errors: list[IngestError | str] | None = None,
    fresh: bool = False,
    stop: threading.Event | None = None,
) -> tuple[SearchIndex, SyncReport]:
    """The user's index, opened from the cache dir and brought up to date with the library's files.

    ``fresh`` throws the old index away first (it was found damaged). Raises :class:`NoRoomForIndex` when no
    index can be kept anywhere, and :class:`~sahel_tui.stopping.Stopped` when ``stop`` is set before it is up to
    date: the index is then as it was (a rebuild is written beside it, a patch in one transaction at the end).
    """
    path = library.locations.index_dir / INDEX_FILE
    try:
        return _synced(library, path, fresh, progress, errors, stop)
    except NoRoomForIndex:
        raise
    except (sqlite3.Error, OSError, IndexUnavailable) as exc:
        reason = str(exc) if isinstance(exc, IndexUnavailable) else f"{path}: the search index cannot be kept ({exc})"
        folder = _temporary_folder(reason)
        try:
            synced = _synced(library, folder / INDEX_FILE, True, progress, errors, stop)
        except (sqlite3.Error, OSError, IndexUnavailable) as also:
            shutil.rmtree(folder, ignore_errors=True)
            raise NoRoomForIndex(f"{reason}; nor in a temporary folder ({_bare(also)})") from None
        if errors is not None:
            errors.append(f"{reason}; searching with an index built in {folder / INDEX_FILE} for this session")
        return synced


def _temporary_folder(why: object) -> Path:
    """A folder for this session's index, removed when the process ends: a whole index (800 MB at 100,000
    articles) left behind by every run would fill the disk of a user whose cache folder cannot be used."""
    try:
        folder = Path(tempfile.mkdtemp(prefix="sahel-tui-index-"))
    except OSError as exc:
        raise NoRoomForIndex(f"{why}; nor in a temporary folder ({exc.strerror or exc})") from None
    atexit.register(shutil.rmtree, folder, True)
    return folder


def _bare(problem: BaseException) -> str:
    """The reason alone: an IndexUnavailable names the temporary file, which is gone again."""
    text = str(problem)
    return text[text.rfind("(") + 1 : -1] if text.endswith(")") and "(" in text else text


def _synced(
    library: Library, path: Path, fresh: bool, progress: Callable | None, errors: list | None,
    stop: threading.Event | None = None,
) -> tuple[SearchIndex, SyncReport]:  # fmt: skip
    index, notice = open_index(path, library.get_many, fresh)
    if notice and errors is not None:
        errors.append(notice)
    generation = library.generation()  # read before the fingerprints: a change made meanwhile is seen next time
    synced = index.synced_generation()
    if generation is not None and synced == generation:
        return index, SyncReport()  # nothing changed in the library since this index was brought up to date
    changes = library.changes_since(synced, index.patch_limit())
    if changes is not None:
        generation, changed = changes  # only what changed since, read with the generation it leads to
        take_in = partial(index.sync_changes, changed)
    else:
        try:
            take_in = partial(index.sync, library.fingerprints())
        except CatalogError as exc:
            index.close()
            raise IndexUnavailable(f"the library cannot be read ({exc})") from None
    unreadable: list[str] = []

    def load(article_ids: Sequence[str]) -> dict[str, Article]:
        if stop is not None and stop.is_set():
            raise Stopped
        try:
            found = library.get_many(article_ids)
        except IngestError as exc:  # the catalog could not be read just now: these are tried again next time
            unreadable.extend(article_ids)
            if errors is not None:
                errors.append(exc)
            return {}
        for article_id in [article_id for article_id, article in found.items() if article is None]:
            unreadable.append(article_id)
            if errors is not None:
                errors.append(IngestError(library.locations.catalog_db, unreadable_text(article_id)))
        return {article_id: article for article_id, article in found.items() if article is not None}

    try:
        report = take_in(load, progress)
        if generation is not None and not unreadable:  # an unreadable article is tried again next time
            index.mark_synced(generation)
    except BaseException:
        index.close()
        raise
    return index, report
