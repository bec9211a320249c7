"""The annotation modal: the quote, a note, tags. ``ctrl+s`` saves, ``escape`` cancels.

Saving is the caller's job (it commits through the notes store); the modal closes only when the caller says the
note was committed, so a store error leaves everything the user typed where it was. Until then the typed text is
also handed to ``keep`` a moment after each change (the caller writes it to the draft file), so a quit, a closed
terminal or a crash cannot take it. ``escape`` on changed text asks before discarding it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea
from textual.widgets.text_area import Selection

from sahel_tui.console import safe_text
from sahel_tui.tui.screens.closing import ClosesOnce
from sahel_tui.tui.screens.confirm import ConfirmScreen
from sahel_tui.tui.widgets.steady_footer import SteadyFooter

KEEP_DELAY = 0.5
"""Most seconds a change waits before the draft is written to disk, however steadily the typing goes on."""


@dataclass(frozen=True)
class NoteDraft:
    note: str
    tags: tuple[str, ...]


EMPTY = NoteDraft("", ())


def split_tags(typed: str) -> tuple[str, ...]:
    """``africa corps, menaka`` -> two tags; ``security menaka`` (no comma) -> two tags, one per word."""
    parts = typed.split(",") if "," in typed else typed.split()
    return tuple(" ".join(part.split()) for part in parts if part.strip())


QUOTE_GOES_ON = "… the quote goes on: shift+tab, then ↓ / pgdn"


class AnnotateScreen(ClosesOnce, ModalScreen[NoteDraft | None]):
    AUTO_FOCUS = "#annotate-note"
    # Not priority bindings: those run as the key arrives, ahead of the keys typed just before it, which are
    # still queued for the text area, so a fast typist's last words would be missing from the saved note.
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        quote: str,
        save: Callable[[NoteDraft], bool],
        *,
        draft: NoteDraft = EMPTY,
        stored: NoteDraft = EMPTY,
        editing: bool = False,
        keep: Callable[[NoteDraft], bool] | None = None,
        discard: Callable[[], None] | None = None,
    ) -> None:
        """``save`` commits a draft and returns True once it is stored (False: keep the modal open).

        ``draft`` is what the fields start with, ``stored`` what the store holds (they differ for a draft brought
        back from the last session); ``keep`` writes an unsaved draft to disk (returning whether it could) and
        ``discard`` forgets it.
        """
        super().__init__()
        self.quote, self.editing = quote, editing
        self.initial, self.stored = draft, stored
        self._save, self._keep, self._discard = save, keep, discard
        self._kept: NoteDraft | None = None
        self._kept_ok = True
        self._rescued = False
        self._keep_timer = None
        self.note_field = TextArea(draft.note, id="annotate-note", soft_wrap=True, show_line_numbers=False)
        self.note_field.selection = Selection.cursor(self.note_field.document.end)  # go on where the note ends

    def compose(self) -> ComposeResult:
        with Vertical(id="annotate-dialog"):
            yield Label("Edit annotation" if self.editing else "Annotate passage", id="annotate-title")
            # a long quote scrolls: with the mouse, or from the keyboard once focused (shift+tab from the note)
            with VerticalScroll(id="annotate-quote-box"):
                yield Static(safe_text(f"“{self.quote}”", "italic"), id="annotate-quote")
            yield Static(QUOTE_GOES_ON, id="annotate-quote-more")
            yield Label("Note")
            yield self.note_field
            yield Label("Tags (separated by commas; with none, each word is a tag)")
            yield Input(", ".join(self.initial.tags), id="annotate-tags", placeholder="e.g. security, menaka")
        yield SteadyFooter()

    SHORT_ROWS = 30
    """Below this many rows the dialog packs itself so the note box and the tags field are always visible."""

    def on_resize(self, event) -> None:
        self.set_class(event.size.height < self.SHORT_ROWS, "short")
        self.call_after_refresh(self._say_if_the_quote_goes_on)

    def _say_if_the_quote_goes_on(self) -> None:
        box = self.query_one("#annotate-quote-box", VerticalScroll)
        self.query_one("#annotate-quote-more").display = box.max_scroll_y > 0

    def on_mount(self) -> None:
        self.set_class(self.app.size.height < self.SHORT_ROWS, "short")
        self.app.apply_cursor_blink(self)
        self.call_after_refresh(self._say_if_the_quote_goes_on)

    def draft(self) -> NoteDraft:
        return NoteDraft(self.note_field.text, split_tags(self.query_one("#annotate-tags", Input).value))

    @property
    def unsaved(self) -> bool:
        """Whether the fields hold something the store does not."""
        return self.draft() != self.stored

    @property
    def text_is_safe(self) -> bool:
        """Whether quitting now would lose nothing: the text is stored, kept as a draft, or written elsewhere."""
        draft = self.draft()
        return self._rescued or draft == self.stored or (draft == self._kept and self._kept_ok)

    def mark_rescued(self) -> None:
        self._rescued = True

    @on(TextArea.Changed)
    @on(Input.Changed)
    def _changed(self) -> None:
        # a throttle, not a debounce: steady typing still reaches the disk every KEEP_DELAY seconds
        if self._keep_timer is None:
            self._keep_timer = self.set_timer(KEEP_DELAY, self.keep_draft)

    def _stop_keep_timer(self) -> None:
        if self._keep_timer is not None:
            self._keep_timer.stop()
            self._keep_timer = None

    def keep_draft(self) -> None:
        """Write the unsaved text to disk now (also called when the app quits with this modal open)."""
        self._stop_keep_timer()
        draft = self.draft()
        if draft == self._kept:
            return
        if draft != self.stored and self._keep is not None:
            self._kept_ok = self._keep(draft)
        elif draft == self.stored and self._discard is not None:
            self._discard()
            self._kept_ok = True
        self._kept = draft

    def action_save(self) -> None:
        self.keep_draft()  # if the store refuses it, the words are on disk all the same
        draft = self.draft()
        if self._save(draft):
            self._forget()
            self.dismiss(draft)

    def action_cancel(self) -> None:
        if not self.unsaved:
            self._forget()
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self._forget()
                self.dismiss(None)

        question = Text("Discard the note you typed?", style="bold")
        self.app.push_screen(ConfirmScreen(question, yes="Discard (y)", no="Keep writing (n)"), answered)

    def _forget(self) -> None:
        self._stop_keep_timer()
        if self._discard is not None:
            self._discard()
        self._kept = self.stored
