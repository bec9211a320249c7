"""The per-article numbers a search reads (document numbers, field lengths, ids), kept as one row of arrays: the
same as the ``docs`` rows after any mix of changes, and never trusted once ``docs`` changed without it."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from unittest.mock import patch

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from test_search_index import FILLER, Corpus, article

from sahel_tui.search import docs_state
from sahel_tui.search.docs_state import DocsState


def kept_and_read(path: Path) -> tuple[DocsState | None, DocsState]:
    with closing(sqlite3.connect(path)) as db:
        next_docno = int(db.execute("SELECT value FROM meta WHERE key = 'next_docno'").fetchone()[0])
        return docs_state.kept(db, next_docno), docs_state.read_rows(db)


def same(one: DocsState, other: DocsState) -> bool:
    return (one.ids == other.ids and np.array_equal(one.docnos, other.docnos)
            and np.array_equal(one.lengths, other.lengths))  # fmt: skip


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["add", "change", "remove"]), st.integers(0, 30)), max_size=12))
def test_the_kept_numbers_are_the_rows_after_any_adds_changes_and_removals(tmp_path_factory, steps) -> None:
    path = tmp_path_factory.mktemp("state") / "index.sqlite3"
    with patch.object(docs_state, "CHUNK", 4):  # many chunks: changes land in several
        changed_in_chunks(path, steps)


def changed_in_chunks(path: Path, steps: list[tuple[str, int]]) -> None:
    corpus = Corpus(path, [article(f"a{n}", f"Report {n}", FILLER) for n in range(3)])
    versions = dict.fromkeys(corpus.articles, "v1")
    for action, number in steps:
        key = f"a{number}"
        if action == "remove":
            corpus.articles.pop(key, None)
            versions.pop(key, None)
        else:
            body = " ".join([FILLER] * (number % 4 + 1))
            corpus.articles[key] = article(key, f"Report {number} {action}", body, byline="Awa Diallo" * (number % 2))
            versions[key] = f"v{number}-{action}-{len(versions)}"
        corpus.index.sync(dict(versions), corpus.load)
    corpus.index.close()
    kept, read = kept_and_read(path)
    assert kept is not None and same(kept, read)


def reopened_after(path: Path, statement: str) -> Corpus:
    """An index of two articles, changed behind its back by ``statement``, then opened again."""
    corpus = Corpus(path, [article("gao", "Gao market reopens", FILLER), article("kidal", "Kidal talks", FILLER)])
    corpus.index.close()
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(statement)
    corpus.index = corpus.index.open(path, corpus.read)
    return corpus


def test_a_docs_table_changed_without_the_kept_row_is_read_row_by_row_and_kept_again(tmp_path: Path) -> None:
    """An earlier sahel-tui (same index version) removes an article without knowing the kept row: the search must
    not take the stale row's numbers for the truth."""
    path = tmp_path / "index.sqlite3"
    corpus = reopened_after(path, "DELETE FROM docs WHERE article_id = 'kidal'")
    assert corpus.ids("kidal") == [] and corpus.ids("gao") == ["gao"]
    assert corpus.index.document_count == 1
    corpus.index.close()
    kept, read = kept_and_read(path)
    assert kept is not None and same(kept, read) and kept.ids == ["gao"]


def test_a_damaged_kept_row_is_never_trusted(tmp_path: Path) -> None:
    corpus = reopened_after(
        tmp_path / "index.sqlite3",
        "UPDATE state SET value = substr(value, 1, length(value) - 3) WHERE name GLOB 'docs:*'",
    )
    assert corpus.ids("kidal") == ["kidal"] and corpus.index.document_count == 2


@given(st.lists(st.text(max_size=12).filter(lambda text: "\n" not in text), max_size=20))
def test_any_ids_round_trip_in_a_chunk_and_an_id_with_a_line_break_is_not_kept(ids) -> None:
    count = len(ids)
    state = DocsState(np.arange(count, dtype=np.int64) * 2, np.arange(count * 5, dtype=np.int32).reshape(-1, 5), ids)
    back = DocsState.unpack(state.pack(), 0)
    assert back is not None and same(back, state)
    assert count == 0 or DocsState.unpack(state.pack(), 1) is None, "numbers outside the chunk it says it holds"
    if ids:
        assert DocsState(state.docnos, state.lengths, [*ids[:-1], "two\nlines"]).pack() is None


def test_adding_to_a_big_index_rewrites_only_the_last_chunk_of_numbers(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite3"
    with patch.object(docs_state, "CHUNK", 4):
        corpus = Corpus(path, [article(f"a{n}", f"Report {n}", FILLER) for n in range(21)])
        written: list[str] = []
        corpus.index._db.set_trace_callback(written.append)
        corpus.articles["new"] = article("new", "Convoy reaches Anefis", FILLER)
        assert corpus.sync().added == 1
        corpus.index._db.set_trace_callback(None)
        kept_rows = [sql for sql in written if sql.startswith("INSERT OR REPLACE INTO state")]
        assert len(kept_rows) == 2, "the chunk the new article falls in, and the header: not the other five chunks"
        assert corpus.ids("anefis") == ["new"]
        corpus.index.close()
        kept, read = kept_and_read(path)
    assert kept is not None and same(kept, read)


def test_an_unchanged_index_is_opened_and_searched_without_counting_its_rows(tmp_path: Path) -> None:
    """Triggers in the file drop the kept header on any change to ``docs``, so a header that is there is taken as
    the count: a warm search at a million articles counted a million rows twice (a quarter of its time)."""
    path = tmp_path / "index.sqlite3"
    corpus = Corpus(path, [article("gao", "Gao market reopens", FILLER), article("kidal", "Kidal talks", FILLER)])
    corpus.index.close()
    statements: list[str] = []
    original_connect = corpus.index._connect

    def traced(*args, **kwargs):
        connection = original_connect(*args, **kwargs)
        connection.set_trace_callback(statements.append)
        return connection

    with patch.object(type(corpus.index), "_connect", staticmethod(traced)):
        corpus.index = corpus.index.open(path, corpus.read)
    assert corpus.ids("kidal") == ["kidal"] and corpus.index.document_count == 2
    assert statements, "the opening was traced"
    assert not [sql for sql in statements if "count(*) FROM docs" in sql]


def test_an_index_made_before_the_triggers_is_counted_until_they_are_made(tmp_path: Path) -> None:
    """An index from the previous sahel-tui has kept rows but no triggers; an article it removed behind the kept
    header's back is caught by counting while the triggers cannot be made (another process is writing), and they
    are made at the next opening."""
    path = tmp_path / "index.sqlite3"
    corpus = Corpus(path, [article("gao", "Gao market reopens", FILLER), article("kidal", "Kidal talks", FILLER)])
    corpus.index.close()
    with closing(sqlite3.connect(path)) as db, db:
        for name in docs_state._TRIGGERS:
            db.execute(f"DROP TRIGGER {name}")
        db.execute("DELETE FROM docs WHERE article_id = 'kidal'")  # the kept header still says two
    with closing(sqlite3.connect(path, isolation_level=None)) as writer:
        writer.execute("BEGIN IMMEDIATE")  # another process writing: the triggers are not made now
        corpus.index = corpus.index.open(path, corpus.read)
        assert corpus.ids("kidal") == [] and corpus.index.document_count == 1
        writer.execute("ROLLBACK")
    corpus.index.close()
    with closing(sqlite3.connect(path)) as db:
        assert not docs_state._watched(db)
    corpus.index = corpus.index.open(path, corpus.read)
    assert corpus.ids("gao") == ["gao"] and corpus.index.document_count == 1
    corpus.index.close()
    with closing(sqlite3.connect(path)) as db:
        assert docs_state._watched(db)
    kept, read = kept_and_read(path)
    assert kept is not None and same(kept, read) and kept.ids == ["gao"]
