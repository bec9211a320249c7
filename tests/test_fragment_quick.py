"""The quick cut of an HTML fragment into tags and text gives exactly the paragraphs the standard tokenizer gives,
on generated fragments with the shapes that trip tokenizers up: attributes quoted every way, ``>`` and ``<`` in
values, bare values ending in ``/``, stray ``<``, comments, raw-text elements, entities whole and broken."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sahel_tui.extract import fragment
from sahel_tui.extract.fragment import fragment_paragraphs

NAMES = ["p", "P", "br", "a", "div", "em", "li", "ul", "h2", "img", "script", "style", "iframe", "o:p", "x-y",
         "figcaption", "hr", "span", "Br", "form", "textarea"]  # fmt: skip
SPACES = st.sampled_from([" ", "  ", "\n", "\t", "\x0b", "\r\n", "\f", ""])
VALUES = st.sampled_from([
    '"https://exemple.invalid/a?b=1&amp;c=2"', "'simple'", "nu", "x/", '"a>b"', "'a<b'", '"l\'armée"', "'dit \"oui\"'",
    '""', "=", '"', "'", "a=b\"c", "`x`", "&amp;",
])  # fmt: skip
ATTRIBUTE_NAMES = st.sampled_from(["href", "class", "data-x", "xml:lang", "_a", "1a", '"q"', "/", "title"])
WORDS = st.sampled_from([
    "Gao", "Ménaka", "l'armée", " ", "  ", "\n", "&amp;", "&eacute;", "&#233;", "&#x41;", "&", "&foo;", "&amp",
    "&#", "&#x;", "a < b", "<", ">", "x>y", "&lt;p&gt;", "\u00a0", "&nbsp;", "…", "[…]", "'", '"', "\x00",
])  # fmt: skip


@st.composite
def tags(draw) -> str:
    name = draw(st.sampled_from(NAMES))
    closing = draw(st.sampled_from(["", "", "/", "/ ", "</"]))
    attributes = "".join(
        draw(SPACES) + " " + draw(ATTRIBUTE_NAMES) + draw(st.sampled_from(["", "=", " = ", "="])) + draw(VALUES)
        for _ in range(draw(st.integers(0, 2)))
    )
    end = draw(st.sampled_from([">", "/>", " />", " >", "", "/"]))
    if closing == "</":
        return f"</{name}{attributes}{end}"
    return f"<{closing.strip()}{name}{attributes}{end}"


@st.composite
def plain_tags(draw) -> str:
    """Tags of the shapes the quick cut takes, with their edge cases (a bare value ending in "/", upper case,
    every kind of space, a tag closed on itself)."""
    name = draw(st.sampled_from([name for name in NAMES if name not in ("script", "style")]))
    space = st.sampled_from([" ", "\n", "\t", "  ", "\r\n", "\f"])
    value = st.sampled_from(['"https://exemple.invalid/a?b=1&amp;c=2"', "'simple'", "nu", "x/", '""', "'l\"a'",
                             "&amp;", "a&b"])  # fmt: skip
    attributes = ""
    for _ in range(draw(st.integers(0, 2))):
        attributes += draw(space) + draw(st.sampled_from(["href", "data-x", "xml:lang", "_a", "Title"]))
        if draw(st.booleans()):
            attributes += draw(st.sampled_from(["=", " = ", "=\n"])) + draw(value)
    end = draw(st.sampled_from([">", "/>", " />", " >", "\n>"]))
    return f"<{draw(st.sampled_from(['', '/']))}{name}{attributes}{end}"


ODDITIES = st.sampled_from(["<!-- note -->", "<!DOCTYPE html>", "<?php x ?>", "</>", "< p>", "<![CDATA[x]]>", "<3"])
PARTS = st.one_of(tags(), WORDS, WORDS, ODDITIES)
TEXT = WORDS.filter(lambda word: "<" not in word)
FRAGMENTS = st.one_of(
    st.lists(PARTS, max_size=24),
    st.lists(st.one_of(plain_tags(), tags(), TEXT), max_size=24),
    st.lists(st.one_of(plain_tags(), TEXT), max_size=24),
)
"""Anything at all; tags of every shape and text; plain tags and text (taken by the quick cut, most of them)."""


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FRAGMENTS)
def test_the_quick_cut_gives_the_standard_tokenizers_paragraphs(parts: list[str]) -> None:
    html = "".join(parts)
    assert fragment_paragraphs(html) == fragment_paragraphs(html, quick=False)


def test_the_fragments_feeds_send_are_cut_quickly_and_odd_ones_are_not() -> None:
    """The quick cut takes the regular HTML a sanitiser writes back; anything it is not sure of goes to the
    standard tokenizer (the test above proves that the results agree either way)."""
    taken = [
        '<p>Les pluies ont <a href="https://exemple.invalid/x?a=1&amp;b=2" title="Crue">coupé</a> la route.</p>',
        "<p>Herders and farmers<br />agreed on <em>corridors</em>.</p><p>Second &eacute;t&#233;</p>",
        "<div class=note><img src=photo.jpg alt='Le fleuve'><p>Texte</p></div>",
    ]
    declined = ["<p>a</p><!-- comment -->", "<script>var a = '<p>'</script><p>b</p>", "<p>1 < 2</p>",
                "<a title='x>y'>lien</a>"]  # fmt: skip
    for html in taken:
        assert fragment._fed_quickly(fragment._Text(), html), html
    for html in declined:
        assert not fragment._fed_quickly(fragment._Text(), html), html
        assert fragment_paragraphs(html) == fragment_paragraphs(html, quick=False)
