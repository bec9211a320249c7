"""The quick Atom reader gives exactly what feedparser gives, or declines: generated Atom feeds of every shape it
takes and many it must refuse — text and HTML constructs, links of every relation and type, ids that stand in for
links, authors, base addresses and languages at every level — with the values that trip readers up."""

from __future__ import annotations

import html

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_quickrss import DATES, LINKS, SCOPES, URL, WORDS

from sahel_tui.feeds.parse import parse_feed, parse_with_feedparser, read_plain

NAMESPACES = 'xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xmlns:x="urn:example:x"'
TEXT_TYPES = ["", ' type="text"', ' type="html"', ' type="HTML"']
LINK_ATTRIBUTES = ["", ' rel="alternate"', ' rel="alternate" type="text/html"', ' type="application/xhtml+xml"',
                   ' rel="self"', ' rel="related" type="text/html"', ' rel="enclosure" type="audio/mpeg" length="9"',
                   ' rel="alternate" type="application/pdf"', ' rel="ALTERNATE" type="TEXT/HTML"',
                   ' title="Lire"']  # fmt: skip
IDS = ["urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6", "tag:news.example,2026:7", "/relative/id", "",
       "https://x.example/7", "  tag:padded,2026:1  "]  # fmt: skip
PEOPLE = ["<name>Awa Traoré</name>", "<name>Awa Traoré</name><email>awa@desk.example</email>",
          "<email>desk@desk.example</email>", "<name>  Ã©tÃ©  </name><uri>/awa</uri>", "",
          "<uri>https://desk.example</uri>"]  # fmt: skip
KEPT_APART = ['<x:rank value="2"/>', "<x:views>300</x:views>", '<category term="Sécurité"/>',
              "<rights>© Desk</rights>", "<contributor><name>Moussa</name></contributor>"]  # fmt: skip
FOREIGN = ['<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">x</div></title>', "<summary>2</summary>",
           '<content src="https://x.example/c"/>', '<content type="image/png">iVBOR</content>',
           "<x:title>y</x:title>",
           "<source><title>Other</title></source>", "<author><name>A</name></author>", "<issued>2026-01-01</issued>",
           "<media:group><media:description>d</media:description></media:group>",
           '<link href="/a"><x:y/></link>']  # fmt: skip
"""Each makes the quick reader decline the feed (an XHTML title, a second summary or author, content by reference
or in base64, an entry's source, an element feedparser reads into a field)."""

texts = st.tuples(st.sampled_from(WORDS), st.booleans()).map(
    lambda pair: f"<![CDATA[{pair[0]}]]>" if pair[1] and "]]>" not in pair[0] else html.escape(pair[0], quote=False)
)
scopes = st.sampled_from(SCOPES)


def _element(tag: str, body: str, attributes: str = "") -> str:
    return f"<{tag}{attributes}>{body}</{tag}>"


def _constructed(tag: str):
    return st.builds(lambda t, kind, scope: _element(tag, t, kind + scope), texts, st.sampled_from(TEXT_TYPES), scopes)


links = st.builds(lambda href, attrs, scope: f'<link href="{html.escape(href)}"{attrs}{scope}/>',
                  st.sampled_from(LINKS), st.sampled_from(LINK_ATTRIBUTES), scopes)  # fmt: skip
ids = st.builds(lambda value, scope: _element("id", html.escape(value), scope), st.sampled_from(IDS), scopes)
people = st.sampled_from(PEOPLE)


def _field(name: str, strategy):
    return strategy.map(lambda xml: (name, xml))


entry_parts = st.one_of(
    _field("title", _constructed("title")),
    _field("id", ids),
    _field("published", st.sampled_from(DATES).map(lambda d: _element("published", d))),
    _field("updated", st.sampled_from(DATES).map(lambda d: _element("updated", d))),
    _field("author", people.map(lambda p: _element("author", p))),
    _field("summary", _constructed("summary")),
    _field("content", _constructed("content")),
    _field("extra", st.sampled_from(KEPT_APART)),
)
entry_bodies = st.tuples(
    st.lists(entry_parts, max_size=8, unique_by=lambda part: part[0]), st.lists(links, max_size=3), st.integers(0, 8)
).map(lambda t: "".join([xml for _, xml in t[0][: t[2]]] + t[1] + [xml for _, xml in t[0][t[2] :]]))
plain_entries = st.builds(_element, st.just("entry"), entry_bodies, scopes)
foreign_entries = st.builds(
    _element, st.just("entry"), st.tuples(entry_bodies, st.sampled_from(FOREIGN)).map("".join), scopes
)
feed_parts = st.one_of(
    _field("title", _constructed("title")),
    _field("id", ids),
    _field("updated", st.sampled_from(DATES).map(lambda d: _element("updated", d))),
    _field("author", people.map(lambda p: _element("author", p))),
    _field("subtitle", _constructed("subtitle")),
    _field("generator", st.just('<generator uri="https://gen.example" version="2">Gen</generator>')),
    _field("icon", st.just("<icon>/favicon.ico</icon>")),
    _field("extra", st.sampled_from(KEPT_APART)),
)


def _feed(parts, feed_links, entries, at, scope, declaration, content_type):
    head = [xml for _, xml in parts[:at]] + feed_links + [xml for _, xml in parts[at:]]
    body = _element("feed", "".join(head + entries), f" {NAMESPACES}{scope}")
    return f"{declaration}{body}".encode(), content_type


def _documents(entries, declarations, content_types):
    return st.builds(
        _feed, st.lists(feed_parts, max_size=6, unique_by=lambda part: part[0]), st.lists(links, max_size=2),
        st.lists(entries, max_size=4), st.integers(0, 6), scopes, declarations, content_types,
    )  # fmt: skip


plain_documents = _documents(
    plain_entries,
    st.sampled_from(['<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0"?>', ""]),
    st.sampled_from(["application/atom+xml", "application/xml; charset=utf-8", "text/xml; charset=utf-8"]),
)
any_documents = _documents(
    st.one_of(plain_entries, foreign_entries),
    st.sampled_from(['<?xml version="1.0" encoding="utf-8"?>', "", '<?xml version="1.0" encoding="windows-1252"?>']),
    st.sampled_from(["", "application/atom+xml", "text/xml", "text/html"]),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(plain_documents, plain_documents, any_documents))
def test_the_quick_atom_reader_gives_what_feedparser_gives_or_declines(document: tuple[bytes, str]) -> None:
    body, content_type = document
    assert parse_feed(body, URL, content_type) == parse_with_feedparser(body, URL, content_type)


BLOG = f"""<?xml version="1.0" encoding="utf-8"?><feed {NAMESPACES} xml:lang="fr" xml:base="https://blog.example/">
    <title type="text">Carnets de Gao</title><link href="/" rel="alternate" type="text/html"/>
    <link href="https://blog.example/feeds/posts/default" rel="self"/><id>tag:blog.example,1999:blog-7</id>
    <updated>2026-11-03T09:00:00Z</updated><author><name>Oumar</name><email>noreply@blog.example</email></author>
    <entry><id>tag:blog.example,1999:post-42</id><published>2026-11-03T08:00:00+01:00</published>
    <updated>2026-11-03T09:00:00+01:00</updated><category term="Gao"/><title type="text">Le marché rouvre</title>
    <content type="html">&lt;p&gt;Les commerçants du grand marché ont repris leurs activités.&lt;/p&gt;</content>
    <link rel="replies" type="text/html" href="/2026/11/marche.html#comments" title="2 commentaires"/>
    <link rel="alternate" type="text/html" href="/2026/11/marche.html" title="Le marché rouvre"/>
    <author><name>Oumar Maïga</name><uri>https://blog.example/profile/1</uri></author><x:total>2</x:total>
    </entry></feed>""".encode()
"""A Blogger-like feed: ids that are not links, a replies link before the alternate one, comment counts."""


def test_a_blog_and_the_projects_atom_fixture_are_read_without_feedparser() -> None:
    from test_quickrss import FIXTURES

    for body in (BLOG, (FIXTURES / "atom-brief.xml").read_bytes()):
        assert read_plain(body, URL, "application/atom+xml") is not None
        assert parse_feed(body, URL, "application/atom+xml") == parse_with_feedparser(body, URL, "application/atom+xml")
    feed = parse_feed(BLOG, URL, "application/atom+xml")
    [entry] = feed.entries
    assert (feed.title, feed.site_url, feed.language) == ("Carnets de Gao", "https://blog.example/", "fr")
    assert (entry["link"], entry["author"], entry["lang"]) == ("https://blog.example/2026/11/marche.html",
                                                               "Oumar Maïga", "fr")  # fmt: skip
    assert entry["published"] == "2026-11-03T07:00:00+00:00"
