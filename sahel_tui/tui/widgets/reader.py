"""The reader pane: the open article with a sentence cursor, and its highlights layered in TCSS-defined styles.

Article text is only ever handed to Rich as ``Text`` objects (never markup). Every highlight is a span of the
article's anchor text (see :mod:`sahel_tui.reading`): search matches, the mentions of a chosen entity, annotated
passages (with a ✎ marker), and the cursor's selection. Clicking a sentence moves the cursor there.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Region
from textual.message import Message
from textual.widgets import Static

from sahel_tui.console import safe_text
from sahel_tui.model import Article
from sahel_tui.notes.anchor import occurrences
from sahel_tui.notes.store import Annotation
from sahel_tui.reading import Block, blocks, pieces, sentence_at, sentences, window
from sahel_tui.tui.widgets.article_parts import head, related_headlines, related_match_count, title_holds
from sahel_tui.tui.widgets.block_text import Layers, block_text
from sahel_tui.tui.widgets.reader_window import WindowedLayoutMixin


@dataclass(frozen=True)
class PlacedNote:
    annotation: Annotation
    start: int
    end: int


class BlockView(Static):
    """One standfirst or paragraph; its sentences carry click actions naming their index."""

    def __init__(self, block: Block, content: Text, **kwargs) -> None:
        super().__init__(content, **kwargs)
        self.block = block

    def action_pick(self, sentence: int) -> None:
        self.post_message(Reader.SentenceClicked(sentence))


class Reader(WindowedLayoutMixin, VerticalScroll, can_focus=True):
    """Scrollable article with a passage cursor (a sentence, extendable to several)."""

    COMPONENT_CLASSES = {"reader--cursor", "reader--match", "reader--mention", "reader--note", "reader--marker"}
    BINDINGS = [
        Binding("j,down", "next_sentence", "Next sentence", show=False, id="reader.next-sentence"),
        Binding("k,up", "previous_sentence", "Previous sentence", show=False, id="reader.previous-sentence"),
        Binding("J", "extend", "Extend", id="reader.extend"),
        Binding("K", "shrink", "Shrink", id="reader.shrink"),
        Binding("a", "annotate", "Annotate", id="reader.annotate"),
        Binding("d", "delete_note", "Delete note", id="reader.delete-note"),
        Binding("n", "next_match", "Next match", id="reader.next-match"),
        Binding("N", "previous_match", "Previous match", show=False, id="reader.previous-match"),
        Binding("escape", "clear", "Clear", show=False, id="reader.clear"),
        Binding("g,home", "first_sentence", "Top", show=False, id="reader.top"),
        Binding("G,end", "last_sentence", "Bottom", show=False, id="reader.bottom"),
        Binding("space,ctrl+f,pagedown", "page(1.0)", "Page down", show=False, id="reader.page-down"),
        Binding("ctrl+b,pageup", "page(-1.0)", "Page up", show=False, id="reader.page-up"),
        Binding("ctrl+d", "page(0.5)", "Half page down", show=False, id="reader.half-page-down"),
        Binding("ctrl+u", "page(-0.5)", "Half page up", show=False, id="reader.half-page-up"),
        Binding("o", "open_source", "Open source", show=False, id="reader.open-source"),
        Binding("y", "copy_passage", "Copy", show=False, id="reader.copy"),
    ]

    class SentenceClicked(Message):
        def __init__(self, sentence: int) -> None:
            super().__init__()
            self.sentence = sentence

    class AnnotateRequested(Message):
        """Annotate ``start:end`` of the anchor text (``existing`` when the cursor is on an annotation)."""

        def __init__(self, start: int, end: int, existing: Annotation | None) -> None:
            super().__init__()
            self.start, self.end, self.existing = start, end, existing

    class DeleteRequested(Message):
        def __init__(self, annotation: Annotation) -> None:
            super().__init__()
            self.annotation = annotation

    class CursorMoved(Message):
        def __init__(self, offset: int) -> None:
            super().__init__()
            self.offset = offset

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article: Article | None = None
        self.blocks: list[Block] = []
        self.sentences: list[tuple[int, int]] = []
        self._sentence_starts: list[int] = []
        self.cursor = 0
        self.anchor = 0
        self.matches: list[tuple[int, int]] = []
        self.mentions: list[tuple[int, int]] = []
        self._longest_span = 0
        self.related_words: set[str] = set()
        """Search words to highlight in the title and the related headlines (outside the article's text)."""
        self.related_mentions = 0
        """Mentions of the highlighted entity in the related headlines."""
        self.notes: list[PlacedNote] = []
        self._passages: list[tuple[int, int]] = []
        """The notes' passages, overlapping ones joined, in order: what is drawn (thousands of notes may overlap)."""
        self._passage_ends: list[int] = []
        self._note_ends: list[int] = []
        """Where a ✎ marker goes: each distinct end of a note, in order."""
        self._views: list[BlockView] = []
        """The laid-out pieces: ``self.blocks[first:end]`` for ``(first, end) = self._window``."""
        self._window = (0, 0)
        self.page_waiting = False
        """A page key waits for the article to be laid out (the screen holds the keys behind it meanwhile)."""
        self._block_starts: list[int] = []
        self._growing = False
        self._drawn_selection: tuple[int, int] | None = None

    class OpenSource(Message):
        def __init__(self, url: str) -> None:
            super().__init__()
            self.url = url

    def action_open_source(self) -> None:
        if self.article is None or not self.article.source_url:
            self.notify("This article has no source address.", severity="information", timeout=3)
            return
        self.post_message(self.OpenSource(self.article.source_url))

    def compose(self):
        yield Static("", id="reader-note")
        yield Static("Choose an article and press enter.", id="reader-head")
        yield Static(id="reader-above", classes="reader-edge")
        yield Vertical(id="reader-body")
        yield Static(id="reader-below", classes="reader-edge")
        yield Static(id="reader-related")

    # -- what is shown ------------------------------------------------------------------------------------------

    def show_article(
        self,
        article: Article,
        matches: list[tuple[int, int]] | None = None,
        notes: list[PlacedNote] | None = None,
        cursor_offset: int | None = None,
    ) -> None:
        """Show ``article``, laid out around the cursor (an enormous one a window at a time: see ``_lay_out``)."""
        self.article = article
        self.blocks = pieces(blocks(article))
        self._block_starts = [block.start for block in self.blocks]
        self.sentences = sentences(article)
        self._sentence_starts = [start for start, _ in self.sentences]
        self.matches = sorted(matches or [])
        self.mentions = []
        self._measure_spans()
        self.related_mentions = 0
        self._set_notes(notes or [])
        self.cursor = self.anchor = sentence_at(self.sentences, cursor_offset or 0) if self.sentences else 0
        self._lay_out(window(self.blocks, self.sentences[self.cursor][0] if self.sentences else 0))
        self._draw_around(article)
        self._show_note()
        self.call_after_refresh(self._scroll_to_cursor)

    def set_notes(self, notes: list[PlacedNote]) -> None:
        self._set_notes(notes)
        self._redraw()
        self._show_note()

    def set_mentions(self, mentions: list[tuple[int, int]]) -> None:
        self.mentions = sorted(mentions)
        self._measure_spans()
        self._redraw()

    def set_matches(self, matches: list[tuple[int, int]], related_words: set[str] | None = None) -> None:
        self.matches = sorted(matches)
        self._measure_spans()
        self._redraw()
        if related_words is not None and related_words != self.related_words and self.article is not None:
            self.related_words = related_words
            self._draw_around(self.article)

    def set_related_mentions(self, count: int) -> None:
        self.related_mentions = count

    @property
    def selection(self) -> tuple[int, int] | None:
        if not self.sentences:
            return None
        first, last = sorted((self.cursor, self.anchor))
        return self.sentences[first][0], self.sentences[last][1]

    @property
    def note_at_cursor(self) -> PlacedNote | None:
        selection = self.selection
        if selection is None:
            return None
        start, end = selection
        return next((note for note in self.notes if note.start < end and start < note.end), None)

    # -- keys ---------------------------------------------------------------------------------------------------

    def action_next_sentence(self) -> None:
        self._move(self.cursor + 1)

    def action_previous_sentence(self) -> None:
        self._move(self.cursor - 1)

    def action_first_sentence(self) -> None:
        self._move(0)
        self.scroll_home(animate=False)

    def action_last_sentence(self) -> None:
        self._move(len(self.sentences) - 1)
        self.call_after_refresh(self.scroll_end, animate=False)  # after the window, if it moved, is laid out

    def action_extend(self) -> None:
        if self.sentences and self.cursor < len(self.sentences) - 1 and self.cursor >= self.anchor:
            self.cursor += 1
            self._changed()

    def action_shrink(self) -> None:
        if self.cursor > self.anchor:
            self.cursor -= 1
            self._changed()

    @property
    def nothing_to_clear(self) -> bool:
        """No selection and no highlighted mentions: what escape clears here."""
        return self.anchor == self.cursor and not self.mentions

    def action_clear(self) -> None:
        self.anchor = self.cursor
        self.mentions = []
        self._redraw()

    def annotation_request(self) -> AnnotateRequested | None:
        """What `a` asks for here: the note under the cursor, else the selection (one made with the mouse first);
        None when there is nothing to annotate (said)."""
        note = self.note_at_cursor
        selection = self._mouse_selection() or self.selection
        if note is not None and self.cursor == self.anchor:
            return self.AnnotateRequested(note.start, note.end, note.annotation)
        if selection is not None:
            return self.AnnotateRequested(*selection, None)
        if self.article is not None:
            self.notify("This article has no text to annotate.", severity="warning")
        return None

    def action_annotate(self) -> None:
        request = self.annotation_request()
        if request is not None:
            self.post_message(request)

    def action_copy_passage(self) -> None:
        """``y``: the selection (one made with the mouse first) copied as a quotation citing the article."""
        from sahel_tui.citation import quotation

        selection = self._mouse_selection() or self.selection
        if self.article is None or selection is None:
            self.notify("Nothing to copy: open an article and select a passage.", severity="warning", timeout=3)
            return
        self.app.copy_to_clipboard(quotation(self.article, *selection))
        self.notify("Copied the passage, with its title, source and address.", timeout=3)

    def action_delete_note(self) -> None:
        note = self.note_at_cursor
        if note is None:
            self.notify("The cursor is not on an annotated passage.", severity="warning")
        else:
            self.post_message(self.DeleteRequested(note.annotation))

    def action_next_match(self) -> None:
        self._jump(forward=True)

    def action_previous_match(self) -> None:
        self._jump(forward=False)

    def on_reader_sentence_clicked(self, message: SentenceClicked) -> None:
        message.stop()
        self.focus()
        self._move(message.sentence)

    # -- internals ----------------------------------------------------------------------------------------------

    def _mouse_selection(self) -> tuple[int, int] | None:
        """The passage selected with the mouse, if any, as anchor-text offsets (nearest occurrence to the cursor)."""
        if self.article is None:
            return None
        selected = self.screen.get_selected_text()
        if not selected or not selected.strip():
            return None
        quote = " ".join(selected.split())
        found = occurrences(self.article.anchor_text.replace("\n", " "), quote)
        if not found:
            return None
        here = self.selection[0] if self.selection else 0
        start = min(found, key=lambda i: abs(i - here))
        self.screen.clear_selection()
        return start, start + len(quote)

    def _jump(self, forward: bool) -> None:
        targets = self.mentions or self.matches
        if not targets and self._related_hits():
            self.show_related()
            self.notify("Found only in the related headlines below the article (highlighted).", timeout=4)
            return
        if not targets and self.article is not None and title_holds(self.article, self.related_words):
            self.scroll_home(animate=False)
            self.notify("Found only in the title (highlighted).", timeout=4)
            return
        if not targets or not self.sentences:
            self.notify("Nothing to jump to: search for words or choose an entity.", severity="information")
            return
        here = self.sentences[self.cursor][0]
        if forward:
            ahead = [start for start, _ in targets if start > self.sentences[self.cursor][1] - 1]
            target = ahead[0] if ahead else targets[0][0]
        else:
            behind = [start for start, _ in targets if start < here]
            target = behind[-1] if behind else targets[-1][0]
        self._move(sentence_at(self.sentences, target))

    def action_page(self, fraction: float, waited: int = 0) -> None:
        """Scroll by ``fraction`` of a screen; the cursor goes to the first paragraph that starts in view."""
        if not self._views:
            return
        self.page_waiting = not self._views[-1].size.height and waited < 5
        if self.page_waiting:  # just opened (enter, space typed together): not laid out yet; keys behind wait too
            self.call_after_refresh(self.action_page, fraction, waited + 1)
            return
        if waited:
            self.app.keys_go_on(self.screen)
        height = self.scrollable_content_region.height
        delta = int(height * fraction) or (1 if fraction > 0 else -1)
        first, end = self._window
        if self.sentences and fraction > 0 and self.scroll_y >= self.max_scroll_y and end < len(self.blocks):
            self._move(sentence_at(self.sentences, self.blocks[end].start))  # on past the laid-out window
            return
        if self.sentences and fraction < 0 and self.scroll_y <= 0 and first > 0:
            self._move(sentence_at(self.sentences, self.blocks[first - 1].start))
            return
        y = min(max(self.scroll_y + delta, 0), self.max_scroll_y)
        self.scroll_to(y=y, animate=False, immediate=True)
        body_top = self.query_one("#reader-body", Vertical).virtual_region.y
        in_view = [view for view in self._views if y <= body_top + view.virtual_region.y < y + height]
        if not in_view or not self.sentences:
            return  # one paragraph fills the screen: the cursor stays where it is
        start = in_view[0].block.start
        first = min(bisect.bisect_left(self._sentence_starts, start), len(self.sentences) - 1)
        self.cursor = self.anchor = first
        self._changed(scroll=False)

    def _move(self, index: int) -> None:
        if not self.sentences:
            return
        self.cursor = self.anchor = max(0, min(index, len(self.sentences) - 1))
        self._changed()

    def _changed(self, scroll: bool = True) -> None:
        """The cursor moved: redraw only the paragraphs the old or the new selection touches."""
        before, after = self._drawn_selection, self._shown_selection()
        touched = [span for span in (before, after) if span is not None]
        self._redraw(scroll=scroll, only=touched)
        self._show_note()

    def _show_note(self) -> None:
        """The note on the passage under the cursor, in a line docked under the article (not only a ✎)."""
        line = self.query_one("#reader-note", Static)
        note = self.note_at_cursor if self.article is not None else None
        line.display = note is not None
        if note is None:
            return
        text = Text("✎ ", style="bold")
        text.append_text(safe_text(note.annotation.note or "(no note: the passage is marked)", "italic"))
        if note.annotation.tags:
            text.append_text(safe_text("  " + " ".join(f"#{tag}" for tag in note.annotation.tags), "dim"))
        line.update(text)
        if self.sentences:
            self.post_message(self.CursorMoved(self.sentences[self.cursor][0]))

    def _measure_spans(self) -> None:
        self._longest_span = max((end - start for start, end in self.mentions + self.matches), default=0)

    def _set_notes(self, notes: list[PlacedNote]) -> None:
        """Keep the notes, and lay out once what every paragraph draws of them (looked up by bisection)."""
        self.notes = sorted(notes, key=lambda n: n.start)
        passages: list[tuple[int, int]] = []
        for note in self.notes:
            if passages and note.start <= passages[-1][1]:
                passages[-1] = (passages[-1][0], max(passages[-1][1], note.end))
            else:
                passages.append((note.start, note.end))
        self._passages = passages
        self._passage_ends = [end for _, end in passages]
        self._note_ends = sorted({note.end for note in self.notes})

    def _styles(self) -> dict[str, Style]:
        return {
            name: self.get_component_rich_style(f"reader--{name}", partial=True)
            for name in ("cursor", "match", "mention", "note", "marker")
        }

    def _shown_selection(self) -> tuple[int, int] | None:
        """The cursor is drawn while the reader has focus, or when it spans several sentences."""
        return self.selection if self.has_focus or self.cursor != self.anchor else None

    def _redraw(self, scroll: bool = False, only: list[tuple[int, int]] | None = None) -> None:
        """Re-render the paragraphs (all, or ``only`` those overlapping these spans)."""
        if self.article is None:
            return
        styles, selection = self._styles(), self._shown_selection()
        for view in self._views:
            if only is None or any(view.block.start <= end and start <= view.block.end for start, end in only):
                # a cursor move (``only``) changes styles, never the text: the paragraph keeps its height, so the
                # screen needs no new layout — that layout was most of a sentence move
                view.update(self._render_block(view.block, styles, selection), layout=only is None)
        self._drawn_selection = selection
        if scroll:
            self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        if not self.sentences:
            return
        start = self.sentences[self.cursor][0]
        index = max(0, bisect.bisect_right(self._block_starts, start) - 1)
        first, end = self._window
        if not first <= index < end:  # the cursor left the laid-out window: lay out the text around it instead
            self._lay_out(window(self.blocks, start))
            self.call_after_refresh(self._scroll_to_cursor)
        elif index == 0 and start - self.blocks[0].start < len(self.blocks[0].text) // 2:
            self.scroll_home(animate=False, immediate=True)  # the first paragraph: the article's top, head included
        else:
            self._scroll_to_offset(self._views[index - first], start)

    def _scroll_to_offset(self, view: BlockView, offset: int) -> None:
        """Bring the line of ``view`` that shows ``offset`` into view: the whole piece when it fits the screen,
        else the line its share of the piece's characters puts it on (pieces are short, the guess is close)."""
        height = self.scrollable_content_region.height
        if view.outer_size.height <= height:  # at once: a page key right behind reads where the reader is
            self.scroll_to_widget(view, animate=False, immediate=True)
            return
        body_top = self.query_one("#reader-body", Vertical).virtual_region.y
        share = (offset - view.block.start) / max(1, len(view.block.text))
        line = body_top + view.virtual_region.y + int(share * view.size.height)
        self.scroll_to_region(Region(0, max(0, line - 1), 1, 3), animate=False, immediate=True)

    def on_focus(self) -> None:
        # has_focus is only true once the focus change has been applied; only the cursor's look changes
        self.call_after_refresh(self._changed, False)

    def on_blur(self) -> None:
        self.call_after_refresh(self._changed, False)

    # -- laying out a window of an enormous article ------------------------------------------------------------

    def _make_views(self, first: int, end: int) -> list[BlockView]:
        styles, selection = self._styles(), self._shown_selection()
        views = []
        for index in range(first, end):
            block = self.blocks[index]
            goes_on = index + 1 < len(self.blocks) and self.blocks[index + 1].index == block.index
            classes = f"block {block.field}" + (" goes-on" if goes_on and block.field == "paragraph" else "")
            views.append(BlockView(block, self._render_block(block, styles, selection), classes=classes))
        return views

    def _render_block(self, block: Block, styles: dict[str, Style], selection) -> Text:
        layers = Layers(self.sentences, self._sentence_starts, self.mentions, self.matches, self._longest_span,
                        self._passages, self._passage_ends, self._note_ends)  # fmt: skip
        return block_text(block, layers, styles, selection)

    def _related_hits(self) -> bool:
        return bool(self.related_mentions) or (
            self.article is not None and related_match_count(self.article, self.related_words) > 0
        )

    def show_related(self) -> None:
        """Scroll the related headlines (below the article, after its last window) into view."""
        if self._window[1] < len(self.blocks):
            self._lay_out(window(self.blocks, self.blocks[-1].start))
            self.call_after_refresh(self.show_related)
            return
        self.scroll_to_widget(self.query_one("#reader-related"), animate=False, top=True)

    def _draw_around(self, article: Article) -> None:
        """The head and the related headlines, the search words highlighted in the title and the headlines."""
        match_style = self.get_component_rich_style("reader--match", partial=True)
        self.query_one("#reader-head", Static).update(head(article, self.related_words, match_style))
        self.query_one("#reader-related", Static).update(related_headlines(article, self.related_words, match_style))
