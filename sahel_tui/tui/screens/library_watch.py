"""Seeing what another process did to the library while the reader is open: a mixin for the main screen.

``sahel-tui import`` in another terminal, or ``sahel-tui fetch --due`` on a clock, writes the catalog this reader
has open. Every :data:`WATCH_SECONDS` a worker reads the catalog's generation (one indexed row, in a thread: the
catalog may be busy). When it is not the generation of the headlines on screen, and this reader is not fetching
or indexing itself, the list takes in the headlines as they are now and the index and entity figures take in
what changed — only the articles the catalog's journal names, so this costs what was added, not the library.

The notes are watched the same way: another reader on the same home (or ``sahel-tui annotate``, ``notes delete``,
``import-notes``) adds, edits or deletes notes, bookmarks and read marks. When the notes store says another
connection committed (SQLite's ``data_version``, read in a thread), the open article's notes, the listed rows'
marks and an open notes view are read again. A notes file that another program replaced under the reader (see
:mod:`sahel_tui.notes.replaced`) is taken in here too: what the reader held is merged into the new file, and the
user is told where the copy of it is kept.
"""

from __future__ import annotations

from textual import work
from textual.message import Message

from sahel_tui.corpus.catalog import CatalogError
from sahel_tui.notes.importing import take_in_replaced
from sahel_tui.notes.store import StoreError
from sahel_tui.services import LibraryView
from sahel_tui.textclean import counted, display_line


class LibraryLoaded(Message):
    """The library's headlines, read at start (the first page, then all) or read again (a newer parser)."""

    def __init__(self, view: LibraryView, problems: list) -> None:
        super().__init__()
        self.view, self.problems = view, problems


WATCH_SECONDS = 2.0
QUIET_SECONDS = 3.0
"""How long the library must stay unchanged before the reader says how many articles came or went."""


class LibraryChanged(Message):
    """The library's headlines as another process left them."""

    def __init__(self, view: LibraryView) -> None:
        super().__init__()
        self.view = view


class NotesChangedElsewhere(Message):
    """Another connection committed to the notes store (``told``: what the user should hear of it: the file
    replaced under the reader and merged, or why the notes cannot be used)."""

    def __init__(self, told: list[str], read_again: bool = True) -> None:
        super().__init__()
        self.told, self.read_again = told, read_again


class LibraryWatchMixin:
    """Needs the main screen's ``library``, ``store``, ``articles``, ``open``, ``searcher``, ``fetching``,
    ``prepare_search``, ``show_again_in_place``, ``_search``, ``_show_all``, ``_reload_notes``, ``_refresh_rows``,
    ``query_text``, ``bookmarked_only``, ``unread_only``."""

    _changed_elsewhere = 0
    _notes_trouble: str | None = None
    _quiet_timer = None

    def watch_library(self) -> None:
        self.set_interval(WATCH_SECONDS, self._look_at_library, name="library watch")

    def _look_at_library(self) -> None:
        if self.store is not None:
            self.read_notes_version()
        if self.fetching or self.searcher is None or self._indexing():
            return  # this reader's own writes are taken in by the work that made them
        self.read_library_generation(self.articles.generation)

    @work(thread=True, exclusive=True, group="notes watch", exit_on_error=False)
    def read_notes_version(self) -> None:
        try:
            changed = self.store.changed_elsewhere()
            told = take_in_replaced(self.store) if self.store.replaced_copies else []
        except StoreError as exc:
            self.post_message(NotesChangedElsewhere([str(exc)], read_again=False))  # told once, not every look
            return
        if changed or told:
            self.post_message(NotesChangedElsewhere(told))

    def on_notes_changed_elsewhere(self, message: NotesChangedElsewhere) -> None:
        for line in message.told:
            if line != self._notes_trouble:
                self.notify(line, title="Notes", severity="warning", timeout=30, markup=False)
            self._notes_trouble = line
        if message.read_again:
            self._reload_notes()
            self._refresh_rows()
            from sahel_tui.tui.screens.notes import NotesScreen  # loaded with the notes view, if it is open

            if isinstance(self.app.screen, NotesScreen):
                self.app.screen.list_again()

    def _indexing(self) -> bool:
        return any(worker.group == "index" and not worker.is_finished for worker in self.workers)

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def read_library_generation(self, shown: str | None) -> None:
        generation = self.library.generation()
        if generation is None or generation == shown:
            return
        try:
            view = LibraryView.current(self.library)
        except CatalogError:
            return  # the catalog cannot be read now: what is listed stays, and the next look tries again
        self.post_message(LibraryChanged(view))

    def on_library_changed(self, message: LibraryChanged) -> None:
        if message.view.generation == self.articles.generation or self.fetching or self._indexing():
            return  # taken in meanwhile, or this reader's own work now runs: it takes the change in itself
        before, shown, self.articles = len(self.articles), self.articles.generation, message.view
        self._relist()
        if self.open is not None and self.open.article.id not in self.articles:
            title = display_line(self.open.article.title)
            self.notify(f"“{title}”, open here, was removed from the library by another sahel-tui: it stays on "
                        "screen until you leave it, and a note written on it is kept with its quote.",
                        title="Library", severity="warning", timeout=15, markup=False)  # fmt: skip
        elif self.open is not None and self.articles.article(self.open.article.id) not in (self.open.article, None):
            self.show_again_in_place()  # changed under the reader (its file imported again, a fetch on a clock)
        if another_catalog(shown, message.view.generation):
            self.notify(
                f"The library file was replaced by another program (a sync tool, a copy put back): "
                f"{counted(len(message.view), 'article')} listed now, {before:,} before.",
                title="Library", timeout=10, markup=False,
            )  # fmt: skip
        elif change := len(message.view) - before:  # said once the changes stop coming (an import is many batches)
            self._changed_elsewhere += change
            if self._quiet_timer is not None:
                self._quiet_timer.stop()
            self._quiet_timer = self.set_timer(QUIET_SECONDS, self._tell_changes)
        self.prepare_search()  # the index and the entity figures take in just what changed

    def _tell_changes(self) -> None:
        if self._indexing():  # taking in the first batches of an import: nobody looks for the next ones meanwhile
            self._quiet_timer = self.set_timer(QUIET_SECONDS, self._tell_changes)
            return
        change, self._changed_elsewhere, self._quiet_timer = self._changed_elsewhere, 0, None
        if change:
            if change > 0:
                what = f"{counted(change, 'article')} added by another sahel-tui (an import or a fetch)."
            else:
                what = f"{counted(-change, 'article')} removed by another sahel-tui (remove or prune)."
            self.notify(what, title="Library", timeout=6, markup=False)


def another_catalog(before: str | None, now: str | None) -> bool:
    """Whether two generations (see :meth:`sahel_tui.corpus.catalog.Catalog.generation`) are of two catalogs: the
    file was replaced, not changed."""
    return bool(before and now) and before.partition(":")[0] != now.partition(":")[0]
