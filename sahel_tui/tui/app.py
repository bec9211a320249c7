"""SahelApp: the reader. Global keys, the command palette, the theme remembered in config.toml."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import threading
from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from sahel_tui.config import Config, ConfigError, change_settings, load_config
from sahel_tui.corpus.library import Library
from sahel_tui.notes.drafts import DraftShelf
from sahel_tui.notes.store import NotesStore, StoreError
from sahel_tui.parallel import exit_at_once
from sahel_tui.paths import Locations, locations
from sahel_tui.textclean import counted, display_line
from sahel_tui.tui.commands import ArticleCommands, EntityCommands, SavedSearchCommands, SteadyPalette
from sahel_tui.tui.keys_in_turn import KeysInTurn
from sahel_tui.tui.screens.main import MainScreen

SHUTDOWN_GRACE = 5.0
"""Seconds a polite kill (SIGTERM) gives the app to restore the terminal before the process ends regardless."""
LOOP_GRACE = 1.0
"""Seconds a signal waits for the event loop to act on it before the watcher thread acts alone."""


class SahelApp(KeysInTurn, App):
    """Offline Sahel news reader."""

    CSS_PATH = "app.tcss"
    TITLE = "sahel-tui"
    COMMANDS = App.COMMANDS | {ArticleCommands, EntityCommands, SavedSearchCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("Q", "quit", "Quit", show=False, id="quit-anywhere"),
        Binding("question_mark,f1", "help", "Help", id="help"),
    ]

    def __init__(self, where: Locations, library: Library | None = None) -> None:
        super().__init__()
        self.where = where
        self.library = library or Library(where)
        self.config = Config()
        self.store: NotesStore | None = None
        self.main_screen: MainScreen | None = None
        self._startup_messages: list[str] = []
        self.owns_process = False
        """Run as the ``sahel-tui`` program (not inside a test): then it answers SIGHUP/SIGTERM itself."""
        self.quitting = False
        """Set as the app begins to close: the keys typed after `q` in the same burst do nothing."""
        self.init_keys_in_turn()

    def on_mount(self) -> None:
        self.draft_shelf = DraftShelf(self.where.drafts_dir, legacy=self.where.draft_file)
        self.draft_keeper = self.draft_shelf.claim()
        if self.owns_process:
            self._catch_hangup()
        try:
            self.config = load_config(self.where.config_file)
        except ConfigError as exc:
            self._startup_messages.append(str(exc))
        self._startup_messages.extend(self.config.problems)
        self._apply_keymap()
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        else:
            self._startup_messages.append(f"{self.where.config_file}: theme = {self.config.theme!r} is not a theme "
                                          "here (ctrl+p, then theme, lists them); the default is used")  # fmt: skip
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        try:
            self.store = NotesStore.open(self.where.notes_db)
            self._startup_messages.extend(self.store.warnings)
        except StoreError as exc:
            self._startup_messages.append(f"{exc}. Reading works; notes and bookmarks are off until it is fixed.")
        self.main_screen = MainScreen(self.library, self.store)
        self.push_screen(self.main_screen)
        if not self.config.show_sidebar:
            self.main_screen.add_class("hide-sidebar")
        for message in self._startup_messages:  # they quote file names and config keys: made inert, never markup
            self.notify(display_line(message), severity="error", timeout=15, markup=False)

    def _apply_keymap(self) -> None:
        """``[keys]`` in config.toml: binding id -> keys. Ids the app does not have are named, not ignored."""
        from sahel_tui.tui.screens.help import KEYS

        known = {binding_id for _, keys in KEYS for _, _, binding_id in keys if binding_id}
        known |= {b.id for b in self._all_bindings() if b.id}
        unknown = sorted(set(self.config.keys) - known)
        if unknown:
            self._startup_messages.append(
                f"{self.where.config_file}: [keys] names no binding called {', '.join(unknown)} "
                "(? lists the ids); those lines are ignored"
            )
        self.set_keymap({k: v for k, v in self.config.keys.items() if k in known})

    @staticmethod
    def _all_bindings():
        from sahel_tui.tui.screens.entity_overview import EntityOverviewScreen
        from sahel_tui.tui.screens.feeds import FeedsScreen
        from sahel_tui.tui.screens.notes import NotesScreen
        from sahel_tui.tui.widgets.article_list import ArticleList
        from sahel_tui.tui.widgets.entity_sidebar import EntitySidebar
        from sahel_tui.tui.widgets.reader import Reader
        from sahel_tui.tui.widgets.search_box import SearchBox

        owners = (SahelApp, MainScreen, Reader, ArticleList, EntitySidebar, SearchBox, NotesScreen, FeedsScreen,
                  EntityOverviewScreen)  # fmt: skip
        for owner in owners:
            yield from (b for b in owner.BINDINGS if isinstance(b, Binding))

    def on_unmount(self) -> None:
        self.draft_shelf.release(self.draft_keeper)

    def _catch_hangup(self) -> None:
        """A closed terminal (SIGHUP) or a polite kill (SIGTERM) keeps the note being typed, then quits.

        Neither may depend on the event loop, nor on which thread the signal lands in. Seen: a reader whose
        terminal was closed kept running for good — closing a terminal also sends SIGCONT, on which Textual restarts
        its output to the terminal that is gone, and the loop blocked there; the SIGHUP never ran. So the signal
        only writes its number to a pipe (``signal.set_wakeup_fd``: done in C, in whatever thread it lands), and a
        watcher thread acts on it: through the loop when the loop answers, by itself when it does not."""
        loop = asyncio.get_running_loop()
        readable, writable = os.pipe()
        os.set_blocking(writable, False)
        try:
            signal.set_wakeup_fd(writable)
            for signum in (signal.SIGHUP, signal.SIGTERM):
                signal.signal(signum, lambda *_: None)  # the watcher acts on it
        except (ValueError, OSError, AttributeError):
            return
        watcher = threading.Thread(target=self._watch_signals, args=(readable, loop), name="signals", daemon=True)
        watcher.start()

    def _watch_signals(self, readable: int, loop: asyncio.AbstractEventLoop) -> None:
        wanted = {int(signal.SIGHUP), int(signal.SIGTERM)}
        while (data := os.read(readable, 1)) and data[0] not in wanted:
            pass  # another signal (a resize, a suspend): Textual's own handlers deal with it
        if not data:
            return
        terminal_gone = data[0] == signal.SIGHUP
        answered = threading.Event()

        def on_the_loop() -> None:
            try:
                self._hung_up(terminal_gone)
            finally:
                answered.set()

        loop.call_soon_threadsafe(on_the_loop)
        if not answered.wait(LOOP_GRACE):  # the loop is stuck: keep the note from here, and end
            with contextlib.suppress(Exception):
                self._keep_open_drafts()
            exit_at_once(0)

    def _hung_up(self, terminal_gone: bool) -> None:
        """Keep what the user typed, then stop. With the terminal gone there is nothing to restore, and a graceful
        shutdown can block on output nobody reads: everything is on disk by then, so leave at once."""
        try:
            self._keep_open_drafts()
            if self.main_screen is not None:
                self.main_screen.save_state()
        finally:
            if terminal_gone:
                with contextlib.suppress(Exception):
                    if self.store is not None:
                        self.store.close()
                    self.draft_shelf.release(self.draft_keeper)
                exit_at_once(0)
            # a graceful exit restores the terminal; should it hang, the process still ends (all is kept)
            deadline = threading.Timer(SHUTDOWN_GRACE, exit_at_once, (0,))
            deadline.daemon = True  # never delays an exit that goes well
            deadline.start()
            self.exit()

    def _keep_open_drafts(self) -> list:
        """Write every open annotation modal's text to the draft file; returns the modals whose text is not safe."""
        from sahel_tui.tui.screens.annotate import AnnotateScreen

        unsafe = []
        for screen in self.screen_stack:
            if isinstance(screen, AnnotateScreen):
                screen.keep_draft()  # the typed note waits in the draft file for the next launch
                if not screen.text_is_safe:
                    unsafe.append(screen)
        return unsafe

    def apply_cursor_blink(self, root) -> None:
        """Text fields blink or not as the settings say (``cursor_blink = false`` in config.toml)."""
        from textual.widgets import Input, TextArea

        for field in root.query(Input).results():
            field.cursor_blink = self.config.cursor_blink
        for area in root.query(TextArea).results():
            area.cursor_blink = self.config.cursor_blink

    def _remember_theme(self, theme) -> None:
        self.config.theme = theme.name
        self._save_setting("theme", theme.name)

    def _save_setting(self, name: str, value: object) -> None:
        """The setting's own line in config.toml, the rest of the file as it is now (see :mod:`sahel_tui.config`)."""
        try:
            change_settings(self.where.config_file, {name: value})
        except ConfigError as exc:
            self.notify(f"{exc}; this setting lasts until you quit", severity="warning", markup=False)
        except OSError as exc:
            self.notify(f"{self.where.config_file}: settings not saved ({exc.strerror or exc})", markup=False)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.main_screen is not None:
            yield SystemCommand("Toggle entity sidebar", "Show or hide the entity sidebar", self.toggle_sidebar)
            yield SystemCommand("Export notes (Markdown)", "Write all annotations to a Markdown file",
                                lambda: self.export_notes("md"))  # fmt: skip
            yield SystemCommand("Export notes (JSON)", "Write all annotations as W3C Web Annotation JSON",
                                lambda: self.export_notes("json"))  # fmt: skip
            yield SystemCommand("Show annotations", "Every annotation, filterable", self.main_screen.action_notes)
            yield SystemCommand("Fetch feeds", "Bring in what every feed has new (r)", self.main_screen.action_fetch)
            yield SystemCommand("Feeds and saved searches", "Each with its unread articles; feeds' last fetch and "
                                "error (f)", self.main_screen.action_feeds)  # fmt: skip
            yield SystemCommand("Save this search", "Keep the search the list answers under a name (S)",
                                self.main_screen.action_save_search)  # fmt: skip
            yield SystemCommand("Unread only", "List unread articles only, or all again (U)",
                                self.main_screen.action_unread_only)  # fmt: skip
            yield SystemCommand("Entities listed", "The entities across every article the list answers (E)",
                                self.main_screen.action_entity_overview)  # fmt: skip
            yield SystemCommand("Mark listed read", "Every article the list answers marked read, after a yes (A)",
                                self.main_screen.action_mark_listed_read)  # fmt: skip

    # -- actions used by keys and palette commands -----------------------------------------------------------------

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(SteadyPalette(id="--command-palette"))

    def action_help(self) -> None:
        from sahel_tui.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def open_article(self, article_id: str) -> None:
        if self.main_screen is not None:
            self.main_screen.open_article(article_id)
            self.main_screen.query_one("#reader").focus()

    def filter_entity(self, entity_id: str) -> None:
        if self.main_screen is not None:
            from sahel_tui.tui.widgets.entity_sidebar import EntitySidebar

            self.main_screen.filter_by_entity(EntitySidebar.FilterByEntity(entity_id))

    def toggle_sidebar(self) -> None:
        if self.main_screen is not None:
            self.main_screen.action_toggle_sidebar()
            self.config.show_sidebar = not self.main_screen.has_class("hide-sidebar")
            self._save_setting("show_sidebar", self.config.show_sidebar)

    def export_notes(self, fmt: str) -> None:
        """Ask where (a default in the exports folder, shown), refuse the app's own files, ask before replacing."""
        import time

        from sahel_tui.tui.screens.ask_line import AskLineScreen

        if self.store is None or self.main_screen is None:
            self.notify("Notes are unavailable.", severity="error")
            return
        default = self.where.exports_dir / f"sahel-tui-notes-{time.strftime('%Y-%m-%d')}.{fmt}"
        label = "Export notes as Markdown" if fmt == "md" else "Export notes as W3C Web Annotation JSON"
        self.push_screen(AskLineScreen(label, "Write to", str(default)),
                         lambda line: self._export_to(fmt, Path(line).expanduser() if line else None))  # fmt: skip

    def _export_to(self, fmt: str, target: Path | None, replace: bool = False) -> None:
        from rich.text import Text

        from sahel_tui.console import safe_text
        from sahel_tui.notes.export import ExportRefused, check_export_target
        from sahel_tui.tui.screens.confirm import ConfirmScreen

        if target is None:
            return
        try:
            check_export_target(target, self.where.own_dirs, replace=replace)
        except ExportRefused as exc:
            if target.is_file() and not target.is_symlink() and "already exists" in str(exc):
                question = Text("Replace this file?\n", style="bold")
                question.append_text(safe_text(str(target)))
                self.push_screen(
                    ConfirmScreen(question, yes="Replace (y)", no="Keep it (n)"),
                    lambda yes: self._export_to(fmt, target, replace=True) if yes else self.notify("Not exported."),
                )
                return
            self.notify(str(exc), title="Not exported", severity="error", markup=False)
            return
        self._write_export(fmt, target)

    def _write_export(self, fmt: str, target: Path) -> None:
        from sahel_tui.notes.export import article_title, source_urls, to_markdown, to_w3c, write_export
        from sahel_tui.notes.passages import place

        try:
            annotations = self.store.annotations()
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        for line in self.store.unreadable_lines():
            self.notify(line, severity="warning", markup=False)
        articles = self.main_screen.articles.articles({a.article_id for a in annotations})
        placed = [place(a, articles.get(a.article_id)) for a in annotations]
        urls = source_urls(articles)
        if fmt == "md":
            content = to_markdown(placed, article_title(articles), urls)
        else:
            content = json.dumps(to_w3c(placed, urls), ensure_ascii=False, indent=2)
        try:
            write_export(target, content)
        except OSError as exc:
            self.notify(f"{target}: not written ({exc.strerror or exc})", severity="error", markup=False)
            return
        self.notify(f"{counted(len(placed), 'annotation')} written to {target}", markup=False)

    async def run_action(self, action, default_namespace=None) -> bool:
        """Every key's action, except once the app is closing: keys typed after `q` in one burst were still run
        and opened screens (`m`, `f`) in an app being taken down, which then failed with a traceback."""
        if self.quitting:
            return True
        return await super().run_action(action, default_namespace)

    def exit(self, *args, **kwargs) -> None:
        self.quitting = True
        super().exit(*args, **kwargs)

    async def action_quit(self) -> None:
        unsafe = self._keep_open_drafts()
        if unsafe:
            self._offer_rescue(unsafe[0])
            return
        if self.main_screen is not None:
            self.main_screen.save_state()
        self.exit()

    def _offer_rescue(self, screen) -> None:
        """The typed note is neither saved nor kept: ask before quitting, offering a place that takes it."""
        from rich.text import Text

        from sahel_tui.console import safe_text
        from sahel_tui.notes.rescue import rescue_places, write_rescue
        from sahel_tui.tui.screens.confirm import ConfirmScreen

        places = rescue_places(self.where)
        question = Text("Your note is not saved and could not be kept as a draft.\n", style="bold")
        question.append_text(safe_text(f"Write it to {places[0]} and quit?", ""))

        def answered(write: bool | None) -> None:
            if not write:
                return  # back to the note
            draft = screen.draft()
            try:
                written = write_rescue(places, screen.quote, draft.note, draft.tags)
            except OSError as exc:
                self.notify(f"Not written anywhere ({exc}); the note stays open.", severity="error", markup=False)
                return
            screen.mark_rescued()
            if self.main_screen is not None:
                self.main_screen.save_state()
            self.exit(message=f"Your unsaved note was written to {written}")

        self.push_screen(ConfirmScreen(question, yes="Write it and quit (y)", no="Back to the note (n)"), answered)


def make_app(where: Locations | None = None) -> SahelApp:
    """The one app factory, shared by the command line and the tests."""
    return SahelApp(where or locations())


def run_app() -> None:
    from sahel_tui.parallel import prepare

    prepare()  # while stderr is still the terminal's: the app's workers can then share big jobs among cores
    app = make_app()
    app.owns_process = True
    app.run()
