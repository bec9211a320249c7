"""The quick RSS reader gives exactly what feedparser gives, or declines: generated feeds of every shape the reader
takes and many it must refuse, with the values that trip feed readers up (double-encoded UTF-8, Windows-1252
controls, escaped and CDATA markup, relative and odd links, guids that are and are not links, dates of every kind).
"""

from __future__ import annotations

import html
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sahel_tui.feeds.parse import parse_feed, parse_with_feedparser
from sahel_tui.feeds.quickrss import read_plain_rss

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
URL = "http://news.example/feeds/main.xml"
NAMESPACES = " ".join([
    'xmlns:content="http://purl.org/rss/1.0/modules/content/"', 'xmlns:dc="http://purl.org/dc/elements/1.1/"',
    'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"', 'xmlns:atom="http://www.w3.org/2005/Atom"',
    'xmlns:media="http://search.yahoo.com/mrss/"', 'xmlns:wfw="http://wellformedweb.org/CommentAPI/"',
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"',
])  # fmt: skip

WORDS = ["Niamey", "l'armée", "élection", "  padded  ", "Ã©tÃ© Ã  Gao", "\x80uro \x93quoted\x94", "a &amp; b",
         "<b>bold</b> text", "&lt;p&gt;escaped&lt;/p&gt;", "", "x" * 30, "Wagner — Africa Corps",
         "tab\there"]  # fmt: skip
LINKS = ["https://site.example/a?x=1&b=2", "/relative/path", "//cdn.example/x", "javascript:alert(1)",
         "http:///three-slashes", "", "  https://site.example/padded  ", "?only=query", "mailto:desk@site.example",
         "https://site.example/q?a=1&amp;b=2"]  # fmt: skip
DATES = ["Tue, 03 Nov 2026 08:15:00 GMT", "2026-11-03T08:15:00+01:00", "3 Nov 2026", "not a date", "",
         "Mon, 31 Feb 2026 25:61:00 +0000", "Tue, 3 Nov 2026 08:15:00 +0100"]  # fmt: skip
AUTHORS = ["desk@site.example (Aminata Traoré)", "Aminata Traoré", "<desk@site.example>", "", "Moussa & Awa"]


def _text(value: str, cdata: bool) -> str:
    if cdata and "]]>" not in value:
        return f"<![CDATA[{value}]]>"
    return html.escape(value, quote=False)


texts = st.tuples(st.sampled_from(WORDS), st.booleans()).map(lambda pair: _text(*pair))
links = st.tuples(st.sampled_from(LINKS), st.booleans()).map(lambda pair: _text(*pair))


def _element(tag: str, body: str, attributes: str = "") -> str:
    return f"<{tag}{attributes}>{body}</{tag}>"


def _field(name: str, strategy):
    return strategy.map(lambda xml: (name, xml))


plain_item_parts = st.one_of(
    _field("title", texts.map(lambda t: _element("title", t))),
    _field("link", links.map(lambda t: _element("link", t))),
    _field("summary", texts.map(lambda t: _element("description", t))),
    _field(
        "id",
        st.tuples(
            links, st.sampled_from(["", ' isPermaLink="true"', ' isPermaLink="false"', ' isPermaLink="False"'])
        ).map(lambda p: _element("guid", *p)),
    ),
    _field("published", st.sampled_from(DATES).map(lambda d: _element("pubDate", d))),
    _field("updated", st.sampled_from(DATES).map(lambda d: _element("dc:date", d))),
    _field(
        "author",
        st.tuples(st.sampled_from(["author", "dc:creator"]), st.sampled_from(AUTHORS)).map(
            lambda p: _element(p[0], html.escape(p[1]))
        ),
    ),
    _field("content", texts.map(lambda t: _element("content:encoded", t))),
    _field("category", texts.map(lambda t: _element("category", t))),
    _field("comments", links.map(lambda t: _element("comments", t))),
    _field("enclosure", st.just('<enclosure url="https://site.example/a.mp3" length="1" type="audio/mpeg"/>')),
    _field("media", st.just('<media:content url="https://site.example/a.jpg" medium="image"/>')),
    _field("source", st.just('<source url="https://other.example/rss">Other desk</source>')),
)
foreign_item_parts = st.sampled_from(
    [  # each makes the quick reader decline the whole feed
        "<media:content><media:title>inner</media:title></media:content>",
        "<itunes:summary>x</itunes:summary>",
        '<title xml:lang="fr">Titre</title>',
        "<description><p>markup, not text</p></description>",
        "<title>second title</title>",
        "<dc:title>dc</dc:title>",
    ]
)
plain_items = st.lists(plain_item_parts, max_size=8, unique_by=lambda part: part[0]).map(
    lambda parts: _element("item", "".join(xml for _, xml in parts))
)
any_items = st.one_of(
    plain_items, st.tuples(plain_items, foreign_item_parts).map(lambda t: t[0][:-7] + t[1] + "</item>")
)
channel_parts = st.one_of(
    _field("title", texts.map(lambda t: _element("title", t))),
    _field("link", links.map(lambda t: _element("link", t))),
    _field("language", st.sampled_from(["fr", "en-US", "fr_FR", "", " en "]).map(lambda t: _element("language", t))),
    _field("ttl", st.sampled_from(["60", "x", "", "0"]).map(lambda t: _element("ttl", t))),
    _field("period", st.sampled_from(["hourly", "daily", "never"]).map(lambda t: _element("sy:updatePeriod", t))),
    _field("frequency", st.sampled_from(["2", "x"]).map(lambda t: _element("sy:updateFrequency", t))),
    _field("description", texts.map(lambda t: _element("description", t))),
    _field("self", st.just(f'<atom:link href="{URL}" rel="self" type="application/rss+xml"/>')),
    _field("image", st.just("<image><url>https://site.example/l.png</url><title>Logo</title><link>/</link></image>")),
    _field("generator", st.just("<generator>Publisher 5</generator>")),
    _field("built", st.just("<lastBuildDate>Tue, 03 Nov 2026 08:15:00 GMT</lastBuildDate>")),
)
foreign_channel_parts = st.sampled_from(
    [
        '<atom:link href="http://news.example/" rel="alternate" type="text/html"/>',
        "<textInput><title>Search</title><link>/s</link></textInput>",
    ]
)


def _channel(parts: list, items: list[str], at: int) -> str:
    return _element("channel", "".join([xml for _, xml in parts[:at]] + items + [xml for _, xml in parts[at:]]))


def _documents(items, extra_channel_parts, declarations, versions, content_types):
    channel = st.builds(
        _channel,
        st.lists(channel_parts, max_size=7, unique_by=lambda part: part[0]),
        st.lists(items, max_size=5),
        st.integers(0, 7),
    )
    channel = st.tuples(extra_channel_parts, channel).map(lambda t: t[1][:9] + t[0] + t[1][9:])
    return st.tuples(declarations, versions, channel, content_types).map(
        lambda t: (f"{t[0]}<rss {t[1]} {NAMESPACES}>{t[2]}</rss>".encode(), t[3])
    )


utf8_declarations = st.sampled_from(['<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0" encoding="UTF-8"?>',
                                     '<?xml version="1.0"?>', ""])  # fmt: skip
utf8_types = st.sampled_from(["", "application/rss+xml", "application/xml; charset=utf-8", "text/xml; charset=UTF-8"])
plain_documents = _documents(plain_items, st.just(""), utf8_declarations, st.just('version="2.0"'), utf8_types)
"""Every part of these is of a shape the quick reader takes: most of them are read by it."""
any_documents = _documents(
    any_items,
    st.one_of(st.just(""), foreign_channel_parts),
    st.one_of(utf8_declarations, st.just('<?xml version="1.0" encoding="iso-8859-1"?>')),
    st.sampled_from(['version="2.0"', 'version="0.91"', ""]),
    st.one_of(
        utf8_types, st.sampled_from(["text/xml", "text/html; charset=utf-8", "application/xml; charset=latin-1"])
    ),
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(plain_documents, any_documents))
def test_the_quick_reader_gives_what_feedparser_gives_or_declines(document: tuple[bytes, str]) -> None:
    body, content_type = document
    assert parse_feed(body, URL, content_type) == parse_with_feedparser(body, URL, content_type)


def test_plain_feeds_are_read_without_feedparser() -> None:
    """The shapes news sites send most — the project's own RSS fixture, a WordPress-like feed — are the quick
    reader's (so the test above compares the two readers, not feedparser with itself)."""
    wordpress = f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" {NAMESPACES}><channel>
        <title>Le Faso Hebdo</title><atom:link href="{URL}" rel="self" type="application/rss+xml"/>
        <link>https://faso.example</link><description>Actualité</description><language>fr-FR</language>
        <sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>1</sy:updateFrequency><generator>wp</generator>
        <image><url>https://faso.example/logo.png</url><title>Le Faso Hebdo</title><link>https://faso.example</link></image>
        <item><title>Ouagadougou : la saison des pluies</title><link>https://faso.example/?p=12&amp;lang=fr</link>
        <dc:creator><![CDATA[Awa Ouédraogo]]></dc:creator><pubDate>Tue, 03 Nov 2026 08:15:00 +0000</pubDate>
        <category><![CDATA[Société]]></category><guid isPermaLink="false">https://faso.example/?p=12</guid>
        <description><![CDATA[<p>Les premières pluies…</p>]]></description>
        <content:encoded><![CDATA[<p>Les premières pluies sont tombées.</p><p>Ensuite…</p>]]></content:encoded>
        <media:content url="https://faso.example/a.jpg" medium="image"/></item></channel></rss>""".encode()
    for body in ((FIXTURES / "sahel-wire.rss").read_bytes(), wordpress):
        assert read_plain_rss(body, URL, "application/rss+xml") is not None
        assert parse_feed(body, URL, "application/rss+xml") == parse_with_feedparser(body, URL, "application/rss+xml")
    entry = parse_feed(wordpress, URL).entries[0]
    assert (entry["author"], entry["link"], entry["published"]) == (
        "Awa Ouédraogo",
        "https://faso.example/?p=12&lang=fr",
        "2026-11-03T08:15:00+00:00",
    )


def test_what_the_quick_reader_is_unsure_of_goes_to_feedparser() -> None:
    atom = (FIXTURES / "atom-brief.xml").read_bytes()
    twice = b'<rss version="2.0"><channel><item><title>a</title><title>b</title></item></channel></rss>'
    latin = '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><item><title>été</title>' \
            "</item></channel></rss>"  # fmt: skip
    broken = b'<rss version="2.0"><channel><item><title>a</item></channel></rss>'
    for body in (atom, twice, latin.encode("latin-1"), broken):
        assert read_plain_rss(body, URL) is None
        assert parse_feed(body, URL) == parse_with_feedparser(body, URL)
