"""The searching commands: ``search`` (a query, or one saved under a name) and ``searches`` (the saved ones, with
how many articles each finds and how many of those are unread — newsboat's query feeds, on the command line).

Both open the search index the same way (:func:`_searching`): brought up to date with the library first, built
again once if it turns out damaged, and closed after.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click
from rich.console import Console
from rich.table import Table

from sahel_tui.cli_common import (
    CliError,
    _library,
    _notes,
    _print_json,
    _progress,
    _report_errors,
    _saving,
    _say,
    _store,
)
from sahel_tui.console import safe_text
from sahel_tui.corpus.library import Library
from sahel_tui.notes.searches import SavedSearch
from sahel_tui.textclean import display_safe

Answer = TypeVar("Answer")


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1, type=click.UNPROCESSED)
@click.option("--saved", "saved_name", metavar="NAME", help="Run the search saved under NAME (see `searches`).")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000), help="Most results.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of hits.")
def search(query: tuple[str, ...], saved_name: str | None, limit: int, as_json: bool) -> None:
    """Search the library, typos tolerated: sahel-tui search wagnr bamako.

    A word after a minus is excluded (sahel-tui search mali -russia); after `--`, every word is the query's.
    Filters alone (is:unread, feed:rfi) list the library's order, most recently added first.
    """
    text = " ".join(query).strip()
    store = _notes()
    if saved_name is not None:
        if text:
            raise click.UsageError("give a query or --saved NAME, not both")
        text = _saved(store, saved_name).query
    if not text:
        raise click.UsageError("give something to search for, e.g. sahel-tui search bamako")
    from sahel_tui.console import hit_table
    from sahel_tui.search.query import parse_query

    library = _library()
    words = parse_query(text)
    listed = None if words.terms or words.phrases else [headline.id for headline in library.headlines()]
    outcome = _searching(library, store, lambda searcher: searcher.search(text, limit=limit, full_spans=as_json,
                                                                          listed=listed))  # fmt: skip
    for notice in outcome.notices:
        _say(notice, err=True)
    if as_json:
        _print_json([hit.to_dict() for hit in outcome.result.hits])
        return
    if not outcome.result.hits:
        _say(f"No article matches {text!r}.")
        return
    Console().print(hit_table(outcome.result.hits))


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array (name, query, unread, total).")
@click.pass_context
def searches(ctx: click.Context, as_json: bool) -> None:
    """Saved searches, with how many articles each finds and how many of them are unread.

    Save one with `searches add NAME QUERY` (or `S` in the reader), run it with `search --saved NAME`.
    """
    if ctx.invoked_subcommand is not None:
        return
    from sahel_tui.catalog_views import saved_search_rows

    store = _notes()
    saved = _saving(store.saved_searches) if store is not None else []
    if not saved:
        if as_json:
            _print_json([])
        else:
            _say("No saved searches. Save one with: sahel-tui searches add NAME QUERY")
        return
    read = _saving(store.read_articles)
    rows = _searching(_library(), store, lambda searcher: saved_search_rows(saved, searcher, read))
    if as_json:
        _print_json([{"name": row.search.name, "query": row.search.query, "unread": row.unread, "total": row.total}
                     for row in rows])  # fmt: skip
        return
    table = Table(title="Saved searches", title_justify="left")
    table.add_column("name", overflow="fold")
    table.add_column("query", overflow="fold")
    table.add_column("unread", justify="right")
    table.add_column("articles", justify="right")
    for row in rows:
        table.add_row(safe_text(row.search.name), safe_text(row.search.query), f"{row.unread:,}", f"{row.total:,}")
    Console().print(table)


@searches.command("add", context_settings={"ignore_unknown_options": True})
@click.argument("name")
@click.argument("query", nargs=-1, required=True, type=click.UNPROCESSED)
@click.option("--replace", is_flag=True, help="Replace the query already saved under NAME.")
def add_search(name: str, query: tuple[str, ...], replace: bool) -> None:
    """Save QUERY under NAME: sahel-tui searches add "JNIM this week" entity:jnim since:7d."""
    text = " ".join(query).strip()
    if not name.strip() or not text:
        raise click.UsageError("give a name and a query, e.g. sahel-tui searches add Mali mali since:7d")
    store = _store()
    if not _saving(lambda: store.save_search(name, text, replace=replace)):
        held = _saving(lambda: store.saved_search(name)) or SavedSearch(name, "")
        raise CliError(f"a search is already saved as {display_safe(held.name)!r} ({display_safe(held.query)!r}); "
                       "not replaced — add --replace to replace it")  # fmt: skip
    _say(f"saved {display_safe(name.strip())!r}: {display_safe(text)}")


@searches.command("remove")
@click.argument("name")
def remove_search(name: str) -> None:
    """Forget the search saved under NAME (the articles it found stay)."""
    store = _notes()
    if store is None or not _saving(lambda: store.remove_search(name)):
        raise _not_saved(name)
    _say(f"removed {display_safe(name.strip())!r}")


def _saved(store, name: str) -> SavedSearch:
    saved = _saving(lambda: store.saved_search(name)) if store is not None else None
    if saved is None:
        raise _not_saved(name)
    return saved


def _not_saved(name: str) -> CliError:
    return CliError(f"no search saved as {display_safe(name)!r} (see `sahel-tui searches`)")


def _searching(library: Library, store, ask: Callable[..., Answer]) -> Answer:
    """``ask(searcher)`` over the library's index, brought up to date first (with progress bars); an index found
    damaged meanwhile is built again once. ``is:unread``, ``has:note`` … ask ``store`` (None: nothing marked)."""
    from sahel_tui.catalog_views import CatalogFilters
    from sahel_tui.search.index import IndexDamaged
    from sahel_tui.search.library_index import NoRoomForIndex, open_synced_index
    from sahel_tui.services import Searcher, synced_search_data

    def marks() -> tuple[set[str], set[str]]:
        if store is None:
            return set(), set()
        return {aid for aid, _ in _saving(store.bookmarks)}, set(_saving(store.annotation_counts))

    def read() -> set[str]:
        return _saving(store.read_articles) if store is not None else set()

    errors: list = []
    try:
        with _progress() as bars:
            index, stats = synced_search_data(library, bars.of("Indexing articles"), bars.of("Finding entities"),
                                              errors, id_map=False,
                                              read_progress=bars.of("Reading new articles"))  # fmt: skip
    except NoRoomForIndex as exc:
        _report_errors([*library.load_problems(), *errors])
        raise CliError(_nothing_searched(exc)) from None
    _report_errors([*library.load_problems(), *errors])
    try:
        try:
            return ask(Searcher(index, stats, marks, read, CatalogFilters(library)))
        except IndexDamaged as exc:
            index.close()
            _say(f"sahel-tui: {exc}; building it again", err=True)
            try:
                with _progress() as bars:
                    index, _ = open_synced_index(library, bars.of("Indexing articles"), errors, fresh=True)
            except NoRoomForIndex as again:
                raise CliError(_nothing_searched(again)) from None
            return ask(Searcher(index, stats, marks, read, CatalogFilters(library)))
    finally:
        index.close()


def _nothing_searched(problem: Exception) -> str:
    return f"{problem}; nothing could be searched — free some space and try again"


def _read() -> set[str]:
    """Articles the user has read (``list --unread``)."""
    store = _notes()
    return _saving(store.read_articles) if store is not None else set()
