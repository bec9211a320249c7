"""What every command of the CLI shares: inert one-line errors and messages, JSON printing, progress bars, the
notes store and an article opened with one-line errors, a date span read from ``--since`` / ``--before``."""

from __future__ import annotations

import json
import re
import threading

import click
from rich.console import Console

from sahel_tui.corpus.library import Library
from sahel_tui.paths import locations
from sahel_tui.textclean import display_line

_C1 = re.compile("[\x80-\x9f]")


class CliError(click.ClickException):
    """A one-line error whose text (file names, ids, reasons) is made inert before it reaches the terminal."""

    def format_message(self) -> str:
        return display_line(self.message)


def _say(text: object, err: bool = False) -> None:
    """Print one line of text that may hold user-controlled parts (file names, titles, notes), made inert."""
    click.echo(display_line(str(text)), err=err)


def _library() -> Library:
    library = Library(locations())
    library.on_big_reparse = _say_reading_again
    return library


def _say_reading_again(count: int, fetched: int) -> None:
    if fetched == count:
        _say(f"sahel-tui: reading the {count:,} articles the last fetch brought…", err=True)
        return
    _say(f"sahel-tui: this version reads articles more cleanly; reading the library's {count:,} articles again "
         "from their originals (once)…", err=True)  # fmt: skip


def _print_json(value: object) -> None:
    # JSON escapes C0 controls itself; C1 controls (8-bit escapes) would reach the terminal raw: escape them too
    text = json.dumps(value, ensure_ascii=False, indent=2)
    click.echo(_C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def _stream_json(values) -> None:
    """A JSON array printed one element at a time (the same text as ``_print_json`` of the whole list)."""
    first = True
    for value in values:
        click.echo("[" if first else ",")
        first = False
        text = json.dumps(value, ensure_ascii=False, indent=2)
        click.echo(_C1.sub(lambda m: f"\\u{ord(m.group()):04x}", "  " + text.replace("\n", "\n  ")), nl=False)
    click.echo("[]" if first else "\n]")


def _report_errors(errors: list) -> None:
    for error in errors:
        _say(f"sahel-tui: {error}", err=True)


class _progress:
    """Progress bars on stderr, one per kind of work (they may run at once), each shown only once its work is big
    enough to watch (not for three articles)."""

    def __init__(self, threshold: int = 200) -> None:
        self.threshold = threshold
        self.bar = None
        self.tasks: dict[str, object] = {}
        self.lock = threading.Lock()

    def __enter__(self) -> _progress:
        return self

    def of(self, label: str):
        """An update function ``(done, total)`` for the work called ``label``."""

        def update(done: int, total: int) -> None:
            with self.lock:
                if label not in self.tasks:
                    if total < self.threshold:
                        return
                    if self.bar is None:
                        from rich.progress import Progress

                        self.bar = Progress(console=Console(stderr=True), transient=True)
                        self.bar.start()
                    self.tasks[label] = self.bar.add_task(label, total=total)
                self.bar.update(self.tasks[label], completed=done, total=total)

        return update

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def _store():
    from sahel_tui.notes.store import NotesStore, StoreError

    try:
        store = NotesStore.open(locations().notes_db)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    _report_errors(store.warnings)
    return store


def _notes():
    """The notes store, or None before anything was kept (nothing to open, and no empty file made)."""
    return _store() if locations().notes_db.exists() else None


def _article(article_id: str):
    from sahel_tui.corpus.reader import IngestError

    library = _library()
    try:
        article = library.get(article_id)
    except IngestError as exc:
        raise CliError(str(exc)) from None
    if article is None:
        _report_errors(library.load_problems())  # a catalog that cannot be used is why, not a missing article
        raise CliError(f"no article with id {article_id!r} (see `sahel-tui list`)")
    return article


def _saving(action):
    """Run a store write or read; a StoreError (nothing saved, or the notes unreadable) becomes one line, exit 1."""
    from sahel_tui.notes.store import StoreError

    try:
        return action()
    except StoreError as exc:
        raise CliError(str(exc)) from None


def _date_span(since: str | None, before: str | None) -> tuple[str | None, str | None] | None:
    """The days ``--since`` and ``--before`` stand for (None: neither given); a value that is not a date is a
    usage error naming what one looks like."""
    from datetime import date

    from sahel_tui.search.date_bounds import HOW, first_day

    if since is None and before is None:
        return None
    days = []
    for option, value in (("--since", since), ("--before", before)):
        day = None if value is None else first_day(value, date.today())
        if value is not None and day is None:
            raise click.BadParameter(f"{value!r} is not {HOW}", param_hint=option)
        days.append(day)
    return days[0], days[1]
