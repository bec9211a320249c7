"""The articles this user has: the bundled corpus plus the files they imported, under stable ids.

Bundled articles are identified by their file stem. An imported file is copied, bytes untouched, into the library
dir as ``<id><ext>``, where the id is the slug of its file name (``-2``, ``-3`` … on a clash), so the id survives
restarts and re-imports. ``sources.json`` beside the copies remembers where each came from: importing the same
content again changes nothing, and importing a changed version of the same original replaces the copy under the
same id (so notes can re-anchor to it).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sahel_tui.corpus.markdown import parse_markdown
from sahel_tui.corpus.newsparse import parse_news_text
from sahel_tui.corpus.reader import IngestError, read_article_bytes, read_text, text_of
from sahel_tui.fileio import UnreadableFile, atomic_write, parse_json, read_regular_file
from sahel_tui.model import Article
from sahel_tui.paths import Locations, bundled_corpus_dir

TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES
SOURCES_FILE = "sources.json"
PARSER_VERSION = 1
"""Bumped whenever cleaning or parsing rules change, so every derived index re-reads every article."""
MAX_ID_LENGTH = 80


def load_article(path: Path, article_id: str, *, bundled: bool = False, data: bytes | None = None) -> Article:
    """Read and parse one article file (or ``data``, its bytes already read); raises :class:`IngestError`."""
    decoded = read_text(path) if data is None else text_of(data, path)
    date = source_url = byline = standfirst = None
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        parsed_md = parse_markdown(decoded.text)
        title, paragraphs, teasers = parsed_md.title, parsed_md.paragraphs, []
        byline = parsed_md.meta.get("byline")
        date = parsed_md.meta.get("date")
        source_url = parsed_md.meta.get("source_url")
    else:
        parsed = parse_news_text(decoded.text)
        title, byline, standfirst = parsed.title, parsed.byline, parsed.standfirst
        paragraphs, teasers = parsed.paragraphs, parsed.teasers
    if not paragraphs and not standfirst:
        raise IngestError(path, "no article text (only a headline or page furniture)")
    return Article(
        id=article_id,
        title=title or _title_from_name(path.stem),
        source=path.name,
        byline=byline,
        standfirst=standfirst,
        paragraphs=tuple(paragraphs),
        teasers=tuple(teasers),
        date=date,
        bundled=bundled,
        encoding=decoded.encoding,
        replacements=decoded.replacements,
        source_url=source_url,
    )


@dataclass
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one file given to ``import``: ``imported``, ``updated``, ``unchanged`` or ``rejected``."""

    path: Path
    status: str
    article_id: str | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.status != "rejected"

    def describe(self) -> str:
        if self.status == "rejected":
            return f"{self.path}: {self.reason}"
        if self.status == "unchanged":
            return f"{self.path}: already in the library as {self.article_id}"
        return f"{self.path}: {self.status} as {self.article_id}"


class Library:
    """Loads, imports and removes articles. Knows nothing of terminals."""

    def __init__(self, locations: Locations, bundled_dir: Path | None = None) -> None:
        self.locations = locations
        self.bundled_dir = bundled_dir if bundled_dir is not None else bundled_corpus_dir()

    @property
    def imported_dir(self) -> Path:
        return self.locations.library_dir

    def bundled_files(self) -> list[Path]:
        return _article_files(self.bundled_dir)

    def imported_files(self) -> list[Path]:
        return _article_files(self.imported_dir)

    def catalog(self) -> dict[str, Path]:
        """Article id -> file, bundled first; an imported file cannot shadow a bundled id."""
        files = {path.stem: path for path in self.bundled_files()}
        for path in self.imported_files():
            files.setdefault(path.stem, path)
        return files

    def load_path(self, article_id: str, path: Path) -> Article:
        return load_article(path, article_id, bundled=path.parent == self.bundled_dir)

    def load(self) -> LoadResult:
        """Every readable article; each unreadable file becomes an error and the rest still load."""
        result = LoadResult()
        bundled_ids = set()
        for path in self.bundled_files():
            bundled_ids.add(path.stem)
            self._load_into(result, path, path.stem, bundled=True)
        for path in self.imported_files():
            if path.stem in bundled_ids:
                result.errors.append(IngestError(path, f"id {path.stem!r} is a bundled article's; skipped"))
                continue
            self._load_into(result, path, path.stem, bundled=False)
        return result

    def get(self, article_id: str) -> Article | None:
        for path in self._files_for(article_id):
            return load_article(path, article_id, bundled=path.parent == self.bundled_dir)
        return None

    def import_paths(self, paths: Iterable[Path]) -> list[ImportOutcome]:
        """Import files and folders (searched recursively); one outcome per file, rejected ones included."""
        outcomes: list[ImportOutcome] = []
        try:
            sources = self._read_sources()
        except IngestError as exc:
            return [ImportOutcome(Path(p), "rejected", reason=f"library is unusable: {exc}") for p in paths]
        for path in _expand(paths):
            if isinstance(path, ImportOutcome):
                outcomes.append(path)
                continue
            try:
                outcomes.append(self._import_one(path, sources))
            except OSError as exc:
                outcomes.append(ImportOutcome(path, "rejected", reason=f"not imported ({exc.strerror or exc})"))
        return outcomes

    def remove(self, article_id: str) -> Path:
        """Delete an imported article's copy; bundled articles cannot be removed (raises ``ValueError``)."""
        if any(path.stem == article_id for path in self.bundled_files()):
            raise ValueError(f"{article_id} is a bundled article and cannot be removed")
        matches = [path for path in self.imported_files() if path.stem == article_id]
        if not matches:
            raise KeyError(article_id)
        sources = self._read_sources()
        for path in matches:
            path.unlink()
        if sources.pop(article_id, None) is not None:
            self._write_sources(sources)
        return matches[0]

    # -- internals ------------------------------------------------------------------------------------------

    def _load_into(self, result: LoadResult, path: Path, article_id: str, *, bundled: bool) -> None:
        try:
            result.articles.append(load_article(path, article_id, bundled=bundled))
        except IngestError as exc:
            result.errors.append(exc)

    def _files_for(self, article_id: str) -> Iterator[Path]:
        for path in self.bundled_files() + self.imported_files():
            if path.stem == article_id:
                yield path

    def _import_one(self, path: Path, sources: dict[str, dict[str, str]]) -> ImportOutcome:
        suffix = path.suffix.lower()
        try:
            data = read_article_bytes(path)
            if suffix not in ARTICLE_SUFFIXES:
                shown = suffix or "no extension"
                raise IngestError(path, f"unsupported file type ({shown}); sahel-tui reads .txt and .md files")
            load_article(path, "candidate", data=data)  # the bytes that are stored: decodable, text, an article
        except IngestError as exc:
            return ImportOutcome(path, "rejected", reason=exc.reason)
        digest = hashlib.sha256(data).hexdigest()
        origin = str(path.resolve())
        for existing_id, entry in sources.items():
            if entry.get("sha256") == digest:
                return ImportOutcome(path, "unchanged", existing_id)
        for existing_id, entry in sources.items():
            if entry.get("source") == origin:
                self._store(existing_id, suffix, data, digest, origin, sources)
                return ImportOutcome(path, "updated", existing_id)
        article_id = self._free_id(slugify(path.stem))
        self._store(article_id, suffix, data, digest, origin, sources)
        return ImportOutcome(path, "imported", article_id)

    def _store(self, article_id: str, suffix: str, data: bytes, digest: str, origin: str, sources: dict) -> None:
        self.imported_dir.mkdir(parents=True, exist_ok=True)
        for old in self.imported_files():
            if old.stem == article_id and old.suffix.lower() != suffix:
                old.unlink()
        atomic_write(self.imported_dir / f"{article_id}{suffix}", data)
        sources[article_id] = {
            "source": origin,
            "sha256": digest,
            "imported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self._write_sources(sources)

    def _free_id(self, base: str) -> str:
        taken = {path.stem for path in self.bundled_files() + self.imported_files()}
        candidate, number = base, 2
        while candidate in taken:
            candidate = f"{base}-{number}"
            number += 1
        return candidate

    def _sources_path(self) -> Path:
        return self.imported_dir / SOURCES_FILE

    def _read_sources(self) -> dict[str, dict[str, str]]:
        path = self._sources_path()
        try:
            raw = read_regular_file(path)
            if raw is None:
                return {}
            data = parse_json(raw.decode("utf-8"))
        except UnreadableFile as exc:
            raise IngestError(path, f"{exc.reason}; fix or move it, it is never overwritten") from None
        except ValueError as exc:
            raise IngestError(path, f"unreadable ({exc}); fix or move it, it is never overwritten") from None
        if not isinstance(data, dict) or not all(
            isinstance(entry, dict) and all(isinstance(v, str) for v in entry.values()) for entry in data.values()
        ):
            raise IngestError(path, "not a table of imported files; fix or move it, it is never overwritten")
        return data

    def _write_sources(self, sources: dict) -> None:
        # ASCII escapes: a file name's undecodable bytes (surrogates) round-trip instead of failing to encode
        payload = json.dumps(sources, indent=2, sort_keys=True) + "\n"
        atomic_write(self._sources_path(), payload.encode("utf-8"))


def fingerprint(path: Path) -> str:
    """Changes whenever the file or the parsing rules change; read from ``stat`` alone, no file is opened."""
    info = path.stat()
    return f"p{PARSER_VERSION}:{info.st_size}:{info.st_mtime_ns}"


def slugify(name: str) -> str:
    """A file name -> a readable, filesystem- and shell-safe id (``Wagner’s exit (2).txt`` -> ``wagners-exit-2``)."""
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    spaced = re.sub(r"[^\w'’`]+", " ", bare)
    ascii_name = re.sub(r"['’`]", "", spaced.encode("ascii", "ignore").decode("ascii").lower())
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:MAX_ID_LENGTH].strip("-")
    return slug or "article"


def _article_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(
        path
        for path in directory.iterdir()
        if path.suffix.lower() in ARTICLE_SUFFIXES and not path.name.startswith(".")
    )


def _expand(paths: Iterable[Path]) -> Iterator[Path | ImportOutcome]:
    """Files to import: those named (links followed), and those found in named folders.

    Inside a folder a link is followed only when its target stays inside that folder (a ``passwd.txt`` pointing
    at ``/etc/passwd`` is refused), and pipes, devices and sockets get their own line instead of silence.
    """
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            yield path
            continue
        root = path.resolve()
        for child in _walk(path):
            if isinstance(child, ImportOutcome):
                yield child
                continue
            relative = child.relative_to(path)
            if any(part.startswith(".") for part in relative.parts):
                continue
            try:
                refusal = _refusal(child, root)
            except OSError as exc:
                refusal = f"not read ({exc.strerror or exc})"
            if refusal:
                yield ImportOutcome(child, "rejected", reason=refusal)
            elif refusal is None:
                yield child


def _refusal(child: Path, root: Path) -> str | None:
    """Why an entry found in a folder is not imported ("" for a folder: nothing to say), or None to import it."""
    if child.is_symlink() and root not in child.resolve().parents:
        return "a link to a file outside the folder; not followed"
    if child.is_dir():
        return ""
    if not child.is_file():
        return "not a regular file (pipe, device or socket); refused"
    return None


def _walk(folder: Path) -> Iterator[Path | ImportOutcome]:
    """Every entry under ``folder`` in name order, not descending into linked folders; a folder that cannot be
    listed (no permission, a path over the system's length limit) gets its one line and the walk goes on."""
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = sorted(current.iterdir(), key=lambda p: os.fsencode(p.name))
        except OSError as exc:
            yield ImportOutcome(current, "rejected", reason=f"folder not read ({exc.strerror or exc})")
            continue
        for entry in entries:
            yield entry
            try:
                if entry.is_dir() and not entry.is_symlink():
                    stack.append(entry)
            except OSError:
                continue  # the entry itself gets its line from the caller's checks


def _title_from_name(stem: str) -> str:
    words = re.sub(r"[-_+]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else "Untitled"
