"""Every key, by pane."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Anywhere", [
        ("/", "search (every keystroke updates the list; typos are fine)"),
        ("tab / shift+tab", "next / previous pane: list → reader → entities"),
        ("b", "bookmark / unbookmark the current article"),
        ("B", "show bookmarked articles only (again: all)"),
        ("e", "entity sidebar (shows it if hidden)"),
        ("m", "all annotations"),
        ("? / f1", "this help"),
        ("ctrl+p", "command palette: open article, go to entity, export notes, theme, sidebar"),
        ("q", "quit (outside text fields)"),
    ]),
    ("Search box", [
        ("enter", "go to the list"),
        ("escape", "leave the search box"),
        ("entity:jnim  by:name  is:bookmarked  has:note", "filters; \"a phrase\"; -word excludes"),
    ]),
    ("Article list", [
        ("j / k, ↓ / ↑", "move"),
        ("g / G", "first / last"),
        ("enter", "open in the reader (or click a row, then click it again)"),
    ]),
    ("Reader", [
        ("j / k, ↓ / ↑", "move the passage cursor sentence by sentence"),
        ("J / K", "extend / shrink the selection by a sentence"),
        ("a", "annotate the selection (or text selected with the mouse); on an annotation: edit it"),
        ("d", "delete the annotation under the cursor (asks first)"),
        ("n / N", "next / previous search match or entity mention"),
        ("escape", "clear the selection and entity highlights"),
        ("g / G", "first / last sentence"),
        ("click", "put the cursor on a sentence"),
    ]),
    ("Entity sidebar", [
        ("j / k, ↓ / ↑", "move"),
        ("enter", "list the articles that mention this entity (entity:<id>)"),
        ("space", "highlight its mentions in the reader (then n / N)"),
    ]),
    ("Annotation editor", [
        ("ctrl+s", "save"), ("escape", "cancel (asks before discarding typed text)"), ("tab", "note ⇄ tags"),
    ]),
    ("Annotations screen", [("type", "filter"), ("enter", "open the article at the passage"), ("escape", "back")]),
]  # fmt: skip


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close", priority=True)]

    def compose(self) -> ComposeResult:
        table = Table(show_header=False, box=None, expand=True, padding=(0, 2))
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("does")
        for pane, keys in KEYS:
            table.add_row(Text(pane, style="bold underline"), "")
            for key, does in keys:
                table.add_row(key, does)
            table.add_row("", "")
        with VerticalScroll(id="help-dialog"):
            yield Static(Text("sahel-tui keys", style="bold"), id="help-title")
            yield Static(table, id="help-table")

    async def action_dismiss(self, result=None) -> None:
        self.dismiss(None)
