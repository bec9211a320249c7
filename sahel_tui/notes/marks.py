"""Bookmarks and reading state: the marks a reader leaves on articles, beside the annotations in the notes store.

A mixin for :class:`~sahel_tui.notes.store.NotesStore`, whose ``_write`` (a committed ``BEGIN IMMEDIATE``
transaction) and ``_read`` (a failure named as the store's) every method here goes through: the same rules keep
a bookmark or a read mark as safe as a note.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sahel_tui.notes.records import ReadingState, now_stamp, position_from_row
from sahel_tui.sqlbatch import rows_in


class MarksMixin:
    """Needs the store's ``_write`` and ``_read`` context managers."""

    # -- bookmarks --------------------------------------------------------------------------------------------

    def set_bookmark(self, article_id: str, on: bool = True) -> None:
        with self._write() as db:
            if on:
                db.execute("INSERT OR IGNORE INTO bookmarks VALUES (?, ?)", (article_id, now_stamp()))
            else:
                db.execute("DELETE FROM bookmarks WHERE article_id = ?", (article_id,))

    def toggle_bookmark(self, article_id: str) -> bool:
        """Flip the bookmark; returns whether the article is bookmarked now."""
        with self._write() as db:
            deleted = db.execute("DELETE FROM bookmarks WHERE article_id = ?", (article_id,)).rowcount
            if not deleted:
                db.execute("INSERT INTO bookmarks VALUES (?, ?)", (article_id, now_stamp()))
        return not deleted

    def bookmarks(self) -> list[tuple[str, str]]:
        """(article id, when) pairs, most recent first."""
        with self._read() as db:
            rows = db.execute("SELECT article_id, created FROM bookmarks ORDER BY created DESC").fetchall()
        return [(str(aid), str(when)) for aid, when in rows]

    def is_bookmarked(self, article_id: str) -> bool:
        with self._read() as db:
            row = db.execute("SELECT 1 FROM bookmarks WHERE article_id = ?", (article_id,)).fetchone()
        return row is not None

    # -- reading state ----------------------------------------------------------------------------------------

    def mark_read(self, article_id: str, position: int | None = None) -> None:
        with self._write() as db:
            db.execute(
                """INSERT INTO reading VALUES (?, 1, ?, ?)
                   ON CONFLICT(article_id) DO UPDATE SET read = 1,
                       position = coalesce(excluded.position, reading.position), updated = excluded.updated""",
                (article_id, position, now_stamp()),
            )

    def mark_all_read(self, article_ids: Iterable[str]) -> int:
        """Every one of ``article_ids`` read, in one transaction (catching up on a feed); how many were unread."""
        now = now_stamp()
        with self._write() as db:
            before = db.total_changes
            db.executemany(
                """INSERT INTO reading VALUES (?, 1, NULL, ?)
                   ON CONFLICT(article_id) DO UPDATE SET read = 1, updated = excluded.updated WHERE reading.read = 0""",
                ((article_id, now) for article_id in dict.fromkeys(article_ids)),
            )
            return db.total_changes - before

    def mark_unread(self, article_id: str) -> None:
        with self._write() as db:
            db.execute("UPDATE reading SET read = 0, updated = ? WHERE article_id = ?", (now_stamp(), article_id))

    def reading_state(self, article_id: str) -> ReadingState:
        with self._read() as db:
            row = db.execute("SELECT read, position FROM reading WHERE article_id = ?", (article_id,)).fetchone()
        return ReadingState(article_id, bool(row[0]), position_from_row(row[1])) if row else ReadingState(article_id)

    def marks_of(self, article_ids: Sequence[str]) -> tuple[set[str], dict[str, int], set[str]]:
        """(bookmarked, notes per article, read) among ``article_ids`` — what a listed page shows, asked for its
        rows only: the whole reading history (every article ever opened) was read for every keystroke."""
        ids = list(dict.fromkeys(article_ids))
        with self._read() as db:
            bookmarked = {
                str(r[0]) for r in rows_in(db, "SELECT article_id FROM bookmarks WHERE article_id IN ({marks})", ids)
            }
            counts = {
                str(aid): int(count)
                for aid, count in rows_in(
                    db,
                    "SELECT article_id, count(*) FROM annotations WHERE article_id IN ({marks}) GROUP BY article_id",
                    ids,
                )
            }
            read = {
                str(r[0])
                for r in rows_in(db, "SELECT article_id FROM reading WHERE read = 1 AND article_id IN ({marks})", ids)
            }
        return bookmarked, counts, read

    def read_articles(self) -> set[str]:
        with self._read() as db:
            return {str(row[0]) for row in db.execute("SELECT article_id FROM reading WHERE read = 1")}

    def last_read(self) -> ReadingState | None:
        with self._read() as db:
            row = db.execute("SELECT article_id, read, position FROM reading ORDER BY updated DESC LIMIT 1").fetchone()
        return ReadingState(str(row[0]), bool(row[1]), position_from_row(row[2])) if row else None
