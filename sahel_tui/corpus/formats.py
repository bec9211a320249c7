"""Which files are articles, and the version of the rules that parse them: constants only.

Kept apart from :mod:`sahel_tui.corpus.parsing` so that listing, showing and searching (which read parsed fields
from the catalog) never import the parsing rules and their compiled patterns.
"""

from __future__ import annotations

TEXT_SUFFIXES = (".txt", ".text")
UNREAD_VERSION = 0
"""The parser version of a feed entry stored by a fetch and not read yet: its row holds what the feed states (title,
author, date, link, declared language), no text. Below every parser's, so it is read like any stale original:
in worker processes, before the index takes it in (see ``Library.reparse_stale``), or at once when it is opened."""
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES
PARSER_VERSION = 8
"""Bumped whenever cleaning or parsing rules change: stored originals are parsed again, in the background.
2: French furniture, datelines, sign-offs, outlet suffixes, web pages, the article's language.
3: news tickers, a byline sharing its line with the date.
4: the page's chrome (navigation, reading time, consent banners, share-by-mail, tags, feedback, captions).
5: a French label (``Par``, ``Rédigé par``) dropped from the author a page's metadata or a feed states; a feed's
syndication footer ("The post … appeared first on …", "Continue reading …") in both languages.
6: a time stamp relative to now ("il y a 3 heures", "5 hours ago"); a share bar printed on one line
("Partager sur Facebook Partager sur X", "Facebook | Twitter | Email"); a "Related: <headline>" line; a wire credit
in brackets ("(Reporting by …)", "(Avec AFP)"); a republication note ("This article was originally published by …",
"Cet article a été initialement publié sur …"); calls for donations, "save / print / like this article" prompts,
"also read", sponsored-content labels and a dialog's close button.
7: a place, an envoy's or correspondent's title or the agencies after a byline's name left off it ("Par Ibrahim
Souley, à Niamey", "By John Smith in Gao, with AFP"); a label or a place the page reader split off as an author
dropped. A big library is read again in worker processes (``Library.reparse_stale``).
8: a dateline that also says when it was updated relative to now or how long the article takes to read ("October 2,
2025 · Updated 3 hours ago", "Publié le 2 octobre 2025 · 4 min de lecture"); a wire credit not in brackets
("Reporting by …; Editing by …", "Additional reporting by …"); a signature above a "Source : AIB" line; comment
prompts, links to the previous and next articles, lists announced to screen readers, newsletter sign-up fields,
"story continues below" and the footer's links, in both languages; a byline sharing its line with the date in
either order ("Écrit par … le 12 mars 2025", "Posted on March 12, 2025 by …"), a newsroom or a correspondent
signing ("Par la rédaction", "By our correspondent in Bamako"), an agency's capitals kept ("Par AFP"); "Originally
published at …", a newsletter's "Thanks for reading", "Voir la suite", "Pour aller plus loin", a video's "Watch: …";
dates written 12-03-2025 and 2025/03/12; an embedded post's picture link and attribution ("— FAMa DIRPA
(@FAMa_DIRPA) March 12, 2025", "A post shared by …"); headlines listed at the end under a heading that announces
them ("Sur le même sujet", "Related stories") are the related articles, not the text; captions ending in an
agency photographer's credit ("… REUTERS/Name", "(Photo by …/AFP via Getty Images)"), "FILE PHOTO: …", "Photo
d'illustration", "Crédit : DR"; reading times in "mn", listen and download buttons, "Vos réactions (3)",
"Réservé aux abonnés", "Sponsored by …"; a follow button after a byline's name ("Par : RFI Suivre"); a
broadcaster's credit as the byline ("Avec notre correspondant à Ouagadougou, Yaya Boudani"); a last line naming only
the news agency ("AFP", "(Reuters)", "Avec AFP") signs the article, beside its byline if it has one; a wire
story's opening ("Ouagadougou, 12 mars 2025 (AIB) – …") dates it when nothing else does."""
