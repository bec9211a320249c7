"""Keeping the index in step with the library: a full build into a new file, and small changes into a delta.

Why a delta: rewriting a common word's postings for each batch of new articles costs as much as the library's
postings of those words, so adding to a big library slowed down with its size. Here new articles' postings go to
a small ``delta`` table that queries read beside the main postings (its documents are numbered after every main
one, so the two concatenate in order); a removed or changed article only leaves ``docs``, and its old postings are
skipped by the live mask. When the delta and the dead postings together pass a quarter of the library, one pass
folds them into the main postings — no article is read or tokenised again — so each added article costs a
bounded amount of work over time, whatever the library's size.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import numpy as np

from sahel_tui.model import Article
from sahel_tui.search import docs_state
from sahel_tui.search.packing import PostingColumns, pack_many, unpack, unpack_columns
from sahel_tui.search.postings import POSTING, PostingsBuilder, doc_row
from sahel_tui.sqlbatch import rows_in

Loader = Callable[[Sequence[str]], Mapping[str, Article | None]]
"""Reads articles by id, many per call: the ones it cannot give (gone, unreadable) are left out or None."""
LOAD_BATCH = 512
"""Articles read with one question: one question per article cost more than tokenising it."""
REBUILD_SHARE = 0.25
REBUILD_MINIMUM = 200
"""When more than this share (and this number) of the articles changed, rebuilding beats patching postings;
when the delta and dead postings pass them, they are folded into the main postings."""
MERGE_BATCH = 2048
PACK_BATCH_BYTES = 4 * 1024 * 1024
"""Raw postings packed together (about 460,000 postings): the packing's arrays stay near 30 MB."""


@dataclass
class SyncReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    rebuilt: bool = False
    merged: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


class IndexWriting:
    """The write side of :class:`sahel_tui.search.index.SearchIndex` (which provides the connection and state)."""

    _db: sqlite3.Connection
    _lock: threading.RLock
    _state_stale: bool
    path: object

    def fingerprints(self) -> dict[str, str]:
        with self._lock:
            return dict(self._db.execute("SELECT article_id, fingerprint FROM docs"))

    def synced_generation(self) -> str | None:
        """The library's generation this index was last brought up to date with (see ``Catalog.generation``)."""
        with self._lock:
            found = self._db.execute("SELECT value FROM meta WHERE key = 'catalog_generation'").fetchone()
            return found[0] if found else None

    def mark_synced(self, generation: str) -> None:
        with self._lock, _transaction(self._db):
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('catalog_generation', ?)", (generation,))

    def sync(
        self,
        catalog: Mapping[str, str],
        load: Loader,
        progress: Callable[[int, int], None] | None = None,
    ) -> SyncReport:
        """Make the index hold exactly the articles of ``catalog`` (id -> fingerprint).

        Only articles whose fingerprint changed are loaded (with ``load``) and indexed.
        """
        with self._lock:
            indexed = self.fingerprints()
            removed = [aid for aid in indexed if aid not in catalog]
            changed = [aid for aid, fp in catalog.items() if aid in indexed and indexed[aid] != fp]
            added = [aid for aid in catalog if aid not in indexed]
            report = SyncReport(added=len(added), updated=len(changed), removed=len(removed))
            if not report.changed:
                return report
            work = len(added) + len(changed) + len(removed)
            if not indexed or work > self._patch_limit(len(catalog)):
                report.rebuilt = True
                self._rebuild(catalog, load, progress)
            else:
                self._patch(removed + changed, [(aid, catalog[aid]) for aid in changed + added], load, progress)
                report.merged = self._merged_if_due()
            self._state_stale = True  # read again when next needed
            return report

    def patch_limit(self) -> int:
        """The most changed articles :meth:`sync_changes` takes in; past it, a :meth:`sync` rebuilds."""
        with self._lock:
            return self._patch_limit(self._next_docno())

    def sync_changes(
        self,
        changed: Mapping[str, str | None],
        load: Loader,
        progress: Callable[[int, int], None] | None = None,
    ) -> SyncReport:
        """Take in the articles of ``changed`` (id -> fingerprint now, None if removed) — all that changed in the
        library since this index was last brought up to date — reading only their rows of the index."""
        with self._lock:
            indexed = self._fingerprints_of(list(changed))
            removed = [aid for aid, fp in changed.items() if fp is None and aid in indexed]
            updated = [aid for aid, fp in changed.items() if fp is not None and aid in indexed and indexed[aid] != fp]
            added = [aid for aid, fp in changed.items() if fp is not None and aid not in indexed]
            report = SyncReport(added=len(added), updated=len(updated), removed=len(removed))
            if report.changed:
                self._patch(removed + updated, [(aid, changed[aid]) for aid in updated + added], load, progress)
                report.merged = self._merged_if_due()
                self._state_stale = True
            return report

    def _fingerprints_of(self, article_ids: list[str]) -> dict[str, str]:
        return self._column_of(article_ids, "fingerprint")

    def _column_of(self, article_ids: list[str], column: str) -> dict[str, object]:
        """Article id -> ``column`` of its ``docs`` row, for those of ``article_ids`` that are indexed."""
        return dict(rows_in(self._db, f"SELECT article_id, {column} FROM docs WHERE article_id IN ({{marks}})",
                            article_ids))  # fmt: skip

    @staticmethod
    def _patch_limit(library_size: int) -> int:
        return int(max(REBUILD_MINIMUM, REBUILD_SHARE * library_size))

    def _merged_if_due(self) -> bool:
        """Fold the delta and dead postings into the main postings once they pass a share of the library."""
        stale, live = self._stale_share()
        if stale > self._patch_limit(live):
            self._merge()
            return True
        return False

    def _rebuild(self, catalog: Mapping[str, str], load: Loader, progress: Callable | None) -> None:
        """Index every article into a new file, then rename it over the old one (readers never see half).

        Postings accumulate in compact ``array`` buffers (4 bytes each) and article rows go to the new file in
        batches; when the buffers are full they are packed into a run written to a scratch file beside it, and the
        runs are joined per term at the end — so memory is bounded by a run, whatever the library's size.
        """
        builder = PostingsBuilder()
        fresh = self.path.with_name(f"{self.path.name}.{os.getpid()}.{threading.get_ident()}.new")
        scratch = fresh.with_name(fresh.name + "-runs")
        fresh.unlink(missing_ok=True)  # a leftover of this very process, never another's build
        scratch.unlink(missing_ok=True)
        _remove_builds_of_gone_processes(self.path)
        db = self._connect(fresh, bulk=True)
        runs = 0
        try:
            db.execute("ATTACH DATABASE ? AS runs", (str(scratch),))  # not possible inside a transaction
            db.execute("PRAGMA runs.journal_mode=OFF")
            db.execute("PRAGMA runs.synchronous=OFF")
            with _transaction(db):
                db.execute("INSERT INTO meta VALUES ('version', ?)", (str(self.version),))
                total, done = len(catalog), 0
                entries = iter(catalog.items())
                while batch := list(islice(entries, LOAD_BATCH)):
                    found = load([article_id for article_id, _ in batch])
                    rows: list[tuple] = []
                    for article_id, fingerprint in batch:
                        article = found.get(article_id)
                        if article is not None:
                            rows.append(doc_row(builder.doc_count, article, fingerprint, builder.add(article)))
                        if builder.full:
                            runs = _write_run(db, runs, builder.take_run())
                    db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?)", rows)
                    done += len(batch)
                    if progress:
                        progress(done, total)
                if runs:
                    runs = _write_run(db, runs, builder.take_run())
                    db.executemany("INSERT INTO terms VALUES (?,?,?)", _packed(_joined_runs(db)))
                else:
                    db.executemany("INSERT INTO terms VALUES (?,?,?)", _packed(builder.rows()))
                db.executemany("INSERT OR IGNORE INTO stems VALUES (?,?,?)", builder.stem_rows())
                counted = str(builder.doc_count)
                db.executemany("INSERT INTO meta VALUES (?, ?)", [("next_docno", counted), ("delta_from", counted)])
                docs_state.store_all(db, docs_state.read_rows(db), builder.doc_count)
                docs_state.watch_docs(db, fresh=True)
                for statement in self.tail_indexes:
                    db.execute(statement)
            db.execute("DETACH DATABASE runs")
            db.execute("PRAGMA journal_mode=WAL")
        except BaseException:
            db.close()
            fresh.unlink(missing_ok=True)
            scratch.unlink(missing_ok=True)
            raise
        db.close()
        scratch.unlink(missing_ok=True)
        self._db.close()
        fresh.replace(self.path)
        self.path.with_name(self.path.name + "-wal").unlink(missing_ok=True)
        self.path.with_name(self.path.name + "-shm").unlink(missing_ok=True)
        self._db = self._connect(self.path)

    def _patch(
        self,
        drop: list[str],
        add: list[tuple[str, str]],
        load: Loader,
        progress: Callable | None,
    ) -> None:
        """Removed and changed articles leave ``docs``; added and changed ones go into the delta, in one
        transaction that rewrites only the delta rows of their words. An article another process indexed since
        this one looked is replaced, not added twice (the reader and a command may bring the index up to date at
        once)."""
        loaded = []
        for start in range(0, len(add), LOAD_BATCH):
            batch = add[start : start + LOAD_BATCH]
            found = load([article_id for article_id, _ in batch])
            loaded += [(article_id, fingerprint, found.get(article_id)) for article_id, fingerprint in batch]
            if progress:
                progress(start + len(batch), len(add))
        with _transaction(self._db):
            first = self._next_docno()
            count_before = docs_state.known_count(self._db, first)
            drop = list(dict.fromkeys([*drop, *(article_id for article_id, _ in add)]))
            dropped = np.array(list(self._column_of(drop, "docno").values()), np.int64)
            self._db.executemany("DELETE FROM docs WHERE article_id = ?", [(aid,) for aid in drop])
            builder = PostingsBuilder()
            rows = []
            for _article_id, fingerprint, article in loaded:
                if article is not None:
                    rows.append(doc_row(first + builder.doc_count, article, fingerprint, builder.add(article)))
            self._db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?)", rows)
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('next_docno', ?)", (str(first + len(rows)),))
            if count_before is not None:
                docs_state.store_change(self._db, dropped, rows, first + len(rows), count_before)
            else:
                docs_state.store_all(self._db, docs_state.read_rows(self._db), first + len(rows))
            if not rows:
                return
            self._db.executemany("INSERT OR IGNORE INTO stems VALUES (?,?,?)", builder.stem_rows())
            added = list(builder.rows())
            held = self._delta_postings([term for term, _, _ in added])
            self._db.executemany("INSERT OR REPLACE INTO delta VALUES (?,?,?)", _delta_rows(added, held, first))

    def _delta_postings(self, terms: list[str]) -> dict[str, bytes]:
        """The delta's postings of these terms, asked in batches (one question per term was most of an add)."""
        return dict(rows_in(self._db, "SELECT term, postings FROM delta WHERE term IN ({marks})", terms))

    def _stale_share(self) -> tuple[int, int]:
        """(postings' documents that are in the delta or no longer live — what a merge would tidy, live
        documents)."""
        delta_start = self._db.execute("SELECT value FROM meta WHERE key = 'delta_from'").fetchone()
        delta_start = delta_start[0] if delta_start else None
        next_docno = self._next_docno()
        live = docs_state.known_count(self._db, next_docno)
        if live is None:
            live = self._db.execute("SELECT count(*) FROM docs").fetchone()[0]
        in_delta = next_docno - int(delta_start) if delta_start is not None else 0
        dead = next_docno - live  # numbers given out that no article holds any more
        return max(in_delta, 0) + max(dead, 0), live

    def _merge(self) -> None:
        """Fold the delta into the main postings and drop dead documents' postings, in one pass over the words."""
        live = np.zeros(self._next_docno(), bool)
        live[[row[0] for row in self._db.execute("SELECT docno FROM docs")]] = True
        with _transaction(self._db):
            delta = dict(self._db.execute("SELECT term, postings FROM delta"))
            last = ""
            while batch := self._db.execute(
                "SELECT term, postings FROM terms WHERE term > ? ORDER BY term LIMIT ?", (last, MERGE_BATCH)
            ).fetchall():
                words = []
                for term, blob in batch:
                    postings = unpack(blob)
                    if term in delta:
                        postings = np.concatenate([postings, unpack(delta.pop(term))])
                    words.append((term, postings[live[postings["doc"]]]))
                self._write_words(words)
                last = batch[-1][0]
            left = [(term, unpack(blob)) for term, blob in delta.items()]
            self._write_words([(term, postings[live[postings["doc"]]]) for term, postings in left])
            self._db.execute("DELETE FROM delta")
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('delta_from', ?)", (str(self._next_docno()),))

    def _next_docno(self) -> int:
        return next_docno(self._db)

    def _read_postings(self, term: str) -> np.ndarray:
        """A word's postings: the main ones, then the delta's (later documents), live or not."""
        parts = [unpack(blob) for blob in self._postings_blobs(term)]
        if not parts:
            return np.zeros(0, POSTING)
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def _read_columns(self, term: str) -> list[PostingColumns]:
        """The same postings as columns, part by part (what scoring reads)."""
        return [unpack_columns(blob) for blob in self._postings_blobs(term)]

    def _postings_blobs(self, term: str) -> list[bytes]:
        return [
            row[0]
            for table in ("terms", "delta")
            for row in self._db.execute(f"SELECT postings FROM {table} WHERE term = ?", (term,))
        ]

    def _write_words(self, words: list[tuple[str, np.ndarray]]) -> None:
        """Store these words' postings, packed together; a word left with none leaves the index."""
        kept = [(term, postings) for term, postings in words if len(postings)]
        self._db.executemany("DELETE FROM terms WHERE term = ?", [(term,) for term, p in words if not len(p)])
        if kept:
            bounds = np.cumsum([0] + [len(postings) for _, postings in kept]).tolist()
            packed = pack_many(np.concatenate([postings for _, postings in kept]), bounds)
            rows = [(term, len(postings), blob) for (term, postings), blob in zip(kept, packed, strict=True)]
            self._db.executemany("INSERT OR REPLACE INTO terms VALUES (?,?,?)", rows)


def next_docno(db: sqlite3.Connection) -> int:
    """One past the highest document number ever given (a removed article's number is never reused)."""
    found = db.execute("SELECT value FROM meta WHERE key = 'next_docno'").fetchone()
    highest = db.execute("SELECT max(docno) FROM docs").fetchone()[0]
    return max(int(found[0]) if found else 0, (highest if highest is not None else -1) + 1)


def _remove_builds_of_gone_processes(index: Path) -> None:
    """Delete the half-built files a build left when its process died (a crash, a kill): each is as big as the
    index, and nothing else ever removes them. A build of a process that still runs is never touched."""
    for leftover in index.parent.glob(f"{index.name}.*.*.new*"):
        pid = leftover.name[len(index.name) + 1 :].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            leftover.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, under another user
    return True


def _write_run(db: sqlite3.Connection, runs: int, rows: list[tuple]) -> int:
    """Write one run of postings to the scratch file attached as ``runs``; returns how many runs are written."""
    if not runs:
        db.execute(
            "CREATE TABLE runs.postings (term TEXT, run INTEGER, df INTEGER, postings BLOB, "
            "PRIMARY KEY (term, run)) WITHOUT ROWID"
        )
    db.executemany("INSERT INTO runs.postings VALUES (?, ?, ?, ?)", ((t, runs, df, b) for t, df, b in rows))
    return runs + 1


def _joined_runs(db: sqlite3.Connection):
    """(term, df, BLOB) per term in term order: its runs' postings joined (read in key order, never sorted)."""
    term, df, parts = None, 0, []
    for row_term, row_df, blob in db.execute("SELECT term, df, postings FROM runs.postings ORDER BY term, run"):
        if row_term != term and parts:
            yield term, df, b"".join(parts)
            df, parts = 0, []
        term, df = row_term, df + row_df
        parts.append(blob)
    if parts:
        yield term, df, b"".join(parts)


def _delta_rows(added: list[tuple], held: dict[str, bytes], first: int) -> list[tuple]:
    """Delta rows for the words of newly added documents (numbered from ``first``): each word's postings already
    in the delta followed by the new ones, all packed together. Joined as bytes: tens of thousands of words, and
    a numpy slice and join of structured arrays per word cost more than the rest of an add's postings."""
    fresh = np.frombuffer(b"".join(blob for _, _, blob in added), POSTING).copy()
    fresh["doc"] += first
    raw = fresh.tobytes()
    width = POSTING.itemsize
    parts: list[bytes] = []
    sizes: list[int] = []
    start = 0
    for term, df, _ in added:
        if term in held:
            old = unpack(held[term])
            parts.append(old.tobytes())
            sizes.append(len(old) + df)
        else:
            sizes.append(df)
        parts.append(raw[start * width : (start + df) * width])
        start += df
    joined = np.frombuffer(b"".join(parts), POSTING)
    packed = pack_many(joined, np.cumsum([0, *sizes]).tolist())
    return [(term, size, blob) for (term, _, _), size, blob in zip(added, sizes, packed, strict=True)]


def _packed(rows: Iterable[tuple]) -> Iterator[tuple]:
    """(term, df, raw POSTING bytes) rows as stored: the postings packed (:mod:`sahel_tui.search.packing`), many
    words at a time."""
    batch: list[tuple] = []
    held = 0
    for row in rows:
        batch.append(row)
        held += len(row[2])
        if held >= PACK_BATCH_BYTES:
            yield from _pack_batch(batch)
            batch, held = [], 0
    yield from _pack_batch(batch)


def _pack_batch(rows: list[tuple]) -> Iterator[tuple]:
    if not rows:
        return
    postings = np.frombuffer(b"".join(raw for _, _, raw in rows), POSTING)
    bounds = np.cumsum([0] + [df for _, df, _ in rows]).tolist()
    for (term, df, _), blob in zip(rows, pack_many(postings, bounds), strict=True):
        yield term, df, blob


class _transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any error."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.db.execute("COMMIT")
        elif self.db.in_transaction:  # SQLite has already rolled back after some errors (a full disk)
            self.db.execute("ROLLBACK")
