"""Every key, by pane."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from sahel_tui.tui.screens.closing import ClosesOnce

KEYS: list[tuple[str, list[tuple[str, str, str | None]]]] = [
    ("Anywhere", [
        ("/", "search (every keystroke updates the list; typos are fine)", "search"),
        ("tab / shift+tab", "next / previous pane: list → reader → entities", "next-pane"),
        ("b", "bookmark / unbookmark the current article", "bookmark"),
        ("B", "show bookmarked articles only (again: all)", "bookmarked-only"),
        ("e", "entity sidebar (shows it if hidden)", "entities"),
        ("E", "the entities across every article listed (the query, since:7d, a feed…); enter narrows the list to "
              "one", "entity-overview"),
        ("m", "all annotations", "notes"),
        ("r", "fetch every feed in the background (the list fills in as each feed is done)", "fetch"),
        ("R", "fetch the feeds that sent the current article", "fetch-current"),
        ("f", "feeds and saved searches: unread counts, last fetch, errors; enter lists one's articles", "feeds"),
        ("S", "save the search the list answers under a name (the feeds view lists it, with its unread count)",
         "save-search"),
        ("u", "mark the highlighted (or open) article read / unread", "toggle-read"),
        ("U", "show unread articles only (again: all)", "unread-only"),
        ("A", "mark every article the list answers read (asks first, with the count): catching up after a fetch",
         "mark-listed-read"),
        ("s", "sort the list by the articles' own dates (again: by when added)", "sort"),
        ("] / [", "open the next / previous article in the list (from the reader too)", "next-article"),
        ("? / f1", "this help (j / k, space, g / G scroll it)", "help"),
        ("ctrl+p", "command palette: open article, go to entity, export notes, theme, sidebar", None),
        ("q", "quit from the main screen; on any other screen or dialog: close it", "quit"),
        ("Q / ctrl+q", "quit from anywhere (a note being typed is kept as a draft)", "quit-anywhere"),
    ]),
    ("Search box", [
        ("enter", "go to the list (enter again opens the top hit, even before it is listed)", "search.submit"),
        ("escape", "leave the search box", "search.leave"),
        ("↑ / ↓", "the queries typed lately, older / newer (those beginning with what is typed, if anything is)",
         "search.older"),
        ("filters", "entity:jnim  by:name  is:bookmarked  is:unread  has:note  feed:name  tag:t  since:7d  "
                    "before:2026-11  \"a phrase\"  -word (excludes); a value with spaces in quotes: "
                    "tag:\"mali centre\"", None),
    ]),
    ("Article list", [
        ("j / k, ↓ / ↑", "move", "list.down"),
        ("g / G", "first / last", "list.top"),
        ("pgup / pgdn", "a screen of articles up / down", "list.page-down"),
        ("enter", "open in the reader (or click a row, then click it again)", "list.open"),
        ("escape", "clear the search: every article again", "list.clear-search"),
    ]),
    ("Reader", [
        ("j / k, ↓ / ↑", "move the passage cursor sentence by sentence", "reader.next-sentence"),
        ("space / ctrl+f, ctrl+b", "page down / up (the cursor follows)", "reader.page-down"),
        ("ctrl+d / ctrl+u", "half a page down / up", "reader.half-page-down"),
        ("J / K", "extend / shrink the selection by a sentence", "reader.extend"),
        ("a", "annotate the selection (or text selected with the mouse); on an annotation: edit it",
         "reader.annotate"),
        ("d", "delete the annotation under the cursor (asks first)", "reader.delete-note"),
        ("y", "copy the selection as a quotation citing the article (title, source, date, address)", "reader.copy"),
        ("n / N", "next / previous search match or entity mention", "reader.next-match"),
        ("o", "open the article's web address in the browser", "reader.open-source"),
        ("escape", "clear the selection and entity highlights; with none, back to the list", "reader.clear"),
        ("g / G", "first / last sentence", "reader.top"),
        ("click", "put the cursor on a sentence", None),
    ]),
    ("Entity sidebar", [
        ("j / k, ↓ / ↑", "move", "entities.down"),
        ("g / G", "first / last", "entities.top"),
        ("enter", "list the articles that mention this entity (entity:<id>)", "entities.filter-list"),
        ("space", "highlight its mentions in the reader (then n / N)", "entities.show-mentions"),
        ("escape", "back to the article (a sidebar shown by e on a narrow terminal is put away)", "entities.back"),
    ]),
    ("Feeds view", [
        ("j / k, g / G", "move", "feeds.down"),
        ("enter", "list the articles of the feed (feed:<number> in the search box) or the saved search (its query)",
         None),
        ("A", "mark every article of the feed or the saved search read (asks first, with the count)",
         "feeds.mark-read"),
        ("d", "delete the saved search, or unsubscribe from the feed (asks first; the articles stay)",
         "feeds.delete-search"),
        ("a", "subscribe to a feed, or to the one a site's page links to, and fetch it", "feeds.subscribe"),
        ("n", "rename the feed (empty: the title it sends)", "feeds.rename"),
        ("t", "set the feed's tags, separated by commas (tag:NAME lists the feeds with one)", "feeds.tags"),
        ("x", "disable the feed (fetches leave it out) / enable it again", "feeds.toggle"),
        ("r / R", "fetch every feed / the highlighted one", "fetch"),
        ("q / escape", "back to the articles", "feeds.back"),
    ]),
    ("Entities listed (E)", [
        ("j / k, g / G", "move", "overview.down"),
        ("enter", "list the articles that mention it among those listed", None),
        ("q / escape", "back to the articles", "overview.back"),
    ]),
    ("Annotation editor", [
        ("ctrl+s", "save", None), ("escape", "cancel (asks before discarding typed text)", None),
        ("tab", "note ⇄ tags", None),
    ]),
    ("Annotations screen", [
        ("/", "filter (type; enter opens the first match, escape or ↓ back to the list)", "notes.filter"),
        ("j / k, g / G", "move in the list", "notes.down"),
        ("enter", "open the article at the passage", None),
        ("d", "delete the highlighted annotation (asks first)", "notes.delete"),
        ("q / escape", "back to the articles", "notes.back"),
    ]),
]  # fmt: skip
"""(keys as shipped, what they do, the binding id that ``[keys]`` in config.toml can remap)."""


class HelpScreen(ClosesOnce, ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", priority=True),
        Binding("j,down", "scroll(1)", "Down", show=False),
        Binding("k,up", "scroll(-1)", "Up", show=False),
        Binding("space,ctrl+f,pagedown", "scroll(20)", "Page down", show=False),
        Binding("ctrl+b,pageup", "scroll(-20)", "Page up", show=False),
        Binding("g,home", "scroll(-100000)", "Top", show=False),
        Binding("G,end", "scroll(100000)", "Bottom", show=False),
    ]

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-dialog").scroll_relative(y=lines, animate=False, immediate=True)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog"):
            yield Static(Text("sahel-tui keys", style="bold"), id="help-title")
            yield Static(self._table(self.app.size.width), id="help-table")

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#help-table", Static).update(self._table(event.size.width))

    def _table(self, screen_width: int) -> Table:
        config = getattr(self.app, "config", None)
        remapped = {k: [key.strip() for key in v.split(",")] for k, v in (config.keys if config else {}).items()}
        return keys_table(remapped, ids_apart=dialog_width(screen_width) >= IDS_APART_FROM)

    async def action_dismiss(self, result=None) -> None:
        self.dismiss(None)


IDS_APART_FROM = 96
"""The dialog's width (columns inside its border and padding) from which the binding ids get a column of their
own; narrower, an id follows what its key does — as a column it left the descriptions 8 columns at 80."""


def dialog_width(screen_width: int) -> int:
    """The help dialog's width inside its border and padding (see ``#help-dialog`` in app.tcss)."""
    return min(screen_width * 9 // 10, 110) - 2 - 4


def keys_table(remapped: dict[str, list[str]], ids_apart: bool) -> Table:
    """Every key by pane: as shipped or as ``remapped`` in config.toml, what it does, and the id to remap it by."""
    table = Table(show_header=False, box=None, expand=True, padding=(0, 2))
    table.add_column("key", style="bold", max_width=24)
    table.add_column("does", ratio=1)
    if ids_apart:
        table.add_column("id", style="dim", no_wrap=True)
    rest = ("",) * (len(table.columns) - 1)
    for pane, keys in KEYS:
        table.add_row(Text(pane, style="bold underline"), *rest)
        for key, does, binding_id in keys:
            shown = Text(", ".join(remapped[binding_id]) if binding_id in remapped else key)
            if binding_id in remapped:
                shown.append("  (remapped)", style="italic")
            if ids_apart:
                table.add_row(shown, does, binding_id or "")
            else:
                table.add_row(shown, Text.assemble(does, ("  " + binding_id if binding_id else "", "dim")))
        table.add_row("", *rest)
    return table
