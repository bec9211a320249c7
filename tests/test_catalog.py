"""The library catalog: migration from the files-and-sources.json layout, imports whose cost does not grow with the
library, damage refused untouched, two writers at once, and re-parsing when the parser changes."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from sahel_tui.corpus.catalog import Catalog
from sahel_tui.corpus.library import IMPORT_BATCH, Library
from sahel_tui.corpus.parsing import PARSER_VERSION
from sahel_tui.paths import Locations, locations

LEGACY = Path(__file__).parent / "fixtures" / "legacy-library"
"""A library as the version before the catalog wrote it: ``report`` imported then updated, ``report-2`` (same file
name, other folder), ``segou-notes`` (Markdown with front matter, a non-ASCII origin)."""


def article_file(folder: Path, number: int, name: str | None = None) -> Path:
    path = folder / (name or f"dispatch-{number:05d}.txt")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"Dispatch {number} from Mopti\n\nReport number {number}: traders in Mopti counted {number * 7} boats "
        f"arriving at the port this week, according to the harbour office.\n"
    )
    return path


def legacy_home() -> Path:
    shutil.copytree(LEGACY, locations().library_dir)
    return locations().library_dir


# -- migration -------------------------------------------------------------------------------------------------


def test_a_library_of_files_moves_into_the_catalog_under_the_same_ids(library: Library) -> None:
    old = legacy_home()
    before = {path.name: path.read_bytes() for path in old.iterdir()}
    result = library.load()
    loaded = {a.id: a for a in result.articles}
    assert {"report", "report-2", "segou-notes"} <= set(loaded)
    assert loaded["report"].paragraphs[-1] == "The mayor promised new stalls by the rainy season."
    assert loaded["report-2"].title == "Kidal Water Plan Announced"
    assert (loaded["segou-notes"].date, loaded["segou-notes"].source_url) == (
        "2025-06-01", "https://example.org/segou-rains",
    )  # fmt: skip
    assert library.catalog.origin_of("segou-notes") == ("file", "/tmp/legacysrc/Ségou notes.md")
    assert library.catalog.original("report") == before["report.txt"]
    assert any("3 imported article(s) moved into the library catalog" in str(line) for line in result.errors)
    assert {path.name: path.read_bytes() for path in old.iterdir()} == before, "the old folder is only read"
    again = Library(locations()).load()
    assert not any("moved into" in str(line) for line in again.errors), "migrated once"


def test_after_migration_a_new_file_of_a_taken_name_gets_the_next_id(library: Library, tmp_path: Path) -> None:
    legacy_home()
    (outcome,) = library.import_paths([article_file(tmp_path / "c", 1, "report.txt")])
    assert (outcome.status, outcome.article_id) == ("imported", "report-3")


def test_a_damaged_copy_or_sources_table_in_the_old_folder_is_named_and_the_rest_move_in(library: Library) -> None:
    old = legacy_home()
    (old / "broken.txt").write_bytes(b"%PDF-1.4 binary")
    (old / "sources.json").write_text("{ not json")
    result = library.load()
    assert {"report", "report-2", "segou-notes"} <= {a.id for a in result.articles}
    lines = [str(line) for line in result.errors]
    assert f"{old / 'broken.txt'}: not a text file (a PDF document); left where it is, not in the library" in lines
    assert any(line.startswith(f"{old / 'sources.json'}: unreadable") for line in lines)
    assert (old / "sources.json").read_text() == "{ not json"


# -- imports whose cost does not depend on the library's size -------------------------------------------------


STEPS = 100
"""SQLite's progress handler is called every this many virtual-machine instructions: a count of the work done."""


def work_per_import(library: Library, files: list[Path]) -> tuple[float, float]:
    """(SQL statements, SQLite VM instructions / STEPS) the catalog ran per imported file. A lookup that scans the
    library instead of using an index shows in the second figure, whatever the statements look like."""
    statements: list[str] = []
    steps = [0]

    def step() -> int:
        steps[0] += 1
        return 0

    db = library.catalog._db
    db.set_trace_callback(statements.append)
    db.set_progress_handler(step, STEPS)
    outcomes = library.import_paths(files)
    db.set_progress_handler(None, STEPS)
    db.set_trace_callback(None)
    assert all(outcome.status == "imported" for outcome in outcomes)
    return len(statements) / len(files), steps[0] / len(files)


def test_two_thousand_imports_write_one_file_and_do_the_same_work_each(library: Library, tmp_path: Path) -> None:
    first = [article_file(tmp_path / "first", n) for n in range(200)]
    second = [article_file(tmp_path / "second", n) for n in range(200, 2200)]
    early, early_steps = work_per_import(library, first)
    late, late_steps = work_per_import(library, second)
    assert late <= early, "an import into a library of 2,000 costs no more statements than into one of 200"
    assert late_steps <= 1.5 * early_steps, f"SQLite work per file grew with the library: {early_steps} -> {late_steps}"
    commits = []
    library.catalog._db.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
    library.import_paths([article_file(tmp_path / "third", n) for n in range(2200, 2200 + IMPORT_BATCH * 2)])
    assert len(commits) == 2, "one transaction per batch, not one per file"
    data = locations().data_dir
    assert {p.name for p in data.iterdir()} <= {"library.sqlite3", "library.sqlite3-wal", "library.sqlite3-shm"}
    assert len(library.load().articles) == 3 + 2200 + IMPORT_BATCH * 2


def test_many_files_of_one_name_get_distinct_ids(library: Library, tmp_path: Path) -> None:
    files = [article_file(tmp_path / f"folder-{n}", n, "index.txt") for n in range(50)]
    ids = [outcome.article_id for outcome in library.import_paths(files)]
    assert ids == ["index", *(f"index-{n}" for n in range(2, 51))]


# -- damage ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"", b"this is not a database at all", b"SQLite format 3\x00" + b"\x00" * 84 + b"truncated"],
    ids=["empty", "text", "truncated-header"],
)
def test_a_damaged_catalog_is_refused_untouched_and_the_bundled_articles_still_read(
    library: Library, tmp_path: Path, content: bytes
) -> None:
    catalog = locations().catalog_db
    catalog.parent.mkdir(parents=True)
    catalog.write_bytes(content)
    result = library.load()
    assert len(result.articles) == 3 and all(a.bundled for a in result.articles)
    assert len(result.errors) == 1 and str(catalog) in str(result.errors[0])
    assert "bundled articles only" in str(result.errors[0])
    (outcome,) = library.import_paths([article_file(tmp_path, 1)])
    assert outcome.status == "rejected" and str(catalog) in outcome.reason
    assert library.get("wagner-announces-withdrawal-from-mali") is not None
    assert catalog.read_bytes() == content


def test_another_applications_database_is_not_taken_for_the_catalog(library: Library) -> None:
    catalog = locations().catalog_db
    catalog.parent.mkdir(parents=True)
    other = sqlite3.connect(catalog)
    other.execute("CREATE TABLE articles (x)")
    other.commit()
    other.close()
    before = catalog.read_bytes()
    assert "not a sahel-tui library catalog" in str(library.load().errors[0])
    assert catalog.read_bytes() == before


# -- two writers -------------------------------------------------------------------------------------------------


def test_two_processes_importing_at_once_lose_nothing(sahel_home: Path, tmp_path: Path) -> None:
    Library(locations()).load()  # the catalog exists, as it does once the reader has run
    batches = []
    for side in ("a", "b"):
        for n in range(120):
            article_file(tmp_path / side, n if side == "a" else 1000 + n)
        batches.append(tmp_path / side)
    script = "import sys; from sahel_tui.cli import main; sys.argv = ['sahel-tui', 'import', sys.argv[1]]; main()"
    processes = [subprocess.Popen([sys.executable, "-c", script, str(folder)], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE) for folder in batches]  # fmt: skip
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    articles = Library(locations()).load().articles
    assert len(articles) == 3 + 240
    assert len({a.id for a in articles}) == 243


# -- a new parser reads the stored originals again -------------------------------------------------------------


def test_articles_read_by_an_older_parser_are_parsed_again_from_their_originals(
    library: Library, tmp_path: Path
) -> None:
    (outcome,) = library.import_paths([article_file(tmp_path, 7)])
    library.close()
    db = sqlite3.connect(locations().catalog_db)
    db.execute("UPDATE articles SET parser_version = ?, title = 'as an old parser read it', paragraphs = '[]'",
               (PARSER_VERSION - 1,))  # fmt: skip
    db.commit()
    db.close()
    reopened = Library(locations())
    stale_stamp = reopened.fingerprints()[outcome.article_id]
    article = {a.id: a for a in reopened.load().articles}[outcome.article_id]
    assert article.title == "Dispatch 7 from Mopti"
    assert article.paragraphs and "49 boats" in article.paragraphs[0]
    assert reopened.fingerprints()[outcome.article_id] != stale_stamp, "derived data sees the change"
    assert Catalog.open(locations().catalog_db).stale() == []


def test_entity_figures_shared_among_worker_processes_equal_those_made_in_one(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sahel_tui.entities import corpus_stats

    files = [article_file(tmp_path, n) for n in range(corpus_stats.PARALLEL_FROM + 10)]
    towns = ("Kidal", "Ménaka", "Tillabéri", "Djibo", "Gao")
    for path, town in zip(files[::20], towns, strict=False):
        path.write_text(path.read_text() + f"\nJNIM fighters attacked {town}, the Malian army said.\n")
    library.import_paths(files)
    shared = corpus_stats.synced_stats(library)
    monkeypatch.setattr(corpus_stats, "STATS_FILE", "entities-one-process.json")  # not the cache just written
    monkeypatch.setattr(corpus_stats, "PARALLEL_FROM", 10**9)
    alone = corpus_stats.synced_stats(library)
    assert shared.per_article == alone.per_article
    dispatches = {aid for aid in shared.articles_mentioning("jnim") if aid.startswith("dispatch")}
    assert dispatches == {path.stem for path in files[: 20 * len(towns) : 20]}


def test_an_import_shared_among_worker_processes_stores_what_one_process_stores(
    sahel_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers send their articles packed (text only in the stored fields): nothing of an article is lost on the
    way, in either language, with a standfirst, a byline and a date."""
    from sahel_tui.corpus import library as library_module

    files = [article_file(tmp_path / "in", n) for n in range(library_module.PARALLEL_FROM + 5)]
    files[3].write_text(
        "Les commerçants de Mopti reprennent le fleuve\n\nPar Awa Traoré\n\n12 mars 2025\n\n"
        "Les pirogues sont revenues au port de Mopti cette semaine, selon la capitainerie.\n"
    )
    shared = Library(locations())
    home = locations()
    alone = Library(Locations(home.config_dir / "alone", home.data_dir / "alone", home.cache_dir))
    shared.import_paths(files)
    monkeypatch.setattr(library_module, "PARALLEL_FROM", 10**9)
    alone.import_paths(files)
    ids = [path.stem for path in files]
    assert shared.get_many(ids) == alone.get_many(ids)
    french = shared.get(files[3].stem)
    assert french.lang == "fr" and french.paragraphs and french.title.startswith("Les commerçants")


def test_a_library_read_again_by_worker_processes_stores_what_one_process_stores(
    sahel_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newer parser reads a big library again in worker processes: the stored articles are those one process
    makes, an original the new parser cannot read comes back from its worker as one line (its old reading kept),
    and a command is told beforehand how many articles are read again."""
    import zlib

    from sahel_tui.corpus import library as library_module

    files = [article_file(tmp_path / "in", n) for n in range(library_module.PARALLEL_FROM + 5)]
    files[2].write_text("Les pirogues de Mopti\n\nPar Awa Traoré, à Mopti\n\nLes pirogues sont revenues au port "
                        "de Mopti cette semaine, selon la capitainerie du port.\n")  # fmt: skip
    home = locations()
    alone = Library(Locations(home.config_dir / "alone", home.data_dir / "alone", home.cache_dir))
    shared = Library(locations())
    for library in (shared, alone):
        library.import_paths(files)
        library.close()
        with closing(sqlite3.connect(library.locations.catalog_db)) as db, db:
            db.execute("UPDATE articles SET parser_version = ?, title = 'old', byline = NULL", (PARSER_VERSION - 1,))
            db.execute("UPDATE articles SET original = ? WHERE id = ?", (zlib.compress(b"\x00\x01" * 300),
                                                                         files[5].stem))  # fmt: skip
    told = []
    shared.on_big_reparse = lambda total, fetched: told.append((total, fetched))
    assert shared.reparse_stale() == len(files) + 3  # the bundled articles too
    monkeypatch.setattr(library_module, "PARALLEL_FROM", 10**9)
    alone.reparse_stale()
    ids = [path.stem for path in files]
    assert shared.get_many(ids) == alone.get_many(ids)
    assert told == [(len(files) + 3, 0)], "none of them a fetch's unread entry"
    assert shared.get(files[2].stem).byline == "Awa Traoré"
    assert shared.get(files[0].stem).title == "Dispatch 0 from Mopti"
    assert shared.get(files[5].stem).title == "old", "the earlier reading is kept"
    (line,) = [notice for notice in shared.load_problems() if files[5].stem in str(notice)]
    assert "not a text file" in str(line) and "earlier reading of it is kept" in str(line)
    assert not shared.catalog.stale_count()


def test_a_reason_a_file_is_refused_crosses_between_processes_whole() -> None:
    """Workers send back why an original could not be read: it must arrive (the pool otherwise breaks, and the
    work is done again in one process) with its file and its reason apart."""
    import pickle

    from sahel_tui.corpus.reader import IngestError

    sent = IngestError(Path("/library/dispatch.txt"), "not a text file (NUL bytes)")
    received = pickle.loads(pickle.dumps(sent))
    assert (received.path, received.reason, str(received)) == (sent.path, sent.reason, str(sent))


def test_a_catalog_of_the_first_schema_is_migrated_and_headlines_skip_the_text(
    library: Library, tmp_path: Path
) -> None:
    from sahel_tui.corpus import catalog_schema as catalog_module

    path = tmp_path / "v1.sqlite3"
    catalog_module.create(path)  # what version 1 wrote
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    db.close()
    opened = Catalog.open(path)
    assert opened._db.execute("PRAGMA user_version").fetchone()[0] == catalog_module.SCHEMA_VERSION
    plan = opened._db.execute("EXPLAIN QUERY PLAN SELECT id, title, byline, date, source, origin_kind FROM articles "
                              "ORDER BY seq DESC LIMIT 5").fetchall()  # fmt: skip
    assert "COVERING INDEX" in plan[0][3]
    for question in ("SELECT id FROM articles WHERE parser_version < 3 OR parser_version > 3 LIMIT 5",
                     "SELECT id, sha256 FROM articles WHERE origin_kind = 'bundled'"):  # fmt: skip
        plan = " ".join(row[3] for row in opened._db.execute(f"EXPLAIN QUERY PLAN {question}"))
        assert "SCAN" not in plan, f"every start asks this; it must not read the whole library: {plan}"
    statements: list[str] = []
    opened._db.set_trace_callback(statements.append)
    assert opened.fingerprints() == {}
    opened._db.set_trace_callback(None)
    for question in statements:  # every search compares the index with these: never from the rows with the text
        plan = " ".join(row[3] for row in opened._db.execute(f"EXPLAIN QUERY PLAN {question}"))
        assert "SCAN" not in plan or "COVERING INDEX" in plan, plan


def test_a_catalog_with_the_short_lived_kind_index_looks_files_up_by_origin_again(tmp_path: Path) -> None:
    """Version 4 briefly indexed the origin kind alone, which SQLite then used for every per-file origin lookup."""
    from sahel_tui.corpus import catalog_schema as catalog_module

    path = tmp_path / "v4.sqlite3"
    catalog_module.create(path)
    db = sqlite3.connect(path)
    for version in (2, 3):
        for statement in catalog_module.MIGRATIONS[version]:
            db.execute(statement)
    db.execute("CREATE INDEX articles_by_parser ON articles (parser_version)")
    db.execute("CREATE INDEX articles_by_kind ON articles (origin_kind)")
    db.execute("PRAGMA user_version=4")
    db.commit()
    db.close()
    opened = Catalog.open(path)
    question = "SELECT id FROM articles WHERE origin = 'a.txt' AND origin_kind = 'file' LIMIT 1"
    plan = " ".join(row[3] for row in opened._db.execute(f"EXPLAIN QUERY PLAN {question}"))
    assert "origin=?" in plan, plan


def test_rows_of_a_newer_parser_are_parsed_again_too(library: Library, tmp_path: Path) -> None:
    """A library opened by a newer version and then by this one again: its rows are read by this parser."""
    (outcome,) = library.import_paths([article_file(tmp_path, 8)])
    library.close()
    db = sqlite3.connect(locations().catalog_db)
    db.execute("UPDATE articles SET parser_version = ?, title = 'as a newer parser read it'", (PARSER_VERSION + 1,))
    db.commit()
    db.close()
    stale = Catalog.open(locations().catalog_db).stale()
    assert outcome.article_id in {row.id for row in stale}


def test_threads_opening_the_library_at_once_share_one_catalog(sahel_home: Path) -> None:
    import threading

    library = Library(locations())
    opened, failures = [], []

    def open_it() -> None:
        try:
            opened.append(library.catalog)
        except Exception as exc:  # the failure this test exists to catch
            failures.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [] and len({id(catalog) for catalog in opened}) == 1


def test_two_processes_opening_a_new_library_at_once_both_succeed(sahel_home: Path) -> None:
    script = "from sahel_tui.corpus.library import Library; from sahel_tui.paths import locations; " \
             "print(len(Library(locations()).load().articles))"  # fmt: skip
    for _ in range(3):
        shutil.rmtree(locations().data_dir, ignore_errors=True)
        processes = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                     for _ in range(2)]  # fmt: skip
        for process in processes:
            out, err = process.communicate(timeout=60)
            assert process.returncode == 0 and out.strip() == b"3", err.decode()


def test_the_generation_changes_with_what_fingerprints_are_made_of_and_only_then(
    library: Library, tmp_path: Path
) -> None:
    first = article_file(tmp_path, 1)
    library.import_paths([first])
    before = library.generation()
    assert before and Library(locations()).generation() == before, "the same from any process"
    library.import_paths([first])  # the same bytes again: nothing changes
    assert library.generation() == before
    library.import_paths([article_file(tmp_path, 2)])
    added = library.generation()
    assert added != before
    first.write_text(first.read_text() + "\nA line added later.\n")
    library.import_paths([first])  # a changed original
    changed = library.generation()
    assert changed != added
    library.remove("dispatch-00002")
    assert library.generation() != changed
    here = locations()
    elsewhere = Library(Locations(here.config_dir, tmp_path / "elsewhere", here.cache_dir))
    assert elsewhere.generation().split(":")[0] != library.generation().split(":")[0], "each catalog has its own id"


def test_a_catalog_restored_from_a_backup_and_changed_again_never_repeats_a_generation(
    library: Library, tmp_path: Path
) -> None:
    """Derived data synced after the backup must not take the restored, then changed, catalog for the one it saw."""
    library.import_paths([article_file(tmp_path, 1)])
    backup = tmp_path / "backup.sqlite3"
    with closing(sqlite3.connect(locations().catalog_db)) as live, closing(sqlite3.connect(backup)) as copy:
        live.backup(copy)
    library.import_paths([article_file(tmp_path, 2)])
    seen_by_the_index = library.generation()
    library.close()
    with closing(sqlite3.connect(backup)) as copy, closing(sqlite3.connect(locations().catalog_db)) as live:
        copy.backup(live)  # the backup put back
    restored = Library(locations())
    restored.import_paths([article_file(tmp_path, 3)])  # as many changes since the backup, other articles
    assert restored.generation() != seen_by_the_index


# -- the journal of changes ------------------------------------------------------------------------------------


def test_what_changed_since_a_generation_is_read_from_the_journal(library: Library, tmp_path: Path) -> None:
    catalog = library.catalog
    library.import_paths([article_file(tmp_path, n) for n in (1, 2, 3)])
    seen = catalog.generation()
    library.import_paths([article_file(tmp_path, 4)])
    changed = article_file(tmp_path, 2)
    changed.write_text(changed.read_text() + "\nA line added later.\n")
    library.import_paths([changed])
    library.remove("dispatch-00003")
    now, changes = catalog.changes_since(seen, limit=10)
    assert now == catalog.generation() != seen
    fingerprints = catalog.fingerprints()
    assert changes == {
        "dispatch-00004": fingerprints["dispatch-00004"],
        "dispatch-00002": fingerprints["dispatch-00002"],
        "dispatch-00003": None,
    }
    assert catalog.changes_since(now, limit=10) == (now, {})
    assert catalog.changes_since(seen, limit=2) is None, "more changes than the caller takes"
    catalog_id, token, seq = seen.split(":")
    assert catalog.changes_since(f"another-catalog:{token}:{seq}", limit=10) is None
    assert catalog.changes_since(f"{catalog_id}:{token}:{int(seq) + 1}", limit=10) is None, "never had it there"
    assert catalog.changes_since(f"{catalog_id}:{token}", limit=10) is None, "a generation of the format before"


def test_derived_data_further_behind_than_the_journal_keeps_is_told_to_compare(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sahel_tui.corpus import catalog as catalog_module

    monkeypatch.setattr(catalog_module, "JOURNAL_KEPT", 5)
    library.import_paths([article_file(tmp_path, 1)])
    seen = library.catalog.generation()
    library.import_paths([article_file(tmp_path, n) for n in range(2, 4)])
    assert library.catalog.changes_since(seen, limit=100) is not None
    library.import_paths([article_file(tmp_path, n) for n in range(4, 12)])
    assert library.catalog.changes_since(seen, limit=100) is None
    assert library.catalog._db.execute("SELECT count(*) FROM journal").fetchone()[0] <= 6


def test_a_catalog_of_schema_nine_keeps_its_articles_and_generation_and_journals_from_then_on(
    tmp_path: Path,
) -> None:
    from sahel_tui.corpus import catalog_schema as catalog_module

    path = tmp_path / "v9.sqlite3"
    catalog_module.create(path)
    db = sqlite3.connect(path)
    for version in range(2, 10):
        for statement in catalog_module.MIGRATIONS[version]:
            db.execute(statement)
    db.execute("PRAGMA user_version=9")
    db.execute(
        "INSERT INTO articles (id, origin_kind, origin, sha256, suffix, original, parser_version, title, source, "
        "encoding, replacements, paragraphs, teasers, added_at, changed_at) VALUES ('kept', 'file', '/k.txt', "
        "'ab12', '.txt', x'', 1, 'Kept', 'k.txt', 'utf-8', 0, '[]', '[]', '2026-01-01', '2026-01-01')"
    )
    db.commit()
    token_before = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0]
    db.close()
    opened = Catalog.open(path)
    generation = opened.generation()
    assert generation.split(":")[1] == token_before, "its token carries on"
    assert set(opened.fingerprints()) == {"kept"}
    opened.remove("kept")
    assert opened.changes_since(generation, limit=10)[1] == {"kept": None}


def test_a_parse_of_every_article_again_journals_each_once_and_the_journal_stays_bounded(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newer parser reads the whole library differently (a million rows at scale): one journal row per article,
    pruned like any other change, and derived data is told what changed."""
    from dataclasses import replace

    from sahel_tui.corpus import catalog as catalog_module

    def read_anew(n: int, how: str):
        article = catalog.get(f"dispatch-{n:05d}")
        return replace(article, title=f"{article.title} ({how})")

    def upgraded() -> None:  # every article as read by the parser before this one
        with catalog._writing() as db:
            db.execute("UPDATE articles SET parser_version = parser_version - 1, text_version = NULL")

    library.import_paths([article_file(tmp_path, n) for n in range(1, 9)])
    catalog = library.catalog
    upgraded()
    seen = catalog.generation()
    rows_before = catalog._db.execute("SELECT count(*) FROM journal").fetchone()[0]
    assert catalog.replace_parsed([read_anew(n, "once") for n in range(1, 5)]) == 4
    assert catalog._db.execute("SELECT count(*) FROM journal").fetchone()[0] == rows_before + 4
    assert set(catalog.changes_since(seen, limit=10)[1]) == {f"dispatch-{n:05d}" for n in range(1, 5)}
    monkeypatch.setattr(catalog_module, "JOURNAL_KEPT", 3)
    upgraded()
    catalog.replace_parsed([read_anew(n, "twice") for n in range(1, 9)])
    assert catalog._db.execute("SELECT count(*) FROM journal").fetchone()[0] <= 4


def test_a_newer_parser_that_reads_an_article_as_before_leaves_its_fingerprint_and_derived_data_alone(
    library: Library, tmp_path: Path
) -> None:
    """After an upgrade every article is read again, most of them exactly as before: those keep their fingerprint
    (the index and the entity figures have nothing to do), are no longer stale, and the catalog's generation does
    not move; the one read differently is journalled and its fingerprint changes."""
    library.import_paths([article_file(tmp_path, n) for n in range(1, 6)])
    library.close()
    with closing(sqlite3.connect(locations().catalog_db)) as db, db:
        db.execute("UPDATE articles SET parser_version = parser_version - 1")  # as read by the version before
        db.execute("UPDATE articles SET title = 'as the old parser read it' WHERE id = 'dispatch-00003'")
    before = Library(locations())
    stamps, generation = before.fingerprints(), before.generation()
    before.close()
    upgraded = Library(locations())
    assert upgraded.reparse_stale() == 5 + 3  # the bundled articles too
    assert not upgraded.catalog.stale_count()
    after = upgraded.fingerprints()
    assert {aid for aid in stamps if after[aid] != stamps[aid]} == {"dispatch-00003"}
    assert upgraded.get("dispatch-00003").title == "Dispatch 3 from Mopti"
    changes = upgraded.catalog.changes_since(generation, limit=100)
    assert changes is not None and set(changes[1]) == {"dispatch-00003"}
    upgraded.close()
    again = Library(locations())
    assert again.reparse_stale() == 0 and again.fingerprints() == after, "nothing left to read, nothing moved"


def test_a_catalog_of_schema_12_keeps_its_fingerprints_and_generation_when_migrated(
    library: Library, tmp_path: Path
) -> None:
    """Version 13 stores which parser's reading an article holds apart from the last parser that read it: taking
    a library there must not look like a change to derived data (a million articles indexed again for nothing)."""
    from sahel_tui.corpus import catalog_schema

    library.import_paths([article_file(tmp_path, n) for n in range(1, 4)])
    stamps, generation = library.fingerprints(), library.generation()
    library.close()
    with closing(sqlite3.connect(locations().catalog_db)) as db, db:  # the same library as version 12 kept it
        db.execute("DROP INDEX articles_fingerprints")
        db.execute("DROP TRIGGER articles_journal_update")
        db.execute("ALTER TABLE articles DROP COLUMN text_version")
        db.execute("ALTER TABLE articles RENAME COLUMN original_changed_at TO changed_at")
        db.execute("CREATE INDEX articles_fingerprints ON articles (parser_version, id, sha256)")
        db.execute(catalog_schema._journal_triggers()[2])
        db.execute("PRAGMA user_version=12")
    migrated = Library(locations())
    assert migrated.fingerprints() == stamps and migrated.generation() == generation
    version = migrated.catalog._db.execute("PRAGMA user_version").fetchone()[0]
    assert version == catalog_schema.SCHEMA_VERSION
    plan = " ".join(
        row[3]
        for row in migrated.catalog._db.execute(
            "EXPLAIN QUERY PLAN SELECT id, coalesce(text_version, parser_version), substr(sha256, 1, 16) FROM articles"
        )
    )
    assert "COVERING INDEX articles_fingerprints" in plan, plan


def test_a_catalog_of_schema_13_journals_each_article_added_once_without_its_trigger(
    library: Library, tmp_path: Path
) -> None:
    """Version 14 journals additions itself (a statement per batch, not a trigger per row): a library taken there
    keeps its generation, and each article added after is journaled once, so the index and the entity figures
    take it in."""
    from sahel_tui.corpus import catalog_schema

    library.import_paths([article_file(tmp_path, n) for n in range(1, 3)])
    generation = library.generation()
    library.close()
    with closing(sqlite3.connect(locations().catalog_db)) as db, db:  # the same library as version 13 kept it
        db.execute(catalog_schema._journal_triggers()[0])
        db.execute("ALTER TABLE articles RENAME COLUMN original_changed_at TO changed_at")
        db.execute("PRAGMA user_version=13")
    migrated = Library(locations())
    assert migrated.generation() == generation
    triggers = {row[0] for row in migrated.catalog._db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert triggers == {"articles_journal_delete", "articles_journal_update"}
    before = migrated.catalog._db.execute("SELECT max(seq) FROM journal").fetchone()[0]
    outcome = migrated.import_paths([article_file(tmp_path, 3)])
    (added,) = [item.article_id for item in outcome if item.status == "imported"]
    journaled = migrated.catalog._db.execute("SELECT article_id FROM journal WHERE seq > ?", (before,)).fetchall()
    assert journaled == [(added,)]
    assert migrated.generation() != generation


_VERSION_13_INSERT = (
    "INSERT INTO articles (id, origin_kind, origin, sha256, suffix, original, parser_version, source, title, "
    "byline, standfirst, date, source_url, encoding, replacements, paragraphs, teasers, lang, added_at, "
    "changed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
"""What sahel-tui 13 wrote to add an article, relying on the insert trigger to journal it."""


def test_an_older_sahel_tui_still_running_cannot_add_articles_unjournaled_after_the_upgrade(
    library: Library, tmp_path: Path
) -> None:
    """A reader started before an upgrade goes on with version 13's code once the library is at 14: its inserts,
    which counted on the trigger to journal them, would never reach an index. They fail, with SQLite's reason
    (the catalog says "the change was not saved"), and the library is as it was."""
    library.import_paths([article_file(tmp_path, 1)])
    generation = library.generation()
    db = library.catalog._db
    count = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    row = ("old-writer", "feed", "https://old.example/a", "ab" * 32, ".feedentry", b"{}", 0, "old.example",
           "Added by a stale process", None, None, None, None, "utf-8", 0, "[]", "[]", None, "2026-12-05",
           "2026-12-05")  # fmt: skip
    with pytest.raises(sqlite3.OperationalError, match="changed_at"):
        db.execute(_VERSION_13_INSERT, row)
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == count
    assert library.generation() == generation


def test_headlines_hold_a_shared_byline_date_and_site_once(tmp_path: Path) -> None:
    """A million headlines are the list's memory: what many articles repeat (a reporter, a day, the site of the feed
    that sent them) is one string, not one per row; each headline still says what its row says."""
    from sahel_tui.corpus.catalog_rows import Incoming
    from sahel_tui.model import Article

    catalog = Catalog.open(tmp_path / "library.sqlite3")

    def entry(n: int) -> Incoming:
        article = Article(id=f"dispatch-{n}", title=f"Dispatch {n} from Gao", source="reports.example.org",
                          byline="Aïssata Maïga", date="2026-12-01", paragraphs=(f"Convoy {n} at Gao.",))  # fmt: skip
        return Incoming(article=article, data=f"entry {n}".encode(), suffix=".feedentry",
                        origin=f"https://reports.example.org/{n}", kind="feed", wanted_id=article.id)  # fmt: skip

    catalog.add([entry(n) for n in range(40)])
    headlines = catalog.headlines()
    assert sorted(h.id for h in headlines) == sorted(f"dispatch-{n}" for n in range(40))
    assert {(h.byline, h.date, h.source, h.bundled) for h in headlines} == {
        ("Aïssata Maïga", "2026-12-01", "reports.example.org", False)
    }
    assert len({id(h.byline) for h in headlines}) == 1
    assert len({id(h.date) for h in headlines}) == 1
    assert len({id(h.source) for h in headlines}) == 1
    catalog.close()


def test_a_full_disk_during_an_import_is_one_line_per_file_and_the_rest_is_kept(
    library: Library, tmp_path: Path
) -> None:
    """The disk fills in the middle of an import (here the catalog is capped at its current size, the same
    SQLITE_FULL a full disk gives): every file not stored says why, nothing raises, what was stored before stays,
    and the catalog is whole."""
    first = [article_file(tmp_path / "before", n) for n in range(3)]
    assert all(outcome.ok for outcome in library.import_paths(first))
    db = library.catalog._db
    db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
    later = [article_file(tmp_path / "later", n, f"long-{n:03d}.txt") for n in range(60)]
    for path in later:
        path.write_text(path.read_text() + "\n\n" + "A long account of the market day in Mopti. " * 200)
    outcomes = library.import_paths(later)
    refused = [outcome for outcome in outcomes if not outcome.ok]
    assert refused, "the capped catalog took everything"
    for outcome in refused:
        assert "the change was not saved" in outcome.describe() and "full" in outcome.describe(), outcome.describe()
    with closing(sqlite3.connect(locations().catalog_db)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in db.execute("SELECT origin FROM articles WHERE origin_kind = 'file'")}
    assert {str(path.resolve()) for path in first} <= stored
