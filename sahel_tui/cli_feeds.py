"""``sahel-tui feeds …`` and ``sahel-tui fetch``: subscriptions from the command line."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.text import Text

from sahel_tui.cli_common import CliError, _library, _print_json, _say
from sahel_tui.textclean import display_line


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
    _say(f"subscribed: [{feed.id}] {feed.name} — {feed.url}")


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
    _say(f"unsubscribed: [{removed.id}] {removed.name} (its {removed.items} articles stay in the library)")


@click.command()
@click.option("--feed", "chosen", multiple=True, help="Only this feed (number or address; repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of per-feed reports.")
def fetch(chosen: tuple[str, ...], as_json: bool) -> None:
    """Fetch every enabled feed (or the ones named) and store new and changed entries; exit 1 if any failed."""
    from rich.progress import Progress

    from sahel_tui.feeds.fetching import fetch_feeds
    from sahel_tui.feeds.subscriptions import FeedError

    library = _library()
    subscriptions = _subscriptions()
    try:
        selected = [subscriptions.find(reference) for reference in chosen] if chosen else None
    except FeedError as exc:
        raise CliError(str(exc)) from None
    count = len(selected) if selected is not None else sum(feed.enabled for feed in subscriptions.all())
    if not count:
        _say("no feeds to fetch: sahel-tui feeds add URL", err=True)
        return
    with Progress(console=Console(stderr=True), transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("Fetching feeds", total=count)

        def done(report) -> None:
            bar.advance(task)
            if as_json:
                return
            if sys.stderr.isatty():  # above the live bar, which shares the terminal
                bar.console.print(Text(display_line(report.line())), highlight=False)
            else:
                _say(report.line())

        reports = fetch_feeds(library, selected, on_report=done)
    if as_json:
        _print_json([report.to_dict() for report in reports])
    else:
        new = sum(report.new for report in reports)
        failed = sum(report.failed for report in reports)
        _say(f"{len(reports)} feeds fetched: {new} new articles, {failed} failed", err=True)
    if any(report.failed for report in reports):
        sys.exit(1)
