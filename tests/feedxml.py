"""Feed documents written for the tests, in a few lines."""

from __future__ import annotations


def rss_of(items: list[tuple[str, str | None]], channel: str = "Ordre") -> bytes:
    """An RSS document whose entries have these titles and dates (RFC 822, or none), in this order; each entry's
    guid is its title."""
    entries = "".join(
        f'<item><title>{title}</title><guid isPermaLink="false">{title}</guid>'
        f"<description>Quelques mots sur {title}, assez pour un article.</description>"
        + (f"<pubDate>{date}</pubDate>" if date else "")
        + "</item>"
        for title, date in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{channel}</title>{entries}</channel></rss>'.encode()
    )
