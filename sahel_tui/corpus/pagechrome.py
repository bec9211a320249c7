"""The site's own controls around an article, as a scraper leaves them: lines that are never the article's text.

Navigation links (skip to content, menu, search, sign in, back to top), a reading-time or listen line, a time
stamp relative to now ("il y a 3 heures"), a cookie banner, a call for donations, saving, printing or liking the
article, sharing by mail and copying the link, a share bar on one line, a tags line, a feedback prompt, an
invitation to a messaging channel, "most read" headings, comment prompts, links to the previous and next articles,
lists announced to screen readers ("list of 4 items"), newsletter sign-up fields, the footer's links (legal notice,
privacy, contact), and captions (ending in an agency's photographer credit "… REUTERS/Name", "(Photo by …)",
"FILE PHOTO: …", "Photo d'illustration") in the shapes big sites print them ("Image
caption, …", a caption ending in a credit "… © DR"). Each pattern is a whole line, anchored at both ends, in
English and French, and short or shaped so that a sentence of reporting cannot match it. The rest of the
furniture rules are in :mod:`sahel_tui.corpus.newsparse`; this module is the page's chrome only.
"""

from __future__ import annotations

import re

NEWS_AGENCIES = r"(?:afp|ap|reuters|apa|aib|anp|ani|xinhua|anadolu|map|aps|pana|efe|dpa|epa(?:-efe)?)"
"""The news agencies a story or a photo is credited to (lower case: every rule using it ignores case): one list
for the credit rules here and in :mod:`sahel_tui.corpus.newsparse`."""

_CHROME = re.compile(
    r"""^(?:
      # navigation and account links
        skip\ to\ (?:the\ )?(?:main\ )?content | aller\ au\ contenu(?:\ principal)? | passer\ au\ contenu
      | menu | (?:main\ )?navigation | rechercher | search | recherche
      | sign\ in | log\ ?in | sign\ out | log\ out | connexion | déconnexion | mon\ compte | my\ account
      | back\ to\ top | retour\ en\ haut(?:\ de\ (?:la\ )?page)? | haut\ de\ page
      | (?:voir|see)\ (?:aussi|also|more) | more\ on\ this\ (?:story|topic)
      | (?:most|les\ plus)\ (?:read|popular|viewed|shared|lus|populaires|partagés|consultés|commentés)
      # reading time and audio
      | (?:temps\ de\ )?lecture\s*:?\s*\d{1,3}\s*(?:min(?:utes?)?|mn)\.?
      | (?:estimated\ )?reading\ time\s*:?\s*\d{1,3}\s*min(?:ute)?s?\.?
      | \d{1,3}\s*(?:min(?:ute)?s?|mn)(?:\ (?:read|de\ lecture))?
      | (?:listen\ to|écouter)\ (?:this|cet|l['’])\s?(?:article|story)(?:\s*\(.{1,20}\))?
        (?:\s*[·|:-]?\s*\d{1,3}\s*min(?:ute)?s?)?
      # a relative time stamp ("il y a 3 heures", "5 hours ago")
      | (?:publié\ |posted\ |updated\ |mis\ à\ jour\ )?
        (?:il\ y\ a\ \d{1,3}\ (?:min(?:ute)?s?|h|heures?|jours?|semaines?|mois)
         | \d{1,3}\ (?:min(?:ute)?s?|mins?|hours?|hrs?|h|days?|weeks?|months?)\ ago)\.?
      # donations, engagement prompts, saving and printing, a dialog's close button
      | (?:support|soutenez|soutenir)\ (?:our|notre|the|la|le)\b.{0,50}
        \b(?:journalism|journalisme|rédaction|reporting|newsroom|work|travail)\b.{0,60}
      | donate(?:\ (?:now|today))?[.!]? | make\ a\ donation | faites?\ un\ don | faire\ un\ don
      | (?:vous\ avez\ aimé|did\ you\ (?:enjoy|like))\ (?:cet|this)\ article\s*\??
      | (?:print|imprimer|share|partager)\ (?:this|cet|l['’])\s?article
      | (?:lire|read)\ plus\ tard | save\ (?:for\ later|this\ (?:article|story))
      | (?:ajouter|add)\ (?:à|to)\ (?:mes\ |my\ )?(?:favoris|bookmarks|reading\ list)
      | contenus?\ sponsorisés? | ads\ by\ google | close | fermer
      # sharing
      | (?:share|send|envoyer|partager)\ (?:via|by|par)\ (?:e-?mail|courriel|sms)
      | copy\ (?:the\ )?link | link\ copied | copier\ (?:le\ )?lien | lien\ copié
      # taxonomy: a label, a colon and a short list
      | (?:mots?[-\ ]clés?|tags?|étiquettes?|topics?|thèmes?|sujets?|catégories?|categories|rubriques?)
        \s*:\s*[^.!?]{1,150}
      | related\ topics | sujets\ liés
      # feedback
      | (?:cet\ article\ vous\ a(?:-t-il)?\ été\ utile|was\ this\ (?:article|story|page)\ (?:helpful|useful))\s*\??
      | (?:signaler|report)\ (?:une|an?)\ (?:erreur|error|mistake|typo|problème|problem)
      # consent banners: see _CONSENT
      # a messaging channel or a social page to join
      | (?:rejoignez|join|suivez|follow|abonnez-vous)\b.{0,60}
        \b(?:whatsapp|telegram|facebook|youtube|instagram|tiktok|twitter|signal)\b.{0,80}
      | (?:follow|suivez)\ [^.!?:]{1,40}:
      # comment prompts, the neighbouring articles, lists read out to screen readers, the page's footer links
      | laisser\ un\ (?:commentaire|avis) | (?:ajouter|écrire|rédiger|poster)\ un\ commentaire
      | (?:vous\ (?:pourriez|pourrez)\ (?:aussi|également)\ aimer|vous\ aimerez\ (?:aussi|également)
         |à\ découvrir\ (?:aussi|également)|nos\ lecteurs\ ont\ (?:aussi|également)\ lu)\s*:?
      | (?:post|article)\ navigation | navigation\ (?:de\ l['’]article|des\ articles)
      | [←«‹<]?\s*(?:(?:previous|next|older|newer)\ (?:article|post|story|entry)
                     |(?:article|billet)\ (?:précédent|suivant))\s*[→»›>]?(?:\s*:\s*.{1,200})?
      | recommended(?:\ (?:stories|articles|reading|for\ you))? | recommandés?(?:\ pour\ vous)?
      | list\ of\ \d{1,2}\ items | list\ \d{1,2}\ of\ \d{1,2} | end\ of\ list
      | (?:story|article|text)\ continues\ (?:below|after)(?:\ (?:this\ |the\ )?(?:advertisement|ad))?
      | continue\ reading\ below | (?:la\ )?suite\ (?:après|ci-dessous)(?:\ (?:cette|la)\ publicité)?
      | l['’]article\ continue\ (?:ci-dessous|après\ (?:cette|la)\ publicité)
      | save | enregistrer | sauvegarder | suivre | écouter(?:\s*[-–—:]?\s*\d{1,2}:\d{2})? | télécharger | modération
      | (?:vos\ )?réactions?\s*\(\d+\) | vous\ souhaitez\ (?:commenter|réagir\ à)\ cet\ article\s*\??
      | réservé\ aux\ abonnés | (?:getty\ images|shutterstock|istock)
      | (?:sponsored\ by|sponsorisé\ par|en\ partenariat\ avec)\ [^.!?]{1,60}
      # an embedded post's attribution ("— FAMa DIRPA (@FAMa_DIRPA) March 12, 2025")
      | [—–-]\s*[^()]{1,60}\(@\w{1,30}\)\s*.{0,40}
      | (?:a\ post\ shared\ by|une\ publication\ partagée\ par)\ .{1,80}
      | (?:voir\ la\ suite|en\ savoir\ plus|pour\ aller\ plus\ loin|go\ deeper)\s*[:→»›…]?
      | (?:watch|regarder|regardez|vidéo|video)\s*:\s*.{1,150}
      | (?:thanks|thank\ you)\ for\ reading\b.{0,160}
      | merci\ (?:de\ (?:lire|votre\ lecture)|pour\ votre\ lecture)\b.{0,160}
      | (?:recevez|receive|get)\ (?:notre|nos|our|la|the|les)\ (?:free\ )?(?:newsletters?|lettres?\ d['’]information)
        \b.{0,80}
      | (?:your|votre)\ (?:e-?mail(?:\ address)?|adresse\ (?:e-?mail|électronique|mail|courriel))\s*\*?
      | s['’]inscrire | je\ m['’]inscris | subscribe(?:\ now)? | inscription
      | mentions\ légales | politique\ de\ confidentialité | conditions\ (?:générales\ )?d['’]utilisation
      | privacy(?:\ policy)? | terms\ (?:of\ (?:use|service)|and\ conditions) | cookie\ (?:policy|settings|preferences)
      | contact(?:ez-nous|\ us)? | nous\ contacter | about(?:\ us)? | qui\ sommes-nous\s*\?? | à\ propos(?:\ de\ nous)?
      # captions as big sites print them, and a caption ending in a credit
      | (?:image|photo|video|vidéo|légende(?:\ de\ l['’]image|\ image)?)\ (?:caption|source|credit|crédit)?
        \s*,\s*.{1,200}
      | légende\ image\s*,\s*.{1,200}
      | file\ photo\s?:\s?.{1,300}
      | \(?(?:photo|image)\ d['’](?:illustration|archives?)\)?\.?
      | (?:crédit|credit)s?\s?:\s?dr | dr | """
    + NEWS_AGENCIES
    + r"""\s?/\s?(?:archives?|file)
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
"""Lines that begin with what they are: tried at the first characters of every line, they fail there on text."""
_CONSENT = re.compile(
    r"""^(?:
        .{0,200}\b(?:cookies?|traceurs)\b.{0,200}
        \b(?:accept\w*|refus\w*|reject\w*|manage|gérer|paramétrer|consent\w*)\b.{0,80}
      | (?:accept\w*|refus\w*|reject\w*|manage|gérer|paramétrer)\b.{0,40}\b(?:cookies?|traceurs)\b.{0,40}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
"""A cookie banner: a line about cookies that asks to accept, refuse or manage them."""
_SHARE_ITEM = (
    r"(?:(?:share|partager|send|envoyer)(?:\ (?:on|sur|via|par|by|to))?\ )?"
    r"(?:facebook|twitter|x|whatsapp|telegram|linkedin|pinterest|reddit|messenger|bluesky|threads|tweet|e-?mail"
    r"|courriel|mail|sms|print|imprimer|copy\ (?:the\ )?link|copier\ (?:le\ )?lien)"
)
_SHARE_BAR = re.compile(
    rf"^(?:(?:share|partager)(?:\ (?:this|cet)\ (?:article|story))?\s*:\s*)?"
    rf"{_SHARE_ITEM}(?:\s*[|•·/,–-]?\s*{_SHARE_ITEM})+\s*[|•·/,–-]?$",
    re.IGNORECASE,
)
"""A share bar printed as one line: two or more networks, each perhaps after "Share on" / "Partager sur", the
whole perhaps after "Partager :" ("Partager sur Facebook Partager sur X", "Share: Facebook | Twitter | Email")."""
_PHOTOGRAPHER = re.compile(
    r"""^(?:.{1,250}[.)]\s+(?:"""
    + NEWS_AGENCIES
    + r"""|getty\ images)\s?/\s?[\w\ .'’-]{1,60}
            (?:/\s?file\ photo)?
          | .{1,250}\((?:photo|image)s?\s?(?:by|de|par|:)\s?[^()]{1,80}\))$""",
    re.IGNORECASE | re.VERBOSE,
)
"""A caption ending in its photographer's credit ("… 12 mars 2025. REUTERS/Name", "… (Photo by Name/AFP via Getty
Images)"): scans the whole line, so tried only on lines with a slash or a bracket."""
_CREDITED = re.compile(r"^.{1,150}[.)]\s*(?:©|\(c\))\s?[\w\ ./&'’-]{1,40}$", re.IGNORECASE)
"""A caption ending in a credit ("… (Photo AFP) © DR")."""


def is_page_chrome(line: str) -> bool:
    """Whether ``line`` (one whole, stripped line) is one of the site's controls rather than article text."""
    if _CHROME.match(line) or _SHARE_BAR.match(line):
        return True
    # the two rules that may match anywhere in a line are tried only on lines holding their word: run on every
    # paragraph, their scans were most of the cost of the furniture rules
    lowered = line.casefold()
    if ("cookie" in lowered or "traceurs" in lowered) and _CONSENT.match(line):
        return True
    if ("©" in line or "(c)" in lowered) and _CREDITED.match(line):
        return True
    return ("/" in line or line.endswith(")")) and bool(_PHOTOGRAPHER.match(line))
