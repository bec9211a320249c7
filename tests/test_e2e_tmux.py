"""End to end: the installed ``sahel-tui`` in a real terminal (tmux), typed at like a person would.

Search with a typo, open, annotate with a note, quit; relaunch and see the annotated passage marked; the note is
in ``sahel-tui notes --json``. Runs on its own tmux server socket, with SAHEL_TUI_HOME in a temporary folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")

SCRIPT = Path(sys.executable).parent / "sahel-tui"


class Terminal:
    def __init__(self, home: Path) -> None:
        self.socket = f"sahel-e2e-{uuid.uuid4().hex[:8]}"
        self.home = home

    def tmux(self, *args: str) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=20)
        return result.stdout

    @property
    def temporary(self) -> Path:
        """The reader's temporary folder (TMPDIR): what it leaves there is seen, and none of it in the real one."""
        return self.home.parent / "tmp"

    def launch(self, program: str = str(SCRIPT)) -> None:
        # COLUMNS/LINES leak in from the test runner and would override the terminal's real size
        self.temporary.mkdir(parents=True, exist_ok=True)
        command = (f"env -u COLUMNS -u LINES SAHEL_TUI_HOME={self.home} TMPDIR={self.temporary} TERM=xterm-256color "
                   f"{program}")  # fmt: skip  # one command: the pane's process is the program itself
        started = subprocess.run(["tmux", "-L", self.socket, "new-session", "-d", "-s", "app", "-x", "160", "-y", "45",
                                  command], capture_output=True, text=True, timeout=20)  # fmt: skip
        assert started.returncode == 0, f"tmux did not start the program: {started.stderr.strip()}"
        self.tmux("pipe-pane", "-o", "-t", "app", f"cat >> {self.output}")  # what a crash prints, kept to be told

    @property
    def output(self) -> Path:
        """All the program wrote to its terminal: a traceback printed as it died goes away with its pane."""
        return self.home.parent / "terminal.log"

    def last_words(self) -> str:
        """For a failure: the end of what the program wrote, its escape sequences left out."""
        written = self.output.read_bytes().decode("utf-8", "replace") if self.output.exists() else ""
        plain = re.sub(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)", "", written)
        return f"the program last wrote: {plain[-1500:]}"

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "app", key)
            time.sleep(0.05)

    def burst(self, *keys: str) -> None:
        """Keys sent in one write, as a fast typist's reach the program: all before it has handled the first."""
        self.tmux("send-keys", "-t", "app", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "app", "-l", text)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "app")

    def wait_until(self, holds: Callable[[str], bool], what: str, timeout: float = 30) -> str:
        """The screen once ``holds(screen)``; fails saying ``what`` was awaited and what the screen showed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if holds(shown):
                return shown
            time.sleep(0.1)
        size = self.tmux("display", "-p", "-t", "app", "#{window_width}x#{window_height}").strip()
        raise AssertionError(f"never saw {what}; the {size} screen shows:\n{self.screen()}\n{self.last_words()}")

    def wait_for(self, text: str, times: int = 1) -> str:
        """The screen once it shows ``text`` (at least ``times`` times)."""
        return self.wait_until(lambda shown: shown.count(text) >= times, f"{text!r} x{times}")

    def wait_gone(self, text: str) -> str:
        return self.wait_until(lambda shown: text not in shown, f"{text!r} go away")

    def running(self) -> bool:
        """Whether the program's session is still there. Only tmux saying so ends it: a busy machine can fail a
        question to the server (which once read as "it quit", and a relaunch then met the old program)."""
        asked = subprocess.run(["tmux", "-L", self.socket, "has-session", "-t", "app"], capture_output=True,
                               text=True, timeout=20)  # fmt: skip
        gone = ("can't find session", "no server running", "No such file or directory")
        return asked.returncode == 0 or not any(reason in asked.stderr for reason in gone)

    def wait_exit(self, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.running():
            time.sleep(0.2)
        assert not self.running(), "sahel-tui did not quit"

    def start_a_note(self, text: str, program: str = str(SCRIPT)) -> None:
        """Launch, open the highlighted article, and type ``text`` into a new annotation (left unsaved)."""
        self.launch(program)
        self.wait_for("3 articles")
        self.keys("Enter")  # opens the highlighted article; the reader takes the focus
        self.wait_for("Countries")
        self.keys("a")
        self.wait_for("Annotate passage")
        self.type(text)
        self.wait_for(text[-12:])

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=20)


def cli_json(home: Path, *args: str):
    result = subprocess.run(
        [str(SCRIPT), *args, "--json"], env={**os.environ, "SAHEL_TUI_HOME": str(home)},
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return json.loads(result.stdout)


def test_search_open_annotate_quit_relaunch(tmp_path: Path) -> None:
    home = tmp_path / "home"
    best = cli_json(home, "search", "bamkao")[0]
    title_start = best["title"][:45]  # longer than the list shows (it cuts titles short), so only the reader has it
    sidebar_rows = [
        f"{e['name']}  {e['in_text'] or e['in_related']}" for e in cli_json(home, "entities", best["id"])["entities"]
    ]
    terminal = Terminal(home)
    try:
        terminal.launch()
        terminal.wait_for("3 articles")
        terminal.keys("/")
        terminal.wait_for("Leave search")  # the footer shows the search box's keys once it has the focus
        terminal.type("bamkao")
        terminal.wait_for("2 results")
        terminal.keys("Enter")
        terminal.wait_gone("Leave search")  # the list has the focus
        terminal.keys("Enter")  # opens the highlighted hit: a new query highlights its best one
        terminal.wait_for(title_start)
        screen = terminal.wait_until(
            lambda shown: sum(row in shown for row in sidebar_rows) >= 3, "the sidebar list entities with counts"
        )
        unmarked = screen.count("✎")  # the list's notes column is headed ✎ too
        terminal.keys("a")
        terminal.wait_for("Annotate passage")
        terminal.type("checked in tmux")
        terminal.keys("C-s")
        terminal.wait_for("Annotation saved")
        terminal.wait_for("✎", times=unmarked + 1)  # the passage is marked in the reader
        terminal.keys("q")
        terminal.wait_exit()

        terminal.launch()
        terminal.wait_for(title_start)  # the last article comes back…
        terminal.wait_for("✎", times=unmarked + 1)  # …its annotated passage marked
        terminal.keys("q")
        terminal.wait_exit()
    finally:
        terminal.close()
    (note,) = cli_json(home, "notes")
    assert note["note"] == "checked in tmux" and note["status"] == "anchored"


def test_a_fast_typists_bursts_land_as_typed_slowly(tmp_path: Path, monkeypatch) -> None:
    """`JJa`, a note, tab, tags and ctrl+s sent in one write annotate the three sentences `J`, `J` selected with that
    note and those tags; then `m`, `q` and `b` in one write open the notes view, close it, and bookmark the article
    (the keys behind `m` used to be lost: the notes view stayed open)."""
    from sahel_tui.corpus.library import Library
    from sahel_tui.paths import locations
    from sahel_tui.reading import sentences

    home = tmp_path / "home"
    terminal = Terminal(home)
    try:
        terminal.launch()
        terminal.wait_for("3 articles")
        terminal.keys("Enter")  # opens the highlighted article; the reader takes the focus
        terminal.wait_for("Countries")
        terminal.burst("J", "J", "a", *"one go", "Tab", *"gao, route", "C-s")
        terminal.wait_for("Annotation saved")
        terminal.burst("m", "q", "b")
        terminal.wait_until(lambda shown: "Bookmarked." in shown and "Extend" in shown, "the reader, bookmarked")
        terminal.keys("q")
        terminal.wait_exit()
    finally:
        terminal.close()
    (note,) = cli_json(home, "notes")
    assert (note["note"], note["tags"]) == ("one go", ["gao", "route"])
    monkeypatch.setenv("SAHEL_TUI_HOME", str(home))
    article = Library(locations()).get(note["article"])
    spans = sentences(article)
    assert note["quote"] == article.anchor_text[spans[0][0] : spans[2][1]]


def eventually(holds: Callable[[], bool], what: str, timeout: float = 20) -> None:
    """Return once ``holds()`` is true (polled); fail naming ``what`` if it never becomes true."""
    deadline = time.monotonic() + timeout
    while not holds():
        assert time.monotonic() < deadline, f"never saw {what} within {timeout} s"
        time.sleep(0.1)  # the poll interval of a condition wait, not a wait for time to pass


def running(pid: int) -> bool:
    """Whether ``pid`` is alive (a zombie nobody has reaped yet has exited: it holds no locks)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def test_closing_the_terminal_keeps_the_note_being_typed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    drafts = home / "config" / "drafts"
    terminal = Terminal(home)
    try:
        terminal.start_a_note("typed just before the window closed")
        terminal.tmux("kill-session", "-t", "app")  # the terminal goes away: the app gets SIGHUP
        terminal.wait_exit()
        eventually(lambda: drafts.is_dir() and any(drafts.glob("*.json")), "a draft written")
    finally:
        terminal.close()
    kept = [p.read_text() for p in drafts.glob("*.json")]
    assert len(kept) == 1 and "typed just before the window closed" in kept[0]
    (draft,) = drafts.glob("*.json")
    pid = int(draft.stem.split("-")[2])  # drafts are named <date>-<time>-<pid>-<random>.json
    # the reader finishes quitting after the terminal is gone; it holds its draft till then
    eventually(lambda: not running(pid), "the reader exiting after its terminal closed")
    assert not list(terminal.temporary.glob("pymp-*")), "its worker processes' folder removed, as on a normal quit"
    waiting = subprocess.run(
        [str(SCRIPT), "notes"], env={**os.environ, "SAHEL_TUI_HOME": str(home)}, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert "an unsaved note is waiting" in waiting.stderr  # not in the store yet: the next launch reopens it


def test_a_polite_kill_keeps_the_note_and_ends_the_process(tmp_path: Path) -> None:
    home = tmp_path / "home"
    drafts = home / "config" / "drafts"
    terminal = Terminal(home)
    try:
        terminal.start_a_note("typed before a kill")
        # `env … sahel-tui` execs the reader, so the pane's process is the reader itself
        app_pid = int(terminal.tmux("display", "-p", "-t", "app", "#{pane_pid}").strip())
        os.kill(app_pid, signal.SIGTERM)
        eventually(lambda: not running(app_pid), "the reader ending after SIGTERM")
    finally:
        terminal.close()
    (draft,) = drafts.glob("*.json")
    assert "typed before a kill" in draft.read_text()


def test_a_big_imported_library_is_indexed_in_the_running_app(tmp_path: Path) -> None:
    folder = tmp_path / "dispatches"
    folder.mkdir()
    for number in range(240):  # enough for the import and the entity figures to use worker processes
        town = "Ménaka" if number % 40 == 0 else "Ségou"
        (folder / f"d{number:03d}.txt").write_text(f"Dispatch {number}\n\nFighters of JNIM were seen near {town}.\n")
    home = tmp_path / "home"
    env = {**os.environ, "SAHEL_TUI_HOME": str(home)}
    subprocess.run([str(SCRIPT), "import", str(folder)], env=env, capture_output=True, check=True, timeout=120)
    terminal = Terminal(home)
    try:
        terminal.launch()
        terminal.wait_for("243 articles")
        terminal.type("/entity:menaka")
        terminal.wait_for("6 results")
        assert "failed" not in terminal.screen()
    finally:
        terminal.close()


def test_a_query_and_enter_enter_typed_as_the_app_starts_open_the_querys_top_hit(tmp_path: Path) -> None:
    """Typed while the app starts, before the terminal is raw: the enters arrive as newlines (ctrl+j) then."""
    home = tmp_path / "home"
    best = cli_json(home, "search", "wagnr")[0]
    terminal = Terminal(home)
    try:
        terminal.launch()
        terminal.type("/wagnr")
        terminal.keys("Enter", "Enter")
        terminal.wait_for(best["title"][:45])  # the list cuts titles shorter: this is the reader's head
        terminal.type("j")  # the reader has the focus: a key, not a letter of the query
        terminal.wait_for("2 results")
        assert "wagnrj" not in terminal.screen()
    finally:
        terminal.close()


STUCK_READER = """
import sys, threading
from pathlib import Path
from sahel_tui.tui import app as reader

trigger = Path(sys.argv[1])
mount = reader.SahelApp.on_mount

def stick() -> None:
    if trigger.exists():
        trigger.with_suffix(".stuck").touch()
        threading.Event().wait()  # from here the event loop never runs again

def on_mount(self) -> None:
    mount(self)
    self.set_interval(0.05, stick)

reader.SahelApp.on_mount = on_mount
reader.run_app()
"""


@pytest.mark.parametrize("how", ["terminal closed", "SIGTERM"])
def test_a_reader_whose_event_loop_is_stuck_still_ends_on_a_signal_and_keeps_the_note(tmp_path: Path, how) -> None:
    """Seen: a reader whose terminal was closed kept running for good, its loop blocked writing to the terminal
    that was gone, the SIGHUP waiting for that loop. The signal must act without the loop."""
    home = tmp_path / "home"
    drafts = home / "config" / "drafts"
    script, trigger = tmp_path / "stuck_reader.py", tmp_path / "stick-now"
    script.write_text(STUCK_READER)
    terminal, app_pid = Terminal(home), None
    try:
        terminal.start_a_note("typed before the loop stuck", program=f"{sys.executable} {script} {trigger}")
        app_pid = int(terminal.tmux("display", "-p", "-t", "app", "#{pane_pid}").strip())
        trigger.touch()
        eventually(trigger.with_suffix(".stuck").exists, "the reader's event loop stuck")
        if how == "SIGTERM":
            os.kill(app_pid, signal.SIGTERM)
        else:
            terminal.tmux("kill-session", "-t", "app")
        eventually(lambda: not running(app_pid), f"the stuck reader ending ({how})")
    finally:
        terminal.close()
        if app_pid is not None and running(app_pid):
            os.kill(app_pid, signal.SIGKILL)  # a failed run must not leave a spinning reader behind
    (draft,) = drafts.glob("*.json")
    assert "typed before the loop stuck" in draft.read_text()
    assert not list(terminal.temporary.glob("pymp-*"))
