"""One line asked of the user, with a default they see and can change: where to export the notes, what to call a
saved search, a feed's name or tags. ``enter`` answers (an empty line answers nothing, unless the caller allows
it), ``escape`` cancels.

The screen only asks; the caller checks the answer (an export target, a name already taken) and acts.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label

from sahel_tui.tui.screens.closing import ClosesOnce


class AskLineScreen(ClosesOnce, ModalScreen[str | None]):
    """Returns the line typed, stripped (enter), or None (escape)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str | Text, prompt: str, default: str, allow_empty: bool = False) -> None:
        """``allow_empty``: an empty line is an answer too (no tags at all), not nothing."""
        super().__init__()
        self.title_text, self.prompt, self.default = title, prompt, default
        self.allow_empty = allow_empty

    def compose(self) -> ComposeResult:
        with Vertical(id="ask-line-dialog"):
            yield Label(self.title_text, id="ask-line-title", markup=False)
            yield Label(f"{self.prompt} (enter to confirm, escape to cancel):", markup=False)
            yield Input(self.default, id="ask-line")
        yield Footer()

    def on_mount(self) -> None:
        self.app.apply_cursor_blink(self)
        self.set_focus(self.query_one(Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if text or self.allow_empty:
            self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
