"""The unsaved-note file: kept, read back, discarded; an unreadable one is moved aside, never overwritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sahel_tui.notes.anchor import make_selector
from sahel_tui.notes.drafts import Draft, DraftError, DraftKeeper

TEXT = "Aid workers met in Ménaka. The convoy left at dawn; nobody said where it went."


def draft(note: str = "who met? «[bold]» \x1b[31m", annotation_id: str | None = None) -> Draft:
    start = TEXT.index("The convoy")
    return Draft("us-envoy", make_selector(TEXT, start, start + 24), note, ("convoy", "ménaka"), annotation_id)


def test_a_kept_draft_reads_back_exactly(tmp_path: Path) -> None:
    keeper = DraftKeeper(tmp_path / "config" / "draft.json")
    assert keeper.load() is None
    kept = draft()
    keeper.keep(kept)
    assert keeper.load() == kept
    edited = draft("second thoughts", annotation_id="a1b2")
    keeper.keep(edited)
    assert keeper.load() == edited
    assert [p.name for p in keeper.path.parent.iterdir()] == ["draft.json"], "no temporary file left behind"


def test_an_edits_starting_version_is_kept_and_an_older_draft_has_none(tmp_path: Path) -> None:
    keeper = DraftKeeper(tmp_path / "draft.json")
    kept = Draft("us-envoy", draft().selector, "second thoughts", (), "a1b2", ("first thoughts", ("ménaka",)))
    keeper.keep(kept)
    assert keeper.load() == kept
    record = json.loads(keeper.path.read_text(encoding="utf-8"))
    del record["edited_from"]  # as the previous version wrote it
    keeper.path.write_text(json.dumps(record), encoding="utf-8")
    assert keeper.load() == Draft("us-envoy", kept.selector, "second thoughts", (), "a1b2", None)


def test_discard_forgets_the_draft(tmp_path: Path) -> None:
    keeper = DraftKeeper(tmp_path / "draft.json")
    keeper.keep(draft())
    keeper.discard()
    assert keeper.load() is None
    keeper.discard()  # nothing to discard is fine


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b"\xff\xfe garbage", b"[]", json.dumps({"format": 99}).encode(), b'{"format": 1}'],
    ids=["empty", "broken-json", "not-utf8", "a-list", "newer-format", "missing-fields"],
)
def test_an_unreadable_draft_is_moved_aside_and_named(tmp_path: Path, content: bytes) -> None:
    keeper = DraftKeeper(tmp_path / "draft.json")
    keeper.path.write_bytes(content)
    with pytest.raises(DraftError) as caught:
        keeper.load()
    (aside,) = tmp_path.glob("draft-unreadable-*.json")
    assert str(keeper.path) in str(caught.value) and str(aside) in str(caught.value)
    assert aside.read_bytes() == content
    keeper.keep(draft())  # the next draft does not overwrite the unreadable one
    assert aside.read_bytes() == content and keeper.load() == draft()


def test_a_field_of_the_wrong_kind_is_unreadable(tmp_path: Path) -> None:
    keeper = DraftKeeper(tmp_path / "draft.json")
    keeper.keep(draft())
    record = json.loads(keeper.path.read_text())
    record["selector"]["start"] = "12"
    keeper.path.write_text(json.dumps(record))
    with pytest.raises(DraftError, match="selector start"):
        keeper.load()


def test_a_draft_that_cannot_be_written_says_where_and_why(tmp_path: Path) -> None:
    blocker = tmp_path / "config"
    blocker.write_text("a file where the config folder should be")
    keeper = DraftKeeper(blocker / "draft.json")
    with pytest.raises(DraftError, match=str(blocker / "draft.json")):
        keeper.keep(draft())
    assert blocker.read_text() == "a file where the config folder should be"
