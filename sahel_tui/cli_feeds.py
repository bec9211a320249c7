"""``sahel-tui feeds …`` and ``sahel-tui fetch``: subscriptions from the command line."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from sahel_tui.cli_common import CliError, _library, _print_json, _progress, _say
from sahel_tui.textclean import counted, display_line, display_safe


def _subscriptions():
    from sahel_tui.corpus.catalog import CatalogError
    from sahel_tui.feeds.subscriptions import Subscriptions

    try:
        return Subscriptions(_library().catalog)
    except CatalogError as exc:
        raise CliError(str(exc)) from None


@click.group()
def feeds() -> None:
    """Subscribe to RSS, Atom and JSON feeds; `sahel-tui fetch` brings their news in."""


@feeds.command("add")
@click.argument("url")
@click.option("--tag", "tags", multiple=True, help="A tag for the feed (repeatable).")
@click.option("--full-text", is_flag=True, help="Fetch each entry's page for its full text.")
@click.option("--title", help="Your name for the feed (default: the feed's own title).")
@click.option("--no-check", is_flag=True, help="Subscribe without fetching the address first (offline).")
def feeds_add(url: str, tags: tuple[str, ...], full_text: bool, title: str | None, no_check: bool) -> None:
    """Subscribe to a feed, or to the feed a site's page links to."""
    from sahel_tui.feeds.adding import find_feed
    from sahel_tui.feeds.subscriptions import FeedError

    subscriptions = _subscriptions()
    try:
        found_url, found_title = url, None
        if not no_check:
            found = find_feed(url)
            found_url, found_title = found.url, found.title
            if found.via:
                _say(f"{url}: a web page; it links to the feed {found.url}", err=True)
        feed = subscriptions.add(found_url, tags, full_text, title or found_title)
    except FeedError as exc:
        raise CliError(str(exc)) from None
    _say(f"subscribed: [{feed.id}] {feed.name}" + (f" — {feed.url}" if feed.title else ""))


@feeds.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of feeds.")
def feeds_list(as_json: bool) -> None:
    """The subscriptions with their last fetch, status, error and article counts."""
    from sahel_tui.console import feed_table

    found = _subscriptions().all()
    if as_json:
        _print_json([feed.to_dict() for feed in found])
    elif not found:
        _say("no feeds yet: sahel-tui feeds add URL", err=True)
    else:
        Console().print(feed_table(found))


@feeds.command("remove")
@click.argument("feed")
def feeds_remove(feed: str) -> None:
    """Unsubscribe (by number or address). The articles it brought stay in the library, with their notes."""
    from sahel_tui.feeds.subscriptions import FeedError

    subscriptions = _subscriptions()
    try:
        removed = subscriptions.remove(subscriptions.find(feed).id)
    except FeedError as exc:
        raise CliError(str(exc)) from None
    _say(f"unsubscribed: [{removed.id}] {removed.name} (its {counted(removed.items, 'article')} stay in the library)")


@feeds.command("edit")
@click.argument("feed")
@click.option("--title", help="A new name for the feed.")
@click.option("--tag", "tags", multiple=True, help="Add a tag (repeatable).")
@click.option("--untag", "untags", multiple=True, help="Remove a tag (repeatable).")
@click.option("--full-text/--summary", "full_text", default=None,
              help="Fetch each entry's page, or keep what the feed sends.")  # fmt: skip
@click.option("--enable/--disable", "enabled", default=None, help="Fetch it again / leave it out of fetches.")
def feeds_edit(feed: str, title: str | None, tags: tuple[str, ...], untags: tuple[str, ...], full_text: bool | None,
               enabled: bool | None) -> None:  # fmt: skip
    """Rename, tag, untag, enable or disable a feed (by number or address)."""
    from sahel_tui.feeds.subscriptions import FeedError

    subscriptions = _subscriptions()
    try:
        found = subscriptions.find(feed)
    except FeedError as exc:
        raise CliError(str(exc)) from None
    changes: dict[str, object] = {}
    if title is not None:
        changes["title"] = " ".join(title.split()) or None
    if tags or untags:
        changes["tags"] = [tag for tag in (*found.tags, *tags) if tag not in untags]
    if full_text is not None:
        changes["full_text"] = int(full_text)
    if enabled is not None:
        changes["enabled"] = int(enabled)
        if enabled:
            changes["retry_after"] = None
    if not changes:
        raise click.UsageError("nothing to change: see --help for what can be")
    subscriptions.update(found.id, **changes)
    edited = subscriptions.get(found.id)
    state = "enabled" if edited.enabled else "disabled"
    _say(f"[{edited.id}] {edited.name} — tags: {', '.join(edited.tags) or 'none'}; {state}"
         f"{'; full text' if edited.full_text else ''}")  # fmt: skip


@feeds.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def feeds_import(file: Path) -> None:
    """Subscribe to every feed of an OPML file (its folders become tags); ones already there keep their title and
    tags, and take the folders they lack as tags."""
    from sahel_tui.feeds.opml import OpmlError, read_opml
    from sahel_tui.feeds.subscriptions import FeedError
    from sahel_tui.fileio import UnreadableFile, read_regular_file

    try:
        data = read_regular_file(file, 20 * 1024 * 1024)
        if data is None:
            raise CliError(f"{file}: no such file")
        contents = read_opml(data)
    except (UnreadableFile, OpmlError) as exc:
        raise CliError(f"{file}: {exc}") from None
    try:
        added, present, tagged, refused = _subscriptions().add_many([(f.url, f.tags, f.title) for f in contents.feeds])
    except FeedError as exc:
        raise CliError(f"{file}: nothing was subscribed ({exc})") from None
    problems = [*contents.skipped, *refused]
    for problem in problems:
        _say(f"{file}: {problem}", err=True)
    given = f" ({tagged:,} given the file's folders as tags)" if tagged else ""
    _say(f"{counted(added, 'feed')} added, {present:,} already subscribed{given}, {len(problems):,} skipped")
    if added:
        _say("`sahel-tui fetch` (or r in the reader) brings their news in", err=True)
    if problems:
        sys.exit(1)


@feeds.command("export")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to a file.")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
def feeds_export(output: Path | None, force: bool) -> None:
    """The subscriptions as OPML 2.0 (tags become folders), for another reader or another machine."""
    from sahel_tui.feeds.opml import write_opml
    from sahel_tui.notes.export import ExportRefused, check_export_target, write_export
    from sahel_tui.paths import locations

    content = write_opml(_subscriptions().all())
    if output is None:
        click.echo(display_safe(content), nl=False)
        return
    try:
        check_export_target(output, locations().own_dirs, replace=force)
        write_export(output, content)
    except ExportRefused as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"{output}: not written ({exc.strerror or exc})") from None
    _say(f"exported {counted(len(_subscriptions().all()), 'feed')} to {output}", err=True)


@feeds.command("suggest")
@click.option("--add", "names", multiple=True, help="Subscribe to this suggestion (its name; repeatable).")
@click.option("--all", "add_all", is_flag=True, help="Subscribe to every suggestion.")
def feeds_suggest(names: tuple[str, ...], add_all: bool) -> None:
    """Sahel sources with the feed addresses their sites document (not checked from this machine)."""
    from rich.table import Table

    from sahel_tui.console import safe_text
    from sahel_tui.feeds.subscriptions import FeedError
    from sahel_tui.feeds.suggestions import SUGGESTIONS

    if not names and not add_all:
        table = Table(title="Suggested feeds (addresses as the sites document them; not checked from here)",
                      title_justify="left", expand=True)  # fmt: skip
        for column in ("name", "lang", "tags"):
            table.add_column(column)
        table.add_column("feed address", overflow="fold", ratio=1)
        for suggestion in SUGGESTIONS:
            table.add_row(safe_text(suggestion.name, "bold"), suggestion.language, ", ".join(suggestion.tags),
                          safe_text(suggestion.url, "cyan"))  # fmt: skip
        Console().print(table)
        _say("add one: sahel-tui feeds suggest --add 'RFI Afrique'   (or --all)", err=True)
        return
    wanted = {name.casefold() for name in names}
    chosen = [s for s in SUGGESTIONS if add_all or s.name.casefold() in wanted]
    unknown = wanted - {s.name.casefold() for s in SUGGESTIONS}
    if unknown:
        raise CliError(f"no suggestion called {', '.join(sorted(unknown))!s} (see `sahel-tui feeds suggest`)")
    subscriptions = _subscriptions()
    known = {feed.url for feed in subscriptions.all()}
    for suggestion in chosen:
        if suggestion.url in known:
            _say(f"already subscribed: {suggestion.name}")
            continue
        try:
            feed = subscriptions.add(suggestion.url, suggestion.tags, title=suggestion.name)
        except FeedError as exc:
            raise CliError(str(exc)) from None
        _say(f"subscribed: [{feed.id}] {feed.name} — {feed.url} (not checked yet: `sahel-tui fetch` will tell)")


@click.command()
@click.option("--feed", "chosen", multiple=True, help="Only this feed (number or address; repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of per-feed reports.")
@click.option("--due", is_flag=True, help="Only feeds whose own time to live (RSS ttl) has passed: for a clock.")
@click.option(
    "--read",
    "read_now",
    is_flag=True,
    help="Read the new articles before exiting (for a clock: the reader then starts with them searchable).",
)
def fetch(chosen: tuple[str, ...], as_json: bool, due: bool, read_now: bool) -> None:
    """Fetch every enabled feed (or the ones named) and store new and changed entries; exit 1 if any failed.

    New articles are stored as their feeds state them and read (their text cleaned, their language told) by the
    next search, by the reader in the background, or with --read before this command exits."""
    from sahel_tui import parallel

    parallel.prepare()  # the fork server boots while the fetching code loads: its workers are ready sooner

    from rich.progress import Progress

    from sahel_tui.feeds.fetching import fetch_feeds
    from sahel_tui.feeds.subscriptions import FeedError

    library = _library()
    subscriptions = _subscriptions()
    try:
        selected = [subscriptions.find(reference) for reference in chosen] if chosen else None
    except FeedError as exc:
        raise CliError(str(exc)) from None
    if due:
        candidates = selected if selected is not None else [feed for feed in subscriptions.all() if feed.enabled]
        selected = [feed for feed in candidates if feed.due()]
        for feed in candidates:
            if not feed.due():
                _say(f"[{feed.id}] {feed.name}: not due (it asks to be fetched at most every {feed.ttl_minutes} "
                     f"minutes; next after {feed.next_due:%Y-%m-%d %H:%M} UTC)", err=True)  # fmt: skip
    count = len(selected) if selected is not None else sum(feed.enabled for feed in subscriptions.all())
    if not count:
        _say("no feeds to fetch: sahel-tui feeds add URL" if not due else "no feed is due", err=True)
        return
    with Progress(console=Console(stderr=True), transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("Fetching feeds", total=count)

        finished = []

        def done(report) -> None:
            bar.advance(task)
            finished.append(report)
            if as_json:
                return
            if sys.stderr.isatty():  # above the live bar, which shares the terminal
                bar.console.print(Text(display_line(report.line())), highlight=False)
            else:
                _say(report.line())

        stop = threading.Event()
        try:
            with _stopped_by_ctrl_c(stop):
                reports = fetch_feeds(library, selected, on_report=done, stop=stop)
            if stop.is_set():
                raise KeyboardInterrupt
        except KeyboardInterrupt:  # the feeds done are stored whole, the others untouched (see feeds.fetching)
            bar.stop()
            if as_json:
                _print_json([report.to_dict() for report in finished])
            _say(f"sahel-tui: interrupted — the feeds {'in the JSON' if as_json else 'listed above'} were fetched "
                 "and stored; the others were left as they were", err=True)  # fmt: skip
            sys.exit(130)
    if read_now:
        with _progress() as bars:
            library.reparse_stale(bars.of("Reading new articles"), unread_only=True)
    if as_json:
        _print_json([report.to_dict() for report in reports])
    else:
        new = sum(report.new for report in reports)
        failed = sum(report.failed for report in reports)
        _say(f"{counted(len(reports), 'feed')} fetched: {counted(new, 'new article')}, {failed} failed", err=True)
    if any(report.failed for report in reports):
        sys.exit(1)


@contextlib.contextmanager
def _stopped_by_ctrl_c(stop: threading.Event) -> Iterator[None]:
    """Ctrl-C sets ``stop`` (the fetch ends its requests and returns what is done) instead of interrupting
    wherever the program is — a cancellation the HTTP stack may swallow; a second Ctrl-C interrupts at once."""

    def asked(signum, frame) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    try:
        previous = signal.signal(signal.SIGINT, asked)
    except ValueError:  # not the main thread: Ctrl-C is not this code's to handle
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
