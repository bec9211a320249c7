"""Every row of the text table in shared/reference/hostile-inputs.md, at ingestion and at render."""

from __future__ import annotations

import codecs
import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from sahel_tui.console import article_view
from sahel_tui.corpus.library import Library, load_article
from sahel_tui.corpus.reader import MAX_FILE_BYTES, IngestError, decode, read_text
from sahel_tui.model import Article
from sahel_tui.textclean import (
    MAX_COMBINING_MARKS,
    MAX_LINE_CHARS,
    cap_combining_marks,
    clean_text,
    clean_text_step_by_step,
    display_safe,
)

ARTICLE = "Attack near Ménaka\n\nArmed men attacked a convoy near Ménaka on Tuesday, said Goïta's office.\n"


def write(tmp_path: Path, data: bytes, name: str = "article.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_invalid_utf8_is_replaced_and_counted(tmp_path: Path) -> None:
    data = "Ménaka convoy attacked\n\nFighters near Ménaka ".encode() + b"\xff\xfe\x80 struck at dawn.\n"
    decoded = read_text(write(tmp_path, data))
    assert decoded.encoding == "utf-8"
    assert decoded.replacements == 3
    assert "Ménaka" in decoded.text and "\ufffd" in decoded.text and "struck at dawn." in decoded.text


@pytest.mark.parametrize(
    ("bom", "codec", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    ],
)
def test_bom_files_give_the_same_text_and_article_as_plain_utf8(tmp_path, bom, codec, encoding) -> None:
    plain = load_article(write(tmp_path, ARTICLE.encode(), "plain.txt"), "x")
    with_bom = write(tmp_path, bom + ARTICLE.encode(codec), "bom.txt")
    decoded = read_text(with_bom)
    assert decoded.encoding == encoding
    assert not decoded.text.startswith("\ufeff")
    assert decoded.text == read_text(tmp_path / "plain.txt").text
    assert load_article(with_bom, "x").to_dict() | {"source": "plain.txt"} == plain.to_dict()


def test_cp1252_text_is_decoded_and_recorded(tmp_path: Path) -> None:
    data = "Goïta speaks\n\nAssimi Goïta met “partners” in Ségou – a first.\n".encode("cp1252")
    decoded = read_text(write(tmp_path, data))
    assert decoded.encoding == "cp1252"
    assert decoded.replacements == 0
    assert "Assimi Goïta met “partners” in Ségou – a first." in decoded.text
    assert load_article(tmp_path / "article.txt", "x").encoding == "cp1252"


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"])
def test_every_newline_form_becomes_lf(newline: str) -> None:
    assert clean_text(f"one{newline}two{newline}{newline}three") == "one\ntwo\n\nthree"


def test_mixed_newlines_give_the_same_paragraphs(tmp_path: Path) -> None:
    mixed = "Attack near Ménaka\r\n\rArmed men attacked a convoy near Ménaka on Tuesday, said Goïta's office.\u2028"
    assert (
        load_article(write(tmp_path, mixed.encode()), "x").paragraphs
        == load_article(write(tmp_path, ARTICLE.encode(), "plain.txt"), "x").paragraphs
    )


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"Title\n\nBody \x00 with a NUL byte.\n", "NUL"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"PK\x03\x04\x14\x00\x00\x00", "ZIP"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
    ],
)
def test_binary_files_are_refused_and_nothing_is_stored(tmp_path, library: Library, data, kind) -> None:
    path = write(tmp_path, data, f"looks-like-text-{kind}.txt")
    with pytest.raises(IngestError, match="not a text file") as caught:
        read_text(path)
    assert str(path) in str(caught.value)
    (outcome,) = library.import_paths([path])
    assert outcome.status == "rejected" and "not a text file" in outcome.reason
    assert all(article.bundled for article in library.load().articles)


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  \r\n", "\u2028\u2029\x85".encode()])
def test_empty_or_whitespace_file_says_no_article_text(tmp_path, content) -> None:
    with pytest.raises(IngestError, match="no article text"):
        read_text(write(tmp_path, content))


def test_huge_file_is_refused_from_stat_with_the_limit_named(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: if it were read, this test would take seconds and 200 MB
    with pytest.raises(IngestError, match=r"200 MB, over the 8 MB limit"):
        read_text(path)


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(IngestError, match="not a regular file"):
        read_text(fifo)


def test_dev_zero_and_directories_are_refused(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="not a regular file"):
        read_text(Path("/dev/zero"))
    with pytest.raises(IngestError, match="is a directory"):
        read_text(tmp_path)
    assert MAX_FILE_BYTES == 8 * 1024 * 1024


def test_five_megabyte_single_line_is_split_not_lost(tmp_path: Path) -> None:
    line = "".join(f"Convoy {n} crossed the Liptako-Gourma under escort. " for n in range(100_000))
    assert len(line) > 5_000_000
    article = load_article(write(tmp_path, f"Long dispatch from Djibo\n\n{line}\n".encode()), "x")
    assert all(len(paragraph) <= MAX_LINE_CHARS for paragraph in article.paragraphs)
    assert len(article.paragraphs) > 100
    rejoined = " ".join(article.paragraphs)
    assert rejoined.split() == line.split()


@pytest.mark.parametrize(
    "sequence",
    [
        "\x1b[31m", "\x1b[0m", "\x1b[2J", "\x1b[H", "\x1b[10;20H", "\x1b[?25l", "\x1b[6n", "\x1b[c",
        "\x1b(0", "\x1bc", "\x1b7", "\x9b31m",
    ],
)  # fmt: skip
def test_ansi_colour_clear_screen_cursor_and_query_sequences_are_removed(sequence: str) -> None:
    assert clean_text(f"Bamako{sequence} calm") == "Bamako calm"
    assert display_safe(f"Bamako{sequence} calm") == "Bamako calm"


@pytest.mark.parametrize(
    ("text", "visible"),
    [
        ("copy \x1b]52;c;ZXZpbA==\x07this", "copy this"),
        ("copy \x1b]52;c;ZXZpbA==\x1b\\this", "copy this"),
        ("\x1b]8;;file:///etc/passwd\x1b\\click me\x1b]8;;\x1b\\ now", "click me now"),
        ("\x1b]8;;https://evil.example\x07link\x1b]8;;\x07", "link"),
        ("\x1b]0;pwned title\x07Gao", "Gao"),
        ("\x1b]2;pwned title\x1b\\Gao", "Gao"),
        ("\x9d0;c1 title\x9cGao", "Gao"),
    ],
)
def test_osc_clipboard_hyperlink_and_title_sequences_are_removed_keeping_text(text: str, visible: str) -> None:
    assert clean_text(text) == visible
    assert display_safe(text) == visible


@pytest.mark.parametrize(
    "text",
    [
        "Kidal\x90q\x1b\\ town",  # 8-bit DCS
        'Kidal\x1bP$q"p\x1b\\ town',  # DECRQSS query as DCS
        "Kidal\x1b_apc payload\x1b\\ town",
        "Kidal\x1b^pm payload\x1b\\ town",
        "Kidal\x1bXsos payload\x1b\\ town",
        "Kidal\x85\x8d\x9f town".replace("\x85", ""),  # C1 controls (NEL is a newline, tested above)
    ],
)
def test_c1_controls_and_dcs_apc_pm_strings_are_removed(text: str) -> None:
    assert clean_text(text) == "Kidal town"


def test_unterminated_string_sequence_loses_only_its_introducer() -> None:
    assert clean_text("Gao \x1b]0;never terminated title") == "Gao 0;never terminated title"


def test_carriage_return_and_backspace_tricks_cannot_hide_text() -> None:
    # at ingestion a lone CR is a newline (one newline policy); stored notes keep it and render it visibly
    assert clean_text("Safe\rEvil") == "Safe\nEvil"
    assert display_safe("Safe\rEvil") == "Safe\u240dEvil"
    assert display_safe("Safe\x08\x08\x08\x08Evil") == "Safe\u2408\u2408\u2408\u2408Evil"
    assert clean_text("Safe\x08\x08\x08\x08Evil") == "SafeEvil"


MARKUP_TITLES = [
    "[/]",
    "Attack [/x] near Gao",
    "[link=file:///etc/passwd]x[/link]",
    "[@click=app.quit]x[/]",
    "[Opinion] The AES after ECOWAS",
    "Costs rose by $var and $x in Mopti",
    "Trailing bracket [/",
]


@pytest.mark.parametrize("title", MARKUP_TITLES)
def test_markup_in_article_text_prints_literally(title: str) -> None:
    article = Article(id="x", title=title, source="x.txt", paragraphs=(f"Body says {title} too.",))
    console = Console(record=True, width=200, color_system=None)
    console.print(article_view(article))
    output = console.export_text()
    assert title in output
    assert f"Body says {title} too." in output


def test_bidi_override_and_tag_characters_are_removed_but_arabic_stays() -> None:
    title = "Attack in \u202eilaM\u202c \U000e0041\U000e0042hidden\U000e007f and \u2066isolate\u2069 — مالي"
    cleaned = clean_text(title)
    assert cleaned == "Attack in ilaM hidden and isolate — مالي"
    assert display_safe(title) == cleaned


def test_stacked_combining_marks_are_capped() -> None:
    zalgo = "G" + "\u0335" * 5000 + "a" + "\u0336\u0337" * 2000 + "o"  # overlays: no precomposed forms
    cleaned = clean_text(zalgo)
    assert cleaned == "G" + "\u0335" * MAX_COMBINING_MARKS + "a" + "\u0336\u0337" * (MAX_COMBINING_MARKS // 2) + "o"
    assert clean_text("Ségou, Tinzaouatène") == "Ségou, Tinzaouatène"  # real accents untouched
    assert display_safe(zalgo) == cleaned


def test_accents_and_wide_characters_survive_and_are_nfc(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Ménaka, Tinzaouatène, Goïta 马里 🇲🇱")
    cleaned = clean_text(decomposed)
    assert cleaned == "Ménaka, Tinzaouatène, Goïta 马里 🇲🇱"
    console = Console(record=True, width=40, color_system=None)
    console.print(article_view(Article(id="x", title="马里 Ménaka", source="x.txt", paragraphs=("🇲🇱 Goïta",))))
    assert "马里 Ménaka" in console.export_text()


def test_a_note_with_every_hostile_input_is_kept_for_storage_and_inert_for_display() -> None:
    note = "[/x] [@click=app.quit]q[/] \x1b]52;c;ZXZpbA==\x07 Safe\rEvil \u202eRLO \x1b[2J end"
    shown = display_safe(note)
    assert "\x1b" not in shown and "\r" not in shown and "\u202e" not in shown
    assert shown == "[/x] [@click=app.quit]q[/]  Safe\u240dEvil RLO  end"
    assert decode(note.encode()).text == note  # decoding alone never alters what the user wrote


@given(st.text(alphabet=st.sampled_from("ab \n\u0301\u0335\u0336\u05b0\u0654é"), max_size=60))
def test_combining_marks_are_capped_per_base_character(text: str) -> None:
    capped = cap_combining_marks(text)
    kept, run = [], 0
    for ch in text:  # the rule spelled out one character at a time
        run = run + 1 if unicodedata.combining(ch) else 0
        if run <= MAX_COMBINING_MARKS:
            kept.append(ch)
    assert capped == "".join(kept)


SHORTCUT_EDGES = "\r\n\x0b\x0c\x85\u2028\u2029\x1b\x9b\x07\u200b\u202e\u2066\ufeff\u0301\u0308\u20d7\u1100\u1161"
"""Characters next to the already-clean ones a shortcut could wrongly take in: newlines, escapes, controls,
invisible marks, combining marks, Hangul jamo (NFC composes them without a combining mark)."""


@given(st.text(st.one_of(st.characters(max_codepoint=0x20FF), st.sampled_from(SHORTCUT_EDGES)), max_size=60))
def test_the_already_clean_shortcut_gives_what_every_step_gives(text: str) -> None:
    assert clean_text(text) == clean_text_step_by_step(text)


def test_no_character_the_shortcut_passes_is_changed_by_any_step() -> None:
    passed = [chr(code) for code in range(0x2100) if clean_text(f"a{chr(code)}b") == f"a{chr(code)}b"]
    assert len(passed) > 700
    for char in passed:
        for neighbour in ("a", "\u0301", "\r", "\x1b"):
            text = f"{char}{neighbour}{char}"
            assert clean_text(text) == clean_text_step_by_step(text), (hex(ord(char)), hex(ord(neighbour)))


def test_escape_sequences_written_as_character_references_go_whole() -> None:
    """A feed that writes its escape sequences as references (``&#27;]52;…&#7;``, invalid XML, read leniently):
    the sequence goes whole — the HTML decoder alone dropped only the escape and bell, leaving ``]52;c;…`` as
    text. Every other reference decodes as before, in English and French."""
    from sahel_tui.extract.fragment import fragment_paragraphs, fragment_text

    assert fragment_text("Convoy &#27;]52;c;ZXZpbA==&#7;attacked near Gao") == "Convoy attacked near Gao"
    assert fragment_text("Alerte &#x1B;[31mrouge&#x1b;[0m à Ménaka") == "Alerte rouge à Ménaka"
    assert fragment_paragraphs("<p>Le titre &#27;]0;pirate&#7; de la fenêtre</p><p>Fin&#0; du texte</p>") == [
        "Le titre de la fenêtre",
        "Fin du texte",
    ]
    assert fragment_text("Caf&#233; &amp; th&#xE9; &#8364;5 &#128; l&#8217;arm&eacute;e") == "Café & thé €5 € l’armée"


@given(st.text(max_size=400), st.integers(min_value=2, max_value=300))
def test_a_clipped_text_is_within_its_limit_and_says_it_was_cut(text: str, limit: int) -> None:
    from sahel_tui.textclean import clipped

    shown = clipped(text, limit)
    assert len(shown) <= limit
    if len(text) <= limit:
        assert shown == text
    else:
        assert shown.endswith("…") and text.startswith(shown[:-1].rstrip())
