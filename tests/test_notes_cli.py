"""The notes commands: annotate, bookmark(s), notes, export, import-notes."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from sahel_tui.cli import main
from sahel_tui.notes.anchor import make_selector
from sahel_tui.notes.store import NotesStore
from sahel_tui.paths import locations

WAGNER = "wagner-withdrawal-from-mali-russia-presence"
ENVOY = "us-envoy-visits-mali-diplomatic-reset"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_annotate_prints_the_id_and_notes_lists_it() -> None:
    result = run("annotate", WAGNER, "--quote", "the Africa Corps", "--note", "MoD [/x] unit", "--tag", "russia")
    assert result.exit_code == 0, result.output
    annotation_id = result.output.strip()
    rows = json.loads(run("notes", "--json").output)
    assert rows == [
        {
            "id": annotation_id, "article": WAGNER,
            "title": "Strategic Realignment: Wagner’s Withdrawal from Mali and Russia’s Enduring Presence",
            "quote": "the Africa Corps", "note": "MoD [/x] unit", "tags": ["russia"], "status": "anchored",
            "created": rows[0]["created"], "updated": rows[0]["updated"],
        }
    ]  # fmt: skip
    assert "MoD [/x] unit" in run("notes", WAGNER).output
    assert json.loads(run("notes", ENVOY, "--json").output) == []


def test_notes_keeps_a_long_quote_and_note_indented_under_their_title_when_they_wrap() -> None:
    long_quote = "Russia’s Wagner Group has announced the full withdrawal of its forces from Mali"
    note = "A long note about the withdrawal, its timing and what the Africa Corps takes over from the group"
    assert run("annotate", WAGNER, "--quote", long_quote, "--note", note).exit_code == 0
    printed = run("notes").output.splitlines()
    assert not any(line.endswith("  ") for line in printed), "lines are not padded out with spaces"
    shown = [line.rstrip() for line in printed]
    body = shown[shown.index(next(line for line in shown if "“Russia’s" in line)) :]
    body = body[: body.index("")]
    assert len(body) >= 4 and all(line.startswith("  ") and not line.startswith("   ") for line in body), body


def test_annotate_errors_are_clear() -> None:
    missing = run("annotate", WAGNER, "--quote", "words that are not there")
    assert missing.exit_code == 1 and "not in article" in missing.output
    ambiguous = run("annotate", WAGNER, "--quote", "Wagner")
    assert ambiguous.exit_code == 1 and "--occurrence" in ambiguous.output
    unknown = run("annotate", "no-such-article", "--quote", "x")
    assert unknown.exit_code == 1 and "no article with id" in unknown.output
    assert not locations().notes_db.exists()  # nothing was written for failed commands


def test_occurrence_picks_the_passage() -> None:
    result = run("annotate", WAGNER, "--quote", "Wagner", "--occurrence", "3")
    assert result.exit_code == 0, result.output
    (annotation,) = NotesStore.open(locations().notes_db).annotations()
    from sahel_tui.corpus.library import Library

    text = Library(locations()).get(WAGNER).anchor_text
    third = [i for i in range(len(text)) if text.startswith("Wagner", i)][2]
    assert (annotation.selector.start, annotation.selector.end) == (third, third + 6)


def test_bookmarks() -> None:
    assert run("bookmark", ENVOY).exit_code == 0
    assert run("bookmark", WAGNER).exit_code == 0
    assert run("bookmark", WAGNER, "--remove").exit_code == 0
    assert [b["id"] for b in json.loads(run("bookmarks", "--json").output)] == [ENVOY]
    assert "America Re-enters the Sahel" in run("bookmarks").output
    assert run("bookmark", "no-such-article").exit_code == 1


def test_export_markdown_and_w3c_json_then_import_twice_changes_nothing(tmp_path: Path) -> None:
    first = run("annotate", WAGNER, "--quote", "the Africa Corps", "--note", "MoD unit", "--tag", "russia").output
    run("annotate", ENVOY, "--quote", "Nick Checker", "--note", "who is he?")
    markdown = run("export").output
    assert "## Strategic Realignment" in markdown and "> the Africa Corps" in markdown and "#russia" in markdown
    out = tmp_path / "notes.json"
    assert run("export", "--format", "json", "-o", str(out)).exit_code == 0
    exported = json.loads(out.read_text())
    assert exported["type"] == "AnnotationCollection" and exported["total"] == 2
    item = next(i for i in exported["items"] if i["id"] == f"urn:uuid:{first.strip()}")
    selectors = {s["type"]: s for s in item["target"]["selector"]}
    assert selectors["TextQuoteSelector"]["exact"] == "the Africa Corps"
    assert selectors["TextPositionSelector"]["end"] - selectors["TextPositionSelector"]["start"] == 16
    assert {"value": "russia", "type": "TextualBody", "purpose": "tagging"} in item["body"]

    locations().notes_db.unlink()
    for extra in locations().config_dir.glob("notes.sqlite3-*"):
        extra.unlink()
    assert run("import-notes", str(out)).output.strip() == "imported 2 annotations (0 already present)"
    assert run("import-notes", str(out)).output.strip() == "imported 0 annotations (2 already present)"
    rows = json.loads(run("notes", "--json").output)
    assert sorted(r["note"] for r in rows) == ["MoD unit", "who is he?"]
    assert all(r["status"] == "anchored" for r in rows)


def test_export_takes_the_annotations_of_a_tag_or_of_the_last_days() -> None:
    old = run("annotate", WAGNER, "--quote", "the Africa Corps", "--note", "last year", "--tag", "Niger").output
    run("annotate", WAGNER, "--quote", "Wagner", "--occurrence", "2", "--note", "this week", "--tag", "russia")
    run("annotate", ENVOY, "--quote", "Nick Checker", "--note", "untagged, this week")
    store = NotesStore.open(locations().notes_db)
    store._db.execute("UPDATE annotations SET updated = '2025-01-10T09:00:00+00:00' WHERE id = ?", (old.strip(),))
    store.close()

    def exported(*options: str) -> set[str]:
        done = run("export", "--format", "json", *options)
        assert done.exit_code == 0, done.output
        return {body["value"] for item in json.loads(done.stdout)["items"] for body in item["body"]
                if body.get("purpose") == "commenting"}  # fmt: skip

    assert exported("--tag", "NIGER") == {"last year"}
    assert exported("--since", "7d") == {"this week", "untagged, this week"}
    assert exported("--since", "7d", "--tag", "russia", "--tag", "niger") == {"this week"}
    assert exported("--since", "2025") == exported()
    nothing = run("export", "--tag", "mali")
    assert nothing.exit_code == 1 and "no annotation matches --tag mali: nothing exported" in nothing.output
    listed = json.loads(run("notes", "--json", "--since", "7d", "--tag", "Russia").output)
    assert [row["note"] for row in listed] == ["this week"]  # the listing takes the same choices


def test_import_of_a_bad_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"items": [{"id": "x"}]}')
    result = run("import-notes", str(bad))
    assert result.exit_code == 1 and str(bad) in result.output and "item 1" in result.output


def test_killed_export_leaves_the_old_file_or_the_new_one(tmp_path: Path, sahel_home: Path) -> None:
    store = NotesStore.open(locations().notes_db)
    text = "Armed men attacked a convoy near Ménaka on Tuesday."
    for number in range(3000):
        store.add_annotation(ENVOY, make_selector(text, 0, 20), f"note {number} " + "long text " * 20)
    store.close()
    out = tmp_path / "export.json"
    out.write_text(json.dumps({"old": True}))
    env = {**os.environ, "SAHEL_TUI_HOME": str(sahel_home)}
    script = Path(sys.executable).parent / "sahel-tui"
    # killed as it starts, then the moment its file is being written beside the old one (or it ended first)
    for writing in (False, True, True, True):
        child = subprocess.Popen([str(script), "export", "--format", "json", "-o", str(out), "--force"], env=env)
        while writing and not any(tmp_path.glob(".export.json.*.tmp")):
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(timeout=0.001)  # the child's end, or a look at its folder again a millisecond on
                break
        child.send_signal(signal.SIGKILL)
        child.wait()
        content = json.loads(out.read_text())  # always complete JSON: the old file or the new one
        assert content == {"old": True} or content["total"] == 3000
        for left in tmp_path.glob(".export.json.*.tmp"):
            left.unlink()  # a kill leaves its half-written copy: the next round looks for a new one


def test_notes_says_where_an_unsaved_draft_waits() -> None:
    from sahel_tui.notes.drafts import Draft, DraftKeeper

    assert "unsaved note" not in run("notes").stderr
    text = "The note typed in the reader before the terminal was closed."
    DraftKeeper(locations().draft_file).keep(Draft(ENVOY, make_selector(text, 4, 8), "unsaved words"))
    result = run("notes", "--json")
    assert json.loads(result.stdout) == []
    assert str(locations().draft_file) in result.stderr and "unsaved note" in result.stderr


def test_notes_delete_asks_or_takes_yes_and_unknown_ids_are_errors(tmp_path: Path) -> None:
    kept = run("annotate", ENVOY, "--quote", "Bamako", "--occurrence", "1", "--note", "kept").output.strip()
    doomed = run("annotate", ENVOY, "--quote", "Mali", "--occurrence", "1", "--note", "doomed").output.strip()
    assert run("notes", "no-such-article").exit_code == 1
    unknown = run("notes", "delete", "no-such-id", "--yes")
    assert unknown.exit_code == 1 and "no annotation with id 'no-such-id'" in unknown.output
    refused = CliRunner().invoke(main, ["notes", "delete", doomed], input="n\n")
    assert refused.exit_code == 1
    assert {row["id"] for row in json.loads(run("notes", "--json").stdout)} == {kept, doomed}
    deleted = run("notes", "delete", doomed, "--yes")
    assert deleted.exit_code == 0 and "doomed" in deleted.output and "deleted 1" in deleted.output
    assert [row["id"] for row in json.loads(run("notes", "--json").stdout)] == [kept]


def test_the_bookmark_of_a_removed_article_can_be_removed(tmp_path: Path) -> None:
    article = tmp_path / "short-lived.txt"
    article.write_text("Short lived\n\nA paragraph about Timbuktu long enough to be an article of its own.\n")
    assert run("import", str(article)).exit_code == 0
    assert run("bookmark", "short-lived").exit_code == 0
    assert run("remove", "short-lived").exit_code == 0
    assert run("bookmark", "short-lived", "--remove").exit_code == 0
    assert json.loads(run("bookmarks", "--json").stdout) == []


def test_annotate_accepts_straight_quotes_and_loose_spaces_and_keeps_a_tag_whole() -> None:
    from sahel_tui.corpus.library import Library

    article = Library(locations()).get(WAGNER)
    curly = next(p for p in article.paragraphs if "’" in p)
    start = curly.index("’")
    exact = curly[max(0, start - 20) : start + 20].strip()
    typed = exact.replace("’", "'").replace(" ", "   \n ")
    result = run(
        "annotate", WAGNER, "--quote", typed, "--tag", "africa  corps", "--tag", "#russia", "--occurrence", "1"
    )
    assert result.exit_code == 0, result.output
    (row,) = json.loads(run("notes", "--json").stdout)
    assert row["quote"] == exact, "the passage as the article writes it"
    assert row["tags"] == ["africa corps", "russia"]
    missing = run("annotate", WAGNER, "--quote", "words that are nowhere in it")
    assert missing.exit_code == 1 and "not in article" in missing.output


def test_reimporting_a_changed_article_says_how_many_notes_lost_their_passage(tmp_path: Path) -> None:
    article = tmp_path / "convoy.txt"
    article.write_text("Convoy report\n\nThe convoy left Gao at dawn. Soldiers escorted it to Ansongo by noon.\n")
    assert run("import", str(article)).exit_code == 0
    assert run("annotate", "convoy", "--quote", "escorted it to Ansongo", "--note", "who?").exit_code == 0
    assert run("annotate", "convoy", "--quote", "left Gao at dawn", "--note", "when?").exit_code == 0
    article.write_text("Convoy report\n\nThe convoy left Gao at dawn. It reached Ansongo without an escort.\n")
    result = run("import", str(article))
    assert result.exit_code == 0 and "updated as convoy" in result.output
    assert "1 of its 2 note(s) no longer find their passage" in result.output
    assert {row["status"] for row in json.loads(run("notes", "convoy", "--json").stdout)} == {"anchored", "orphaned"}
