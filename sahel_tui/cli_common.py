"""What every command of the CLI shares: inert one-line errors and messages, JSON printing, progress bars."""

from __future__ import annotations

import json
import re
import threading

import click
from rich.console import Console

from sahel_tui.corpus.library import Library
from sahel_tui.paths import locations
from sahel_tui.textclean import display_line

_C1 = re.compile("[\x80-\x9f]")


class CliError(click.ClickException):
    """A one-line error whose text (file names, ids, reasons) is made inert before it reaches the terminal."""

    def format_message(self) -> str:
        return display_line(self.message)


def _say(text: object, err: bool = False) -> None:
    """Print one line of text that may hold user-controlled parts (file names, titles, notes), made inert."""
    click.echo(display_line(str(text)), err=err)


def _library() -> Library:
    return Library(locations())


def _print_json(value: object) -> None:
    # JSON escapes C0 controls itself; C1 controls (8-bit escapes) would reach the terminal raw: escape them too
    text = json.dumps(value, ensure_ascii=False, indent=2)
    click.echo(_C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def _stream_json(values) -> None:
    """A JSON array printed one element at a time (the same text as ``_print_json`` of the whole list)."""
    first = True
    for value in values:
        click.echo("[" if first else ",")
        first = False
        text = json.dumps(value, ensure_ascii=False, indent=2)
        click.echo(_C1.sub(lambda m: f"\\u{ord(m.group()):04x}", "  " + text.replace("\n", "\n  ")), nl=False)
    click.echo("[]" if first else "\n]")


def _report_errors(errors: list) -> None:
    for error in errors:
        _say(f"sahel-tui: {error}", err=True)


class _progress:
    """Progress bars on stderr, one per kind of work (they may run at once), each shown only once its work is big
    enough to watch (not for three articles)."""

    def __init__(self, threshold: int = 200) -> None:
        self.threshold = threshold
        self.bar = None
        self.tasks: dict[str, object] = {}
        self.lock = threading.Lock()

    def __enter__(self) -> _progress:
        return self

    def of(self, label: str):
        """An update function ``(done, total)`` for the work called ``label``."""

        def update(done: int, total: int) -> None:
            with self.lock:
                if label not in self.tasks:
                    if total < self.threshold:
                        return
                    if self.bar is None:
                        from rich.progress import Progress

                        self.bar = Progress(console=Console(stderr=True), transient=True)
                        self.bar.start()
                    self.tasks[label] = self.bar.add_task(label, total=total)
                self.bar.update(self.tasks[label], completed=done, total=total)

        return update

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()
