"""The notes store: what it holds, how it refuses bad files without touching them, and how it migrates."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from sahel_tui.notes import store as store_module
from sahel_tui.notes.anchor import make_selector
from sahel_tui.notes.store import APPLICATION_ID, NotesStore, StoreError

TEXT = "Armed men attacked a convoy near Ménaka on Tuesday. Officials said the army repelled them."


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def store(tmp_path: Path) -> NotesStore:
    return NotesStore.open(tmp_path / "config" / "notes.sqlite3")


def test_new_database_is_stamped_and_in_wal_mode(store: NotesStore) -> None:
    db = sqlite3.connect(store.path)
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(store_module.MIGRATIONS)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_annotations_add_edit_delete_and_list(store: NotesStore) -> None:
    first = store.add_annotation("a1", make_selector(TEXT, 0, 51), "convoy attack", ("security", "#menaka, gao"))
    second = store.add_annotation("a1", make_selector(TEXT, 52, 90), "army claim")
    other = store.add_annotation("a2", make_selector(TEXT, 0, 10), "elsewhere")
    assert first.tags == ("security", "menaka", "gao")
    assert [a.id for a in store.annotations("a1")] == [first.id, second.id]
    assert len(store.annotations()) == 3
    edited = store.edit_annotation(first.id, note="convoy ambush", tags=("ambush",))
    assert store.annotation(first.id).note == "convoy ambush" and store.annotation(first.id).tags == ("ambush",)
    assert edited.updated >= first.updated
    assert store.delete_annotation(second.id) and not store.delete_annotation(second.id)
    assert store.annotation_counts() == {"a1": 1, "a2": 1}
    assert store.annotation(other.id).quote == TEXT[0:10]


def test_an_edit_from_a_version_changed_since_writes_nothing(store: NotesStore) -> None:
    """An editor's save names the version it started from; another reader's change since is never written over."""
    opened = store.add_annotation("a1", make_selector(TEXT, 0, 51), "convoy attack", ("security",))
    elsewhere = store.edit_annotation(opened.id, note="convoy ambush")
    assert store.edit_annotation(opened.id, note="my edit", tags=("mine",), base=opened) is None
    assert store.annotation(opened.id) == elsewhere, "the other change stays as it was, untouched"
    edited = store.edit_annotation(opened.id, note="my edit", base=elsewhere)
    assert edited is not None and store.annotation(opened.id).note == "my edit"
    same = store.edit_annotation(opened.id, note="my edit", base=opened)
    assert same == store.annotation(opened.id) == edited, "already so: nothing written, not even the time"
    store.delete_annotation(opened.id)
    with pytest.raises(KeyError):
        store.edit_annotation(opened.id, note="too late", base=edited)


def test_save_edit_keeps_what_was_typed_when_the_note_changed_or_went(store: NotesStore) -> None:
    from sahel_tui.model import Article
    from sahel_tui.notes.passages import CHANGED_MEANWHILE, EDITED, GONE_MEANWHILE, save_edit

    article = Article("a1", "Convoy", "test", paragraphs=(TEXT,))
    opened = store.add_annotation("a1", make_selector(TEXT, 0, 51), "first")
    assert save_edit(store, article, 0, 51, opened, "second", ()) == EDITED
    assert [a.note for a in store.annotations("a1")] == ["second"]
    assert save_edit(store, article, 0, 51, opened, "third", ("t",)) == CHANGED_MEANWHILE  # opened said "first"
    assert sorted((a.note, a.tags) for a in store.annotations("a1")) == [("second", ()), ("third", ("t",))]
    store.delete_annotation(opened.id)
    assert save_edit(store, article, 0, 51, opened, "fourth", ()) == GONE_MEANWHILE
    assert sorted(a.note for a in store.annotations("a1")) == ["fourth", "third"]
    assert {a.quote for a in store.annotations("a1")} == {TEXT[0:51]}


def test_changes_made_through_another_connection_are_noticed_once(store: NotesStore) -> None:
    assert not store.changed_elsewhere()
    store.add_annotation("a1", make_selector(TEXT, 0, 10), "mine")
    assert not store.changed_elsewhere(), "its own writes do not count"
    other = NotesStore.open(store.path)
    other.set_bookmark("a2")
    assert store.changed_elsewhere() and not store.changed_elsewhere()
    other.close()


def test_notes_are_stored_exactly_as_typed(store: NotesStore) -> None:
    hostile = "[/x] [@click=app.quit]q[/] \x1b]52;c;ZXZpbA==\x07 Safe\rEvil \u202eRLO\n\tend"
    annotation = store.add_annotation("a1", make_selector(TEXT, 0, 5), hostile)
    assert store.annotation(annotation.id).note == hostile


def test_fuzzy_search_over_notes_quotes_and_tags(store: NotesStore) -> None:
    store.add_annotation("a1", make_selector(TEXT, 0, 51), "Check casualty figures with ACLED", ("menaka",))
    store.add_annotation("a1", make_selector(TEXT, 52, 90), "army statement", ("claims",))
    assert [a.note for a in store.search_annotations("casualty figurs")] == ["Check casualty figures with ACLED"]
    assert [a.note for a in store.search_annotations("repelled")] == ["army statement"]  # in the quote
    assert [a.note for a in store.search_annotations("claims")] == ["army statement"]  # a tag


def test_bookmarks_and_reading_state(store: NotesStore) -> None:
    assert store.toggle_bookmark("a1") is True
    store.set_bookmark("a2")
    assert {aid for aid, _ in store.bookmarks()} == {"a1", "a2"}
    assert store.toggle_bookmark("a1") is False
    assert not store.is_bookmarked("a1") and store.is_bookmarked("a2")
    store.mark_read("a2", position=120)
    store.mark_read("a2")
    assert store.reading_state("a2").read and store.reading_state("a2").position == 120
    assert store.last_read().article_id == "a2"
    store.mark_unread("a2")
    assert store.read_articles() == set()


def test_marking_a_feed_read_counts_only_what_was_unread_and_keeps_reading_positions(store: NotesStore) -> None:
    store.mark_read("opened", position=42)
    store.mark_read("again")
    store.mark_unread("again")
    feed = ["opened", "again", "new-1", "new-2", "new-1"]
    assert store.mark_all_read(feed) == 3  # "again" (marked unread) and the two never opened
    assert store.read_articles() == {"opened", "again", "new-1", "new-2"}
    assert store.reading_state("opened").position == 42, "where the reader stopped is kept"
    assert store.mark_all_read(feed) == 0 and store.mark_all_read([]) == 0


def test_the_marks_of_a_page_are_those_of_its_articles_only(store: NotesStore) -> None:
    """A listed page asks for its own rows' marks; a long reading history is not read for it."""
    for number in range(1200):  # more than one batch of SQLite parameters
        store.mark_read(f"old-{number}")
    store.mark_read("a1")
    store.mark_read("a3")
    store.mark_unread("a3")
    store.set_bookmark("a2")
    store.set_bookmark("elsewhere")
    store.add_annotation("a1", make_selector(TEXT, 0, 10), "one")
    store.add_annotation("a1", make_selector(TEXT, 11, 20), "two")
    store.add_annotation("elsewhere", make_selector(TEXT, 0, 10), "not listed")
    page = ["a1", "a2", "a3", "a4", "a1"]
    assert store.marks_of(page) == ({"a2"}, {"a1": 2}, {"a1"})
    assert store.marks_of([]) == (set(), {}, set())
    history = [f"old-{number}" for number in range(1200)]
    assert store.marks_of(history)[2] == set(history)


def test_everything_survives_a_reopen(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    first = NotesStore.open(path)
    annotation = first.add_annotation("a1", make_selector(TEXT, 0, 5), "kept")
    first.set_bookmark("a1")
    first.close()
    again = NotesStore.open(path)
    assert again.annotation(annotation.id).note == "kept" and again.is_bookmarked("a1")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is a text file, not a database\n" * 10, "not an SQLite file"),
        (b"", r"empty \(0 bytes\)"),
        (b"SQLite format 3\x00" + b"\x10\x00" + b"\x00" * 10, "not an SQLite file"),  # under 100 bytes
    ],
)
def test_garbage_and_empty_files_are_refused_untouched(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(content)
    before = digest(path)
    with pytest.raises(StoreError, match=message) as caught:
        NotesStore.open(path)
    assert str(path) in str(caught.value)
    assert "restore a backup" in str(caught.value), "the line says what to do"
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite3"]


def _filled_database(path: Path) -> None:
    store = NotesStore.open(path)
    for number in range(300):
        store.add_annotation("a1", make_selector(TEXT, 0, 5), f"note {number} " + "x" * 200)
    store.close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def test_truncated_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    _filled_database(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    before = digest(path)
    with pytest.raises(StoreError, match="truncated"):
        NotesStore.open(path)
    assert digest(path) == before


def test_corrupted_pages_are_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    _filled_database(path)
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for offset in range(page_size * 2, len(data) - page_size, page_size):
        data[offset : offset + 64] = b"\xa5" * 64  # scribble over the start of every later page
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(StoreError, match=r"damaged|malformed|cannot use"):
        NotesStore.open(path)
    assert digest(path) == before


def test_database_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    NotesStore.open(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={len(store_module.MIGRATIONS) + 1}")
    db.close()
    before = digest(path)
    with pytest.raises(StoreError, match="newer sahel-tui"):
        NotesStore.open(path)
    assert digest(path) == before


def test_other_applications_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE contacts (name TEXT)")
    db.execute("INSERT INTO contacts VALUES ('Aminata')")
    db.commit()
    db.close()
    before = digest(path)
    with pytest.raises(StoreError, match=r"not a sahel-tui notes database.*move the file away"):
        NotesStore.open(path)
    assert digest(path) == before


def test_migration_backs_up_then_upgrades_one_version_per_transaction(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "notes.sqlite3"
    old = NotesStore.open(path)
    kept = old.add_annotation("a1", make_selector(TEXT, 0, 5), "from version 1")
    old.close()

    def add_colour(db: sqlite3.Connection) -> None:
        db.execute("ALTER TABLE annotations ADD COLUMN colour TEXT")

    current = len(store_module.MIGRATIONS)
    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, add_colour])
    upgraded = NotesStore.open(path)
    assert upgraded._db.execute("PRAGMA user_version").fetchone()[0] == current + 1
    backups = list(tmp_path.glob(f"notes.sqlite3.pre-v{current + 1}.*.bak"))
    assert len(backups) == 1
    backup = sqlite3.connect(backups[0])
    assert backup.execute("SELECT note FROM annotations").fetchall() == [("from version 1",)]
    assert backup.execute("PRAGMA user_version").fetchone()[0] == current
    assert "colour" in [row[1] for row in upgraded._db.execute("PRAGMA table_info(annotations)")]
    assert upgraded._db.execute("SELECT note FROM annotations WHERE id = ?", (kept.id,)).fetchone() == (
        "from version 1",
    )


def test_failed_migration_leaves_the_old_version(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "notes.sqlite3"
    NotesStore.open(path).close()

    def broken(db: sqlite3.Connection) -> None:
        db.execute("ALTER TABLE annotations ADD COLUMN colour TEXT")
        raise sqlite3.OperationalError("simulated failure halfway")

    current = len(store_module.MIGRATIONS)
    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, broken])
    with pytest.raises(StoreError, match="simulated failure"):
        NotesStore.open(path)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == current
    assert "colour" not in [row[1] for row in db.execute("PRAGMA table_info(annotations)")]


def test_saved_searches_by_name_and_a_name_taken_is_replaced_only_when_asked(store: NotesStore) -> None:
    assert store.save_search("JNIM this week", "entity:jnim since:7d")
    assert store.save_search(" aes ", "alliance des états du sahel")
    assert [(s.name, s.query) for s in store.saved_searches()] == [
        ("aes", "alliance des états du sahel"), ("JNIM this week", "entity:jnim since:7d")]  # fmt: skip
    assert not store.save_search("jnim THIS week", "entity:jnim")  # the same name in other letters: taken
    assert store.saved_search("JNIM this week").query == "entity:jnim since:7d"
    assert store.save_search("JNIM this week", "entity:jnim since:7d")  # the same query again: nothing to replace
    assert store.save_search("jnim this week", "entity:jnim", replace=True)
    assert [(s.name, s.query) for s in store.saved_searches()][1] == ("jnim this week", "entity:jnim")
    assert store.remove_search("JNIM THIS WEEK") and not store.remove_search("JNIM THIS WEEK")
    with pytest.raises(ValueError):
        store.save_search("  ", "mali")
    assert [s.name for s in store.saved_searches()] == ["aes"]


def test_a_notes_file_of_the_first_schema_takes_saved_searches_after_a_backup(tmp_path: Path) -> None:
    """A file written before saved searches existed (schema 1): its notes stay, a copy is kept beside it, and
    searches can be saved in it."""
    from sahel_tui.notes.schema import INDEXES_V1, TABLES_V1

    path = tmp_path / "notes.sqlite3"
    db = sqlite3.connect(path)
    for statement in (*TABLES_V1.values(), *INDEXES_V1.values()):
        db.execute(statement)
    db.execute("INSERT INTO bookmarks VALUES ('wagner', '2026-01-01T00:00:00+00:00')")
    db.execute(f"PRAGMA application_id={APPLICATION_ID}")
    db.execute("PRAGMA user_version=1")
    db.commit()
    db.close()
    store = NotesStore.open(path)
    assert store.warnings == [], "an upgrade says nothing (it once said the -shm file had been deleted)"
    assert store.is_bookmarked("wagner")
    assert store.save_search("Mali", "mali -wagner") and store.saved_search("mali").query == "mali -wagner"
    (backup,) = tmp_path.glob("notes.sqlite3.pre-v2.*.bak")
    assert sqlite3.connect(backup).execute("PRAGMA user_version").fetchone()[0] == 1
    store.close()
    assert NotesStore.open(path).saved_searches()[0].name == "Mali"


def test_the_queries_typed_lately_come_back_newest_first_each_once_and_so_many(store: NotesStore, monkeypatch) -> None:
    from sahel_tui.notes import searches

    for query in ("wagner", "bamako", "  ", "wagner", "entity:jnim since:7d"):
        store.remember_query(query)
    assert store.recent_queries() == ["entity:jnim since:7d", "wagner", "bamako"]
    monkeypatch.setattr(searches, "QUERIES_KEPT", 3)
    store.remember_query("kidal")
    assert store.recent_queries() == ["kidal", "entity:jnim since:7d", "wagner"]
