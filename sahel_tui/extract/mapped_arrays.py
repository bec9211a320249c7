"""Named numpy arrays kept in one file that every process maps instead of reading.

Why: each process that parses articles (the import's workers, a fetch's workers, a re-parse) needs the language
model's tables — 100 MB once widened for scoring. Read from a compressed copy they cost 0.3–0.4 s per process and
a private copy of the tables each; mapped, they cost a millisecond, the pages a text touches are read on demand,
and every process shares the same pages of the system's file cache.

The file: a magic line, one JSON line naming each array's dtype, shape and offset, then the arrays' bytes, each
at an offset aligned for its type. It is written whole beside its place and renamed into it, so a reader maps a
complete file or none; one that is not complete or not ours raises ``ValueError``.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np

MAGIC = b"sahel-tui mapped arrays 1\n"
ALIGN = 64
BLOCK_BYTES = 1 << 22


def write(path: Path, arrays: dict[str, np.ndarray | tuple[np.ndarray, np.dtype]]) -> None:
    """Write ``arrays`` (plain dtypes only: numbers, fixed-width strings) to ``path``, whole or not at all; an
    ``(array, dtype)`` pair is written converted to ``dtype``, a block of rows at a time. Each array's memory goes
    to the file as it is (no copy in between: the language model's are 100 MB)."""
    wanted = {name: value if isinstance(value, tuple) else (value, None) for name, value in arrays.items()}
    layout, offset = {}, 0
    for name, (values, dtype) in wanted.items():
        values = np.asarray(values)
        dtype = np.dtype(dtype or values.dtype)
        if dtype.hasobject or values.dtype.hasobject:
            raise ValueError(f"{name}: an array of Python objects cannot be mapped")
        nbytes = dtype.itemsize * values.size
        layout[name] = {"dtype": dtype.str, "shape": list(values.shape), "offset": offset}
        offset += -(-nbytes // ALIGN) * ALIGN
    header = json.dumps(layout).encode() + b"\n"
    start = -(-(len(MAGIC) + len(header)) // ALIGN) * ALIGN
    fresh = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with fresh.open("wb") as out:
            out.write(MAGIC + header)
            for name, (values, _) in wanted.items():
                out.seek(start + layout[name]["offset"])
                for block in _blocks(np.asarray(values), np.dtype(layout[name]["dtype"])):
                    out.write(block.view(np.uint8))
            out.truncate(start + offset)
        fresh.replace(path)
    finally:
        fresh.unlink(missing_ok=True)


def _blocks(values: np.ndarray, dtype: np.dtype) -> Iterator[np.ndarray]:
    """``values`` as ``dtype`` in contiguous blocks of about :data:`BLOCK_BYTES` (itself, when nothing changes)."""
    values = values.reshape(-1) if values.ndim != 1 else values
    if values.dtype == dtype:
        yield np.ascontiguousarray(values)
        return
    step = max(1, BLOCK_BYTES // max(1, dtype.itemsize))
    for first in range(0, values.size, step):
        yield values[first : first + step].astype(dtype)


def read(path: Path) -> dict[str, np.ndarray]:
    """The arrays of ``path``, mapped read-only; ``ValueError`` for a file that is not whole or not ours."""
    with path.open("rb") as file:
        if file.read(len(MAGIC)) != MAGIC:
            raise ValueError(f"{path}: not a file of mapped arrays")
        header = file.readline(1 << 20)
        size = os.fstat(file.fileno()).st_size
    layout = json.loads(header)
    start = -(-(len(MAGIC) + len(header)) // ALIGN) * ALIGN
    arrays = {}
    for name, place in layout.items():
        dtype, shape = np.dtype(place["dtype"]), tuple(place["shape"])
        if dtype.hasobject:
            raise ValueError(f"{path}: {name} holds Python objects")
        end = start + place["offset"] + dtype.itemsize * int(np.prod(shape, dtype=np.int64))
        if place["offset"] < 0 or end > size:
            raise ValueError(f"{path}: {name} runs past the end of the file (cut short?)")
        if end == start + place["offset"]:
            arrays[name] = np.zeros(shape, dtype)  # an empty array: nothing to map
            continue
        arrays[name] = np.memmap(path, dtype, "r", start + place["offset"], shape)
    return arrays
