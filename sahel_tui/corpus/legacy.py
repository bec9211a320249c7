"""Reading a library kept by versions before the catalog: copies in ``articles/`` and a ``sources.json`` table.

Only read, never written or deleted: the catalog takes the originals in under the same ids, and the folder stays
as it was (the user may delete it once they are content).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sahel_tui.corpus.formats import ARTICLE_SUFFIXES
from sahel_tui.corpus.reader import IngestError, read_article_bytes
from sahel_tui.fileio import UnreadableFile, parse_json, read_regular_file

SOURCES_FILE = "sources.json"


def legacy_originals(folder: Path, notices: list[str]) -> Iterator[tuple[Path, bytes, str, str]]:
    """(copy's path, its bytes, where it was imported from, when) for each article file in ``folder``.

    A file that cannot be read, or a sources table that cannot, gets one line in ``notices`` and the rest go on;
    a copy whose origin is unknown is recorded as coming from the copy itself.
    """
    if not folder.is_dir():
        return
    sources = _sources(folder / SOURCES_FILE, notices)
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in ARTICLE_SUFFIXES or path.name.startswith(".") or not path.is_file():
            continue
        try:
            data = read_article_bytes(path)
        except IngestError as exc:
            notices.append(f"{exc}; left where it is, not in the library")
            continue
        except OSError as exc:
            notices.append(f"{path}: cannot be read ({exc.strerror or exc}); left where it is, not in the library")
            continue
        entry = sources.get(path.stem, {})
        origin = entry.get("source") or str(path)
        added_at = entry.get("imported_at") or _modified(path)
        yield path, data, origin, added_at


def _sources(path: Path, notices: list[str]) -> dict[str, dict[str, str]]:
    try:
        raw = read_regular_file(path)
        data = parse_json(raw.decode("utf-8")) if raw is not None else {}
    except (UnreadableFile, ValueError) as exc:
        notices.append(f"{path}: unreadable ({getattr(exc, 'reason', exc)}); the articles beside it are taken "
                       "in without their original file names, and it is left untouched")  # fmt: skip
        return {}
    if not isinstance(data, dict):
        notices.append(f"{path}: not a table of imported files; left untouched")
        return {}
    return {key: entry for key, entry in data.items() if isinstance(entry, dict)
            and all(isinstance(v, str) for v in entry.values())}  # fmt: skip


def _modified(path: Path) -> str:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")
