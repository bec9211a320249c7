"""The entity sidebar: who and what the open article mentions, grouped by type, with mention counts."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from sahel_tui.console import safe_text
from sahel_tui.entities.gazetteer import TYPES
from sahel_tui.entities.summary import EntitySummary


class EntitySidebar(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="entities.down"),
        Binding("k", "cursor_up", "Up", show=False, id="entities.up"),
        Binding("g", "first", "Top", show=False, id="entities.top"),
        Binding("G", "last", "Bottom", show=False, id="entities.bottom"),
        Binding("space", "highlight_mentions", "Show mentions", id="entities.show-mentions"),
        Binding("enter", "select", "Filter list", id="entities.filter-list"),
    ]

    class FilterByEntity(Message):
        def __init__(self, entity_id: str) -> None:
            super().__init__()
            self.entity_id = entity_id

    class HighlightEntity(Message):
        def __init__(self, entity_id: str) -> None:
            super().__init__()
            self.entity_id = entity_id

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.border_title = "Entities"

    def show_entities(self, summaries: list[EntitySummary]) -> None:
        """Entities grouped by type with their mentions in the article's text; those named only in the related
        headlines below the article come last, under their own heading, so every count points at visible text."""
        options: list[Option | None] = []
        group = None
        in_text = [s for s in summaries if s.text_count]
        only_related = [s for s in summaries if not s.text_count]
        for summary in in_text + only_related:
            if not summary.text_count:
                heading = "Only in related headlines"
            else:
                heading = TYPES.get(summary.type, summary.type) if summary.listed else "Unlisted names"
            if heading != group:
                if group is not None:
                    options.append(None)
                options.append(Option(Text(heading, style="bold underline"), disabled=True))
                group = heading
            label = safe_text(summary.name)
            label.append(f"  {summary.text_count or summary.related_count}", style="dim")
            options.append(Option(label, id=summary.id))
        if not summaries:
            options.append(Option(Text("No entities found", style="dim italic"), disabled=True))
        self.set_options(options)
        if self.has_focus:
            self.action_first()

    def on_focus(self) -> None:
        """Focused with nothing highlighted (its first row is a heading): the first entity is, so ``enter`` and
        ``space`` act on what the user sees marked rather than on nothing."""
        if self.highlighted is None:
            self.action_first()

    def show_pending(self, what: str) -> None:
        self.set_options([Option(Text(what, style="dim italic"), disabled=True)])

    @property
    def highlighted_entity(self) -> str | None:
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.FilterByEntity(event.option.id))

    def action_highlight_mentions(self) -> None:
        if self.highlighted_entity:
            self.post_message(self.HighlightEntity(self.highlighted_entity))
