"""Clean text of a scraped news page -> the parts of an article (title, byline, standfirst, body, teasers).

Scrapers keep the page's furniture: share counters and slug lines under the title, comment forms, related-article
blurbs, summaries placed above the headline, headlines and paragraphs printed twice. Each is recognised here by a
general rule, never by the file it came from, and every line the parser drops is reported with the rule that
dropped it (:class:`Dropped`), so a test can prove that no sentence of the real body text is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sahel_tui.corpus.bylines import BYLINE, BYLINE_LABEL, NAME_PARTICLES, looks_like_name, take_byline, tidy_name
from sahel_tui.corpus.pagechrome import NEWS_AGENCIES, is_page_chrome
from sahel_tui.extract.dates import dateline, parse_date
from sahel_tui.model import Teaser

MAX_HEADLINE_WORDS = 25
MAX_HEADLINE_CHARS = 200
MAX_STANDFIRST_WORDS = 40
"""A line under the headline this short, followed by body text, is a subtitle (the standfirst)."""
MAX_LABEL_WORDS = 3
"""Shorter lines (not sentences) around a headline are labels: a section, a kicker, the site's name."""
_TITLE_TAIL = re.compile(r"^(?P<head>.+)\s[-–—|:]\s(?P<tail>[^-–—|]{2,40})$")
_TAIL_AT_END = re.compile(r"\s[-–—|:]\s[^-–—|]{2,40}$")
"""What :data:`_TITLE_TAIL` needs in a line's last 43 characters: looked for there first, the whole line is
matched only when it is found (a paragraph's backtracking was most of the masthead rule's cost)."""
_WEB_NAME = re.compile(r"\w\.(?:com|net|org|info|fr|sn|ml|bf|ne|tg|ci|africa|news|io|co)\b", re.IGNORECASE)
_SIGNOFF = re.compile(
    r"""^(?:[-–—]\s*)?(?:(?:by|par)\s+)?
        (?P<name>[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){1,4})
        (?:\s*,\s*(?P<place>[^\W\d_][\w'’-]*(?:\s[^\W\d_][\w'’-]*){0,2}))?
        (?:\s*\((?P<credit>(?:with|avec|according\ to|selon|d'après|d’après|for|pour)?\s*[^()]{2,40})\))?$""",
    re.IGNORECASE | re.VERBOSE,
)
"""A sign-off under the last paragraph: a name, perhaps a city, perhaps a credit in brackets."""
_SOURCE_LINE = re.compile(r"^sources?\s?:\s?[^.!?:]{1,60}$", re.IGNORECASE)
"""The line some sites print under the signature to name the agency a story came from ("Source : AIB")."""
_AGENCY_LINE = re.compile(
    rf"^[-–—(]?\s*(?:(?:avec|with)\s+(?:l['’])?)?(?P<agency>{NEWS_AGENCIES})\s*\)?\.?$",
    re.IGNORECASE,
)
"""A last line that is only the news agency a story came from ("AFP", "(Reuters)", "— APA", "Avec AFP")."""

_BOILERPLATE = re.compile(
    r"""^(?:
        leave\ a\ (?:reply|comment)(?:\ to\ .*)?
      | your\ email\ address\ will\ not\ be\ published\b.*
      | required\ fields\ are\ marked\b.*
      | (?:post|submit)\ (?:a\ )?comment
      | save\ my\ name,\ email\b.*
      | (?:name|email|e-mail|website|comment)\ ?\*?
      | (?:\d+\ )?(?:comments?|commentaires?|réactions?)
      | (?:comments?|commentaires?|réactions?)\ ?\(\d+\)
      | (?:share|partager|partagez)(?:\ (?:this|cet)(?:\ article|\ story)?)?(?:\ (?:on|sur)\ \w+)?:?
      | (?:tweet|print|imprimer|email|whatsapp|telegram|facebook|linkedin|twitter|pinterest|réagir)
      | (?:click|tap)\ to\ (?:share|print|email)\b.*
      | (?:click|tap)\ here\b.{0,100}
      | cliquez\ ici\b.{0,100}
      | (?:to\ )?(?:read|continue\ reading)\ (?:the\ )?(?:full|whole|rest\ of\ the)\ (?:article|story)\b.{0,60}
      | (?:pour\ )?lire\ (?:la\ suite|l'article|l’article)(?:\ (?:complet|en\ entier))?\b.{0,60}
      | (?:la\ suite\ est|cet\ article\ est|ce\ contenu\ est|article)\ réservée?\ aux\ abonnés\b.{0,60}
      | déjà\ abonné(?:e)?\ ?\?.{0,40}
      | (?:abonnez-vous|je\ m'abonne|je\ m’abonne|s'abonner|s’abonner|se\ connecter)\b.{0,80}
      | like\ this:?
      | loading\.\.\.
      | related(?:\ (?:posts|articles|stories|news))?(?:\s*:\s*.{0,200})?
      | \((?:(?:additional\ )?reporting|writing|editing|compiled|(?:avec|with)\ (?:"""
    + NEWS_AGENCIES
    + r"""|agences?))
        \b[^()]{0,200}\)
      | (?:(?:additional\ )?reporting|writing)\ by\ [^.!?;]{1,150};\ .{0,150}\b(?:editing|writing)\ by\ [^.!?]{1,100}\.?
      | additional\ reporting\ by\ [^.!?;]{1,150}\.?
      | editing\ by\ [^.!?;]{1,100}
      | (?:this\ (?:article|story)\ (?:was\ )?(?:originally|first)|originally)\ (?:published|appeared)
        \ (?:on|in|by|at)\ [^,;]{1,80}(?:,\ \d{4}\.?)?
      | (?:cet\ article|ce\ texte|cette\ tribune)\ a\ (?:été\ )?(?:initialement|d['’]abord|originellement)
        \ (?:été\ )?(?:publié|paru)e?\ (?:sur|dans|par)\ [^,;]{1,80}
      | (?:read|see)\ (?:also|more)\s*:?(?:\s.{0,200})?
      | also\ read\s*:?(?:\s.{0,200})?
      | (?:à\ )?lire\ (?:aussi|également|encore)\s*:?(?:\s.{0,200})?
      | (?:sur\ le\ même\ sujet|dans\ la\ même\ rubrique|articles?\ similaires?|les\ plus\ lus)\s*:?
      | you\ (?:may|might)\ also\ like:?
      | more\ (?:from|stories|news)\b.{0,40}
      | advertisement|sponsored(?:\ content)?|publicité|annonce
      | (?:subscribe|sign\ up)\b.{0,60}newsletter.*
      | (?:inscrivez-vous|abonnez-vous)\b.{0,60}newsletter.*
      | (?:follow\ us|suivez-nous)(?:\ (?:on|sur)\b.*)?
      | (?:download|get)\ (?:our|the)\ (?:free\ )?app\b.{0,80}
      | téléchargez\ (?:notre|l'|l’)\s?application\b.{0,80}
      | (?:download|get\ it|available|disponible|téléchargez?)\b.{0,40}(?:google\ play|app\ store)\b.{0,40}
      | sources?\ ?:\ ?https?://\S+
      | (?:photo|image|crédit\ photo|photo\ credit|credit|caption|légende|illustration)s?\ ?(?:caption\ ?)?:\ ?.{0,150}
      | (?:©|\(c\))\ ?.{0,80}
      | \((?:photo|image|illustration)\b[^)]{0,80}\)
      | (?:all\ rights\ reserved|tous\ droits\ réservés|copyright\b).{0,100}
      | .{0,80}\ (?:all\ rights\ reserved|tous\ droits\ réservés)\.?
      | \((?:more|suite|lire\ la\ suite)\s*(?:…|\.\.\.)?\)|continue\ reading\s*[→»›…]?|continuer\ la\ lecture
      | (?:infos?\ )?à\ la\ une|overview|top\ stories|latest(?:\ news)?|breaking(?:\ news)?|en\ continu
      | dernières?\ (?:nouvelles|infos?|actualités)|actualités?|news
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
"""Whole lines of page furniture. Anchored at both ends and short, so they never match a real paragraph."""

_FOOTER = re.compile(
    r"""^(?:
        (?:the\ post|l['’]article|cet\ article)\ (?P<title>.{1,300}?)
        \ (?:appeared\ first\ on|est\ apparu\ en\ premier\ sur)\ .{1,150}
      | (?:continue\ reading|continuer\ (?:la\ )?lecture(?:\ de)?)\ ?[“"«]?\s*(?P<read_on>.{1,300}?)\s*[”"»]?\s*[→»›…]?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
"""What publishing software appends to a feed's entries: "The post <its title> appeared first on <site>." (and its
French form), "Continue reading <its title> →". Only with the article's own title, so no sentence can match."""

_SLUG = re.compile(r"^[a-z0-9]+(?:[+_\-][a-z0-9]+)+$")
"""A URL slug or tag line under a title (``trump+goitaasimi``): lower-case words joined without spaces."""

_RELATED_HEADING = re.compile(
    r"""^(?:(?:à\ )?lire\ (?:aussi|également|encore)|(?:read|see)\ (?:also|more)|also\ read|voir\ aussi
      |sur\ le\ même\ sujet|dans\ la\ même\ rubrique|articles?\ (?:similaires?|liés|connexes)
      |(?:most|les\ plus)\ (?:read|popular|viewed|shared|lus|populaires|partagés|consultés|commentés)
      |related(?:\ (?:posts|articles|stories|news|coverage))?|you\ (?:may|might)\ also\ like
      |vous\ (?:pourriez|pourrez)\ (?:aussi|également)\ aimer|recommended(?:\ (?:stories|articles|reading))?
      |more\ (?:from\ [^.!?]{1,40}|stories|news|on\ this\ (?:story|topic))|à\ découvrir\ (?:aussi|également)
      |nos\ lecteurs\ ont\ (?:aussi|également)\ lu)\s*:?$""",
    re.IGNORECASE | re.VERBOSE,
)
"""A heading that announces a list of other articles' headlines."""
MAX_ANNOUNCED = 12
"""How many headlines such a list holds at most: a heading further from the end is not read as one."""
_WIRE_OPENING = re.compile(
    r"^[A-ZÀ-Ý][\w'’. -]{1,40},\s+(?:le\s+)?(?P<when>[\w .,]{6,40}?\d{4})\s*(?:\([^()]{2,20}\))?\s*[-–—:]",
)
"""A wire story's opening: a place in capitals or not, a comma, the date, perhaps the agency in brackets, a dash."""
_EMBED_LINK = re.compile(r"(?:\s*(?:https?://)?(?:pic\.twitter\.com|t\.co)/\w{1,20})+\s*$")
"""What an embedded post leaves at the end of its text: the link to its picture (``… pic.twitter.com/xyz123``)."""
_NOT_WORDS = re.compile(r"^[\W\d_]{1,8}$")
"""A share counter (``0``), a separator (``-``, ``***``): no letters at all."""
_LEFTOVER_MARKUP = re.compile(r"^<(?:image|img|figure|video|iframe)\b[^>]*>?$|data:[\w/+.-]+;base64,", re.IGNORECASE)
"""What a scraper leaves of an image: an ``<image>`` tag, a ``data:`` URI."""

_TICKER_LINE = re.compile(r"^(?:\d{1,2}\s*[:h]\s*\d{2}|\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?)\s*[-–—:|·]?\s+\S")
"""A ticker item: a time or a short date, then a headline fragment ("12:45 Mali: convoy attacked near Gao")."""
MIN_TICKER_RUN = 3
MAX_TICKER_WORDS = 16
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*$")
"""A live blog's timed entries are sentences: they are the article, never a ticker."""

_TEASER_INFO = re.compile(
    rf"""^(?:(?P<label>{BYLINE_LABEL})\s*:?\s*)?
        (?P<rest>.+?(?:\.\.\.|…))
        \s*(?P<section>[^.…]{{0,40}}?)\s*[-–—|]?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
"""The line under a related headline: optional byline label and name, a snippet cut off with an ellipsis, and
the section it belongs to (``Edited by : Jane DOE A deadly attack on… Security trends -``)."""

_SENTENCE_STARTERS = {
    "a", "an", "the", "in", "on", "at", "as", "after", "before", "four", "three", "two", "one", "five", "several",
    "this", "these", "it", "its", "for", "following", "amid", "despite", "with", "while", "when", "since", "over",
    "according", "indeed", "officials", "authorities", "confirm", "confirmed",
}  # fmt: skip

_ARTICLES = {"le", "la", "les", "un", "une", "des", "du", "au", "aux", "ce", "cette"}

_EMPHASIS = re.compile(r"^(\*{1,2}|_{1,2})(?=\S)(?P<inner>.+?)(?<=\S)\1$")


@dataclass(frozen=True)
class Dropped:
    """A line the parser left out of the article, and the rule that left it out."""

    line: str
    reason: str  # "boilerplate", "junk", "duplicate", "dateline", "label", "site-name", "outlet-suffix", "ticker"


@dataclass
class ParsedNews:
    title: str | None
    byline: str | None = None
    standfirst: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    teasers: list[Teaser] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    date: str | None = None
    """ISO 8601, from the page's own datelines (the earliest: publication before update)."""


def parse_news_text(text: str, known_title: str | None = None, site_name: str | None = None) -> ParsedNews:
    """Split a scraped article's clean text into its parts.

    ``known_title`` and ``site_name`` come from a page's metadata when there is one (HTML): the title is then
    not guessed, and lines repeating it or the site's name are furniture.
    """
    dropped: list[Dropped] = []
    dates: list[str] = []
    listed, lines = _announced_headlines(_paragraph_lines(text), dropped)
    lines = _furniture_free(lines, dropped, dates)
    teasers, lines = _split_teaser_block(lines, dropped)
    teasers += listed
    lines = _without_tickers(lines, dropped)
    page_lines, lines = lines, _without_mastheads(lines, dropped)

    if known_title:
        title_key = _key(known_title)
        title_at = next((i for i, line in enumerate(lines[:3]) if _key(line) == title_key), None)
    else:
        title_at = _find_headline(lines)
    before = lines[:title_at] if title_at is not None else []
    title = known_title or (lines[title_at] if title_at is not None else None)
    rest = lines[title_at + 1 :] if title_at is not None else lines
    outlet = site_name
    if title:
        title, suffix = _outlet_suffix(title, page_lines, site_name)
        outlet = outlet or suffix
        if suffix and title_at is not None:
            dropped.append(Dropped(lines[title_at], "outlet-suffix"))
    if outlet:
        before, rest = (_without_outlet_lines(part, outlet, dropped) for part in (before, rest))
    before = _without_labels(before, dropped)

    if title:
        rest = _without_footers(rest, title, dropped)
    byline, rest = take_byline(rest, dates)
    standfirst = None
    if before:
        standfirst, *early = before
        rest = early + rest
    elif len(rest) >= 3 and _is_subtitle(rest[0]):
        standfirst, rest = rest[0], rest[1:]

    seen = {_key(s) for s in (title, standfirst) if s}
    paragraphs: list[str] = []
    for line in rest:
        paragraph = _unwrap_emphasis(line)
        key = _key(paragraph)
        if key in seen:
            dropped.append(Dropped(line, "duplicate"))
            continue
        seen.add(key)
        paragraphs.append(paragraph)
    byline = _take_signoff(paragraphs, byline)
    if not dates and (opening := _wire_dateline(standfirst or (paragraphs[0] if paragraphs else ""))):
        dates.append(opening)
    return ParsedNews(title, byline, standfirst, paragraphs, teasers, dropped, min(dates) if dates else None)


def _wire_dateline(text: str) -> str | None:
    """The date a wire story opens with, before its first words: "Ouagadougou, 12 mars 2025 (AIB) – Le ministre …",
    "NIAMEY, March 12, 2025 (Reuters) - …" (a date without its year says nothing sure)."""
    match = _WIRE_OPENING.match(text)
    return parse_date(match["when"]) if match else None


def _paragraph_lines(text: str) -> list[str]:
    """Paragraph candidates: one per line, or one per block when the text is hard-wrapped."""
    blocks = [[line.strip() for line in block.split("\n") if line.strip()] for block in re.split(r"\n\s*\n", text)]
    blocks = [block for block in blocks if block]
    lines = [line for block in blocks for line in block]
    wrapped_lines = sum(len(block) for block in blocks if len(block) > 1 and max(map(len, block)) <= 100)
    if lines and wrapped_lines >= 0.6 * len(lines) and max(map(len, lines)) <= 100:
        return [" ".join(block) for block in blocks]
    return lines


def _furniture_free(lines: list[str], dropped: list[Dropped], dates: list[str]) -> list[str]:
    kept = []
    for line in lines:
        original = line
        if "t.co/" in line or "pic.twitter.com/" in line:
            line = _EMBED_LINK.sub("", line)
        if not line:
            dropped.append(Dropped(original, "junk"))  # nothing but an embedded post's picture link
        elif _BOILERPLATE.match(line) or is_page_chrome(line):
            dropped.append(Dropped(line, "boilerplate"))
        elif _SLUG.match(line) or _NOT_WORDS.match(line) or _leftover_markup(line):
            dropped.append(Dropped(line, "junk"))
        elif found := dateline(line):
            dropped.append(Dropped(line, "dateline"))
            dates.append(found.date)
        else:
            kept.append(line)
    return kept


def _leftover_markup(line: str) -> bool:
    """An image tag or a data URI left by a scraper (the search runs only on lines that could hold either)."""
    return (line[:1] == "<" or "base64" in line.casefold()) and _LEFTOVER_MARKUP.search(line) is not None


def _announced_headlines(lines: list[str], dropped: list[Dropped]) -> tuple[list[Teaser], list[str]]:
    """Headlines listed at the end under a heading that announces them ("À lire aussi", "Related stories", "Les
    plus lus"): the related articles, not the article's text. Only when every line after the heading is a headline
    (or a date), two of them at least; a list the text introduces ("Les mesures :") has no such heading."""
    for at in range(len(lines) - 3, max(-1, len(lines) - 3 - MAX_ANNOUNCED), -1):
        if not _RELATED_HEADING.match(lines[at]):
            continue
        furniture = [Dropped(line, _furniture_reason(line) or "") for line in lines[at + 1 :]]
        headlines = [item.line for item in furniture if not item.reason]
        if len(headlines) < 2 or not all(_is_headline(line) for line in headlines):
            return [], lines
        dropped += [Dropped(lines[at], "boilerplate"), *(item for item in furniture if item.reason)]
        return [Teaser(title=line) for line in headlines], lines[:at]
    return [], lines


def _furniture_reason(line: str) -> str | None:
    """Why a line around the related headlines is no headline: the page's furniture, or another article's date."""
    if _BOILERPLATE.match(line) or is_page_chrome(line):
        return "boilerplate"
    return "dateline" if dateline(line) else None


def _split_teaser_block(lines: list[str], dropped: list[Dropped]) -> tuple[list[Teaser], list[str]]:
    """Related-article blurbs at the end: (headline, info line) pairs read backwards from the last line."""
    teasers: list[Teaser] = []
    end = len(lines)
    while end >= 2:
        info = _TEASER_INFO.match(lines[end - 1])
        if not info or not _is_headline(lines[end - 2]):
            break
        teasers.insert(0, _teaser(lines[end - 2], info))
        end -= 2
    labelled = any(teaser.byline for teaser in teasers)
    if len(teasers) >= 2 or (teasers and labelled):
        return teasers, lines[:end]
    return [], lines


def _teaser(title: str, info: re.Match[str]) -> Teaser:
    rest = info["rest"].strip()
    byline = None
    if info["label"]:
        byline, rest = _split_name(rest)
    section = (info["section"] or "").strip(" -–—|") or None
    return Teaser(title=title, byline=byline, snippet=rest or None, section=section)


def _split_name(text: str) -> tuple[str | None, str]:
    """``"Jane DOE A deadly attack…"`` -> ``("Jane Doe", "A deadly attack…")``.

    Scraped blurbs glue the editor's name to the snippet, sometimes without a space (``Jane DoeChad responds``).
    The name ends at a word glued to the next sentence, at an all-capitals surname, or before a word that
    starts a sentence.
    """
    words = text.split(" ")
    name: list[str] = []
    for position, word in enumerate(words[:6]):
        glued = _glue_point(word)
        if glued and position >= 1:
            name.append(word[:glued])
            return tidy_name(name), " ".join([word[glued:], *words[position + 1 :]])
        if position >= 1 and len(word) >= 2 and word.isupper() and word.isalpha():
            name.append(word)
            return tidy_name(name), " ".join(words[position + 1 :])
        if position >= 1 and (word.casefold() in _SENTENCE_STARTERS or not word[:1].isupper()):
            if word.casefold() in NAME_PARTICLES and position + 1 < len(words):
                name.append(word)
                continue
            start = position
            proper = [part for part in name if part.casefold() not in NAME_PARTICLES]
            if word.casefold() not in _SENTENCE_STARTERS and len(proper) >= 3:
                start -= 1  # "Jane Doe Gunmen attacked": a capitalised word before a lower-case one opens the snippet
                name.pop()
            return tidy_name(name), " ".join(words[start:])
        name.append(word)
    return tidy_name(words[:2]), " ".join(words[2:])


def _glue_point(word: str) -> int | None:
    """Where a lower-case letter runs into an upper-case one after a real name part (not Mc/Mac/De)."""
    for index in range(4, len(word) - 1):
        if word[index - 1].islower() and word[index].isupper():
            return index
    return None


def _find_headline(lines: list[str]) -> int | None:
    """The headline: the first headline-shaped line among the first three (a summary may sit above it)."""
    shaped = [index for index, line in enumerate(lines[:3]) if _is_headline(line) and not BYLINE.match(line)]
    worded = [index for index in shaped if not _is_label(lines[index])]  # "Security" above it is a kicker
    return (worded or shaped or [None])[0]


def _is_headline(line: str) -> bool:
    words = line.split()
    if not (2 <= len(words) <= MAX_HEADLINE_WORDS) or len(line) > MAX_HEADLINE_CHARS:
        return False
    if not line[:1].isupper() and not line[:1].isdigit() and line[:1] not in "\"'“‘«":
        return False
    return not re.search(r"[.,;:…]$", line.rstrip("\"'”’»)"))


def _is_subtitle(line: str) -> bool:
    sentences = re.findall(r"[.!?](?:\s|$)", line)
    return MAX_LABEL_WORDS < len(line.split()) <= MAX_STANDFIRST_WORDS and len(sentences) <= 1


def _is_label(line: str) -> bool:
    """A section label or kicker ("Security", "Infos à la une"): a few words, not a sentence."""
    return len(line.split()) <= MAX_LABEL_WORDS and not re.search(r"[.!?…:]$", line)


def _without_labels(lines: list[str], dropped: list[Dropped]) -> list[str]:
    """Lines above the headline that are labels, not a summary."""
    kept = []
    for line in lines:
        if _is_label(line):
            dropped.append(Dropped(line, "label"))
        else:
            kept.append(line)
    return kept


def _outlet_suffix(title: str, lines: list[str], site_name: str | None) -> tuple[str, str | None]:
    """``"Headline – Outlet"`` -> (``"Headline"``, ``"Outlet"``) when the tail names the site: it is the page's
    site name, or looks like a web address, or stands alone as a line of the page (a masthead)."""
    match = _title_tail(title)
    if not match or len(match["head"].split()) < 3:
        return title, None
    tail = match["tail"].strip()
    standalone = {_key(line) for line in lines if len(line.split()) <= 6}
    if (site_name and _key(tail) == _key(site_name)) or _WEB_NAME.search(tail) or _key(tail) in standalone:
        return match["head"].strip(), tail
    return title, None


def _title_tail(line: str) -> re.Match[str] | None:
    return _TITLE_TAIL.match(line) if _TAIL_AT_END.search(line, max(0, len(line) - 43)) else None


def _without_tickers(lines: list[str], dropped: list[Dropped]) -> list[str]:
    """A news ticker: three or more lines in a row, each a time or short date and a short headline fragment."""
    kept: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= MIN_TICKER_RUN:
            dropped.extend(Dropped(line, "ticker") for line in run)
        else:
            kept.extend(run)
        run.clear()

    for line in lines:
        if _TICKER_LINE.match(line) and len(line.split()) <= MAX_TICKER_WORDS and not _SENTENCE_END.search(line):
            run.append(line)
        else:
            flush()
            kept.append(line)
    flush()
    return kept


def _without_mastheads(lines: list[str], dropped: list[Dropped]) -> list[str]:
    """A line near the top that repeats the tail of a headline after a dash is the site's name, not a headline."""
    top = lines[:4]
    tails = {_key(match["tail"]) for line in top if (match := _title_tail(line))}
    mastheads = {index for index, line in enumerate(top) if _key(line) in tails}
    for index in sorted(mastheads):
        dropped.append(Dropped(lines[index], "site-name"))
    return [line for index, line in enumerate(lines) if index not in mastheads]


def _without_footers(lines: list[str], title: str, dropped: list[Dropped]) -> list[str]:
    kept = []
    for line in lines:
        match = _FOOTER.match(line)
        if match and _key(match["title"] or match["read_on"]) == _key(title):
            dropped.append(Dropped(line, "boilerplate"))
        else:
            kept.append(line)
    return kept


def _without_outlet_lines(lines: list[str], outlet: str, dropped: list[Dropped]) -> list[str]:
    kept = []
    for line in lines:
        if _key(line) == _key(outlet):
            dropped.append(Dropped(line, "site-name"))
        else:
            kept.append(line)
    return kept


def _take_signoff(paragraphs: list[str], byline: str | None) -> str | None:
    """A last paragraph that only signs the article ("Awa Diallo, Bamako", "John Smith (with Reuters)") becomes
    the byline when there is none; with a byline already, it stays a paragraph unless it repeats that name. A
    line naming the source may follow the signature ("Source : AIB"): it stays, the signature is still one."""
    if len(paragraphs) >= 2 and (agency := _AGENCY_LINE.match(paragraphs[-1])):
        paragraphs.pop()  # the agency the story came from: with the byline, or as it
        name = agency["agency"].upper() if len(agency["agency"]) <= 4 else agency["agency"].title()
        return f"{byline} ({name})" if byline and name.casefold() not in byline.casefold() else byline or name
    at = len(paragraphs) - 1 - (len(paragraphs) > 2 and bool(_SOURCE_LINE.match(paragraphs[-1])))
    if at < 1:
        return byline
    match = _SIGNOFF.match(paragraphs[at])
    if not match or not looks_like_name(match["name"]) or not 2 <= len(match["name"].split()) <= 4:
        return byline
    if any(word.casefold() in _SENTENCE_STARTERS | _ARTICLES for word in match["name"].split()):
        return byline
    name = tidy_name(match["name"].split())
    if byline and _key(byline) != _key(name or ""):
        return byline
    paragraphs.pop(at)
    signed = f"{name}, {match['place']}" if match["place"] else name
    if match["credit"]:
        signed = f"{signed} ({match['credit'].strip()})"
    return byline or signed


def _unwrap_emphasis(line: str) -> str:
    match = _EMPHASIS.match(line)
    return match["inner"] if match else line


def _key(text: str) -> str:
    """How two lines are compared (a title repeated as the first paragraph): emphasis marks, case and spacing
    ignored. It runs on every line: the marks are looked for before any copy is made without them (``replace``, not
    ``translate``, which reads a table per character)."""
    folded = text.casefold()
    if "*" in folded or "_" in folded:
        folded = folded.replace("*", "").replace("_", "")
    return " ".join(folded.split())
