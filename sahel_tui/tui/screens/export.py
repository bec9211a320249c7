"""Where to export the notes: a path the user sees and can change; an existing file is replaced only after a yes.

The screen only asks; the caller checks the target (``notes.export.check_export_target``) and writes.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label

from sahel_tui.tui.screens.closing import ClosesOnce


class ExportScreen(ClosesOnce, ModalScreen[Path | None]):
    """Returns the chosen path (enter), or None (escape)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, default: Path) -> None:
        super().__init__()
        self.title_text, self.default = title, default

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog"):
            yield Label(self.title_text, id="export-title")
            yield Label("Write to (enter to confirm, escape to cancel):")
            yield Input(str(self.default), id="export-path")
        yield Footer()

    def on_mount(self) -> None:
        self.app.apply_cursor_blink(self)
        self.set_focus(self.query_one(Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if text:
            self.dismiss(Path(text).expanduser())

    def action_cancel(self) -> None:
        self.dismiss(None)
