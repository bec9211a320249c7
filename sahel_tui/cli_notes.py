"""The notes commands: annotate, bookmark(s), notes (and notes delete), export, import-notes — the user's own work,
read and written through the notes store, every failure one line and nothing half-written."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console

from sahel_tui.cli_common import (
    _C1,
    CliError,
    _article,
    _date_span,
    _library,
    _print_json,
    _report_errors,
    _saving,
    _say,
    _store,
)
from sahel_tui.paths import locations
from sahel_tui.textclean import counted, display_safe


@click.command()
@click.argument("article_id")
@click.option("--quote", required=True, help="The exact passage to annotate.")
@click.option("--note", default="", help="Your note.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--occurrence", type=click.IntRange(1), help="Which occurrence, when the quote appears more than once.")
def annotate(article_id: str, quote: str, note: str, tags: tuple[str, ...], occurrence: int | None) -> None:
    """Annotate a passage of an article; prints the new annotation's id."""
    from sahel_tui.notes.passages import QuoteError, annotate, locate_quote

    article = _article(article_id)
    try:
        start, end = locate_quote(article, quote, occurrence)
    except QuoteError as exc:
        raise CliError(str(exc)) from None
    store = _store()
    annotation = _saving(lambda: annotate(store, article, start, end, note, tags))
    _say(annotation.id)


@click.command()
@click.argument("article_id")
@click.option("--remove", is_flag=True, help="Remove the bookmark instead.")
def bookmark(article_id: str, remove: bool) -> None:
    """Bookmark an article (or remove its bookmark, also of an article no longer in the library)."""
    if not remove:
        _article(article_id)
    store = _store()
    _saving(lambda: store.set_bookmark(article_id, on=not remove))
    _say(f"{'removed bookmark' if remove else 'bookmarked'} {article_id}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def bookmarks(as_json: bool) -> None:
    """List bookmarked articles, most recent first."""
    store = _store()
    titles = _titles()
    marks = [{"id": aid, "title": titles(aid), "bookmarked": when} for aid, when in store.bookmarks()]
    if as_json:
        _print_json(marks)
        return
    from sahel_tui.console import safe_text

    console = Console()
    if not marks:
        console.print("No bookmarks yet.")
    for mark in marks:
        line = safe_text(mark["title"], "bold")
        line.append_text(safe_text(f"  {mark['id']} · {mark['bookmarked'][:16]}", "dim"))
        console.print(line)


def _titles():
    from sahel_tui.notes.export import article_title

    return article_title({headline.id: headline for headline in _library().headlines()})


def _placed(article_id: str | None):
    from sahel_tui.corpus.reader import IngestError
    from sahel_tui.notes.passages import place

    store = _store()
    annotations = _saving(lambda: store.annotations(article_id))
    library, articles = _library(), {}
    wanted = {a.article_id for a in annotations} | ({article_id} if article_id else set())
    for annotated in sorted(wanted):  # only the articles asked about are read, never the whole library
        try:
            found = library.get(annotated)
        except IngestError as exc:
            _say(f"sahel-tui: {exc}", err=True)
            continue
        if found is not None:
            articles[annotated] = found
    placed = [place(a, articles.get(a.article_id)) for a in annotations]
    _report_errors(store.unreadable_lines())
    return placed, articles


@click.command()
@click.argument("words", nargs=-1, metavar="[ARTICLE_ID | delete ANNOTATION_ID...]")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.option("--yes", is_flag=True, help="With delete: do not ask first.")
@click.option("--tag", "tags", multiple=True, metavar="T", help="Only annotations with this tag (again: or that one).")
@click.option("--since", metavar="WHEN", help="Only annotations written or changed since WHEN (7d, 2026-11 …).")
def notes(words: tuple[str, ...], as_json: bool, yes: bool, tags: tuple[str, ...], since: str | None) -> None:
    """List annotations (all, or one article's; or those with a tag, or of the last days), with whether each
    passage is still found.

    `sahel-tui notes delete ANNOTATION_ID...` deletes annotations (it asks first, unless --yes).
    """
    if words[:1] == ("delete",):
        _delete_notes(words[1:], yes)
        return
    if len(words) > 1:
        raise click.UsageError("give one article id, or `delete` and annotation ids")
    article_id = words[0] if words else None
    span = _date_span(since, None)
    placed, articles = _placed(article_id)
    if article_id is not None and article_id not in articles and not placed:
        raise CliError(f"no article with id {article_id!r} and no notes on one (see `sahel-tui list`)")
    if tags or span is not None:
        from sahel_tui.notes.export import selected

        placed = selected(placed, tags, span[0] if span else None)
    rows = [
        {
            "id": p.annotation.id,
            "article": p.annotation.article_id,
            "title": articles[p.annotation.article_id].title if p.annotation.article_id in articles else None,
            "quote": p.annotation.quote,
            "note": p.annotation.note,
            "tags": list(p.annotation.tags),
            "status": p.status,
            "created": p.annotation.created,
            "updated": p.annotation.updated,
        }
        for p in placed
    ]
    _mention_waiting_draft()
    if as_json:
        _print_json(rows)
        return
    from sahel_tui.console import notes_view

    Console().print(notes_view(rows))


def _delete_notes(annotation_ids: tuple[str, ...], yes: bool) -> None:
    if not annotation_ids:
        raise click.UsageError("name the annotations to delete: sahel-tui notes delete ANNOTATION_ID...")
    store = _store()
    found = []
    for annotation_id in annotation_ids:
        annotation = _saving(lambda aid=annotation_id: store.annotation(aid))
        if annotation is None:
            raise CliError(f"no annotation with id {annotation_id!r} (see `sahel-tui notes`); none deleted")
        found.append(annotation)
    for annotation in found:
        _say(f"{annotation.id}: “{annotation.quote[:80]}” {annotation.note[:80]}")
    if not yes:
        if not sys.stdin.isatty():
            raise CliError("not deleted: confirm with --yes when not at a terminal")
        click.confirm(f"Delete {counted(len(found), 'annotation')}?", abort=True)
    for annotation in found:
        _saving(lambda aid=annotation.id: store.delete_annotation(aid))
    _say(f"deleted {counted(len(found), 'annotation')}")


def _mention_waiting_draft() -> None:
    """A note typed in the reader and not yet saved is not in the store: say where it waits (on stderr)."""
    from sahel_tui.notes.drafts import DraftShelf

    where = locations()
    for draft_file in DraftShelf(where.drafts_dir, legacy=where.draft_file).waiting():
        _say(f"{draft_file}: an unsaved note is waiting there; `sahel-tui` reopens it to save.", err=True)


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write (atomically); never replaced.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("--tag", "tags", multiple=True, metavar="T", help="Only annotations with this tag (again: or that one).")
@click.option("--since", metavar="WHEN", help="Only annotations written or changed since WHEN (7d, 2026-11 …).")
def export_notes(fmt: str, output: Path | None, force: bool, tags: tuple[str, ...], since: str | None) -> None:
    """Export every annotation — or those with a tag, or of the last days — as Markdown or W3C Web Annotation
    JSON: sahel-tui export --tag niger --since 7d -o week.md."""
    from sahel_tui.notes.export import (
        ExportRefused,
        article_title,
        check_export_target,
        selected,
        source_urls,
        to_markdown,
        to_w3c,
        write_export,
    )

    if output is not None:
        try:
            check_export_target(output, locations().own_dirs, replace=force)
        except ExportRefused as exc:
            raise CliError(str(exc)) from None

    span = _date_span(since, None)
    placed, articles = _placed(None)
    if tags or span is not None:
        placed = selected(placed, tags, span[0] if span else None)
        if not placed:
            asked = " ".join([*(f"--tag {tag}" for tag in tags), *([f"--since {since}"] if since else [])])
            raise CliError(f"no annotation matches {asked}: nothing exported")
    if fmt == "md":
        content = to_markdown(placed, article_title(articles), source_urls(articles))
    else:
        content = json.dumps(to_w3c(placed, source_urls(articles)), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        # Markdown is for reading: made inert; JSON keeps every character (C1 controls escaped, C0 already are)
        shown = display_safe(content) if fmt == "md" else _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", content)
        click.echo(shown, nl=False)
        return
    try:
        write_export(output, content)
    except OSError as exc:
        raise CliError(f"{output}: not written ({exc.strerror or exc})") from None
    _say(f"exported {counted(len(placed), 'annotation')} to {output}", err=True)


@click.command("import-notes")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def import_notes(file: Path) -> None:
    """Restore annotations from a W3C Web Annotation JSON file (importing the same file twice changes nothing)."""
    from sahel_tui.notes.importing import AnnotationImportError, by_address, import_annotations, read_annotation_file

    try:
        annotations, problems = read_annotation_file(file, by_address(lambda: _library().catalog.ids_by_address()))
    except AnnotationImportError as exc:
        raise CliError(str(exc)) from None
    store = _store()
    report = _saving(lambda: import_annotations(store, annotations))
    report.problems = problems
    _report_errors(problems)
    _say(report.summary())
    sys.exit(1 if problems else 0)
