"""Feed documents written for the tests, in a few lines."""

from __future__ import annotations

import re


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


WHOLE_TEXTS = (
    " ".join([
        "<p>Community leaders in the Tahoua region signed an agreement on Saturday that marks out grazing corridors",
        "and sets watering times at a disputed borehole, ending weeks of tension between herders and farmers.</p>",
        "<p>Local officials said a committee drawn from both communities would meet every month to settle new",
        "disputes before they turn violent, and that the agreement would be read out in village markets across the",
        "department, where traders and herders gather on market days to hear the news from the district capital and",
        "to discuss the prices of grain and livestock before the rainy season begins.</p>",
        '<p>Partager sur Facebook</p><script>alert("never")</script>',
    ]),
    " ".join([
        "<p>Les camions de marchandises ont recommencé à circuler lundi sur l'axe menant à Djibo, escortés par",
        "l'armée, après plusieurs semaines d'interruption liée aux attaques contre les convois de ravitaillement.</p>",
        "<p>Les commerçants de la ville saluent une décision attendue depuis longtemps, mais redoutent de nouvelles",
        "embuscades sur les tronçons les moins surveillés de la route, où les véhicules roulent lentement à cause",
        "des nids-de-poule et des ponts endommagés par les pluies de la saison dernière, selon plusieurs",
        "chauffeurs joints par téléphone dans la soirée.</p>",
    ]),
)  # fmt: skip
"""Whole articles (English, French), each long enough that its entry needs no page fetched for its full text."""


def with_whole_texts(rss: bytes) -> bytes:
    """``rss`` with its entries' descriptions replaced, in order, by :data:`WHOLE_TEXTS`."""
    texts = iter(WHOLE_TEXTS)
    return re.sub(rb"<description>.*?</description>",
                  lambda _: b"<description><![CDATA[" + next(texts).encode() + b"]]></description>", rss,
                  flags=re.DOTALL)  # fmt: skip
