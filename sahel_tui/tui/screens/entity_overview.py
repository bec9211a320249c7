"""The entities across the articles listed: which armed groups, people, organisations and places the articles a
query finds (``since:30d``, ``feed:rfi``, a word) mention, and in how many of them.

``E`` opens it from the main screen; ``enter`` narrows the list to the chosen entity's articles (``entity:<id>``
added to the query; a name the gazetteer does not list is added as a phrase). Counting runs in a worker (every
article the query finds, past the list's first page); keys typed meanwhile wait for the rows.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.padding import Padding
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from sahel_tui.console import safe_text
from sahel_tui.entities.gazetteer import TYPES
from sahel_tui.textclean import counted
from sahel_tui.tui.screens.closing import ClosesOnce, ListScreenKeys
from sahel_tui.tui.widgets.steady_footer import SteadyFooter

ROWS_PER_KIND = 100
"""Entities listed of each kind, the most widespread: a big library names tens of thousands of people once or
twice, and listing them all held the screen for seconds."""

Overview = tuple[int | None, list[dict]]
"""(how many articles were counted, None for the whole library; per entity: id, name, type, articles, mentions)."""


class EntityOverviewScreen(ClosesOnce, ListScreenKeys, Screen[dict | None]):
    """Dismisses with the chosen entity's row (the caller narrows the list to it)."""

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="overview.back"),
        Binding("j", "cursor(1)", "Down", show=False, id="overview.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="overview.up"),
        Binding("g", "cursor_end(0)", "Top", show=False, id="overview.top"),
        Binding("G", "cursor_end(1)", "Bottom", show=False, id="overview.bottom"),
    ]

    class Filled(Message):
        def __init__(self, overview: Overview) -> None:
            super().__init__()
            self.overview = overview

    def __init__(self, load: Callable[[], Overview], query: str) -> None:
        """``load`` runs in a worker thread; ``query``: what the list answers, named in the title."""
        super().__init__()
        self._load = load
        self._query = query
        self._rows: dict[str, dict] = {}
        self.takes_keys = False
        """False until the entities are listed: `E`, `j` and enter typed together choose the second entity."""

    def compose(self) -> ComposeResult:
        with Vertical(id="overview-dialog"):
            yield Static(id="overview-title")
            yield OptionList(id="overview-list")
            yield Static("Counting…", id="overview-empty")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self._title("Counting the entities of the articles listed…")
        self.query_one(OptionList).focus()
        self._count()

    def _title(self, text: str) -> None:
        self.query_one("#overview-title", Static).update(safe_text(text, "bold"))

    @work(thread=True, group="overview-count", exit_on_error=False)
    def _count(self) -> None:
        self.post_message(self.Filled(self._load()))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self._take_keys()
            self.query_one("#overview-empty", Static).update(safe_text(f"Not counted: {event.worker.error}"))

    def _take_keys(self) -> None:
        if not self.takes_keys:
            self.takes_keys = True
            self.app.keys_go_on(self)

    def on_entity_overview_screen_filled(self, message: Filled) -> None:
        self._take_keys()
        articles, rows = message.overview
        where = "across the library" if articles is None else f"in the {counted(articles, 'article')} listed"
        asked = f" ({self._query.strip()})" if self._query.strip() else ""
        self._title(f"Entities {where}{asked} — enter lists an entity's articles")
        empty = self.query_one("#overview-empty", Static)
        if not rows:
            empty.update(Text("No entity is mentioned in these articles."))
            return
        empty.display = False
        self._rows = {row["id"]: row for row in rows}
        options: list[Option] = []
        by_kind: dict[str, list[dict]] = {}
        for row in rows:  # most widespread first, and so within each kind
            by_kind.setdefault(row["type"], []).append(row)
        for kind, heading in TYPES.items():
            group = by_kind.get(kind, [])
            if group:
                options.append(Option(Text(heading, style="bold underline"), disabled=True))
                options += [Option(self._label(row), id=row["id"]) for row in group[:ROWS_PER_KIND]]
            if len(group) > ROWS_PER_KIND:
                rest = group[ROWS_PER_KIND:]
                most = max(row["articles"] for row in rest)
                more = f"  … and {len(rest):,} more, in {counted(most, 'article')} at most each"
                options.append(Option(Text(more, style="dim italic"), disabled=True))
        listing = self.query_one(OptionList)
        listing.add_options(options)
        listing.highlighted = 1

    @staticmethod
    def _label(row: dict) -> Padding:
        """The entity's name and counts, under its kind's heading; a long name's next line indented as its first."""
        label = safe_text(row["name"])
        mentions = counted(row["mentions"], "mention")
        label.append_text(safe_text(f"  {counted(row['articles'], 'article')} · {mentions}", "dim"))
        return Padding(label, (0, 0, 0, 2))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self._rows[event.option.id])
