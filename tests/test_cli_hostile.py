"""The command line under hostile names and text: nothing acts on the terminal, nothing outside is imported.

File names, titles, notes and tags are user-controlled; every line the CLI prints goes through the same
sanitiser as the reader (stdout and stderr), and stays one line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sahel_tui.cli import main
from sahel_tui.textclean import clean_text

SCRIPT = Path(sys.executable).parent / "sahel-tui"
ENVOY = "us-envoy-visits-mali-diplomatic-reset"
ARTICLE = "A headline about Gao\n\nA paragraph of real text about the convoy that reached Gao on Tuesday morning.\n"
ESCAPES = ("\x1b]0;pwned\x07", "\x1b]52;c;ZXZpbA==\x07", "\x1b[2J", "\x9b2J")


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def sahel(home: Path, *args: str | bytes) -> subprocess.CompletedProcess:
    return subprocess.run([str(SCRIPT), *args], env={**os.environ, "SAHEL_TUI_HOME": str(home)},
                          capture_output=True, timeout=60)  # fmt: skip


def assert_inert(output: bytes) -> None:
    assert b"\x1b" not in output and b"\x07" not in output and "\x9b".encode() not in output


def test_a_file_name_with_escape_sequences_is_echoed_inert_and_on_one_line(tmp_path: Path, sahel_home: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    names = [f"osc{number}{seq}\nname.txt" for number, seq in enumerate(ESCAPES)]
    for number, name in enumerate(names):
        (folder / name).write_text(ARTICLE.replace("Tuesday", f"day {number}"))
    (folder / "bad\x1b[2J.exe").write_text("binary?")
    result = sahel(sahel_home, "import", str(folder))
    assert_inert(result.stdout + result.stderr)
    lines = (result.stdout + result.stderr).decode().splitlines()
    assert len(lines) == len(names) + 1, "one line per file, even with a newline in its name"
    assert sum("imported as" in line for line in lines) == len(names)


def test_notes_and_tags_exported_to_stdout_are_inert(sahel_home: Path) -> None:
    note = "see " + "".join(ESCAPES) + " end"
    added = sahel(sahel_home, "annotate", ENVOY, "--quote", "Bamako", "--occurrence", "1", "--note", note,
                  "--tag", "\x1b]0;tag\x07x")  # fmt: skip
    assert added.returncode == 0, added.stderr
    for args in (("export",), ("export", "--format", "json"), ("notes",), ("notes", "--json")):
        result = sahel(sahel_home, *args)
        assert result.returncode == 0, result.stderr
        assert_inert(result.stdout + result.stderr)
    exported = json.loads(sahel(sahel_home, "export", "--format", "json").stdout)
    assert exported["items"][0]["body"][0]["value"] == note, "JSON keeps the note exactly (escaped, not dropped)"


def test_an_unterminated_osc_never_swallows_the_text_after_it() -> None:
    text = "First line \x1b]0;no terminator here\nThe body that must survive.\nLater \x07 end"
    cleaned = clean_text(text)
    assert "The body that must survive." in cleaned and "Later" in cleaned and "\x1b" not in cleaned


def test_links_inside_an_imported_folder_stay_inside_it(tmp_path: Path) -> None:
    outside = tmp_path / "private.txt"
    outside.write_text(ARTICLE.replace("Gao", "Secret"))
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "real.txt").write_text(ARTICLE)
    (folder / "passwd.txt").symlink_to(outside)
    (folder / "sub" / "inside.txt").symlink_to(folder / "real.txt")
    os.mkfifo(folder / "pipe.txt")
    result = run("import", str(folder))
    assert "passwd.txt: a link to a file outside the folder" in result.output
    assert "pipe.txt: not a regular file" in result.output
    listed = json.loads(run("list", "--json").stdout)
    assert not any("Secret" in a["title"] for a in listed)
    named = run("import", str(folder / "passwd.txt"))  # a link named on the command line is followed
    assert named.exit_code == 0 and "imported as" in named.output


def test_links_that_lead_round_in_a_circle_get_a_line_and_the_rest_is_imported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "real.txt").write_text(ARTICLE)
    (folder / "self.txt").symlink_to(folder / "self.txt")
    (folder / "b.txt").symlink_to(folder / "c.txt")
    (folder / "c.txt").symlink_to(folder / "b.txt")
    result = run("import", str(folder))
    assert isinstance(result.exception, SystemExit), f"the import stopped on {result.exception!r}"
    for name in ("self.txt", "b.txt", "c.txt"):
        assert f"{name}: a link that leads round in a circle; not followed" in result.output
    assert result.exit_code == 1 and "real.txt: imported as real" in result.output


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses non-UTF-8 file names")
def test_a_file_name_that_is_not_utf8_does_not_stop_the_import(tmp_path: Path, sahel_home: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE)
    Path(os.fsdecode(os.fsencode(folder) + b"/bad-\xff\xfe-name.txt")).write_text(ARTICLE.replace("Gao", "Kidal"))
    result = sahel(sahel_home, "import", str(folder))
    assert b"Traceback" not in result.stderr
    assert result.stdout.count(b"imported as") == 2, result.stdout + result.stderr
    again = sahel(sahel_home, "import", str(folder))
    assert again.stdout.count(b"already in the library") == 2, "a retry adds no copy"


def test_a_folder_deeper_than_the_path_limit_gets_one_line_and_the_rest_is_imported(tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    (root / "near.txt").write_text(ARTICLE)
    depth = 0
    fd = os.open(root, os.O_RDONLY)
    try:  # build past PATH_MAX with relative steps (an absolute path that long cannot even be created)
        while depth < 40:
            os.mkdir("d" * 200, dir_fd=fd)
            next_fd = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = next_fd
            depth += 1
        with os.fdopen(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fd), "w") as handle:
            handle.write(ARTICLE.replace("Gao", "Menaka"))
    finally:
        os.close(fd)
    result = run("import", str(root))
    assert isinstance(result.exception, SystemExit) and result.exit_code == 1, "a clean exit 1, no traceback"
    assert "near.txt: imported as" in result.output
    (told,) = [line for line in result.output.splitlines() if "not read" in line]
    assert "File name too long" in told


def test_entity_figures_that_cannot_be_written_are_made_in_memory_and_said(tmp_path: Path) -> None:
    """A disk that takes no more (here: the process may not grow any file past what the catalog's shared memory
    and the figures file already take, which SQLite meets as a full disk): the figures are still counted, and one
    line names the file and why — before, the new articles' figures were missing without a word."""
    import resource
    import signal

    home = tmp_path / "home"
    assert sahel(home, "entities").returncode == 0  # the figures file made, the bundled articles counted
    figures = next(home.glob("cache/*/entities.sqlite3"))
    folder = tmp_path / "more"
    folder.mkdir()
    for number in range(240):
        (folder / f"gao-{number}.txt").write_text(
            f"Convoy {number} reaches Gao\n\nA convoy of the Malian army reached Gao and Ménaka on Tuesday, "
            f"officials in Bamako said; the Wagner Group was not mentioned ({number}).\n"
        )
    assert sahel(home, "import", str(folder)).returncode == 0
    limit = max(figures.stat().st_size, 32 * 1024) + 8 * 1024

    def no_room_to_grow() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run([str(SCRIPT), "entities", "--json"], env={**os.environ, "SAHEL_TUI_HOME": str(home)},
                          capture_output=True, timeout=120, preexec_fn=no_room_to_grow)  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    counted = {row["name"]: row["articles"] for row in json.loads(done.stdout)}
    assert counted.get("Gao", 0) == 240 and counted.get("Ménaka", 0) == 240, counted
    told = done.stderr.decode()
    assert str(figures) in told and "made in memory" in told, told


def test_a_full_disk_is_named_by_every_command_that_reads_the_library(tmp_path: Path) -> None:
    """No file may grow past 8 KB (a full disk, as SQLite meets it): the catalog cannot be opened, nor an index
    made anywhere. Each command says so in plain lines — no traceback, no "no such article" for an article that is
    there, no empty table without a word."""
    import resource
    import signal

    home = tmp_path / "home"
    (tmp_path / "gao.txt").write_text(ARTICLE)
    assert sahel(home, "import", str(tmp_path / "gao.txt")).returncode == 0

    def full_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))

    def run_full(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(SCRIPT), *args], env={**os.environ, "SAHEL_TUI_HOME": str(home)},
                              capture_output=True, text=True, timeout=60, preexec_fn=full_disk)  # fmt: skip

    catalog = str(home / "data" / "library.sqlite3")
    for args in (("search", "gao"), ("show", "a-headline-about-gao"), ("entities",)):
        done = run_full(*args)
        assert "Traceback" not in done.stderr, (args, done.stderr)
        assert catalog in done.stderr and "cannot be used" in done.stderr, (args, done.stderr)
    searched = run_full("search", "gao")
    assert searched.returncode == 1 and "nothing could be searched" in searched.stderr, searched.stderr


def test_a_saved_search_named_with_markup_and_escapes_is_listed_literally() -> None:
    """A saved search's name and query are the user's text: the table shows them as typed, a markup tag as text
    (it was read as markup: the name lost its brackets, and a link tag would have made a live link)."""
    name = "Évacuations [@click=app.quit]x[/] [link=file:///etc/passwd]docs[/link]\x1b]0;pwned\x07"
    query = "[bold]mopti"
    assert run("searches", "add", name, query).exit_code == 0
    result = CliRunner().invoke(main, ["searches"], env={"COLUMNS": "200"})  # wide enough for the name on one line
    shown = result.output
    assert "[@click=app.quit]x[/]" in shown and "[link=file:///etc/passwd]docs[/link]" in shown
    assert "[bold]mopti" in shown
    assert_inert(result.output.encode())
