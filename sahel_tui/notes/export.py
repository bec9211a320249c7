"""Exporting annotations (Markdown for people, W3C Web Annotation JSON for programs) and importing them back.

Exports are written to a temporary file and renamed over the target: a killed export leaves the old file or
the new one. An import restores annotations under their own ids, so importing the same file twice changes
nothing.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sahel_tui.fileio import atomic_write
from sahel_tui.model import Article
from sahel_tui.notes.anchor import Selector
from sahel_tui.notes.passages import PlacedAnnotation
from sahel_tui.notes.store import Annotation, NotesStore

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SOURCE_PREFIX = "sahel-tui:article/"


def to_markdown(placed: list[PlacedAnnotation], title_of: Callable[[str], str]) -> str:
    lines = ["# sahel-tui annotations", ""]
    by_article: dict[str, list[PlacedAnnotation]] = {}
    for item in placed:
        by_article.setdefault(item.annotation.article_id, []).append(item)
    for article_id, items in by_article.items():
        lines += [f"## {title_of(article_id)}", "", f"`{article_id}`", ""]
        for item in items:
            a = item.annotation
            lines += [f"> {line}" for line in a.quote.split("\n")]
            lines.append("")
            if a.note:
                lines += [a.note, ""]
            details = [f"tags: {', '.join('#' + t for t in a.tags)}"] if a.tags else []
            details.append(f"status: {item.status}")
            details.append(f"updated: {a.updated}")
            lines += [f"*{' · '.join(details)}*", ""]
    return "\n".join(lines).rstrip() + "\n"


def to_w3c(placed: list[PlacedAnnotation]) -> dict[str, Any]:
    items = []
    for item in placed:
        a, s = item.annotation, item.annotation.selector
        body = [{"type": "TextualBody", "value": a.note, "purpose": "commenting", "format": "text/plain"}]
        body += [{"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in a.tags]
        items.append(
            {
                "id": f"urn:uuid:{a.id}",
                "type": "Annotation",
                "created": a.created,
                "modified": a.updated,
                "body": body,
                "target": {
                    "source": SOURCE_PREFIX + a.article_id,
                    "selector": [
                        {"type": "TextQuoteSelector", "exact": s.quote, "prefix": s.prefix, "suffix": s.suffix},
                        {"type": "TextPositionSelector", "start": s.start, "end": s.end},
                    ],
                },
                "sahel:textHash": s.text_hash,
                "sahel:status": item.status,
            }
        )
    return {"@context": W3C_CONTEXT, "type": "AnnotationCollection", "total": len(items), "items": items}


class ExportRefused(ValueError):
    """The export target is not a file an export may write; ``str()`` names it and says why."""


def check_export_target(path: Path, own_dirs: list[Path], replace: bool = False) -> None:
    """Refuse a target that would destroy something: the app's own files, a non-regular file, or (unless
    ``replace``) any existing file. ``own_dirs`` are the folders that hold the app's state (notes, settings,
    imported articles, caches)."""
    target = Path(path).absolute()
    try:
        info = target.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise ExportRefused(f"{path}: cannot be checked ({exc.strerror or exc}); nothing was written") from None
    resolved = target.resolve()
    for folder in own_dirs:
        if resolved == folder.resolve() or folder.resolve() in resolved.parents:
            raise ExportRefused(f"{path}: is inside sahel-tui's own folder {folder}; choose a file elsewhere")
    if info is None:
        return
    if stat.S_ISLNK(info.st_mode):
        raise ExportRefused(f"{path}: is a link; exports never replace one (give the file's own path)")
    if not stat.S_ISREG(info.st_mode):
        raise ExportRefused(f"{path}: is not a regular file (a folder, pipe or device); nothing was written")
    if not replace:
        raise ExportRefused(f"{path}: already exists; nothing was written (use --force to replace it)")


def write_export(path: Path, content: str) -> None:
    atomic_write(path, content.encode("utf-8"))


class AnnotationImportError(ValueError):
    """The file is not a sahel-tui / W3C annotation export; ``str()`` names the file and the reason."""


def read_w3c(path: Path) -> list[Annotation]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise AnnotationImportError(f"{path}: not a readable JSON export ({exc})") from None
    items = data.get("items") if isinstance(data, dict) else data if isinstance(data, list) else None
    if not isinstance(items, list):
        raise AnnotationImportError(f"{path}: no annotation items (expected a W3C AnnotationCollection)")
    annotations = []
    for position, item in enumerate(items, start=1):
        try:
            annotations.append(_annotation(item))
        except (KeyError, TypeError, ValueError) as exc:
            raise AnnotationImportError(f"{path}: item {position} is not a sahel-tui annotation ({exc})") from None
    return annotations


def import_annotations(store: NotesStore, annotations: list[Annotation]) -> tuple[int, int]:
    """Store each annotation under its own id; returns (added, already present)."""
    added = sum(store.put_annotation(a) for a in annotations)
    return added, len(annotations) - added


def _annotation(item: dict) -> Annotation:
    target = item["target"]
    source = target["source"]
    if not source.startswith(SOURCE_PREFIX):
        raise ValueError(f"target {source!r} is not a sahel-tui article")
    selectors = {s["type"]: s for s in target["selector"]}
    quote = selectors["TextQuoteSelector"]
    position = selectors.get("TextPositionSelector", {"start": 0, "end": len(quote["exact"])})
    bodies = item.get("body", [])
    bodies = bodies if isinstance(bodies, list) else [bodies]
    note = next((b.get("value", "") for b in bodies if b.get("purpose") == "commenting"), "")
    tags = tuple(b["value"] for b in bodies if b.get("purpose") == "tagging")
    annotation_id = str(item["id"]).removeprefix("urn:uuid:")
    return Annotation(
        id=annotation_id,
        article_id=source.removeprefix(SOURCE_PREFIX),
        selector=Selector(
            quote["exact"], quote.get("prefix", ""), quote.get("suffix", ""), int(position["start"]),
            int(position["end"]), item.get("sahel:textHash", ""),
        ),
        note=note,
        tags=tags,
        created=item.get("created", ""),
        updated=item.get("modified", item.get("created", "")),
    )  # fmt: skip


def article_title(articles: dict[str, Article]) -> Callable[[str], str]:
    return lambda article_id: articles[article_id].title if article_id in articles else f"{article_id} (removed)"
