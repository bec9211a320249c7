"""The app's own files cannot hang it, crash it or be lost: pipes, deep JSON, odd values, two readers at once.

Each case is a file an attack run (or an unlucky user) put where a state file lives. The expected behaviour is
always one line naming the file and the reason, and the rest of the work going on.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sahel_tui.config import Config, ConfigError, load_config
from sahel_tui.corpus.library import Library
from sahel_tui.entities.corpus_stats import STATS_FILE, synced_stats
from sahel_tui.fileio import UnreadableFile, parse_json, read_regular_file
from sahel_tui.model import Article
from sahel_tui.notes.anchor import make_selector
from sahel_tui.notes.drafts import Draft, DraftError, DraftKeeper, DraftShelf
from sahel_tui.paths import locations

TEXT = "Aid workers met in Ménaka. The convoy left at dawn."
DEEP = b"[" * 200_000 + b"]" * 200_000


def a_draft(note: str) -> Draft:
    return Draft("us-envoy", make_selector(TEXT, 0, 10), note)


def fifo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def test_a_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    # no writer ever opens the pipe: a plain open() would block this test forever
    with pytest.raises(UnreadableFile, match="not a regular file"):
        read_regular_file(fifo(tmp_path / "state.json"))
    assert read_regular_file(tmp_path / "absent.json") is None


def test_a_dangling_link_is_named_not_taken_for_absent(tmp_path: Path) -> None:
    link = tmp_path / "state.json"
    link.symlink_to(tmp_path / "unmounted" / "state.json")
    with pytest.raises(UnreadableFile, match="link to something that is not there"):
        read_regular_file(link)


def test_json_nested_beyond_reason_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="nested too deeply"):
        parse_json(DEEP)


@pytest.mark.parametrize("content", [None, b"theme = 'nord'\ncursor_blink = tru\n", b"\xff\xfe", b"a = " + DEEP])
def test_an_unreadable_config_is_reported_and_never_read_as_defaults_silently(tmp_path: Path, content) -> None:
    path = tmp_path / "config.toml"
    if content is None:
        fifo(path)
    else:
        path.write_bytes(content)
    with pytest.raises(ConfigError, match=str(path)):
        load_config(path)
    assert load_config(tmp_path / "absent.toml") == Config()


@pytest.mark.parametrize("make", ["fifo", "deep", "string-start", "huge-start", "list-tag"])
def test_a_hostile_draft_is_one_message_and_set_aside(tmp_path: Path, make: str) -> None:
    keeper = DraftKeeper(tmp_path / "draft.json")
    good = json.loads(json.dumps({"format": 1, "article_id": "a", "note": "n", "tags": [], "annotation_id": None,
                                  "selector": {"quote": "q", "prefix": "", "suffix": "", "start": 0, "end": 1,
                                               "text_hash": ""}}))  # fmt: skip
    if make == "fifo":
        fifo(keeper.path)
    elif make == "deep":
        keeper.path.write_bytes(DEEP)
    else:
        if make == "string-start":
            good["selector"]["start"] = "0"
        elif make == "huge-start":
            good["selector"]["start"] = 10**30
        else:
            good["tags"] = [["nested"]]
        keeper.path.write_text(json.dumps(good))
    with pytest.raises(DraftError, match=str(keeper.path)):
        keeper.load()
    assert list(tmp_path.glob("draft-unreadable-*.json")), "the file is kept under a name that says why"


def test_pipes_where_the_library_and_entity_cache_live_do_not_hang(sahel_home: Path) -> None:
    library = Library(locations())
    fifo(locations().catalog_db)
    result = library.load()
    assert len(result.articles) == 3, "the bundled articles are still read"
    assert any("library.sqlite3" in str(e) and "not a regular file" in str(e) for e in result.errors)
    article = sahel_home / "new.txt"
    article.write_text("A title\n\nA body paragraph about Gao that is long enough to be an article.\n")
    (outcome,) = library.import_paths([article])
    assert not outcome.ok and "library.sqlite3" in outcome.describe() and "not a regular file" in outcome.describe()
    fifo(locations().index_dir / STATS_FILE)
    stats = synced_stats(Library(locations()))
    assert stats.per_article, "an unreadable cache is recomputed"


def test_a_pipe_as_the_old_sources_table_is_reported_and_the_copies_still_move_in(sahel_home: Path) -> None:
    old = locations().library_dir
    old.mkdir(parents=True)
    (old / "gao.txt").write_text("A title\n\nA body paragraph about Gao that is long enough to be an article.\n")
    fifo(old / "sources.json")
    result = Library(locations()).load()
    assert "gao" in {a.id for a in result.articles}
    assert any("sources.json" in str(e) and "not a regular file" in str(e) for e in result.errors)


def test_a_deep_or_misshapen_entity_cache_is_recomputed(sahel_home: Path) -> None:
    cache = locations().index_dir / STATS_FILE
    cache.parent.mkdir(parents=True)
    for content in (DEEP, b'{"version": 1, "articles": {"x": {"fingerprint": "f", "entities": "jnim"}}}'):
        cache.write_bytes(content)
        assert synced_stats(Library(locations())).per_article


# -- two readers on one home -----------------------------------------------------------------------------------


def test_two_readers_never_touch_each_others_draft(tmp_path: Path) -> None:
    shelf_a, shelf_b = DraftShelf(tmp_path / "drafts"), DraftShelf(tmp_path / "drafts")
    keeper_a, keeper_b = shelf_a.claim(), shelf_b.claim()
    assert keeper_a.path != keeper_b.path
    keeper_a.keep(a_draft("reader A's thought"))
    keeper_b.keep(a_draft("reader B's thought"))
    assert shelf_b.waiting(own=keeper_b) == [], "A is running: its draft is not B's to take"
    keeper_b.discard()  # B saves its note
    assert keeper_a.load() == a_draft("reader A's thought")

    shelf_a.release(keeper_a)  # A quits with its note unsaved
    shelf_c = DraftShelf(tmp_path / "drafts")
    keeper_c = shelf_c.claim()
    (waiting,) = shelf_c.waiting(own=keeper_c)
    assert shelf_c.adopt(waiting, keeper_c)
    assert keeper_c.load() == a_draft("reader A's thought")
    assert not shelf_c.adopt(waiting, keeper_c), "a draft is adopted once"


CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from sahel_tui.notes.anchor import make_selector
    from sahel_tui.notes.drafts import Draft, DraftShelf
    shelf = DraftShelf(Path(sys.argv[1]))
    keeper = shelf.claim()
    keeper.keep(Draft("us-envoy", make_selector("Aid workers met.", 0, 3), "from the other process"))
    print(keeper.path, flush=True)
    sys.stdin.read()
    """
)


def test_a_draft_of_a_killed_reader_is_offered_and_a_live_ones_is_not(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(folder)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        theirs = Path(child.stdout.readline().strip())
        shelf = DraftShelf(folder)
        mine = shelf.claim()
        assert shelf.waiting(own=mine) == [], "the other reader is alive"
        mine.keep(a_draft("mine"))
        mine.discard()
        assert theirs.exists()
    finally:
        child.kill()  # kill -9: no clean-up ran
        child.wait(timeout=20)
    assert shelf.waiting(own=mine) == [theirs]
    assert shelf.adopt(theirs, mine) and mine.load().note == "from the other process"


def test_the_legacy_single_draft_is_offered_too(tmp_path: Path) -> None:
    legacy = DraftKeeper(tmp_path / "draft.json")
    legacy.keep(a_draft("written by an older version"))
    shelf = DraftShelf(tmp_path / "drafts", legacy=legacy.path)
    mine = shelf.claim()
    assert shelf.waiting(own=mine) == [legacy.path]
    assert shelf.adopt(legacy.path, mine) and mine.load().note == "written by an older version"
    assert not legacy.path.exists()


def _dump() -> Article:
    paragraph = "\n".join(f"line {n} of a wire dump" for n in range(150_000))  # ~3 MB, one paragraph
    return Article(id="dump", title="A dump", source="dump.txt", standfirst="Raw copy.", paragraphs=(paragraph,))


def test_an_enormous_paragraph_is_laid_out_in_pieces_that_keep_the_text_and_its_offsets() -> None:
    from sahel_tui.reading import PIECE_CHARS, blocks, pieces

    article = _dump()
    text = article.anchor_text
    laid_out = pieces(blocks(article))
    assert len(laid_out) > len(text) // PIECE_CHARS
    for piece, following in itertools.pairwise(laid_out):
        assert 0 < len(piece.text) <= PIECE_CHARS
        assert text[piece.start : piece.end] == piece.text, "each piece is the text at its own offsets"
        between = text[piece.end : following.start]
        assert between in ("", "\n", "\n\n", " "), "only the one break a cut falls on is left between pieces"
    assert laid_out[-1].text.endswith("line 149999 of a wire dump")
    assert all(not piece.text.startswith(("\n", " ")) for piece in laid_out)


@given(st.text(alphabet="ab \n.Ç", min_size=0, max_size=3_000), st.integers(min_value=4, max_value=400))
def test_pieces_of_any_text_are_its_own_slices_in_order(paragraph: str, size: int) -> None:
    from sahel_tui.reading import blocks, pieces

    article = Article(id="x", title="x", source="x", paragraphs=(paragraph, "next"))
    laid_out = pieces(blocks(article), size)
    assert all(article.anchor_text[p.start : p.end] == p.text and len(p.text) <= size for p in laid_out)
    assert all(a.end <= b.start <= a.end + 2 for a, b in itertools.pairwise(laid_out))


def test_the_window_holds_the_cursor_and_about_a_window_of_text() -> None:
    from sahel_tui.reading import PIECE_CHARS, WINDOW_CHARS, blocks, pieces, window

    laid_out = pieces(blocks(_dump()))
    for offset in (0, len(_dump().anchor_text) // 2, len(_dump().anchor_text) - 1):
        first, end = window(laid_out, offset)
        assert laid_out[first].start <= offset < laid_out[end - 1].end + 2
        assert WINDOW_CHARS <= sum(len(p.text) for p in laid_out[first:end]) <= WINDOW_CHARS + PIECE_CHARS


def test_a_sentence_of_a_megabyte_is_cut_into_cursor_steps_that_cover_every_word() -> None:
    from sahel_tui.reading import LONGEST_SENTENCE, sentences

    article = _dump()
    text = article.anchor_text
    steps = sentences(article)
    assert all(0 < end - start <= LONGEST_SENTENCE for start, end in steps)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(steps)), "in order, never overlapping"
    covered = "".join(text[start:end] + " " for start, end in steps)
    assert covered.split() == text.split(), "every word is in exactly one step"


def test_ordinary_sentences_are_not_cut() -> None:
    from sahel_tui.reading import sentences

    long_sentence = "Le convoi, " + "parti de Gao au petit matin, " * 30 + "est arrivé."
    article = Article(id="x", title="x", source="x", paragraphs=(long_sentence + " Puis il repartit.",))
    assert [article.anchor_text[a:b] for a, b in sentences(article)] == [long_sentence, "Puis il repartit."]


@pytest.mark.parametrize(
    ("line", "minutes"),
    [("fetch_every_minutes = 30", 30.0), ("fetch_every_minutes = 7.5", 7.5), ("fetch_every_minutes = -5", 0.0),
     ("fetch_every_minutes = true", 0.0), ('fetch_every_minutes = "hourly"', 0.0), ("", 0.0)],
)  # fmt: skip
def test_fetch_every_minutes_takes_a_number_of_minutes_and_nothing_else(tmp_path: Path, line, minutes) -> None:
    path = tmp_path / "config.toml"
    path.write_text(line + "\n")
    assert load_config(path).fetch_every_minutes == minutes


def test_a_write_removes_the_copies_killed_writes_left_long_ago_and_nothing_else(tmp_path: Path) -> None:
    """A write killed mid-way leaves its temporary copy beside the file (the file itself is whole): the next write
    of that file removes such a copy once it is old, and leaves alone a young one (another process's write in
    progress), another file's copy and anything the user keeps."""
    from sahel_tui.fileio import ABANDONED_AFTER_SECONDS, atomic_write

    target = tmp_path / "notes.md"
    long_ago = time.time() - ABANDONED_AFTER_SECONDS - 60
    abandoned, recent = tmp_path / ".notes.md.k3x_9qzz.tmp", tmp_path / ".notes.md.abcd1234.tmp"
    others = [tmp_path / ".other.md.k3x_9qzz.tmp", tmp_path / ".notes.md.mine.tmp", tmp_path / "notes.md.bak"]
    for path in [abandoned, recent, *others]:
        path.write_text("half of an export")
    for path in [abandoned, *others]:
        os.utime(path, (long_ago, long_ago))
    atomic_write(target, b"# Notes\n")
    assert target.read_bytes() == b"# Notes\n"
    assert not abandoned.exists()
    assert recent.exists() and all(path.exists() for path in others)
