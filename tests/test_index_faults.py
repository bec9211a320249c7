"""A search index that cannot be used is built again (elsewhere if need be): search never hangs or goes quiet.

The index is derived data in the cache folder. Each case puts something there that a build never writes, then
searches from the command line and from the app, asserting on the hits.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner
from screen import settle
from test_tui import listed_ids

from sahel_tui.cli import main
from sahel_tui.paths import locations
from sahel_tui.search.library_index import INDEX_FILE
from sahel_tui.tui.app import make_app

EXPECTED = {"wagner-withdrawal-from-mali-russia-presence", "us-envoy-visits-mali-diplomatic-reset"}


def search_ids(query: str = "bamkao") -> tuple[set[str], str]:
    result = CliRunner().invoke(main, ["search", query, "--json"])
    assert result.exit_code == 0, result.output
    return {hit["id"] for hit in json.loads(result.stdout)}, result.stderr


def index_path():
    return locations().index_dir / INDEX_FILE


def break_index(how: str) -> None:
    if how == "folder-in-its-place":
        index_path().parent.mkdir(parents=True, exist_ok=True)
        (index_path() / "junk").mkdir(parents=True)
        return
    if how == "cache-folder-is-a-file":
        locations().index_dir.parent.mkdir(parents=True, exist_ok=True)
        locations().index_dir.write_text("not a folder")
        return
    assert search_ids()[0] == EXPECTED  # a real index first
    db = sqlite3.connect(index_path())
    with db:
        if how == "bad-postings-blob":
            db.execute("UPDATE terms SET postings = x'0102030405' WHERE term = 'bamako'")
        else:  # a document number no build writes
            db.execute("UPDATE docs SET docno = 2147483648 WHERE docno = (SELECT max(docno) FROM docs)")
    db.close()


CASES = ["folder-in-its-place", "cache-folder-is-a-file", "bad-postings-blob", "huge-document-number"]


@pytest.mark.parametrize("how", CASES)
def test_the_command_line_still_finds(how: str) -> None:
    break_index(how)
    found, said = search_ids()
    assert found == EXPECTED
    if how in ("folder-in-its-place", "cache-folder-is-a-file", "bad-postings-blob"):
        assert "index" in said, "the user is told what happened to the index"


@pytest.mark.parametrize("how", CASES)
async def test_the_app_still_finds(how: str) -> None:
    break_index(how)
    async with make_app().run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"bamkao")
        for _ in range(50):  # a damaged index is found by the first search, then rebuilt in a worker
            await settle(pilot)
            if set(listed_ids(pilot.app)) == EXPECTED:
                break
        assert set(listed_ids(pilot.app)) == EXPECTED
        assert pilot.app.sub_title == "2 results"


def test_an_index_built_elsewhere_for_a_session_is_removed_when_it_ends(sahel_home) -> None:
    """The installed command, with a file where the cache folder should be: it searches with an index in a
    temporary folder, says where, and leaves nothing behind when it ends (each run would leave a whole index)."""
    import os
    import re
    import subprocess
    import sys
    from pathlib import Path

    break_index("cache-folder-is-a-file")
    done = subprocess.run([str(Path(sys.executable).parent / "sahel-tui"), "search", "bamkao", "--json"],
                          env={**os.environ}, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert {hit["id"] for hit in json.loads(done.stdout)} == EXPECTED
    (elsewhere,) = re.findall(r"index built in (\S+) for this session", done.stderr)
    assert not Path(elsewhere).parent.exists(), "the session's index was left behind"


def test_damage_met_while_weighing_a_word_of_an_entitys_name_is_rebuilt_like_any_other() -> None:
    """Whether "nusrat" stands for JNIM is weighed on the word's postings before the search proper: damage met
    there is the index's damage too (rebuilt, the search answered), never a crash."""
    assert search_ids("nusrat")[0] == {"wagner-withdrawal-from-mali-russia-presence"}
    db = sqlite3.connect(index_path())
    with db:
        db.execute("UPDATE terms SET postings = x'0102030405' WHERE term = 'nusrat'")
    db.close()
    found, said = search_ids("nusrat")
    assert found == {"wagner-withdrawal-from-mali-russia-presence"} and "building it again" in said
