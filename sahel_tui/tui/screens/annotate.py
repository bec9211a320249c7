"""The annotation modal: the quote, a note, tags. ``ctrl+s`` saves, ``escape`` cancels.

Saving is the caller's job (it commits through the notes store); the modal closes only when the caller says the
note was committed, so a store error leaves everything the user typed where it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static, TextArea

from sahel_tui.console import safe_text


@dataclass(frozen=True)
class NoteDraft:
    note: str
    tags: tuple[str, ...]


class AnnotateScreen(ModalScreen[NoteDraft | None]):
    # Not priority bindings: those run as the key arrives, ahead of the keys typed just before it, which are
    # still queued for the text area, so a fast typist's last words would be missing from the saved note.
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self, quote: str, save: Callable[[NoteDraft], bool], note: str = "", tags: tuple[str, ...] = (), editing=False
    ) -> None:
        """``save`` commits the draft and returns True once it is stored (False: keep the modal open)."""
        super().__init__()
        self.quote, self.note, self.tags, self.editing = quote, note, tags, editing
        self._save = save

    def compose(self) -> ComposeResult:
        with Vertical(id="annotate-dialog"):
            yield Label("Edit annotation" if self.editing else "Annotate passage", id="annotate-title")
            yield Static(safe_text(f"“{self.quote}”", "italic"), id="annotate-quote")
            yield Label("Note")
            yield TextArea(self.note, id="annotate-note", soft_wrap=True, show_line_numbers=False)
            yield Label("Tags (space or comma separated)")
            yield Input(" ".join(self.tags), id="annotate-tags", placeholder="e.g. security menaka")
        yield Footer()

    def on_mount(self) -> None:
        self.app.apply_cursor_blink(self)
        self.query_one(TextArea).focus()

    def draft(self) -> NoteDraft:
        tags = self.query_one("#annotate-tags", Input).value.replace(",", " ").split()
        return NoteDraft(self.query_one(TextArea).text, tuple(tags))

    def action_save(self) -> None:
        draft = self.draft()
        if self._save(draft):
            self.dismiss(draft)

    def action_cancel(self) -> None:
        self.dismiss(None)
