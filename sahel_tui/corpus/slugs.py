"""An article's id made from its name: readable, and safe in a file name, a shell and an address.

Apart from :mod:`sahel_tui.corpus.library` because a fetch's worker processes name every entry they read and
need nothing else of the library (loading it was a fifth of what a worker loads before its first feed).
"""

from __future__ import annotations

import re
import unicodedata

MAX_ID_LENGTH = 80
_NOT_WORD = re.compile(r"[^\w'’`]+")
_APOSTROPHE = re.compile(r"['’`]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """A file name -> a readable, filesystem- and shell-safe id (``Wagner’s exit (2).txt`` -> ``wagners-exit-2``)."""
    if name.isascii():  # most titles: nothing to decompose (walking every character was a fetch's slowest step)
        bare = name
    else:
        bare = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    spaced = _NOT_WORD.sub(" ", bare)
    ascii_name = _APOSTROPHE.sub("", spaced.encode("ascii", "ignore").decode("ascii").lower())
    slug = _NOT_SLUG.sub("-", ascii_name).strip("-")[:MAX_ID_LENGTH].strip("-")
    return slug or "article"
