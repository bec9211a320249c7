"""What the library catalog stores and gives back, apart from how it stores it: an original on its way in
(:class:`Incoming`, packed in a worker process), what adding it did, a list's headline, and the conversions
between an article and its row. Read by the import and fetch workers, which never open the catalog.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass, replace

from sahel_tui.model import Article, Teaser

COMPRESSION_LEVEL = 1
"""zlib's fastest: a fetch compresses every entry it brings, an import every file; the default level (6) took a
third longer for originals 3 % smaller."""


@dataclass(frozen=True)
class Incoming:
    """One parsed original on its way into the catalog."""

    article: Article
    data: bytes
    suffix: str
    origin: str
    """Where it came from: the resolved path of an imported file, a bundled file's name, a feed entry's id."""
    kind: str = "file"
    """``bundled``, ``file`` or ``feed``."""
    wanted_id: str | None = None
    """The id to use when free (its slug otherwise decides)."""
    exact_id: bool = False
    """Take ``wanted_id`` as it is (migrating an existing library): never add a ``-2``."""
    added_at: str | None = None
    unread: bool = False
    """Not read yet: ``article`` holds only what a feed states of it (see ``formats.UNREAD_VERSION``)."""
    digest: str = ""
    packed: bytes = b""
    fields: tuple = ()
    """The sha256, compressed bytes and stored fields, when :meth:`packed_up` made them (in a worker process)."""

    def packed_up(self) -> Incoming:
        """This item ready to travel from a worker process: its digest, compressed bytes and stored fields made;
        the raw bytes dropped, and the article's text too (it is in the stored fields; storing reads only the
        article's id and source) — half of what a worker sends and the storing process unpickles."""
        light = self.article
        if light.standfirst or light.paragraphs or light.teasers:  # an unread entry's is light already
            light = replace(light, standfirst=None, paragraphs=(), teasers=())
        return Incoming(article=light, data=b"", suffix=self.suffix, origin=self.origin, kind=self.kind,
                        wanted_id=self.wanted_id, exact_id=self.exact_id, added_at=self.added_at, unread=self.unread,
                        digest=self.sha256, packed=self.compressed, fields=self.stored_fields)  # fmt: skip

    @property
    def stored_fields(self) -> tuple:
        return self.fields or parsed_fields(self.article)

    @property
    def sha256(self) -> str:
        return self.digest or hashlib.sha256(self.data).hexdigest()

    @property
    def compressed(self) -> bytes:
        """The original as the catalog stores it: compressed — except an entry a fetch stores unread, kept as it
        is (a JSON object: its first byte tells it from a zlib stream) and compressed once it is read, when
        the fetch is over (a tenth of a fetch's work was compressing)."""
        if self.packed:
            return self.packed
        return self.data if self.unread else compressed_original(self.data)


@dataclass(frozen=True)
class Stored:
    """What adding one original did: ``imported``, ``updated``, ``unchanged`` or ``taken`` (exact id in use)."""

    status: str
    article_id: str


@dataclass(frozen=True, slots=True)
class Headline:
    """What a list row needs, read without the article's text."""

    id: str
    title: str
    byline: str | None
    date: str | None
    source: str
    bundled: bool


@dataclass(frozen=True)
class StaleOriginal:
    id: str
    kind: str
    suffix: str
    data: bytes
    stored_raw: bool = False
    """Stored uncompressed (an entry a fetch stored unread): compressed when its reading is stored."""


def inflated(blob: bytes) -> bytes:
    """A stored original: a zlib stream (its first byte is never ``{``), or a fetch's unread entry as it came."""
    return blob if blob[:1] == b"{" else zlib.decompress(blob)


def compressed_original(data: bytes) -> bytes:
    return zlib.compress(data, COMPRESSION_LEVEL)


def headlines_of_rows(rows) -> list[Headline]:
    """Headlines made as the rows are read, each byline, date and feed's site held once however many articles share
    it (an imported file's source is its own name: nothing to share): at a million articles the list's headlines
    took 660 MB, now 330 MB."""
    headlines: list[Headline] = []
    shared = {}.setdefault
    for article_id, title, byline, date, source, bundled, feed in rows:
        source = shared(source, source) if feed else source
        byline, date = shared(byline, byline), shared(date, date)
        headlines.append(Headline(article_id, title, byline, date, source, bundled == 1))
    return headlines


def parsed_fields(article: Article) -> tuple:
    teasers = [teaser.to_dict() for teaser in article.teasers]
    return (article.title, article.byline, article.standfirst, article.date, article.source_url, article.encoding,
            article.replacements, _json_list(list(article.paragraphs)), _json_list(teasers), article.lang)  # fmt: skip


def _json_list(values: list) -> str:
    return json.dumps(values, ensure_ascii=False) if values else "[]"  # a fetch's unread entries: none, 10,000 times


def article_of_row(row: tuple) -> Article:
    (article_id, kind, title, byline, standfirst, date, source, source_url, encoding, replacements, paragraphs,
     teasers, lang, feed) = row  # fmt: skip
    return Article(
        id=article_id,
        title=title,
        source=source,
        byline=byline,
        standfirst=standfirst,
        paragraphs=tuple(json.loads(paragraphs)),
        teasers=tuple(Teaser(**teaser) for teaser in json.loads(teasers)),
        date=date,
        bundled=kind == "bundled",
        encoding=encoding,
        replacements=replacements,
        source_url=source_url,
        lang=lang,
        feed=feed,
    )
