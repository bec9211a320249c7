"""A passage quoted with where it comes from: what ``y`` in the reader copies, to paste into a report or an email.

Markdown, as the notes export writes quotations: the passage as a block quote, then one line citing the article —
its title, author, the feed or site it came from, its date and its address.
"""

from __future__ import annotations

from sahel_tui.model import Article


def citation(article: Article) -> str:
    """“Title”, byline, feed or source, date. <address>"""
    parts = [f"“{article.title}”", article.byline, article.feed or article.source, article.date]
    line = ", ".join(part for part in parts if part)
    return f"{line}. <{article.source_url}>" if article.source_url else f"{line}."


def quotation(article: Article, start: int, end: int) -> str:
    """The passage at ``start:end`` of the article's text as a Markdown block quote, its paragraphs kept, then
    the article's citation."""
    passage = article.anchor_text[start:end].strip()
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in passage.split("\n"))
    return f"{quoted}\n\n— {citation(article)}\n"
