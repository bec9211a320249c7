"""The ``sahel-tui`` command: with no subcommand it opens the reader; subcommands script everything else.

Thin on purpose: parse arguments, call the core, print (Rich for people, ``--json`` for programs). Errors about
files are one line each on stderr, naming the file and the reason; the rest of the work goes on.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from pathlib import Path

import click
from rich.console import Console

from sahel_tui import __version__
from sahel_tui.cli_common import (
    CliError,
    _article,
    _date_span,
    _library,
    _notes,
    _print_json,
    _progress,
    _report_errors,
    _saving,
    _say,
    _store,
    _stream_json,
)
from sahel_tui.corpus.catalog import CatalogError
from sahel_tui.corpus.library import Library
from sahel_tui.paths import locations
from sahel_tui.textclean import counted, display_safe

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
ELSEWHERE = {
    "feeds": "sahel_tui.cli_feeds:feeds", "fetch": "sahel_tui.cli_feeds:fetch",
    "search": "sahel_tui.cli_search:search", "searches": "sahel_tui.cli_search:searches",
    "annotate": "sahel_tui.cli_notes:annotate", "bookmark": "sahel_tui.cli_notes:bookmark",
    "bookmarks": "sahel_tui.cli_notes:bookmarks", "notes": "sahel_tui.cli_notes:notes",
    "export": "sahel_tui.cli_notes:export_notes", "import-notes": "sahel_tui.cli_notes:import_notes",
}  # fmt: skip
"""The commands written in other modules, each loaded when it is named: a fetch from a clock does not load the
notes' and the search's modules (a fifth of the command's start)."""


class _Commands(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *ELSEWHERE})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in ELSEWHERE and name not in self.commands:
            module, _, attribute = ELSEWHERE[name].partition(":")
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)


@click.group(cls=_Commands, context_settings=CONTEXT_SETTINGS, invoke_without_command=True)
@click.version_option(__version__, "-V", "--version", prog_name="sahel-tui")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Offline news reader for the Sahel. Run without a command to open the reader."""
    if ctx.invoked_subcommand is None:
        from sahel_tui.tui.app import run_app  # deferred: scripting commands never pay for Textual

        run_app()


@main.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of article objects.")
@click.option("--limit", type=click.IntRange(1), help="Only the N most recently added articles.")
@click.option("--unread", is_flag=True, help="Only articles not opened yet.")
@click.option("--feed", "feed_ref", help="Only articles this feed sent (number or address).")
@click.option("--since", metavar="WHEN", help="Only articles dated on or after WHEN (7d, 2026-11 …).")
@click.option("--before", metavar="WHEN", help="Only articles dated before WHEN.")
def list_articles(as_json: bool, limit: int | None, unread: bool, feed_ref: str | None, since: str | None,
                  before: str | None) -> None:  # fmt: skip
    """List the articles in the library, most recently added first."""
    from itertools import islice

    from sahel_tui.catalog_views import CatalogFilters
    from sahel_tui.console import article_table

    span = _date_span(since, before)
    library = _library()
    wanted = _feed_articles(library, feed_ref) if feed_ref else None
    if span is not None:
        dated = CatalogFilters(library).dated(*span)
        wanted = dated if wanted is None else wanted & dated
    from sahel_tui.cli_search import _read

    read = _read() if unread else set()
    if wanted is None and not unread:
        articles = library.newest(limit)
    else:
        chosen = (a for a in library.newest() if (wanted is None or a.id in wanted) and a.id not in read)
        articles = islice(chosen, limit)
    if as_json:
        _stream_json(article.to_dict() for article in articles)
    else:
        Console().print(article_table(list(articles)))
    _report_errors(library.load_problems())


def _feed_articles(library: Library, reference: str) -> set[str]:
    from sahel_tui.corpus.catalog import CatalogError
    from sahel_tui.feeds.subscriptions import FeedError, Subscriptions

    try:
        subscriptions = Subscriptions(library.catalog)
        return subscriptions.articles_of(subscriptions.find(reference).id)
    except (CatalogError, FeedError) as exc:
        raise CliError(str(exc)) from None


@main.command()
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="Print the article as a JSON object.")
def show(article_id: str, as_json: bool) -> None:
    """Show one article, cleaned."""
    from sahel_tui.console import article_view

    article = _article(article_id)
    if as_json:
        _print_json(article.to_dict())
    else:
        Console().print(article_view(article))


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def import_articles(paths: tuple[Path, ...]) -> None:
    """Copy article files (.txt, .md, .html) or folders of them into the library."""
    library = _library()

    def told(outcome) -> None:
        _say(outcome.describe(), err=not outcome.ok)
        if outcome.status == "updated":
            _tell_orphaned(library, outcome.article_id)

    try:
        outcomes = library.import_paths(paths, on_outcome=told)
    except KeyboardInterrupt:
        _say("sahel-tui: interrupted — the files listed above were taken in; the others were not (importing the "
             "same paths again takes them in, and says which are already there)", err=True)  # fmt: skip
        sys.exit(130)
    if not outcomes:
        _say("sahel-tui: no files found in the given folders", err=True)
        sys.exit(1)
    sys.exit(0 if all(outcome.ok for outcome in outcomes) else 1)


def _tell_orphaned(library: Library, article_id: str) -> None:
    """An article changed under its notes: say how many no longer find their passage (they are kept, not lost)."""
    from sahel_tui.corpus.reader import IngestError
    from sahel_tui.notes.passages import place

    if not locations().notes_db.exists():
        return
    try:
        article = library.get(article_id)
    except IngestError:
        return
    annotations = _saving(lambda: _store().annotations(article_id))
    orphaned = sum(place(a, article).orphaned for a in annotations)
    if orphaned:
        _say(f"  {orphaned} of its {len(annotations)} note(s) no longer find their passage; they are kept "
             f"(see `sahel-tui notes {article_id}`)")  # fmt: skip


@main.command()
@click.argument("article_id")
@click.option("--yes", is_flag=True, help="Do not ask, even when the article has annotations.")
def remove(article_id: str, yes: bool) -> None:
    """Remove an imported article from the library (bundled ones stay).

    An article you annotated is removed only once you confirm (or with --yes): its annotations stay, quote and
    note, but the text around them goes, and a feed does not send it again.
    """
    library = _library()
    origin = library.catalog.origin_of(article_id)
    if origin is not None and origin[0] != "bundled":
        _confirm_removing_annotated(article_id, yes)
    try:
        removed = library.remove(article_id)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    except KeyError:
        raise CliError(f"no imported article with id {article_id!r}") from None
    _say(f"removed {article_id} from the library (imported from {removed})")


@main.command()
@click.option(
    "--before",
    required=True,
    metavar="WHEN",
    help="Articles dated before this day: 90d, 6m, 1y, 2026-06 (the values of the before: filter).",
)
@click.option("--include-unread", is_flag=True, help="Remove the unread ones too.")
@click.option("--dry-run", is_flag=True, help="List what would be removed, and remove nothing.")
@click.option("--yes", is_flag=True, help="Remove without asking.")
def prune(before: str, include_unread: bool, dry_run: bool, yes: bool) -> None:
    """Remove the articles feeds sent before a day: sahel-tui prune --before 6m.

    Never a file you imported, nor an article you annotated or bookmarked or are writing a note on, nor (without
    --include-unread) one you have not read. An article without a date goes by the day it came. A feed does not
    send a removed entry again.
    """
    from sahel_tui.corpus.pruning import prune as remove_articles
    from sahel_tui.notes.store import StoreError
    from sahel_tui.services import prune_plan

    (_, day) = _date_span(None, before)
    library = _library()
    where = locations()
    try:
        store = _notes()
        plan = prune_plan(library, store, where.drafts_dir, day, include_unread)
    except (StoreError, CliError) as exc:
        raise CliError(f"{exc}; nothing removed (which articles have notes cannot be known)") from None
    kept = []
    if plan.kept_marked:
        kept.append(f"{counted(plan.kept_marked, 'article')} with notes, bookmarks or a note being written kept")
    if plan.kept_unread:
        kept.append(f"{counted(plan.kept_unread, 'unread article')} kept (--include-unread removes them)")
    found = f"{counted(len(plan.articles), 'article')} from feeds dated before {day}"
    if dry_run:
        for article_id, when, title in plan.articles:
            _say(f"{when}  {article_id}  {display_safe(title)}")
        _say("; ".join([f"{found} would be removed", *kept]))
        return
    if not plan.articles:
        _say("; ".join([f"Nothing to remove from before {day}", *kept]))
        return
    _say("; ".join([f"{found} to remove", *kept]))
    if not yes:
        if not sys.stdin.isatty():
            raise CliError("nothing removed: confirm with --yes when not at a terminal (--dry-run lists them)")
        if not click.confirm("Remove them?"):
            raise CliError("nothing removed")
    removed = remove_articles(library.catalog, [article_id for article_id, _, _ in plan.articles])
    _say(f"removed {counted(removed, 'article')}")


def _confirm_removing_annotated(article_id: str, yes: bool) -> None:
    annotations = _saving(lambda: _store().annotations(article_id))
    if not annotations or yes:
        return
    they = "it stays" if len(annotations) == 1 else "they stay"
    _say(f"{article_id} has {counted(len(annotations), 'annotation')}: {they}, but the text around them goes")
    if not sys.stdin.isatty():
        raise CliError("not removed: confirm with --yes when not at a terminal")
    if not click.confirm("Remove the article?"):
        raise CliError("not removed")


@main.command()
@click.argument("article_id", required=False)
@click.option("--since", metavar="WHEN", help="Across the articles dated on or after WHEN (7d, 3m, 2026-11 …).")
@click.option("--before", metavar="WHEN", help="Across the articles dated before WHEN.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def entities(article_id: str | None, since: str | None, before: str | None, as_json: bool) -> None:
    """Entities one article mentions, or (without ID) across the library, or the articles of a date span: which
    armed groups, people and places the last month's news named most."""
    from sahel_tui.console import entity_table, entity_totals_table

    if article_id is not None and (since or before):
        raise click.UsageError("--since and --before count across the library's articles, not in one article")
    if article_id is not None:
        from sahel_tui.entities.extract import extract
        from sahel_tui.entities.summary import summarize

        summaries = summarize(extract(_article(article_id)))
        if as_json:
            _print_json({"article": article_id, "entities": [s.to_dict() for s in summaries]})
        else:
            Console().print(entity_table(summaries))
        return
    from sahel_tui.catalog_views import CatalogFilters
    from sahel_tui.entities.corpus_stats import synced_stats

    span = _date_span(since, before)
    errors: list = []
    library = _library()
    with _progress() as bars:
        with contextlib.suppress(CatalogError):  # an unusable catalog: the figures say so, of what can be read
            library.reparse_stale(bars.of("Reading new articles"), unread_only=True)  # in worker processes, first
        stats = synced_stats(library, bars.of("Finding entities"), errors)
    _report_errors([*library.load_problems(), *errors])
    among = None if span is None else CatalogFilters(library).dated(*span)
    totals = stats.totals(among)
    if as_json:
        _print_json(totals)
        return
    title = "Entities across the library"
    if span is not None:
        dated = " and ".join(f"{word} {day}" for word, day in zip(("since", "before"), span, strict=True) if day)
        title = f"Entities in the {counted(len(among or ()), 'article')} dated {dated}"
    Console().print(entity_totals_table(totals, title))


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the locations as a JSON object.")
def paths(as_json: bool) -> None:
    """Print where notes, settings, imported articles and the index live."""
    where = locations().as_dict()
    if as_json:
        _print_json(where)
        return
    width = max(map(len, where))
    for name, value in where.items():
        _say(f"{name:<{width}}  {value}")
