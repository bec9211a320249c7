"""Saved searches: a query the reader comes back to — newsboat's query feeds — under a name of their own; and the
queries typed lately, for the search box's ``↑`` (a shell's history, newsboat's search history).

A mixin for :class:`~sahel_tui.notes.store.NotesStore`, beside the marks: a saved search is the reader's own work,
kept in the same file by the same committed transactions. Names are compared without case (``Mali`` is ``mali``);
one already saved is replaced only when the caller says the user agreed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sahel_tui.notes.records import now_stamp

QUERIES_KEPT = 200
"""The queries typed lately that are kept (the oldest go first)."""


@dataclass(frozen=True)
class SavedSearch:
    name: str
    query: str
    created: str = ""


class SearchesMixin:
    """Needs the store's ``_write`` and ``_read`` context managers."""

    def saved_searches(self) -> list[SavedSearch]:
        """Every saved search, by name."""
        with self._read() as db:
            rows = db.execute("SELECT name, query, created FROM searches ORDER BY name COLLATE NOCASE").fetchall()
        return [SavedSearch(str(name), str(query), str(created)) for name, query, created in rows]

    def saved_search(self, name: str) -> SavedSearch | None:
        with self._read() as db:
            row = db.execute("SELECT name, query, created FROM searches WHERE name = ?", (name.strip(),)).fetchone()
        return SavedSearch(str(row[0]), str(row[1]), str(row[2])) if row else None

    def save_search(self, name: str, query: str, replace: bool = False) -> bool:
        """Keep ``query`` under ``name``; False (nothing written) when that name holds another query and ``replace``
        was not given. Raises ``ValueError`` for an empty name or query."""
        name, query = name.strip(), query.strip()
        if not name or not query:
            raise ValueError("a saved search needs a name and a query")
        with self._write() as db:
            held = db.execute("SELECT query FROM searches WHERE name = ?", (name,)).fetchone()
            if held is not None and held[0] != query and not replace:
                return False
            db.execute(
                "INSERT INTO searches VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET name = excluded.name, "
                "query = excluded.query",
                (name, query, now_stamp()),
            )
        return True

    def remove_search(self, name: str) -> bool:
        """Whether a search of that name was there (and is gone now)."""
        with self._write() as db:
            return db.execute("DELETE FROM searches WHERE name = ?", (name.strip(),)).rowcount > 0

    def remember_query(self, query: str) -> None:
        """``query`` typed once more: the newest of the queries kept (each once), the oldest beyond
        :data:`QUERIES_KEPT` forgotten."""
        query = query.strip()
        if not query:
            return
        with self._write() as db:
            db.execute("INSERT INTO queries VALUES (?, ?) ON CONFLICT(query) DO UPDATE SET used = excluded.used",
                       (query, now_stamp()))  # fmt: skip
            db.execute("DELETE FROM queries WHERE query NOT IN (SELECT query FROM queries ORDER BY used DESC LIMIT ?)",
                       (QUERIES_KEPT,))  # fmt: skip

    def recent_queries(self) -> list[str]:
        """The queries typed lately, newest first."""
        with self._read() as db:
            return [str(row[0]) for row in db.execute("SELECT query FROM queries ORDER BY used DESC, rowid DESC")]
