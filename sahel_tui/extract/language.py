"""Which language an article is written in, from its text, with a model shipped inside a package.

Why py3langid: it is langid.py's model (97 languages) with a numpy scorer, numpy is already a dependency, its model
(4.5 MB) is inside the wheel, and it needs no network and no compiled extension. Measured on the project's own
English and French fixtures (``tests/test_extract.py``): right on every paragraph-sized text, 0.2 ms per text
once the model is loaded (only processes that parse articles load it: imports, feeds, re-parses). The package
ships it xz-compressed (0.5 s to read, and its scoring table in half floats, widened for every text); the first
process writes a copy into the cache folder, widened, with the depth of the model's scanner (which
:mod:`langid_quick` needs to scan a text in a few numpy steps instead of a loop per byte), that every later
process maps in a millisecond (:mod:`mapped_arrays`) instead of reading — the first process too, once it has
written it (widened on its way to the file, block by block: 0.8 s in a new home, 1.0–1.6 s when it widened the
whole table in memory and copied it again to write it).
A detector is unsure on a headline of proper names ("Burkina Faso"): below :data:`MIN_CONFIDENCE` the answer is
``None`` — an unknown language, never a guess.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
import time
from array import array
from pathlib import Path

MIN_CONFIDENCE = 0.5
SAMPLE_CHARS = 600
"""The first paragraphs decide: the model's cost grows with the text, its answer stops changing long before."""
_TWELVE_LETTERS = re.compile(r"(?:[\W\d_]*[^\W\d_]){12}")

CACHE_FORMAT = 3
"""Bumped when the cached copy's contents change (2: the scanner's depth is kept too; 3: mapped, not read)."""

COPY_WAIT_SECONDS = 30
"""How long a process waits for another to finish the cache's copy before making its own (it takes about one)."""

_identifier = None
_lock = threading.Lock()


def detect_language(text: str) -> str | None:
    """An ISO 639-1 code (``en``, ``fr`` …), or None when the text is too short or too mixed to tell."""
    sample = text[:SAMPLE_CHARS]
    if _TWELVE_LETTERS.match(sample, 0, 400) is None:
        return None
    language, confidence = _model().classify(sample)
    return language if confidence >= MIN_CONFIDENCE else None


def _model():
    global _identifier
    with _lock:
        if _identifier is None:
            from sahel_tui.extract.langid_quick import QuickIdentifier

            found = _from_cache()
            if found is None:
                with _making_the_copy_alone():
                    found = _from_cache() or _mapped_once_kept(*_from_package())
            identifier, depth = found
            _identifier = QuickIdentifier.of(_with_wide_table(identifier), depth)
        return _identifier


@contextlib.contextmanager
def _making_the_copy_alone():
    """Held while this process makes the cache's copy; a process that needs the model meanwhile (an import's
    workers, started while their parent makes it) waits for the copy and maps it instead of making its own — each
    would spend the same second and write the same 100 MB. Advisory (``flock``, released by the system if the
    holder dies); after :data:`COPY_WAIT_SECONDS` the waiter makes its own; where there is no ``flock``, no wait."""
    try:
        import fcntl

        folder = _cached_copy().parent
        folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(folder / "making.lock", os.O_RDWR | os.O_CREAT, 0o600)
    except (ImportError, OSError):
        yield
        return
    try:
        deadline = time.monotonic() + COPY_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.01)
            except OSError:
                break
        yield
    finally:
        os.close(descriptor)


def _mapped_once_kept(shipped, depth: int):
    """The copy just kept, mapped like any later process maps it (its pages already in the system's file cache,
    shared), rather than a private widened table; the package's model when no copy could be kept."""
    return _from_cache() or (shipped, depth)


def _with_wide_table(identifier):
    """The model's per-feature table widened once from float16 to float32 (exactly: every float16 is a float32):
    numpy widens the rows a text selects on every call otherwise, which was a third of each identification
    (0.11 of 0.38 ms). Costs 28 MB more in processes that identify languages; the answers are the same numbers."""
    import numpy as np

    table = identifier.nb_ptc
    if getattr(table, "dtype", None) == np.float16:
        wide = table.astype(np.float32)
        identifier.nb_ptc = wide
        with contextlib.suppress(AttributeError, TypeError, ValueError):
            _, priors, classes = identifier._full_model
            identifier._full_model = (wide, priors, classes)
    return identifier


def _from_package():
    """(the model as the package ships it, its scanner's depth): the model is xz-compressed (0.5 s to read) and
    the depth is found by walking the scanner (0.6 s), so both are kept in a faster copy in the cache."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from sahel_tui.extract.ngram_walk import NgramWalk

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    depth = NgramWalk(identifier.tk_nextmove, identifier.tk_row, identifier.tk_output).depth
    with contextlib.suppress(OSError, ValueError, AttributeError, TypeError):
        _keep(identifier, depth, _cached_copy())
    return identifier, depth


def _cached_copy() -> Path:
    """Where the model's arrays are kept ready to map (:mod:`mapped_arrays`): derived from the package's file,
    named by the package's version and that file's size and time, so an upgrade never reads a stale copy."""
    import py3langid
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    from sahel_tui.paths import locations

    shipped = (Path(MODEL_DIR) / MODEL_FILE).stat()
    version = getattr(py3langid, "__version__", "unknown")
    name = f"model{CACHE_FORMAT}-{version}-{shipped.st_size}-{shipped.st_mtime_ns}.arrays"
    return locations().cache_dir / "language" / name


def _keep(identifier, depth: int, path: Path) -> None:
    """The model's arrays written where every process can map them, its scoring table already widened (100 MB:
    a cache's worth, shared by every process that maps it); copies for another version or format are removed."""
    import numpy as np

    from sahel_tui.extract import mapped_arrays

    mapped_arrays.write(path, {
        "ptc": (identifier.nb_ptc, np.float32), "pc": identifier.nb_pc,
        "classes": np.array(identifier.nb_classes),
        "nextmove": np.frombuffer(identifier.tk_nextmove, identifier.tk_nextmove.typecode),
        "row": np.frombuffer(identifier.tk_row, identifier.tk_row.typecode),
        "output": np.array(identifier.tk_output, np.int64),
        "typecodes": np.array([identifier.tk_nextmove.typecode, identifier.tk_row.typecode]),
        "depth": np.array([depth]),
    })  # fmt: skip
    for older in path.parent.glob("model*"):  # copies for another version or format: never read again
        with contextlib.suppress(OSError):
            if older != path and not (older.name.endswith(".tmp") and time.time() - older.stat().st_mtime < 600):
                older.unlink()  # a half-written copy is left to its writer, unless it was abandoned


def _from_cache():
    """(the model, its scanner's depth) mapped from the cache's copy, or None (no copy yet, or one that cannot be
    read: it is removed)."""
    try:
        path = _cached_copy()
        if not path.is_file():
            return None
        from py3langid.langid import LanguageIdentifier

        from sahel_tui.extract import mapped_arrays

        data = mapped_arrays.read(path)
        moves, rows = (str(code) for code in data["typecodes"])
        identifier = LanguageIdentifier(
            data["ptc"], data["pc"], data["classes"].tolist(), data["nextmove"], data["output"].tolist(),
            norm_probs=True, tk_row=array(rows, data["row"].tobytes()),
        )  # fmt: skip
        fitting = data["ptc"].shape[1:] == data["pc"].shape == data["classes"].shape and len(data["row"]) == len(
            data["output"]) and data["nextmove"].size % 256 == 0  # fmt: skip
        if data["nextmove"].dtype.char != moves or not fitting:
            raise ValueError("the copy's tables do not fit together")
        return identifier, int(data["depth"][0])
    except Exception:  # a damaged or foreign copy: read the package's model instead, and write the copy again
        with contextlib.suppress(Exception):
            _cached_copy().unlink(missing_ok=True)
        return None
