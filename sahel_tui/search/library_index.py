"""Keeping the search index in step with the library: only articles whose files changed are re-read."""

from __future__ import annotations

from collections.abc import Callable

from sahel_tui.corpus.library import Library, fingerprint
from sahel_tui.corpus.reader import IngestError
from sahel_tui.model import Article
from sahel_tui.search.index import SearchIndex, SyncReport

INDEX_FILE = "search.sqlite3"


def open_synced_index(
    library: Library,
    progress: Callable[[int, int], None] | None = None,
    errors: list[IngestError] | None = None,
) -> tuple[SearchIndex, SyncReport]:
    """The user's index, opened from the cache dir and brought up to date with the library's files."""
    index = SearchIndex.open(library.locations.index_dir / INDEX_FILE)
    files = library.catalog()
    catalog: dict[str, str] = {}
    for article_id, path in files.items():
        try:
            catalog[article_id] = fingerprint(path)
        except OSError as exc:
            if errors is not None:
                errors.append(IngestError(path, f"cannot read it ({exc.strerror or exc})"))

    def load(article_id: str) -> Article | None:
        try:
            return library.load_path(article_id, files[article_id])
        except IngestError as exc:
            if errors is not None:
                errors.append(exc)
            return None

    report = index.sync(catalog, load, progress)
    return index, report
