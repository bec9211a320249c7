"""Every annotation, fuzzy-filterable as you type; orphaned ones (passage not found) listed apart.

Keys as on the main screen: the list has the focus and its letters are commands (``q`` closes), ``/`` goes to the
filter, where letters are text, enter opens the first match and escape goes back to the list.

Filtering and placing thousands of notes takes time, so it runs in a worker thread and only the answer to the
latest keystroke is shown; the list shows the first few hundred matches and says how many more there are.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from sahel_tui.console import safe_text
from sahel_tui.notes.passages import PlacedAnnotation
from sahel_tui.textclean import clipped
from sahel_tui.tui.screens.closing import ClosesOnce
from sahel_tui.tui.screens.confirm import ConfirmScreen

MAX_LISTED = 300
"""Annotations listed at once; more are counted, and typing narrows them."""


class NotesScreen(ClosesOnce, Screen[str | None]):
    """Dismisses with the chosen annotation's id (the caller opens its article at the passage)."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="notes.back"),
        Binding("q", "back", "Back", show=False, id="notes.close"),  # a q typed in the filter stays text
        # priority: taken as it arrives, so the letters typed right behind it reach the filter, not the list
        Binding("slash", "focus_filter", "Filter", priority=True, id="notes.filter"),
        Binding("down", "focus_list", "List", show=False, id="notes.to-list"),
        Binding("j", "cursor(1)", "Down", show=False, id="notes.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="notes.up"),
        Binding("g", "cursor_end(0)", "Top", show=False, id="notes.top"),
        Binding("G", "cursor_end(1)", "Bottom", show=False, id="notes.bottom"),
        Binding("d", "delete", "Delete", id="notes.delete"),
    ]

    def __init__(
        self,
        load: Callable[[str], list[PlacedAnnotation]],
        titles: Callable[[str], str],
        delete: Callable[[str], bool] | None = None,
    ) -> None:
        """``load(filter)`` returns matching annotations with their anchoring (run on every keystroke);
        ``delete(id)`` deletes one through the store and says whether it was committed."""
        super().__init__()
        self._load = load
        self._titles = titles
        self._delete = delete
        self._filter = ""
        self._serial = 0
        self._shown_serial = -1
        self._open_first_when_filled = False
        self._keep_highlighted: str | None = None

    class Filled(Message):
        def __init__(self, serial: int, text: str, placed: list[PlacedAnnotation]) -> None:
            super().__init__()
            self.serial, self.text, self.placed = serial, text, placed

    def compose(self) -> ComposeResult:
        with Vertical(id="notes-pane"):
            yield Static(Text("Annotations", style="bold"), id="notes-title")
            yield Input(placeholder="Filter notes, quotes and tags (typos are fine)", id="notes-filter")
            yield OptionList(id="notes-list")
        yield Footer()

    def on_mount(self) -> None:
        self.app.apply_cursor_blink(self)
        self._fill("")
        self.query_one(OptionList).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._filter = event.value
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter opens the first match (as in fzf); with none, the list takes the focus."""
        if self._shown_serial != self._serial:
            self._open_first_when_filled = True  # the list is not yet the answer to what was typed
            return
        self._open_first()

    def _open_first(self) -> None:
        options = self.query_one(OptionList)
        first = next((options.get_option_at_index(i) for i in range(options.option_count)
                      if options.get_option_at_index(i).id), None)  # fmt: skip
        if first is not None:
            self.dismiss(first.id)
            return
        self.action_focus_list()

    def _movable(self) -> OptionList | None:
        """The list, when it has the focus (in the filter box, letters are text)."""
        options = self.query_one(OptionList)
        return options if options.has_focus else None

    def action_cursor(self, step: int) -> None:
        if (options := self._movable()) is not None:
            options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def action_cursor_end(self, last: int) -> None:
        if (options := self._movable()) is not None:
            options.action_last() if last else options.action_first()

    def action_delete(self) -> None:
        options = self._movable()
        if options is None or self._delete is None or options.highlighted is None:
            return
        option = options.get_option_at_index(options.highlighted)
        if not option.id:
            return
        question = Text("Delete this annotation?\n\n", style="bold")
        question.append_text(option.prompt.copy() if isinstance(option.prompt, Text) else Text(str(option.prompt)))

        def answered(yes: bool | None) -> None:
            if yes and self._delete(option.id):
                self.notify("Annotation deleted.", timeout=2)
                self._fill(self._filter)

        self.app.push_screen(ConfirmScreen(question), answered)

    def _fill(self, text: str) -> None:
        self._serial += 1
        self._load_in_thread(self._serial, text)

    def list_again(self) -> None:
        """The notes read again (another reader changed them), the same filter, the cursor on the same note."""
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self._keep_highlighted = options.get_option_at_index(options.highlighted).id
        self._fill(self._filter)

    @work(thread=True, exclusive=True, group="notes-filter", exit_on_error=False)
    def _load_in_thread(self, serial: int, text: str) -> None:
        self.post_message(self.Filled(serial, text, self._load(text)))

    @property
    def takes_keys(self) -> bool:
        """Keys typed before the notes are first listed wait for them: `m` then enter opens the newest note."""
        return self._shown_serial >= 0

    def on_notes_screen_filled(self, message: Filled) -> None:
        if message.serial != self._serial:
            return  # an older keystroke's answer
        self._show(message.text, message.placed)
        self._shown_serial = message.serial
        options = self.query_one(OptionList)
        kept, self._keep_highlighted = self._keep_highlighted, None
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        if kept is not None and kept in ids:
            options.highlighted = ids.index(kept)
        if options.has_focus and options.highlighted is None:
            self.action_focus_list()  # the first annotation is under the cursor
        self.app.keys_go_on(self)
        if self._open_first_when_filled:
            self._open_first_when_filled = False
            self._open_first()

    def _show(self, text: str, placed: list[PlacedAnnotation]) -> None:
        more = max(0, len(placed) - MAX_LISTED)
        placed = placed[:MAX_LISTED]
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
        if more:
            options.append(Option(Text(f"… {more:,} more: type to narrow", style="italic dim"), disabled=True))
        if not options:
            options.append(Option(Text("No annotation matches." if text else "No annotations yet.", style="italic")))
        options_list = self.query_one(OptionList)
        options_list.set_options(options)

    def _label(self, placed: PlacedAnnotation) -> Text:
        a = placed.annotation
        label = safe_text(self._titles(a.article_id), "bold")
        label.append("\n")
        label.append_text(safe_text(f"“{clipped(a.quote, 160)}”", "italic"))
        if a.note:
            label.append("\n")
            label.append_text(safe_text(clipped(a.note, 240)))
        if a.tags:
            label.append("\n")
            label.append_text(safe_text(" ".join(f"#{t}" for t in a.tags), "dim"))
        return label

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id)

    def action_focus_list(self) -> None:
        options = self.query_one(OptionList)
        self.set_focus(options)
        if options.highlighted is None:
            options.highlighted = next(
                (i for i in range(options.option_count) if options.get_option_at_index(i).id), None
            )

    def action_focus_filter(self) -> None:
        box = self.query_one(Input)
        if box.has_focus:
            raise SkipAction()  # a "/" typed in the filter is text
        self.set_focus(box)

    def action_back(self) -> None:
        """Escape in the filter goes back to the list (the filter stays); from the list, it closes."""
        if self.query_one(Input).has_focus and self.focused is not None:
            self.action_focus_list()
            return
        self.dismiss(None)
