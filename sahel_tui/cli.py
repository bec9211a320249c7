"""The ``sahel-tui`` command: with no subcommand it opens the reader; subcommands script everything else.

Thin on purpose: parse arguments, call the core, print (Rich for people, ``--json`` for programs). Errors about
files are one line each on stderr, naming the file and the reason; the rest of the work goes on.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console

from sahel_tui import __version__
from sahel_tui.cli_common import (
    _C1,
    CliError,
    _library,
    _print_json,
    _progress,
    _report_errors,
    _say,
    _stream_json,
)
from sahel_tui.cli_feeds import feeds, fetch
from sahel_tui.corpus.library import Library
from sahel_tui.paths import locations
from sahel_tui.textclean import counted, display_safe

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


@click.group(context_settings=CONTEXT_SETTINGS, invoke_without_command=True)
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
def list_articles(as_json: bool, limit: int | None, unread: bool, feed_ref: str | None) -> None:
    """List the articles in the library, most recently added first."""
    from itertools import islice

    from sahel_tui.console import article_table

    library = _library()
    wanted = _feed_articles(library, feed_ref) if feed_ref else None
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


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1, required=True, type=click.UNPROCESSED)
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000), help="Most results.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of hits.")
def search(query: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Search the library, typos tolerated: sahel-tui search wagnr bamako.

    A word after a minus is excluded (sahel-tui search mali -russia); after `--`, every word is the query's.
    Filters alone (is:unread, feed:rfi) list the library's order, most recently added first.
    """
    if not " ".join(query).strip():
        raise click.UsageError("give something to search for, e.g. sahel-tui search bamako")
    from sahel_tui.console import hit_table
    from sahel_tui.search.index import IndexDamaged
    from sahel_tui.search.library_index import NoRoomForIndex, open_synced_index
    from sahel_tui.search.query import parse_query
    from sahel_tui.services import CatalogFilters, Searcher, synced_search_data

    errors: list = []
    library = _library()
    try:
        with _progress() as bars:
            index, stats = synced_search_data(library, bars.of("Indexing articles"), bars.of("Finding entities"),
                                              errors, id_map=False)  # fmt: skip
    except NoRoomForIndex as exc:
        _report_errors([*library.load_problems(), *errors])
        raise CliError(_nothing_searched(exc)) from None
    _report_errors([*library.load_problems(), *errors])

    words = parse_query(" ".join(query))
    listed = None if words.terms or words.phrases else [headline.id for headline in library.headlines()]

    def answer(index):
        searcher = Searcher(index, stats, _marks, _read, CatalogFilters(library))
        return searcher.search(" ".join(query), limit=limit, full_spans=as_json, listed=listed)

    try:
        outcome = answer(index)
    except IndexDamaged as exc:
        index.close()
        _say(f"sahel-tui: {exc}; building it again", err=True)
        try:
            with _progress() as bars:
                index, _ = open_synced_index(library, bars.of("Indexing articles"), errors, fresh=True)
        except NoRoomForIndex as again:
            raise CliError(_nothing_searched(again)) from None
        outcome = answer(index)
    index.close()
    for notice in outcome.notices:
        _say(notice, err=True)
    if as_json:
        _print_json([hit.to_dict() for hit in outcome.result.hits])
        return
    if not outcome.result.hits:
        _say(f"No article matches {' '.join(query)!r}.")
        return
    Console().print(hit_table(outcome.result.hits))


def _nothing_searched(problem: Exception) -> str:
    return f"{problem}; nothing could be searched — free some space and try again"


def _read() -> set[str]:
    """Articles the user has read (for is:read and is:unread)."""
    return _store().read_articles() if locations().notes_db.exists() else set()


def _marks() -> tuple[set[str], set[str]]:
    """Bookmarked and annotated article ids, for is:bookmarked and has:note (none before any note exists)."""
    if not locations().notes_db.exists():
        return set(), set()
    store = _store()
    return {aid for aid, _ in store.bookmarks()}, set(store.annotation_counts())


def _store():
    from sahel_tui.notes.store import NotesStore, StoreError

    try:
        store = NotesStore.open(locations().notes_db)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    _report_errors(store.warnings)
    return store


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
    """Run a store write; a StoreError (nothing was saved) becomes a one-line error and exit code 1."""
    from sahel_tui.notes.store import StoreError

    try:
        return action()
    except StoreError as exc:
        raise CliError(str(exc)) from None


@main.command()
@click.argument("article_id")
@click.option("--quote", required=True, help="The exact passage to annotate.")
@click.option("--note", default="", help="Your note.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--occurrence", type=click.IntRange(1), help="Which occurrence, when the quote appears more than once.")
def annotate(article_id: str, quote: str, note: str, tags: tuple[str, ...], occurrence: int | None) -> None:
    """Annotate a passage of an article; prints the new annotation's id."""
    from sahel_tui.notes.passages import QuoteError, annotate, locate_quote

    article = _article(article_id)
    try:
        start, end = locate_quote(article, quote, occurrence)
    except QuoteError as exc:
        raise CliError(str(exc)) from None
    store = _store()
    annotation = _saving(lambda: annotate(store, article, start, end, note, tags))
    _say(annotation.id)


@main.command()
@click.argument("article_id")
@click.option("--remove", is_flag=True, help="Remove the bookmark instead.")
def bookmark(article_id: str, remove: bool) -> None:
    """Bookmark an article (or remove its bookmark, also of an article no longer in the library)."""
    if not remove:
        _article(article_id)
    store = _store()
    _saving(lambda: store.set_bookmark(article_id, on=not remove))
    _say(f"{'removed bookmark' if remove else 'bookmarked'} {article_id}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def bookmarks(as_json: bool) -> None:
    """List bookmarked articles, most recent first."""
    store = _store()
    titles = _titles()
    marks = [{"id": aid, "title": titles(aid), "bookmarked": when} for aid, when in store.bookmarks()]
    if as_json:
        _print_json(marks)
        return
    from sahel_tui.console import safe_text

    console = Console()
    if not marks:
        console.print("No bookmarks yet.")
    for mark in marks:
        line = safe_text(mark["title"], "bold")
        line.append_text(safe_text(f"  {mark['id']} · {mark['bookmarked'][:16]}", "dim"))
        console.print(line)


def _titles():
    from sahel_tui.notes.export import article_title

    return article_title({headline.id: headline for headline in _library().headlines()})


def _placed(article_id: str | None):
    from sahel_tui.corpus.reader import IngestError
    from sahel_tui.notes.passages import place

    store = _store()
    annotations = _saving(lambda: store.annotations(article_id))
    library, articles = _library(), {}
    wanted = {a.article_id for a in annotations} | ({article_id} if article_id else set())
    for annotated in sorted(wanted):  # only the articles asked about are read, never the whole library
        try:
            found = library.get(annotated)
        except IngestError as exc:
            _say(f"sahel-tui: {exc}", err=True)
            continue
        if found is not None:
            articles[annotated] = found
    placed = [place(a, articles.get(a.article_id)) for a in annotations]
    _report_errors(store.unreadable_lines())
    return placed, articles


@main.command()
@click.argument("words", nargs=-1, metavar="[ARTICLE_ID | delete ANNOTATION_ID...]")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.option("--yes", is_flag=True, help="With delete: do not ask first.")
@click.option("--tag", "tags", multiple=True, metavar="T", help="Only annotations with this tag (again: or that one).")
@click.option("--since", metavar="WHEN", help="Only annotations written or changed since WHEN (7d, 2026-11 …).")
def notes(words: tuple[str, ...], as_json: bool, yes: bool, tags: tuple[str, ...], since: str | None) -> None:
    """List annotations (all, or one article's; or those with a tag, or of the last days), with whether each
    passage is still found.

    `sahel-tui notes delete ANNOTATION_ID...` deletes annotations (it asks first, unless --yes).
    """
    if words[:1] == ("delete",):
        _delete_notes(words[1:], yes)
        return
    if len(words) > 1:
        raise click.UsageError("give one article id, or `delete` and annotation ids")
    article_id = words[0] if words else None
    span = _date_span(since, None)
    placed, articles = _placed(article_id)
    if article_id is not None and article_id not in articles and not placed:
        raise CliError(f"no article with id {article_id!r} and no notes on one (see `sahel-tui list`)")
    if tags or span is not None:
        from sahel_tui.notes.export import selected

        placed = selected(placed, tags, span[0] if span else None)
    rows = [
        {
            "id": p.annotation.id,
            "article": p.annotation.article_id,
            "title": articles[p.annotation.article_id].title if p.annotation.article_id in articles else None,
            "quote": p.annotation.quote,
            "note": p.annotation.note,
            "tags": list(p.annotation.tags),
            "status": p.status,
            "created": p.annotation.created,
            "updated": p.annotation.updated,
        }
        for p in placed
    ]
    _mention_waiting_draft()
    if as_json:
        _print_json(rows)
        return
    from sahel_tui.console import notes_view

    Console().print(notes_view(rows))


def _delete_notes(annotation_ids: tuple[str, ...], yes: bool) -> None:
    if not annotation_ids:
        raise click.UsageError("name the annotations to delete: sahel-tui notes delete ANNOTATION_ID...")
    store = _store()
    found = []
    for annotation_id in annotation_ids:
        annotation = _saving(lambda aid=annotation_id: store.annotation(aid))
        if annotation is None:
            raise CliError(f"no annotation with id {annotation_id!r} (see `sahel-tui notes`); none deleted")
        found.append(annotation)
    for annotation in found:
        _say(f"{annotation.id}: “{annotation.quote[:80]}” {annotation.note[:80]}")
    if not yes:
        if not sys.stdin.isatty():
            raise CliError("not deleted: confirm with --yes when not at a terminal")
        click.confirm(f"Delete {counted(len(found), 'annotation')}?", abort=True)
    for annotation in found:
        _saving(lambda aid=annotation.id: store.delete_annotation(aid))
    _say(f"deleted {counted(len(found), 'annotation')}")


def _mention_waiting_draft() -> None:
    """A note typed in the reader and not yet saved is not in the store: say where it waits (on stderr)."""
    from sahel_tui.notes.drafts import DraftShelf

    where = locations()
    for draft_file in DraftShelf(where.drafts_dir, legacy=where.draft_file).waiting():
        _say(f"{draft_file}: an unsaved note is waiting there; `sahel-tui` reopens it to save.", err=True)


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write (atomically); never replaced.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("--tag", "tags", multiple=True, metavar="T", help="Only annotations with this tag (again: or that one).")
@click.option("--since", metavar="WHEN", help="Only annotations written or changed since WHEN (7d, 2026-11 …).")
def export_notes(fmt: str, output: Path | None, force: bool, tags: tuple[str, ...], since: str | None) -> None:
    """Export every annotation — or those with a tag, or of the last days — as Markdown or W3C Web Annotation
    JSON: sahel-tui export --tag niger --since 7d -o week.md."""
    from sahel_tui.notes.export import (
        ExportRefused,
        article_title,
        check_export_target,
        selected,
        source_urls,
        to_markdown,
        to_w3c,
        write_export,
    )

    if output is not None:
        try:
            check_export_target(output, locations().own_dirs, replace=force)
        except ExportRefused as exc:
            raise CliError(str(exc)) from None

    span = _date_span(since, None)
    placed, articles = _placed(None)
    if tags or span is not None:
        placed = selected(placed, tags, span[0] if span else None)
        if not placed:
            asked = " ".join([*(f"--tag {tag}" for tag in tags), *([f"--since {since}"] if since else [])])
            raise CliError(f"no annotation matches {asked}: nothing exported")
    if fmt == "md":
        content = to_markdown(placed, article_title(articles), source_urls(articles))
    else:
        content = json.dumps(to_w3c(placed, source_urls(articles)), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        # Markdown is for reading: made inert; JSON keeps every character (C1 controls escaped, C0 already are)
        shown = display_safe(content) if fmt == "md" else _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", content)
        click.echo(shown, nl=False)
        return
    try:
        write_export(output, content)
    except OSError as exc:
        raise CliError(f"{output}: not written ({exc.strerror or exc})") from None
    _say(f"exported {counted(len(placed), 'annotation')} to {output}", err=True)


@main.command("import-notes")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def import_notes(file: Path) -> None:
    """Restore annotations from a W3C Web Annotation JSON file (importing the same file twice changes nothing)."""
    from sahel_tui.notes.importing import AnnotationImportError, by_address, import_annotations, read_annotation_file

    try:
        annotations, problems = read_annotation_file(file, by_address(lambda: _library().catalog.ids_by_address()))
    except AnnotationImportError as exc:
        raise CliError(str(exc)) from None
    store = _store()
    report = _saving(lambda: import_annotations(store, annotations))
    report.problems = problems
    _report_errors(problems)
    _say(report.summary())
    sys.exit(1 if problems else 0)


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
    from sahel_tui.entities.corpus_stats import synced_stats
    from sahel_tui.services import CatalogFilters

    span = _date_span(since, before)
    errors: list = []
    library = _library()
    with _progress() as bars:
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


main.add_command(feeds)
main.add_command(fetch)
