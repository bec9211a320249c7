"""The library: bundled + imported articles, stable ids, import outcomes, removal, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_tui.corpus.library import Library
from sahel_tui.corpus.slugs import slugify

GOOD = (
    "Gao Market Reopens After Fire\n\nTraders returned to the central market in Gao on Monday, a week after a fire.\n"
)


def test_bundled_articles_load_with_file_stem_ids(library: Library) -> None:
    result = library.load()
    assert result.errors == []
    assert sorted(a.id for a in result.articles) == [
        "us-envoy-visits-mali-diplomatic-reset",
        "wagner-announces-withdrawal-from-mali",
        "wagner-withdrawal-from-mali-russia-presence",
    ]
    assert all(a.bundled for a in result.articles)


def test_import_copies_bytes_and_gives_a_slug_id(library: Library, tmp_path: Path) -> None:
    source = tmp_path / "Gao Market (Reopened).txt"
    source.write_text(GOOD)
    (outcome,) = library.import_paths([source])
    assert (outcome.status, outcome.article_id) == ("imported", "gao-market-reopened")
    assert library.catalog.original("gao-market-reopened") == source.read_bytes()
    loaded = {a.id: a for a in library.load().articles}
    assert loaded["gao-market-reopened"].title == "Gao Market Reopens After Fire"
    assert not loaded["gao-market-reopened"].bundled


def test_importing_the_same_file_twice_does_not_duplicate(library: Library, tmp_path: Path) -> None:
    source = tmp_path / "gao.txt"
    source.write_text(GOOD)
    library.import_paths([source])
    copy = tmp_path / "elsewhere" / "gao-copy.txt"
    copy.parent.mkdir()
    copy.write_text(GOOD)
    outcomes = library.import_paths([source, copy])
    assert [(o.status, o.article_id) for o in outcomes] == [("unchanged", "gao"), ("unchanged", "gao")]
    assert len(library.load().articles) == 4


def test_reimporting_a_changed_file_keeps_its_id(library: Library, tmp_path: Path) -> None:
    source = tmp_path / "gao.txt"
    source.write_text(GOOD)
    library.import_paths([source])
    source.write_text(GOOD + "\nThe mayor promised new stalls by the rainy season.\n")
    (outcome,) = library.import_paths([source])
    assert (outcome.status, outcome.article_id) == ("updated", "gao")
    article = library.get("gao")
    assert article.paragraphs[-1] == "The mayor promised new stalls by the rainy season."


def test_same_name_different_content_gets_a_new_id(library: Library, tmp_path: Path) -> None:
    first = tmp_path / "a" / "report.txt"
    second = tmp_path / "b" / "report.txt"
    for path, town in ((first, "Gao"), (second, "Kidal")):
        path.parent.mkdir()
        path.write_text(f"{town} Report Published\n\nA report on {town} was published on Friday by observers.\n")
    outcomes = library.import_paths([first, second])
    assert [o.article_id for o in outcomes] == ["report", "report-2"]


def test_import_never_takes_a_bundled_id(library: Library, tmp_path: Path) -> None:
    source = tmp_path / "wagner-announces-withdrawal-from-mali.txt"
    source.write_text(GOOD)
    (outcome,) = library.import_paths([source])
    assert outcome.article_id == "wagner-announces-withdrawal-from-mali-2"


def test_folder_import_reports_each_rejected_file_and_imports_the_rest(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD)
    (folder / "sub" / "notes.md").write_text("# Ségou notes\n\nRain arrived early in Ségou this year.\n")
    (folder / "empty.txt").write_text("  \n")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    (folder / ".hidden.txt").write_text(GOOD)
    outcomes = {o.path.name: o for o in library.import_paths([folder])}
    assert set(outcomes) == {"good.txt", "notes.md", "empty.txt", "photo.png"}
    assert outcomes["good.txt"].status == "imported" and outcomes["notes.md"].status == "imported"
    assert "no article text" in outcomes["empty.txt"].reason
    assert outcomes["photo.png"].reason.startswith("unsupported file type (.png)")
    assert outcomes["empty.txt"].describe() == f"{folder / 'empty.txt'}: {outcomes['empty.txt'].reason}"
    imported = {a.id for a in library.load().articles if not a.bundled}
    assert imported == {outcomes["good.txt"].article_id, outcomes["notes.md"].article_id}


def test_remove_deletes_imported_and_refuses_bundled(library: Library, tmp_path: Path) -> None:
    source = tmp_path / "gao.txt"
    source.write_text(GOOD)
    library.import_paths([source])
    library.remove("gao")
    assert library.get("gao") is None
    with pytest.raises(ValueError, match="bundled"):
        library.remove("wagner-announces-withdrawal-from-mali")
    with pytest.raises(KeyError):
        library.remove("never-imported")


def test_the_origin_of_each_import_is_remembered(library: Library, tmp_path: Path) -> None:
    source = tmp_path / "gao.txt"
    source.write_text(GOOD)
    library.import_paths([source])
    assert library.catalog.origin_of("gao") == ("file", str(source.resolve()))
    assert library.remove("gao") == str(source.resolve())


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Wagner’s exit (2)", "wagners-exit-2"), ("Ménaka—Gao", "menaka-gao"), ("???", "article"), ("a" * 200, "a" * 80)],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_a_file_found_in_a_folder_is_the_same_origin_as_the_file_named(library: Library, tmp_path: Path) -> None:
    """The walk names a file's origin without resolving it; reached through a linked folder, nested, or named on
    its own, the same file is one origin: a changed copy updates its article instead of adding another."""
    real = tmp_path / "real" / "inbox"
    (real / "week 1").mkdir(parents=True)
    (real / ".drafts").mkdir()
    (real / ".drafts" / "draft.txt").write_text(GOOD.replace("Gao", "Timbuktu"))
    story = real / "week 1" / "gao.txt"
    story.write_text(GOOD)
    linked = tmp_path / "shortcut"
    linked.symlink_to(tmp_path / "real")
    (first,) = library.import_paths([linked / "inbox"])
    assert first.status == "imported", "the hidden folder is passed over"
    story.write_text(GOOD + "\nStalls were rebuilt by the traders themselves.\n")
    (again,) = library.import_paths([story])
    assert (again.status, again.article_id) == ("updated", first.article_id)
    story.write_text(GOOD + "\nThe council paid for the roof.\n")
    (third,) = library.import_paths([tmp_path / "real"])
    assert (third.status, third.article_id) == ("updated", first.article_id)


def test_each_import_outcome_is_told_once_in_order_as_soon_as_its_file_is_stored(
    library: Library, tmp_path: Path, monkeypatch
) -> None:
    """An import stopped midway (ctrl+c) has already listed exactly what it stored: outcomes are told as each batch
    is stored, in the order the files were found, never one still waiting for its batch."""
    from sahel_tui.corpus import library as library_module

    monkeypatch.setattr(library_module, "IMPORT_BATCH", 3)
    for number in range(7):
        (tmp_path / f"report-{number}.txt").write_text(f"Report {number}\n\nConvoys near Gao, day {number}.\n")
    (tmp_path / "report-1-empty.txt").write_text("   \n")  # refused between two files of the first batch
    told, stored_when_told = [], []

    def on_outcome(outcome) -> None:
        told.append(outcome)
        stored_when_told.append(outcome.ok == (library.catalog.original(outcome.article_id or "") is not None))

    outcomes = library.import_paths([tmp_path], on_outcome=on_outcome)
    assert told == outcomes and len(told) == 8
    assert [outcome.status for outcome in told].count("imported") == 7
    assert all(stored_when_told), "an outcome is told once its file is in the catalog (or refused), not before"
