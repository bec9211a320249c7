"""`sahel-tui prune`: the articles feeds sent before a day go; the user's own articles, notes, bookmarks, drafts and
(unless asked) unread articles stay; a feed does not send a removed entry again. A real feed on 127.0.0.1."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from feedxml import rss_of
from pytest_httpserver import HTTPServer

from sahel_tui.cli import main
from sahel_tui.corpus.library import Library
from sahel_tui.feeds.fetching import fetch_feeds
from sahel_tui.feeds.subscriptions import Subscriptions
from sahel_tui.notes.anchor import make_selector
from sahel_tui.notes.store import NotesStore
from sahel_tui.paths import locations

FEED = "/news.rss"
ENTRIES = [  # title, RFC 822 date or none
    ("Crue du fleuve à Mopti", "Mon, 02 Mar 2026 08:00:00 +0000"),
    ("Marché de Gao rouvert", "Tue, 03 Mar 2026 08:00:00 +0000"),
    ("Convoy reaches Kidal", "Wed, 04 Mar 2026 08:00:00 +0000"),
    ("Talks resume in Niamey", "Thu, 05 Mar 2026 08:00:00 +0000"),
    ("Harvest report from Ségou", "Mon, 01 Jun 2026 08:00:00 +0000"),
]


@pytest.fixture
def fed(tmp_path) -> dict[str, str]:
    """The library after one fetch of ENTRIES, and a file imported by hand, dated as old: title -> article id."""
    with HTTPServer(host="127.0.0.1", port=0) as server:
        server.expect_request("/news.rss").respond_with_data(
            rss_of(ENTRIES, "Dépêches"), content_type="application/rss+xml"
        )
        library = Library(locations())
        Subscriptions(library.catalog).add(server.url_for("/news.rss"))
        fetch_feeds(library, retry_backoff=0)
    mine = tmp_path / "mine.md"
    mine.write_text("---\ntitle: My own notes on Menaka\ndate: 2020-01-01\n---\nWritten by me in Menaka.\n")
    CliRunner().invoke(main, ["import", str(mine)])
    return {headline.title: headline.id for headline in Library(locations()).headlines()}


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def titles() -> set[str]:
    return {row["title"] for row in json.loads(run("list", "--json").stdout)}


def test_old_feed_articles_go_and_what_the_user_made_or_marked_stays(fed: dict[str, str]) -> None:
    store = NotesStore.open(locations().notes_db)
    store.mark_all_read(fed.values())
    noted = fed["Crue du fleuve à Mopti"]
    text = "Un compte rendu"
    store.add_annotation(noted, make_selector(text, 0, len(text)), "à relire")
    store.set_bookmark(fed["Marché de Gao rouvert"])
    drafts = locations().drafts_dir
    drafts.mkdir(parents=True, exist_ok=True)
    (drafts / "2026-03-09-1200-1-abc.json").write_text(json.dumps({"article_id": fed["Convoy reaches Kidal"]}))
    store.mark_unread(fed["Talks resume in Niamey"])

    listed = run("prune", "--before", "2026-04", "--dry-run")
    assert listed.exit_code == 0 and "0 articles from feeds dated before 2026-04-01 would be removed" in listed.output
    assert (
        "3 articles with notes, bookmarks or a note being written kept" in listed.output
        and "1 unread article kept" in listed.output
    )
    assert titles() >= set(fed), "a dry run removes nothing"

    refused = CliRunner().invoke(main, ["prune", "--before", "2026-04", "--include-unread"], input="")
    assert refused.exit_code == 1 and "nothing removed" in refused.output and "Talks resume in Niamey" in titles()
    done = run("prune", "--before", "2026-04", "--include-unread", "--yes")
    assert done.exit_code == 0 and "removed 1 article" in done.output
    assert titles() == set(fed) - {"Talks resume in Niamey"}
    assert "My own notes on Menaka" in titles(), "a file imported by hand is never pruned, however old"


def test_a_removed_entry_is_not_fetched_again_and_the_index_forgets_it(fed: dict[str, str]) -> None:
    assert run("search", "--json", "kidal").stdout.count(fed["Convoy reaches Kidal"]) == 1
    NotesStore.open(locations().notes_db).mark_all_read(fed.values())
    assert run("prune", "--before", "2026-03-05", "--yes").exit_code == 0
    assert titles() == set(fed) - {"Crue du fleuve à Mopti", "Marché de Gao rouvert", "Convoy reaches Kidal"}
    assert json.loads(run("search", "--json", "kidal").stdout) == []
    with HTTPServer(host="127.0.0.1", port=0) as server:
        server.expect_request("/news.rss").respond_with_data(
            rss_of(ENTRIES, "Dépêches"), content_type="application/rss+xml"
        )
        library = Library(locations())
        feed = Subscriptions(library.catalog).all()[0]
        Subscriptions(library.catalog).update(feed.id, url=server.url_for("/news.rss"))
        (report,) = fetch_feeds(library, retry_backoff=0)
    assert report.new == 0 and "Convoy reaches Kidal" not in titles()
    (listed,) = json.loads(run("feeds", "list", "--json").stdout)
    assert listed["articles"] == 2, "the feed counts the articles it sent that are still there"
