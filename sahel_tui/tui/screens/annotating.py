"""The main screen's annotation flows: the annotations screen, annotate or edit a passage, delete a note, bring
back an unsaved draft.

A mixin for :class:`~sahel_tui.tui.screens.main.MainScreen`, kept apart because it is one idea: nothing the user
types is lost. The note is committed through the notes store before it is shown as saved; while it is being
typed it is kept in the draft file (``notes.drafts``); a draft left by a quit or a crash comes back at the next
launch on its passage, and one that cannot be placed any more is set aside under a name the user is told.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text

from sahel_tui.console import safe_text
from sahel_tui.model import Article
from sahel_tui.notes.anchor import make_selector, reanchor
from sahel_tui.notes.drafts import Draft, DraftError, DraftKeeper
from sahel_tui.notes.passages import CHANGED_MEANWHILE, EDITED, GONE_MEANWHILE, place, save_edit
from sahel_tui.notes.passages import annotate as annotate_passage
from sahel_tui.notes.store import Annotation, NotesStore, StoreError
from sahel_tui.services import LibraryView
from sahel_tui.textclean import clipped
from sahel_tui.tui.screens.confirm import ConfirmScreen
from sahel_tui.tui.widgets.reader import Reader

EDITED_ELSEWHERE = {
    GONE_MEANWHILE: "The note you edited was deleted meanwhile (by another sahel-tui): yours is kept, as a new note "
    "on the same passage.",
    CHANGED_MEANWHILE: "The note you edited was changed meanwhile (by another sahel-tui): both are kept — the other "
    "change as it is, yours as a new note on the same passage.",
}

GONE_ALREADY = "This note had been deleted meanwhile (by another sahel-tui)."


class AnnotatingMixin:
    """Needs from the screen: ``store``, ``articles``, ``open``, ``open_article()``, ``_reload_notes()``,
    ``_store_write()`` and ``app.where`` (the locations)."""

    store: NotesStore | None
    articles: LibraryView

    @property
    def drafts(self) -> DraftKeeper:
        """This reader's own draft file (claimed, and locked, when the app started)."""
        return self.app.draft_keeper

    def action_notes(self) -> None:
        from sahel_tui.tui.screens.notes import NotesScreen

        if self.store is None:
            self.notify("Notes are unavailable (see the earlier message).", severity="error")
            return

        def load(text: str):
            """Runs in the notes screen's worker thread: tells the user through the app's thread."""
            try:
                found = self.store.search_annotations(text, limit=500) if text.strip() else self.store.annotations()
            except StoreError as exc:
                self.app.call_from_thread(self.notify, str(exc), title="Notes", severity="error", markup=False)
                return []
            self.app.call_from_thread(self._tell_unreadable)
            return [place(a, self.articles.article(a.article_id)) for a in found]

        titles = self.articles.title

        def chosen(annotation_id: str | None) -> None:
            if annotation_id is None:
                return
            annotation = self.store.annotation(annotation_id)
            if annotation is None:
                self.notify(GONE_ALREADY, severity="warning")
                return
            article = self.articles.article(annotation.article_id)
            if article is None:  # an unreadable row is named as such; else the note outlived its article here
                why = self.articles.take_problems() or [
                    f"The article of this note, {annotation.article_id}, is not in the library (removed, or the note "
                    "came from another library's export); the note keeps its quote."
                ]
                for line in why:
                    self.notify(line, severity="warning", markup=False)
                return
            placed = place(annotation, article)
            offset = placed.anchoring.start if placed.anchoring.found else None
            self.open_article(annotation.article_id, offset)
            self._focus(Reader)
            if not placed.anchoring.found:
                self.notify("This annotation's passage is no longer in the article (orphaned).", severity="warning")

        def delete(annotation_id: str) -> bool:
            done = self._store_write(lambda store: store.delete_annotation(annotation_id))
            if done:
                self._reload_notes()
            return done

        self.app.push_screen(NotesScreen(load, titles, delete), chosen)

    def on_reader_annotate_requested(self, message: Reader.AnnotateRequested) -> None:
        if self.open is None:
            return
        existing = message.existing
        if existing is not None and self.store is not None:
            try:  # the note as stored now: another sahel-tui may have changed or deleted it since it was shown
                current = self.store.annotation(existing.id)
            except StoreError as exc:
                self.notify(str(exc), title="Notes", severity="error", markup=False)
                return
            if current != existing:
                self._reload_notes()
            if current is None:
                self.notify(GONE_ALREADY, severity="warning")
                return
            existing = current
        self._annotate(self.open.article, message.start, message.end, existing)

    def _annotate(
        self, article: Article, start: int, end: int, existing: Annotation | None, restored: Draft | None = None
    ) -> None:
        if self.store is None:
            self.notify("Notes are unavailable (see the earlier message).", severity="error")
            return
        from sahel_tui.tui.screens.annotate import EMPTY, AnnotateScreen, NoteDraft  # not needed for the first screen

        store = self.store
        selector = make_selector(article.anchor_text, start, end)
        stored = NoteDraft(existing.note, existing.tags) if existing else EMPTY
        warned: list[str] = []

        def save(draft: NoteDraft) -> bool:
            try:
                if existing is None:
                    annotate_passage(store, article, start, end, draft.note, draft.tags)
                else:
                    outcome = save_edit(store, article, start, end, existing, draft.note, draft.tags)
                    if outcome != EDITED:
                        self.notify(EDITED_ELSEWHERE[outcome], title="Saved as a new note", severity="warning",
                                    timeout=10, markup=False)  # fmt: skip
            except StoreError as exc:
                kept = f" Your text is kept in {self.drafts.path}." if not warned else ""
                self.notify(f"{exc}.{kept}", title="Not saved", severity="error", markup=False)
                return False
            return True

        def keep(draft: NoteDraft) -> bool:
            record = Draft(article.id, selector, draft.note, draft.tags, existing.id if existing else None,
                           (existing.note, existing.tags) if existing else None)  # fmt: skip
            try:
                self.drafts.keep(record)
            except DraftError as exc:
                if not warned:  # once per modal: the modal itself still holds the text
                    warned.append(str(exc))
                    self.notify(str(exc), title="Draft not kept", severity="warning", markup=False)
                return False
            return True

        def discard() -> None:
            try:
                self.drafts.discard()
            except DraftError as exc:
                self.notify(str(exc), severity="warning", markup=False)

        def closed(draft: NoteDraft | None) -> None:
            if draft is not None:
                self.notify("Annotation saved.", timeout=2)
                self._reload_notes()
            if restored is not None:
                self.restore_draft()  # the next note left by an earlier session, if there is one

        screen = AnnotateScreen(
            article.anchor_text[start:end], save,
            draft=NoteDraft(restored.note, restored.tags) if restored else stored, stored=stored,
            editing=existing is not None, keep=keep, discard=discard,
        )  # fmt: skip
        self.app.push_screen(screen, closed)

    def on_reader_delete_requested(self, message: Reader.DeleteRequested) -> None:
        annotation = message.annotation
        question = Text("Delete this annotation?\n\n", style="bold")
        question.append_text(safe_text(f"“{clipped(annotation.quote, 200)}”", "italic"))
        if annotation.note:
            question.append_text(safe_text(f"\n{clipped(annotation.note, 200)}"))

        def answered(yes: bool | None) -> None:
            deleted: list[bool] = []
            if yes and self._store_write(lambda store: deleted.append(store.delete_annotation(annotation.id))):
                self.notify("Annotation deleted." if deleted[0] else GONE_ALREADY, timeout=2 if deleted[0] else 6)
                self._reload_notes()

        self.app.push_screen(ConfirmScreen(question), answered)

    def restore_draft(self) -> None:
        """Reopen a note that was being typed when a reader last stopped, on its passage (one at a time)."""
        if self.store is None:
            return  # without a store the drafts wait, untouched, for a launch that can save them
        draft = None
        for waiting in self.app.draft_shelf.waiting(own=self.drafts):
            if not self.app.draft_shelf.adopt(waiting, self.drafts):
                continue  # another reader took it, or it cannot be moved: it stays for a later launch
            try:
                draft = self.drafts.load()
            except DraftError as exc:
                self.notify(str(exc), title="Unsaved note", severity="warning", timeout=20, markup=False)
                continue
            if draft is not None:
                break
        if draft is None:
            return
        article = self.articles.article(draft.article_id)
        anchoring = reanchor(draft.selector, article.anchor_text) if article else None
        if article is None or anchoring is None or not anchoring.found:
            why = "its article is gone" if article is None else "its passage is no longer in the article"
            aside = self.drafts.set_aside("unplaced")
            where = f"it is kept in {aside}" if aside else f"it stays in {self.drafts.path}"
            self.notify(f"An unsaved note could not be reopened ({why}); {where}.", title="Unsaved note",
                        severity="warning", timeout=30, markup=False)  # fmt: skip
            return
        existing = self.store.annotation(draft.annotation_id) if draft.annotation_id else None
        if existing is not None and draft.edited_from is not None:
            # the draft edits the note as it was then: saved over a change made since, it would drop that change
            existing = replace(existing, note=draft.edited_from[0], tags=draft.edited_from[1])
        self.open_article(article.id, anchoring.start)
        self._annotate(article, anchoring.start, anchoring.end, existing, restored=draft)
        self.notify("Your unsaved note is back: ctrl+s saves it, escape discards it.", timeout=8)
