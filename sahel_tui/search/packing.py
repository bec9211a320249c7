"""How a word's postings are written to disk: document gaps in the narrowest integer, only the fields it occurs
in, and zlib on top when that is smaller.

Why: stored as plain (document, five counts) records, postings were 9 bytes each and the index was 6-7 times the
size of tantivy's for the same articles. Most words occur in one field (the body) with a count of 1 or 2, and the
gaps between the documents of a common word fit in a byte, so the same postings take 1-2 bytes before zlib and
about 1.5 after it (measured on the library benchmark's 10k articles: 31 MB -> 5.1 MB). Decoding is a handful of
numpy operations (every word of those 10k articles decodes in 80 ms), so a keystroke does not feel it.

Layout: one header byte — bits 0-1 the gap width (1, 2 or 4 bytes), bits 2-6 which fields have counts, bit 7
zlib — then the gaps (the first is the first document), then one column of counts per present field.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sahel_tui.search.postings import FIELDS, POSTING

_WIDTHS = (np.dtype("u1"), np.dtype("<u2"), np.dtype("<u4"))
_ZLIB = 0x80
_SMALLEST_WORTH_COMPRESSING = 24


class DamagedPostings(ValueError):
    """A postings blob that no :func:`pack` could have written."""


def pack(postings: np.ndarray) -> bytes:
    """The bytes stored for ``postings`` (POSTING records sorted by document, each document once)."""
    return pack_many(postings, [0, len(postings)])[0] if len(postings) else bytes((0,))


def pack_many(postings: np.ndarray, bounds: Sequence[int]) -> list[bytes]:
    """:func:`pack` of each ``postings[bounds[i]:bounds[i + 1]]`` (none empty), worked out for all at once.

    A build packs tens of thousands of words, most with a posting or two: doing each alone was 65 µs of numpy
    overhead per word, half of a 10k-article build. Here every word's bytes are laid out in one array by index
    arithmetic, and only the slicing (and zlib, for words long enough to gain from it) is per word.
    """
    starts = np.asarray(bounds[:-1], np.int64)
    sizes = np.asarray(bounds[1:], np.int64) - starts
    if not len(starts):
        return []
    total = int(sizes.sum())
    docs = postings["doc"][: starts[-1] + sizes[-1]].astype(np.int64)
    word = np.repeat(np.arange(len(starts)), sizes)  # per posting: which word it belongs to
    rank = np.arange(total) - starts[word]  # per posting: its place among its word's postings
    gaps = docs.copy()
    gaps[1:] -= docs[:-1]
    gaps[starts] = docs[starts]
    largest = np.maximum.reduceat(gaps, starts)
    width = np.where(largest < 1 << 8, 0, np.where(largest < 1 << 16, 1, 2))
    gap_bytes = np.array([dtype.itemsize for dtype in _WIDTHS])[width]
    counts = postings["tf"][:total]
    present = np.logical_or.reduceat(counts > 0, starts, axis=0)
    lengths = sizes * (gap_bytes + present.sum(axis=1))
    offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    out = np.empty(int(lengths.sum()), np.uint8)
    for code, dtype in enumerate(_WIDTHS):
        chosen = width[word] == code
        if chosen.any():
            as_bytes = gaps[chosen].astype(dtype).view(np.uint8).reshape(-1, dtype.itemsize)
            first_byte = offsets[word[chosen]] + rank[chosen] * dtype.itemsize
            out[first_byte[:, None] + np.arange(dtype.itemsize)] = as_bytes
    column = np.cumsum(present, axis=1) - present  # per word and field: its column among the word's fields
    for field in range(len(FIELDS)):
        chosen = present[word, field]
        owner = word[chosen]
        out[offsets[owner] + sizes[owner] * (gap_bytes[owner] + column[owner, field]) + rank[chosen]] = counts[
            chosen, field
        ]
    headers = (width | (present.astype(np.int64) << np.arange(2, 2 + len(FIELDS))).sum(axis=1)).tolist()
    packed = []
    raw = out.tobytes()
    for header, start, length in zip(headers, offsets.tolist(), lengths.tolist(), strict=True):
        body = raw[start : start + length]
        if length >= _SMALLEST_WORTH_COMPRESSING:
            squeezed = zlib.compress(body, 1)
            if len(squeezed) < length:
                packed.append(bytes((header | _ZLIB,)) + squeezed)
                continue
        packed.append(bytes((header,)) + body)
    return packed


@dataclass(frozen=True)
class PostingColumns:
    """A word's postings as they are packed: document numbers, and a row of counts per field that has any."""

    docs: np.ndarray
    """Ascending, ``intp`` (an index into per-document arrays)."""
    fields: tuple[int, ...]
    counts: np.ndarray
    """``(len(fields), len(docs))`` bytes: each present field's count in each document."""


def unpack_columns(blob: bytes) -> PostingColumns:
    """:func:`pack`'s bytes back as columns (what scoring reads: no record is built for fields a word never
    occurs in); :class:`DamagedPostings` when they cannot be."""
    if not blob:
        raise DamagedPostings("an empty postings blob")
    header = blob[0]
    width = header & 0b11
    if width >= len(_WIDTHS):
        raise DamagedPostings(f"an unknown gap width {width}")
    body = memoryview(blob)[1:]
    if header & _ZLIB:
        try:
            body = memoryview(zlib.decompress(body))
        except zlib.error as exc:
            raise DamagedPostings(f"postings that do not decompress ({exc})") from None
    present = tuple(field for field in range(len(FIELDS)) if header >> (2 + field) & 1)
    gap_type = _WIDTHS[width]
    record = gap_type.itemsize + len(present)
    count, left = divmod(len(body), record)
    if left:
        raise DamagedPostings(f"{len(body)} bytes of postings are not whole records of {record}")
    gaps = np.frombuffer(body, gap_type, count)
    if count > 1 and not gaps[1:].all():
        raise DamagedPostings("a document listed twice in one word's postings")
    docs = np.cumsum(gaps, dtype=np.intp)
    if count and docs[-1] >= 1 << 31:
        raise DamagedPostings("a document number beyond any index")
    counts = np.frombuffer(body, np.uint8, count * len(present), offset=count * gap_type.itemsize)
    return PostingColumns(docs, present, counts.reshape(len(present), count))


def unpack(blob: bytes) -> np.ndarray:
    """POSTING records back from :func:`pack`'s bytes; :class:`DamagedPostings` when they cannot be."""
    columns = unpack_columns(blob)
    postings = np.zeros(len(columns.docs), POSTING)
    postings["doc"] = columns.docs
    postings["tf"][:, list(columns.fields)] = columns.counts.T
    return postings
