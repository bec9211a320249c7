"""A passage copied from the reader: a Markdown block quote of exactly the selected text, then the article cited."""

from __future__ import annotations

from sahel_tui.citation import quotation
from sahel_tui.model import Article

FIRST = "Les camions n’entrent plus à Tombouctou depuis trois semaines."
SECOND = "Les prix du riz ont doublé, selon la chambre de commerce."
ARTICLE = Article(id="blocus", title="Tombouctou : le blocus se resserre", source="sahel.invalid",
                  byline="Aminata Keïta", paragraphs=(FIRST, SECOND), date="2026-12-04",
                  source_url="https://sahel.invalid/blocus", feed="Le Sahélien")  # fmt: skip


def test_a_passage_over_two_paragraphs_is_quoted_whole_and_cited_by_its_feed_and_address() -> None:
    text = ARTICLE.anchor_text
    copied = quotation(ARTICLE, text.index("Les camions"), text.index(SECOND) + len(SECOND))
    quoted, cited = copied.split("\n\n— ")
    assert quoted.split("\n") == [f"> {FIRST}", ">", f"> {SECOND}"]
    assert cited.strip() == (f"“{ARTICLE.title}”, {ARTICLE.byline}, {ARTICLE.feed}, {ARTICLE.date}. "
                             f"<{ARTICLE.source_url}>")  # fmt: skip


def test_an_article_of_a_file_is_cited_by_its_source_without_an_address() -> None:
    from dataclasses import replace

    filed = replace(ARTICLE, feed=None, source_url=None, byline=None, date=None)
    start = filed.anchor_text.index("selon")
    copied = quotation(filed, start, start + len("selon la chambre de commerce."))
    assert copied == f"> selon la chambre de commerce.\n\n— “{filed.title}”, {filed.source}.\n"
