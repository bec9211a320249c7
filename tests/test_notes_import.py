"""import-notes: the shapes other W3C tools write, ids that cannot collide, and conflicts that lose neither side."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sahel_tui.cli import main
from sahel_tui.notes.store import NotesStore
from sahel_tui.paths import locations

ENVOY = "us-envoy-visits-mali-diplomatic-reset"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def item(note: str, id_: object = "a1", modified: str = "2026-01-01T00:00:00+00:00", **changes) -> dict:
    record = {
        "type": "Annotation",
        "id": id_,
        "created": "2025-12-01T00:00:00+00:00",
        "modified": modified,
        "body": [{"type": "TextualBody", "value": note, "purpose": "commenting"},
                 {"type": "TextualBody", "value": "gao", "purpose": "tagging"}],
        "target": {"source": f"sahel-tui:article/{ENVOY}",
                   "selector": [{"type": "TextQuoteSelector", "exact": "Bamako", "prefix": "", "suffix": ""},
                                {"type": "TextPositionSelector", "start": 10, "end": 16}]},
    }  # fmt: skip
    record.update(changes)
    if id_ is ...:
        del record["id"]
    return record


def write(tmp_path: Path, data: object, name: str = "in.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def stored() -> dict[str, str]:
    return {a.id: a.note for a in NotesStore.open(locations().notes_db).annotations()}


def test_items_without_a_usable_id_each_get_a_new_one(tmp_path: Path) -> None:
    data = [item("first", None), item("second", None), item("third", ...), item("int seven", 7), item("str", "7")]
    result = run("import-notes", str(write(tmp_path, data)))
    assert result.exit_code == 0, result.output
    notes = stored()
    assert sorted(notes.values()) == ["first", "int seven", "second", "str", "third"]
    assert notes["7"] == "str", "the text id is kept; the number did not collide with it"
    assert "None" not in notes
    assert "4 without a usable id given a new one" in result.output


def test_a_changed_annotation_is_a_conflict_the_newer_kept_under_its_id_the_other_as_a_copy(tmp_path: Path) -> None:
    assert run("import-notes", str(write(tmp_path, [item("original words")]))).exit_code == 0
    newer = item("edited later", modified="2026-06-01T00:00:00+00:00")
    result = run("import-notes", str(write(tmp_path, [newer], "newer.json")))
    assert "1 changed" in result.output
    notes = stored()
    assert notes["a1"] == "edited later"
    assert sorted(notes.values()) == ["edited later", "original words"]

    older = item("an old draft", modified="2025-12-02T00:00:00+00:00")
    result = run("import-notes", str(write(tmp_path, [older], "older.json")))
    assert "1 changed" in result.output
    notes = stored()
    assert notes["a1"] == "edited later", "an older version never replaces a newer one"
    assert sorted(notes.values()) == ["an old draft", "edited later", "original words"]

    again = run("import-notes", str(write(tmp_path, [newer], "newer.json")))
    assert "imported 0 annotations (1 already present)" in again.output


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (item("x", "b1", body="a plain string note"), None),
        (
            item(
                "x",
                "b2",
                target={
                    "source": f"sahel-tui:article/{ENVOY}",
                    "selector": {"type": "TextQuoteSelector", "exact": "Bamako"},
                },
            ),
            None,
        ),
        (
            {
                **item("x", "b3"),
                "target": [
                    {
                        "source": f"sahel-tui:article/{ENVOY}",
                        "selector": [{"type": "TextQuoteSelector", "exact": "Bamako"}],
                    }
                ],
            },
            None,
        ),
        (
            item(
                "x",
                "c1",
                target={
                    "source": f"sahel-tui:article/{ENVOY}",
                    "selector": [
                        {"type": "TextQuoteSelector", "exact": "Bamako"},
                        {"type": "TextPositionSelector", "start": 10**30, "end": 10**30 + 6},
                    ],
                },
            ),
            "start",
        ),
        (item("x", "c2", body=[{"value": ["a", "list"], "purpose": "tagging"}]), "body value"),
        (item("x", "c3", target="https://example.org/some-page"), "not at a passage"),
        (item("x", "c4", target={"source": "https://example.org/page", "selector": []}), "has the address"),
    ],
    ids=["body-string", "selector-object", "target-list", "huge-offset", "tag-a-list", "url-target", "url-source"],
)
def test_each_item_is_checked_on_its_own(tmp_path: Path, bad: dict, reason: str | None) -> None:
    result = run("import-notes", str(write(tmp_path, [bad, item("good one", "ok")])))
    notes = stored()
    assert notes["ok"] == "good one", "the other items are imported"
    if reason is None:
        assert result.exit_code == 0, result.output
        assert len(notes) == 2
    else:
        assert result.exit_code == 1 and "item 1 not imported" in result.output and reason in result.output
        assert len(notes) == 1


@pytest.mark.parametrize(
    "wrap",
    [
        lambda items: items[0],
        lambda items: {"type": "AnnotationPage", "items": items},
        lambda items: {"type": "AnnotationCollection", "first": {"type": "AnnotationPage", "items": items}},
    ],
    ids=["single-annotation", "page", "collection-first-page"],
)
def test_the_shapes_other_tools_write(tmp_path: Path, wrap) -> None:
    result = run("import-notes", str(write(tmp_path, wrap([item("from another tool")]))))
    assert result.exit_code == 0, result.output
    assert stored() == {"a1": "from another tool"}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"[" * 200_000 + b"]" * 200_000, "nested too deeply"),
        (b'{"what": 1}', "no annotations found"),
        (b"\xff\xfe\x00", "not a readable JSON file"),
    ],
    ids=["deep", "no-items", "not-utf8"],
)
def test_a_file_that_is_not_annotations_is_one_line(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "in.json"
    path.write_bytes(content)
    result = run("import-notes", str(path))
    assert result.exit_code == 1 and reason in result.output and str(path) in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_an_article_with_a_web_address_exports_it_as_the_target_and_imports_back(tmp_path: Path) -> None:
    page = tmp_path / "djibo.md"
    page.write_text("---\ntitle: Convoy attacked near Djibo\nsource_url: https://news.example.org/djibo\n---\n"
                    "A convoy was attacked near Djibo on Monday. The army said it repelled the assault.\n")  # fmt: skip
    assert run("import", str(page)).exit_code == 0
    assert run("annotate", "djibo", "--quote", "repelled the assault", "--note", "claimed").exit_code == 0
    exported = json.loads(run("export", "--format", "json").stdout)
    (only,) = exported["items"]
    assert only["target"]["source"] == "https://news.example.org/djibo" and only["sahel:article"] == "djibo"
    assert "<https://news.example.org/djibo>" in run("export").stdout
    NotesStore.open(locations().notes_db).delete_annotation(only["id"].removeprefix("urn:uuid:"))
    assert run("import-notes", str(write(tmp_path, exported))).exit_code == 0
    (back,) = NotesStore.open(locations().notes_db).annotations()
    assert (back.article_id, back.note) == ("djibo", "claimed")


def test_an_annotation_another_tool_made_on_the_web_page_lands_on_that_article(tmp_path: Path) -> None:
    """Hypothesis and the like target the page's address; the library knows which article came from it."""
    page = tmp_path / "gao.md"
    page.write_text("---\ntitle: Market reopens in Gao\nsource_url: https://News.Example.org/gao/market\n---\n"
                    "The central market of Gao reopened on Monday. Traders returned at dawn.\n")  # fmt: skip
    assert run("import", str(page)).exit_code == 0
    from_the_web = {
        "@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationPage",
        "items": [{
            "type": "Annotation", "id": "https://hypothes.is/a/x1",
            "body": {"type": "TextualBody", "value": "check with the traders' union"},
            "target": {"source": "https://news.example.org/gao/market/#main",
                       "selector": [{"type": "TextQuoteSelector", "exact": "Traders returned at dawn",
                                     "prefix": "on Monday. ", "suffix": "."}]},
        }],
    }  # fmt: skip
    result = run("import-notes", str(write(tmp_path, from_the_web)))
    assert result.exit_code == 0, result.output
    (note,) = NotesStore.open(locations().notes_db).annotations()
    assert (note.article_id, note.quote) == ("gao", "Traders returned at dawn")
    assert note.note == "check with the traders' union"
