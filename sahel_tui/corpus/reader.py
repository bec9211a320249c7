"""Raw file -> clean text, refusing what is not an article before a byte of it is trusted.

The checks run in the order that keeps hostile files cheap: ``stat`` first (not a regular file, too big), then
magic numbers and NUL bytes (binary), then decoding (BOMs, UTF-8, cp1252 fallback), then the text policy of
:mod:`sahel_tui.textclean`.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from sahel_tui.fileio import UnreadableFile, read_regular_file
from sahel_tui.textclean import clean_text

MAX_FILE_BYTES = 8 * 1024 * 1024
"""Largest article file accepted: far above any real article, far below what would stall the reader."""

_BINARY_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"PK\x03\x04": "a ZIP archive",
    b"PK\x05\x06": "a ZIP archive",
    b"%PDF-": "a PDF document",
    b"\x1f\x8b": "a gzip archive",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x7fELF": "an executable",
    b"SQLite format 3\x00": "an SQLite database",
}

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)


class IngestError(Exception):
    """A file that cannot become an article; ``str()`` is the one line shown to the user."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason

    def __reduce__(self):  # made again from its two parts when it comes back from a worker process
        return (type(self), (self.path, self.reason))


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    replacements: int = 0
    """Undecodable bytes replaced by U+FFFD (reported, never hidden)."""


def read_article_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes. Opened without blocking and checked on the opened descriptor, so a file swapped for a
    pipe between a look and the read is refused, not waited on; directories, devices and oversized files too."""
    try:
        data = read_regular_file(path, limit)
    except UnreadableFile as exc:
        raise IngestError(path, _refusal(exc, limit)) from None
    if data is None:
        raise IngestError(path, "no such file")
    return data


def _refusal(problem: UnreadableFile, limit: int) -> str:
    if problem.kind == "directory":
        return "is a directory, not a file"
    if problem.kind == "special":
        return "not a regular file (device, pipe or socket); refused"
    if problem.kind == "too-big":
        return f"file is {_megabytes(problem.size)}, over the {_megabytes(limit)} limit"
    if problem.kind == "grew":
        return f"file is over the {_megabytes(limit)} limit"
    return problem.reason.replace("cannot be read", "cannot read it", 1)


def decode(data: bytes, path: Path | str = "<bytes>") -> DecodedText:
    """Bytes -> text: BOMs honoured and removed, UTF-8 preferred, cp1252 for legacy single-byte files."""
    utf8_name = "utf-8"
    body = data
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if codec == "utf-8":
                utf8_name = name
                break  # the UTF-8 rules below apply, BOM removed
            text = body.decode(codec, errors="replace")
            return DecodedText(text, name, text.count("\ufffd"))
    kind = _binary_kind(body)
    if kind:
        raise IngestError(path, f"not a text file ({kind})")
    try:
        return DecodedText(body.decode("utf-8"), utf8_name)
    except UnicodeDecodeError:
        pass
    lenient = body.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd") - body.decode("utf-8", errors="ignore").count("\ufffd")
    if utf8_name != "utf-8" or _has_utf8_multibyte(lenient):
        return DecodedText(lenient, utf8_name, bad)
    text = body.decode("cp1252", errors="replace")
    return DecodedText(text, "cp1252", text.count("\ufffd"))


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> DecodedText:
    """Read, decode and clean one article file; raises :class:`IngestError` with a one-line reason."""
    return text_of(read_article_bytes(path, limit), path)


def text_of(data: bytes, path: Path | str = "<bytes>") -> DecodedText:
    """Bytes already read -> clean text (the same bytes that will be stored: a file is read once)."""
    decoded = decode(data, path)
    text = clean_text(decoded.text)
    if not text.strip():
        raise IngestError(path, "no article text (the file is empty or whitespace only)")
    return DecodedText(text, decoded.encoding, decoded.replacements)


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            return kind
    if b"\x00" in data:
        return "contains NUL bytes"
    return None


def _has_utf8_multibyte(decoded: str) -> bool:
    """True when the lenient decoding found real multi-byte characters (so the file is UTF-8 with damage)."""
    return any(ord(ch) > 0x7F and ch != "\ufffd" for ch in decoded)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size % (1024 * 1024) else f"{size // (1024 * 1024)} MB"
