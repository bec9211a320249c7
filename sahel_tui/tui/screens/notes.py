"""Every annotation, fuzzy-filterable as you type; orphaned ones (passage not found) listed apart."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from sahel_tui.console import safe_text
from sahel_tui.notes.passages import PlacedAnnotation


class NotesScreen(Screen[str | None]):
    """Dismisses with the chosen annotation's id (the caller opens its article at the passage)."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("down", "focus_list", "List", show=False),
    ]

    def __init__(self, load: Callable[[str], list[PlacedAnnotation]], titles: Callable[[str], str]) -> None:
        """``load(filter)`` returns matching annotations with their anchoring (run on every keystroke)."""
        super().__init__()
        self._load = load
        self._titles = titles

    def compose(self) -> ComposeResult:
        with Vertical(id="notes-pane"):
            yield Static(Text("Annotations", style="bold"), id="notes-title")
            yield Input(placeholder="Filter notes, quotes and tags (typos are fine)", id="notes-filter")
            yield OptionList(id="notes-list")
        yield Footer()

    def on_mount(self) -> None:
        self.app.apply_cursor_blink(self)
        self._fill("")
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if options.highlighted is None and options.option_count:
            options.action_first()

    def _fill(self, text: str) -> None:
        placed = self._load(text)
        anchored = [p for p in placed if not p.orphaned]
        orphaned = [p for p in placed if p.orphaned]
        options: list[Option | None] = []
        for heading, group in (("Annotations", anchored), ("Orphaned — passage no longer found", orphaned)):
            if not group:
                continue
            if options:
                options.append(None)
            options.append(Option(Text(f"{heading} ({len(group)})", style="bold underline"), disabled=True))
            options += [Option(self._label(p), id=p.annotation.id) for p in group]
        if not options:
            options.append(Option(Text("No annotation matches." if text else "No annotations yet.", style="italic")))
        options_list = self.query_one(OptionList)
        options_list.set_options(options)

    def _label(self, placed: PlacedAnnotation) -> Text:
        a = placed.annotation
        label = safe_text(self._titles(a.article_id), "bold")
        label.append("\n")
        label.append_text(safe_text(f"“{a.quote[:160]}”", "italic"))
        if a.note:
            label.append("\n")
            label.append_text(safe_text(a.note[:240]))
        if a.tags:
            label.append("\n")
            label.append_text(safe_text(" ".join(f"#{t}" for t in a.tags), "dim"))
        return label

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id)

    def action_focus_list(self) -> None:
        self.query_one(OptionList).focus()

    def action_back(self) -> None:
        self.dismiss(None)
