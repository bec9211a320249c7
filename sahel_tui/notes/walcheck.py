"""Checking the notes database's write-ahead log before SQLite opens it.

Committed notes can live in ``notes.sqlite3-wal`` until a checkpoint copies them into the database. SQLite reads
the log only up to the first frame whose checksum fails, silently ignores the rest, and when the last connection
closes it checkpoints and deletes the log: a flipped bit, a truncation or garbage in the log would make committed
notes vanish without a word, even after a command that only reads. So the log is checked here first (the format
is public: a 32-byte header, then frames of a 24-byte header and one page, with cumulative checksums), and when
committed-looking frames would be ignored, the caller copies the database and its log aside before opening.
The library catalog's log is checked the same way, by every process that opens it (each worker of a sync too):
after a big import or fetch it holds megabytes, so a big log's checksums are computed with numpy.
"""

from __future__ import annotations

import struct
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MAGIC_LITTLE, MAGIC_BIG = 0x377F0682, 0x377F0683
HEADER, FRAME_HEADER = 32, 24
MAX_CHECKED_BYTES = 256 * 1024 * 1024
"""A log bigger than this is not checked (far beyond what the notes' autocheckpoint lets it reach)."""
NUMPY_FROM_BYTES = 2 * 1024 * 1024
"""Smaller logs are summed word by word (35 ms a megabyte) unless numpy is already loaded: importing it costs
about as much as summing 2 MB (a short command such as ``list`` does without it)."""
NUMPY_LOADED_FROM_BYTES = 64 * 1024
BLOCK_BYTES = 1 << 20
"""How much of the log is summed in one step (its words widened to 64 bits take four times this)."""
MASK = 0xFFFFFFFF


@dataclass(frozen=True)
class WalReport:
    """What the log holds: ``good_commits`` transactions SQLite will read, and what it would drop."""

    good_commits: int
    dropped_frames: int
    problem: str
    """Empty when nothing committed would be dropped; else one plain sentence."""

    @property
    def damaged(self) -> bool:
        return bool(self.problem)


def check_wal(wal: Path) -> WalReport | None:
    """The report for ``wal``; None when there is no log (or an empty one) or it is too big to check."""
    try:
        size = wal.stat().st_size
        if size == 0 or size > MAX_CHECKED_BYTES:
            return None
        data = wal.read_bytes()
    except OSError:
        return None
    if len(data) < HEADER:
        return WalReport(0, 0, f"the log is {len(data)} bytes, shorter than its own header")
    magic, _version, page_size, _seq, salt1, salt2, sum1, sum2 = struct.unpack(">8I", data[:HEADER])
    if magic not in (MAGIC_LITTLE, MAGIC_BIG):
        return WalReport(0, _frames_in(len(data), 4096), "the log's header is not a SQLite log header (garbage)")
    endian = "<" if magic == MAGIC_LITTLE else ">"
    if page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
        return WalReport(0, 0, f"the log's header names an impossible page size ({page_size})")
    s0, s1 = _checksum(data[:24], 0, 0, endian)
    if (s0, s1) != (sum1, sum2):
        return WalReport(0, _frames_in(len(data), page_size), "the log's header checksum is wrong")

    frame_size = FRAME_HEADER + page_size
    good_commits = 0
    offset = HEADER
    sums = frame_sums(data, _frames_in(len(data), page_size), page_size, endian, s0, s1)
    while offset + frame_size <= len(data):
        header = data[offset : offset + FRAME_HEADER]
        _page, commit_size, f_salt1, f_salt2, f_sum1, f_sum2 = struct.unpack(">6I", header)
        if (f_salt1, f_salt2) != (salt1, salt2):
            return WalReport(good_commits, 0, "")  # frames left from an earlier log generation: not ours to read
        if next(sums) != (f_sum1, f_sum2):
            return _after_bad_frame(data, offset, frame_size, salt1, salt2, good_commits)
        if commit_size:
            good_commits += 1
        offset += frame_size
    if offset < len(data) and len(data) - offset >= FRAME_HEADER:
        _page, commit_size, f_salt1, f_salt2 = struct.unpack(">4I", data[offset : offset + 16])
        if (f_salt1, f_salt2) == (salt1, salt2) and commit_size:
            return WalReport(good_commits, 1, "the log ends in the middle of a committed change (truncated)")
    return WalReport(good_commits, 0, "")


def _after_bad_frame(data: bytes, offset: int, frame_size: int, salt1: int, salt2: int, good: int) -> WalReport:
    """A frame failed its checksum: damage if it, or a later frame of this generation, ends a transaction."""
    dropped, committed_after = 0, False
    while offset + FRAME_HEADER <= len(data):
        _page, commit_size, f_salt1, f_salt2 = struct.unpack(">4I", data[offset : offset + 16])
        if (f_salt1, f_salt2) != (salt1, salt2):
            break
        dropped += 1
        committed_after = committed_after or bool(commit_size)
        offset += frame_size
    if not committed_after:
        return WalReport(good, 0, "")  # an unfinished write cut short by a crash: nothing was committed there
    return WalReport(good, dropped, f"{dropped} frame(s) of committed changes fail their checksums (damaged)")


def frame_sums(data: bytes, frames: int, page_size: int, endian: str, s0: int, s1: int) -> Iterator[tuple[int, int]]:
    """The log's running checksum after each of its first ``frames`` frames (each: the first 8 bytes of its
    header, then its page), starting from the header's (``s0``, ``s1``). A big log is summed with numpy: word by
    word in Python a 20 MB log took 0.7 s, paid by every process that opens the catalog after a large import."""
    size = frames * (FRAME_HEADER + page_size)
    if size >= NUMPY_FROM_BYTES or (size >= NUMPY_LOADED_FROM_BYTES and "numpy" in sys.modules):
        yield from _frame_sums_at_once(data, frames, page_size, endian, s0, s1)
        return
    yield from _frame_sums_one_by_one(data, frames, page_size, endian, s0, s1)


def _frame_sums_one_by_one(data: bytes, frames: int, page_size: int, endian: str, s0: int, s1: int):
    frame_size = FRAME_HEADER + page_size
    for offset in range(HEADER, HEADER + frames * frame_size, frame_size):
        s0, s1 = _checksum(data[offset : offset + 8], s0, s1, endian)
        s0, s1 = _checksum(data[offset + FRAME_HEADER : offset + frame_size], s0, s1, endian)
        yield s0, s1


def _frame_sums_at_once(data: bytes, frames: int, page_size: int, endian: str, s0: int, s1: int):
    """The same sums. Each pair of words (a, b) maps (s0, s1) to (s0 + s1 + a, s0 + 2*s1 + a + b): linear modulo
    2**32, so a frame's effect is ``M**n`` times the sums before it plus a weighted total of its words, and the
    totals of many frames are two matrix products (unsigned 64-bit arithmetic wraps, which keeps every value
    right modulo 2**32)."""
    import numpy as np

    ((a00, a01), (a10, a11)), weights = _frame_weights(page_size)
    frame_size = FRAME_HEADER + page_size
    word = np.dtype(f"{endian}u4")
    at_once = max(1, BLOCK_BYTES // frame_size)
    for first in range(0, frames, at_once):
        count = min(at_once, frames - first)
        raw = np.frombuffer(data, np.uint8, count * frame_size, HEADER + first * frame_size).reshape(count, -1)
        words = np.concatenate([raw[:, :8], raw[:, FRAME_HEADER:]], axis=1).view(word).astype(np.uint64)
        totals = (words[:, 0::2] @ weights[:, :2] + words[:, 1::2] @ weights[:, 2:]) & MASK
        for t0, t1 in totals.tolist():
            s0, s1 = (a00 * s0 + a01 * s1 + t0) & MASK, (a10 * s0 + a11 * s1 + t1) & MASK
            yield s0, s1


@lru_cache(maxsize=4)
def _frame_weights(page_size: int):
    """For a frame of ``page_size``: ``M**n`` (n = its pairs of words) and, per pair j, the weights of its a and
    b in the frame's totals (from ``M**(n-1-j)``), as columns (a -> s0, a -> s1, b -> s0, b -> s1)."""
    import numpy as np

    pairs = 1 + page_size // 8
    power = [[1, 0], [0, 1]]
    weights = []
    for _ in range(pairs):  # M**0 for the last pair, up to M**(pairs - 1) for the first
        (p00, p01), (p10, p11) = power
        weights.append(((p00 + p01) & MASK, (p10 + p11) & MASK, p01, p11))
        power = [[(p00 + p10) & MASK, (p01 + p11) & MASK], [(p00 + 2 * p10) & MASK, (p01 + 2 * p11) & MASK]]
    return power, np.array(weights[::-1], np.uint64)


def _checksum(chunk: bytes, s0: int, s1: int, endian: str) -> tuple[int, int]:
    words = struct.unpack(f"{endian}{len(chunk) // 4}I", chunk)
    for index in range(0, len(words), 2):
        s0 = (s0 + words[index] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[index + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def _frames_in(size: int, page_size: int) -> int:
    return max(0, (size - HEADER) // (FRAME_HEADER + page_size))
