"""An HTML fragment (a feed entry's content or summary) -> plain paragraphs.

Feed entries carry small pieces of HTML, already sanitised by feedparser; what is needed here is their text, one
paragraph per block element or ``<br><br>``, with nothing of scripts, styles, forms or embedded frames. The
standard library's tokenizer is enough and never fetches anything; entities are decoded once, as text.

Most fragments are the regular HTML feedparser's sanitiser writes back (``<p>``, ``<a href="…">``, quoted
attributes): those are cut into tags and text by one regular expression, to the very events the standard
tokenizer would give (held to it by a property test), three times faster; a fragment with anything else in it — a
comment, a stray ``<``, a script, an odd attribute — goes to the standard tokenizer.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from sahel_tui.textclean import clean_text

BLOCKS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "section", "article",
    "header", "footer", "figure", "figcaption", "table", "tr", "dd", "dt", "dl", "hr", "aside", "main",
}  # fmt: skip
SKIPPED = {"script", "style", "iframe", "object", "embed", "form", "noscript", "template", "svg", "math", "select",
           "button", "textarea", "video", "audio", "canvas", "head", "title"}  # fmt: skip
"""Elements whose text is never article text."""
VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr", "area", "base", "col", "embed", "param", "track"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = [[]]
        self.skipping: list[str] = []
        self.breaks = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in SKIPPED and tag not in VOID:
            self.skipping.append(tag)
        elif tag in BLOCKS:
            self._new_block()
        elif tag == "br":
            self.breaks += 1
            if self.breaks >= 2:
                self._new_block()
            else:
                self.blocks[-1].append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and tag == self.skipping[-1]:
            self.skipping.pop()
        elif tag in BLOCKS:
            self._new_block()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if data.strip():
            self.breaks = 0
        self.blocks[-1].append(data)

    def _new_block(self) -> None:
        self.breaks = 0
        if self.blocks[-1]:
            self.blocks.append([])


_SPACE = "[ \t\n\r\f]"
_PLAIN_TAG = re.compile(
    rf"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:{_SPACE}+[a-zA-Z_:][-a-zA-Z0-9_:.]*"
    rf"(?:{_SPACE}*={_SPACE}*(?:\"[^\"<>]*\"|'[^'<>]*'|[^ \t\n\r\f\"'=<>`]+))?)*){_SPACE}*(/?)>"
)
"""A start or end tag of the regular shape: a plain name, then attributes named plainly, their values quoted
without ``<`` or ``>`` in them, or bare."""
_PLAIN_PART = re.compile(rf"({_PLAIN_TAG.pattern}|[^<]+)")
_RAW_TEXT = re.compile(r"<(?:script|style)", re.IGNORECASE)
"""Elements whose content the standard tokenizer reads as raw text (its own rules, not tags): not taken quickly."""


def _fed_quickly(parser: _Text, html: str) -> bool:
    """Give ``parser`` the events html.parser would give it for ``html``, when ``html`` is all plain tags and text;
    False (nothing given) otherwise."""
    parts = _PLAIN_PART.findall(html)
    if sum(len(part[0]) for part in parts) != len(html) or _RAW_TEXT.search(html):
        return False  # a "<" that starts no plain tag (the parts found leave it out), or raw text
    for whole, slash, name, _, closed in parts:
        if not name:
            parser.handle_data(unescape(whole) if "&" in whole else whole)
        elif slash:
            parser.handle_endtag(name.lower())
        else:
            parser.handle_starttag(name.lower(), [])
            if closed:  # <br/>: a start and an end
                parser.handle_endtag(name.lower())
    return True


_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));")
_KEPT_CONTROLS = {0x09, 0x0A, 0x0D}


def _control_as_itself(match: re.Match) -> str:
    """A reference to a control character (``&#27;``) as that character, where the HTML decoder would drop it
    alone: the text cleaner then removes the escape sequence it starts whole, not leaving its visible rest
    (``]52;c;…``) in the text. Every other reference is left to the decoder."""
    value = int(match.group(1), 16) if match.group(1) else int(match.group(2))
    if (value < 0x20 and value not in _KEPT_CONTROLS) or value == 0x7F:
        return chr(value) if value else ""
    return match.group()


def fragment_paragraphs(html: str, quick: bool = True) -> list[str]:
    """The text of an HTML fragment, one string per paragraph, whitespace collapsed, never markup. ``quick=False``:
    by the standard tokenizer alone (the reference the quick one is held to)."""
    if "<" not in html and "&" not in html:
        return [" ".join(part.split()) for part in re.split(r"\n\s*\n", clean_text(html)) if part.strip()]
    if "&#" in html:
        html = _NUMERIC_REFERENCE.sub(_control_as_itself, html)
    parser = _Text()
    if not (quick and _fed_quickly(parser, html)):
        parser.feed(html)
        parser.close()
    text = clean_text("\n".join("".join(block).replace("\n", " ") for block in parser.blocks))
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def fragment_text(html: str) -> str:
    """A one-line text of a fragment (a title, an author)."""
    return " ".join(" ".join(fragment_paragraphs(html)).split())
