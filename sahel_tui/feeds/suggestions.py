"""Sources that people who follow the Sahel read, with the feed addresses their sites document.

The addresses were taken from the sites' own pages and feed directories; they were not fetched from this
machine (it has no Internet access), so each is shown as unchecked until a fetch proves it. Sites move their
feeds: a failing one says so in one line at the next fetch, and ``feeds remove`` drops it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Suggestion:
    name: str
    url: str
    language: str
    tags: tuple[str, ...]
    about: str


SUGGESTIONS = [
    Suggestion("RFI Afrique", "https://www.rfi.fr/fr/afrique/rss", "fr", ("afrique", "radio"),
               "Radio France Internationale, Africa desk"),
    Suggestion("France 24 Afrique", "https://www.france24.com/fr/afrique/rss", "fr", ("afrique", "tv"),
               "France 24, Africa section"),
    Suggestion("Le Monde Afrique", "https://www.lemonde.fr/afrique/rss_full.xml", "fr", ("afrique", "presse"),
               "Le Monde, Africa section"),
    Suggestion("Jeune Afrique", "https://www.jeuneafrique.com/feed/", "fr", ("afrique", "presse"),
               "Pan-African weekly"),
    Suggestion("BBC Afrique", "https://www.bbc.com/afrique/index.xml", "fr", ("afrique", "radio"),
               "BBC's French-language Africa service"),
    Suggestion("Studio Tamani", "https://www.studiotamani.org/feed", "fr", ("mali", "radio"),
               "Malian news radio (Fondation Hirondelle)"),
    Suggestion("Maliweb", "https://www.maliweb.net/feed", "fr", ("mali", "presse"),
               "Malian news aggregator"),
    Suggestion("lefaso.net", "https://lefaso.net/spip.php?page=backend", "fr", ("burkina", "presse"),
               "Burkinabè news site"),
    Suggestion("Wakat Séra", "https://www.wakatsera.com/feed/", "fr", ("burkina", "presse"),
               "Burkinabè daily"),
    Suggestion("ActuNiger", "https://www.actuniger.com/?format=feed&type=rss", "fr", ("niger", "presse"),
               "Nigerien news site"),
    Suggestion("The New Humanitarian", "https://www.thenewhumanitarian.org/rss/all.xml", "en",
               ("humanitarian",), "Crises and aid reporting"),
    Suggestion("ACLED", "https://acleddata.com/feed/", "en", ("analysis", "data"),
               "Armed Conflict Location & Event Data: analysis and regional overviews"),
    Suggestion("Long War Journal", "https://www.longwarjournal.org/feed", "en", ("analysis", "jihadism"),
               "FDD's Long War Journal"),
    Suggestion("Crisis Group", "https://www.crisisgroup.org/rss.xml", "en", ("analysis",),
               "International Crisis Group reports and commentary"),
]  # fmt: skip
