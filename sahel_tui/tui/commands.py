"""Command palette entries that make sense now: open an article, go to an entity, export notes, sidebar.

Titles and names are untrusted text: hits are built as ``Content`` (never parsed as markup) and help texts are
escaped, so a title like ``Attack [/x] near Gao`` shows literally. Matching ignores accents and case, the way
the search box does: ``goita`` finds Assimi Goïta, ``menaka`` finds Ménaka.
"""

from __future__ import annotations

import contextlib
from functools import partial

from textual import on
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape
from textual.widgets import Input
from textual.worker import Worker

from sahel_tui.textclean import display_line, fold


class SteadyPalette(CommandPalette):
    """Textual's palette, whose paging and enter wait for its list. Page down or up pressed while the list was being
    filled (ctrl+p, a few letters and pgdn at once) failed inside Textual's option list — no line laid out yet for its
    first option, a KeyError — and ended the app. Enter typed with the letters before it (ctrl+p, "help", enter in one
    burst) acted on the hits of the letters searched so far. It now waits for the search of every letter typed, then
    does what it does typed slowly; the keys typed after it wait too (``takes_keys``)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._enter_waiting = False

    @property
    def takes_keys(self) -> bool:
        return not self._enter_waiting

    def _searching(self) -> bool:
        return any(worker.node is self and worker.group == self._GATHER_COMMANDS_GROUP and not worker.is_finished
                   for worker in self.workers)  # fmt: skip

    @on(Input.Submitted)
    def _enter_once_searched(self, event: Input.Submitted) -> None:
        if self._searching():
            event.prevent_default()  # Textual's own enter waits too
            event.stop()
            self._enter_waiting = True

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if self._enter_waiting and event.worker.group == self._GATHER_COMMANDS_GROUP and not self._searching():
            self._enter_waiting = False
            self._select_or_command()
            self.app.keys_go_on(self)

    def _action_command_list(self, action: str) -> None:
        if not action.startswith("page_"):
            super()._action_command_list(action)
            return
        with contextlib.suppress(KeyError):  # nothing laid out to page through yet
            super()._action_command_list(action)


def plain_highlight(matcher: Matcher, label: str) -> Content:
    """``label`` as plain Content, with the letters the (folded) query matched in the folded label styled."""
    content = Content(label)
    folded = fold(label)
    if len(folded) != len(label):
        return content  # a letter that folds to two (ß -> ss): offsets would not line up, so no highlight
    score, offsets = matcher.fuzzy_search.match(matcher.query, folded)
    if not score:
        return content
    for offset in offsets:
        if not label[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class ArticleCommands(Provider):
    """``Open: <title>`` for every article, fuzzy-matched on the title."""

    def _articles(self):
        screen = self.app.main_screen
        return list(screen.articles) if screen is not None else []

    async def discover(self) -> Hits:
        for article in self._articles()[:20]:
            label = f"Open: {display_line(article.title)}"
            yield DiscoveryHit(Content(label), partial(self.app.open_article, article.id), text=label,
                               help=escape(article.id))  # fmt: skip

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(fold(query))
        for article in self._articles():
            label = f"Open: {display_line(article.title)}"
            score = matcher.match(fold(label))
            if score > 0:
                yield Hit(score, plain_highlight(matcher, label), partial(self.app.open_article, article.id),
                          text=label, help=escape(article.id))  # fmt: skip


class EntityCommands(Provider):
    """``Entity: <name>`` for every gazetteer entity: lists the articles that mention it."""

    async def search(self, query: str) -> Hits:
        from sahel_tui.entities.gazetteer import load_gazetteer

        matcher = self.matcher(fold(query))
        for entity in load_gazetteer().entities.values():
            label = f"Entity: {entity.name}"
            score = matcher.match(fold(label))
            if score > 0:
                yield Hit(score, plain_highlight(matcher, label), partial(self.app.filter_entity, entity.id),
                          text=label, help=escape(entity.description))  # fmt: skip


class SavedSearchCommands(Provider):
    """``Saved search: <name>`` for every saved search: lists its articles (its query in the search box)."""

    def _saved(self) -> list:
        screen = self.app.main_screen
        return screen.saved_searches_listed(in_worker=False) if screen is not None else []

    async def discover(self) -> Hits:
        for saved in self._saved()[:20]:
            label = f"Saved search: {display_line(saved.name)}"
            yield DiscoveryHit(Content(label), partial(self.app.main_screen.show_query, saved.query), text=label,
                               help=escape(display_line(saved.query)))  # fmt: skip

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(fold(query))
        for saved in self._saved():
            label = f"Saved search: {display_line(saved.name)}"
            score = matcher.match(fold(f"{label} {saved.query}"))
            if score > 0:
                yield Hit(score, plain_highlight(matcher, label), partial(self.app.main_screen.show_query, saved.query),
                          text=label, help=escape(display_line(saved.query)))  # fmt: skip
