"""Making untrusted text inert: one newline policy, no terminal control sequences, no invisible tricks.

Rich and Textual pass ESC/OSC/DCS sequences, C1 controls, bidi overrides and tag characters straight to the
terminal, so everything that came from a file or a keyboard goes through here: once at ingestion
(:func:`clean_text`, before any character offset exists) and again just before it is drawn
(:func:`display_safe`), because notes are stored exactly as typed.
"""

from __future__ import annotations

import re
import unicodedata

MAX_COMBINING_MARKS = 4
"""Combining marks kept after one base character; real scripts need at most three, "Zalgo" text thousands."""

MAX_LINE_CHARS = 20_000
"""Longer lines are split at a space (never dropped): a 5 MB one-line file must not freeze the reader."""

_NEWLINES = re.compile("\r\n|[\r\u2028\u2029\x85\x0b\x0c]")

# ESC-introduced sequences, and their 8-bit C1 forms: CSI (colours, cursor moves, clear screen, queries), the
# string sequences OSC/DCS/SOS/PM/APC (clipboard writes, hyperlinks, window titles) ended by BEL or ST, and the
# short ESC forms (charset switches, reset). A string sequence ends on its line and within 4 KiB: one with no
# terminator there loses only its introducer (its payload stays as inert text), never the text that follows.
_ESCAPE_SEQUENCES = re.compile(
    r"""
      (?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]           # CSI
    | (?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])[^\x07\x1b\x9c\n]{0,4096}(?:\x07|\x1b\\|\x9c)   # OSC DCS SOS PM APC
    | \x1b[\x20-\x2f]+[\x30-\x7e]                                  # nF: charset designation
    | \x1b[\x30-\x7e]                                              # Fp / Fe / Fs: single-character escapes
    """,
    re.VERBOSE,
)

_INVISIBLE = (
    "\u202a-\u202e"  # bidi embeddings and overrides
    "\u2066-\u2069"  # bidi isolates
    "\u200b\u200e\u200f\u061c"  # zero-width space, LRM, RLM, Arabic letter mark
    "\u2060-\u2064\ufeff\u180e"  # word joiner, invisible operators, stray BOM, Mongolian vowel separator
    "\ufff9-\ufffb"  # interlinear annotation controls
)
_CONTROLS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE}]|[\U000e0000-\U000e007f]")
"""Everything removed at ingestion: C0 but tab and newline, DEL, C1, bidi controls, tag characters."""
_ESCAPE_START = re.compile("[\x1b\x90\x98\x9b\x9d\x9e\x9f]")


def normalize_newlines(text: str) -> str:
    """CRLF, CR, U+2028/U+2029, NEL, VT and FF all become ``\\n``."""
    return _NEWLINES.sub("\n", text)


def strip_escape_sequences(text: str) -> str:
    return _ESCAPE_SEQUENCES.sub("", text) if _ESCAPE_START.search(text) else text


def strip_controls(text: str) -> str:
    """Remove control and invisible formatting characters, keeping ``\\n`` and ``\\t``."""
    return _CONTROLS.sub("", text)


def cap_combining_marks(text: str, limit: int = MAX_COMBINING_MARKS) -> str:
    """Keep at most ``limit`` combining marks after each base character."""
    marks = [ch for ch in set(text) if unicodedata.combining(ch)]  # the few distinct characters, not every one
    if not marks:
        return text
    runs = re.compile(f"[{re.escape(''.join(marks))}]{{{limit + 1},}}")
    return runs.sub(lambda m: m.group()[:limit], text)


def split_long_lines(text: str, limit: int = MAX_LINE_CHARS) -> str:
    """Break lines over ``limit`` characters at the last space before it (or hard, if there is none)."""
    if all(len(line) <= limit for line in text.split("\n")):
        return text
    out: list[str] = []
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", limit // 2, limit)
            cut = limit if cut == -1 else cut
            out.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
        out.append(line)
    return "\n".join(out)


_ALREADY_CLEAN = "\n\t\x20-\x7e\xa0-\u02ff\u2010-\u2027\u2030-\u205f\u20a0-\u20cf"
"""Characters every step of :func:`clean_text` leaves as they are, wherever they stand: printable ASCII, Latin
letters with their accents precomposed, the usual punctuation (’ « » – —) and currency signs — no newline to
unify, no control or escape, no combining mark, nothing NFC changes. A text of these alone (most news in English
and French) is already clean, and one scan says so: the full policy makes a regular-expression pass per step."""
_NOT_ALREADY_CLEAN = re.compile(f"[^{_ALREADY_CLEAN}]")


def clean_text(text: str) -> str:
    """The ingestion policy: everything a file's text goes through before it is parsed or indexed."""
    if _NOT_ALREADY_CLEAN.search(text) is None:
        return split_long_lines(text)
    return clean_text_step_by_step(text)


def clean_text_step_by_step(text: str) -> str:
    """The ingestion policy, every step on every text: what :func:`clean_text` gives, without its shortcut."""
    text = normalize_newlines(text)
    text = strip_escape_sequences(text)
    text = strip_controls(text)
    text = unicodedata.normalize("NFC", text)
    text = cap_combining_marks(text)
    return split_long_lines(text)


APOSTROPHES = "'’‘`´ʼʻ′＇"
"""Every apostrophe and single-quote variant news text uses for Jama’a, N'Djamena or Wagner's."""
_APOSTROPHE = re.compile(f"[{APOSTROPHES}]")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
"""Combining marks left by NFKD decomposition: removing them takes the accents off (é -> e)."""


def fold(text: str) -> str:
    """Casefolded, accents removed (Ménaka -> menaka). Keeps the length of ordinary composed text."""
    if text.isascii():  # most English text: no accents to remove, and casefolding ASCII is lowering it
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))


def unify_apostrophes(text: str) -> str:
    """Every apostrophe variant becomes ``'`` (length unchanged)."""
    if text.isascii():
        return text.replace("`", "'")  # the one variant ASCII has
    return _APOSTROPHE.sub("'", text)


_VISIBLE_CONTROL = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
"""C0 controls drawn as their Unicode "control pictures" (\\r as ␍), so they show instead of acting."""


def display_safe(text: str) -> str:
    """Text that is safe to hand to Rich/Textual as *plain text* (never as markup).

    Stored text is kept exactly as written (a note may contain anything the user typed); this runs at render:
    escape sequences and invisible controls are removed, and any remaining C0 control other than newline and
    tab is shown as a control picture, so ``Safe\\rEvil`` reads ``Safe␍Evil`` instead of overwriting itself.
    """
    text = strip_escape_sequences(text)
    text = _CONTROLS.sub(_render_control, text)
    text = _SURROGATES.sub("\ufffd", text)  # a file name's undecodable bytes: shown as �, never a crash
    return cap_combining_marks(text)


_SURROGATES = re.compile("[\ud800-\udfff]")


def display_line(text: str) -> str:
    """:func:`display_safe`, on one line: a newline (in a file name, say) is shown as ␤ instead of breaking it."""
    return display_safe(text).replace("\n", "\u2424")


def _render_control(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char == "\n":
        return "\n"
    if code in _VISIBLE_CONTROL:
        return _VISIBLE_CONTROL[code]
    return ""


def counted(count: int, noun: str) -> str:
    """``1 article``, ``10,000 articles``: a count and its noun, in the singular when there is one."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def clipped(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at a word where one is near, with "…" when anything was cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit * 0.6 else cut).rstrip() + "…"
