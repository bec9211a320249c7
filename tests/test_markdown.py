"""Markdown articles with and without front matter."""

from __future__ import annotations

from pathlib import Path

from sahel_tui.corpus.library import load_article
from sahel_tui.corpus.markdown import parse_markdown

FRONT_MATTER_ARTICLE = """---
title: "Convoy attacked near Djibo"
byline: Jane Doe
date: 2026-03-02
source_url: https://example.org/djibo
tags: [ignored, unknown key]
---
# A heading that is not the title

Gunmen attacked a supply convoy near **Djibo** on Sunday, according to
[local sources](https://example.org/sources).

- Three lorries burned
- Two drivers missing

> "We waited for hours," one driver said.
"""


def test_front_matter_fields_and_body(tmp_path: Path) -> None:
    path = tmp_path / "djibo.md"
    path.write_text(FRONT_MATTER_ARTICLE, encoding="utf-8")
    article = load_article(path, "djibo")
    assert article.title == "Convoy attacked near Djibo"
    assert article.byline == "Jane Doe"
    assert article.date == "2026-03-02"
    assert article.source_url == "https://example.org/djibo"
    assert article.paragraphs == (
        "A heading that is not the title",
        "Gunmen attacked a supply convoy near Djibo on Sunday, according to local sources.",
        "Three lorries burned",
        "Two drivers missing",
        '"We waited for hours," one driver said.',
    )
    assert article.to_dict()["date"] == "2026-03-02"


def test_title_from_first_heading_without_front_matter() -> None:
    parsed = parse_markdown("# Tillabéri: schools reopen\n\nSchools in *Tillabéri* reopened on Monday.\n")
    assert parsed.meta == {}
    assert parsed.title == "Tillabéri: schools reopen"
    assert parsed.paragraphs == ["Schools in Tillabéri reopened on Monday."]


def test_unclosed_front_matter_is_read_as_text() -> None:
    parsed = parse_markdown("---\ntitle: never closed\n\nBody line.\n")
    assert parsed.meta == {}
    assert "Body line." in parsed.paragraphs
