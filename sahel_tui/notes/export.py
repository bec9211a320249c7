"""Exporting annotations: Markdown for people, W3C Web Annotation JSON for programs (``notes.importing`` reads
it back).

Exports are written to a temporary file and renamed over the target: a killed export leaves the old file or
the new one. A target that is one of the app's own files, not a regular file, or (without consent) an existing
file is refused before anything is written.
"""

from __future__ import annotations

import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sahel_tui.fileio import atomic_write
from sahel_tui.model import Article
from sahel_tui.notes.passages import PlacedAnnotation
from sahel_tui.textclean import fold

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SOURCE_PREFIX = "sahel-tui:article/"


def source_urls(articles: dict[str, Article]) -> Callable[[str], str | None]:
    return lambda article_id: articles[article_id].source_url if article_id in articles else None


def selected(
    placed: list[PlacedAnnotation], tags: Sequence[str] = (), since: str | None = None
) -> list[PlacedAnnotation]:
    """The annotations an export asks for: tagged with any of ``tags`` (case and accents aside; none asked: all),
    and written or changed on or after the day ``since`` (``YYYY-MM-DD``; None: any day)."""
    wanted = {fold(tag) for tag in tags}
    return [
        item
        for item in placed
        if (not wanted or wanted & {fold(tag) for tag in item.annotation.tags})
        and (since is None or item.annotation.updated[:10] >= since)
    ]


def to_markdown(
    placed: list[PlacedAnnotation], title_of: Callable[[str], str], url_of: Callable[[str], str | None] = lambda _: None
) -> str:
    lines = ["# sahel-tui annotations", ""]
    by_article: dict[str, list[PlacedAnnotation]] = {}
    for item in placed:
        by_article.setdefault(item.annotation.article_id, []).append(item)
    for article_id, items in by_article.items():
        url = url_of(article_id)
        lines += [f"## {title_of(article_id)}", "", f"`{article_id}`" + (f" · <{url}>" if url else ""), ""]
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


def to_w3c(placed: list[PlacedAnnotation], url_of: Callable[[str], str | None] = lambda _: None) -> dict[str, Any]:
    """``target.source`` is the article's web address when it has one (so other tools find the page), else
    ``sahel-tui:article/ID``; ``sahel:article`` always names the article for the way back."""
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
                "sahel:article": a.article_id,
                "target": {
                    "source": url_of(a.article_id) or SOURCE_PREFIX + a.article_id,
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


def article_title(articles: dict[str, Article]) -> Callable[[str], str]:
    return lambda article_id: (
        articles[article_id].title if article_id in articles else f"{article_id} (not in the library)"
    )
