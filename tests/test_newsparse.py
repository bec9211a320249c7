"""The scraped-news parser on the bundled articles and on new files of the same shapes with other words."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sahel_tui.corpus.library import load_article
from sahel_tui.corpus.newsparse import parse_news_text
from sahel_tui.corpus.reader import read_text
from sahel_tui.model import Article, Teaser
from sahel_tui.paths import bundled_corpus_dir

BUNDLED = sorted(bundled_corpus_dir().glob("*.txt"))
NEWS_DIR = Path(__file__).parent / "fixtures" / "news"
NEWS_FIXTURES = sorted(NEWS_DIR.glob("*.txt"))


def bundled(article_id: str) -> Article:
    return load_article(bundled_corpus_dir() / f"{article_id}.txt", article_id, bundled=True)


def all_text(article: Article) -> str:
    parts = [article.title, article.byline or "", article.standfirst or "", *article.paragraphs]
    for teaser in article.teasers:
        parts += [teaser.title, teaser.byline or "", teaser.snippet or "", teaser.section or ""]
    return "\n".join(parts)


def test_us_envoy_article_loses_counter_slug_and_comment_form() -> None:
    article = bundled("us-envoy-visits-mali-diplomatic-reset")
    assert article.title == "America Re-enters the Sahel, as Senior US Envoy Visits Mali, Testing a Diplomatic Reset"
    assert article.byline is None
    assert article.standfirst.startswith("The United States is cautiously reopening diplomatic channels")
    assert article.paragraphs[0].startswith("Senior Bureau Official Nick Checker")
    assert article.paragraphs[-1].endswith("will depend on what follows this initial handshake.")
    assert len(article.paragraphs) == 8
    text = all_text(article)
    for furniture in ("trump+goitaasimi", "Leave a Reply", "Your email address", "Required fields"):
        assert furniture not in text
    assert "0" not in article.paragraphs
    assert article.teasers == ()


def test_wagner_editorial_has_byline_body_and_six_teasers() -> None:
    article = bundled("wagner-withdrawal-from-mali-russia-presence")
    assert article.title == "Strategic Realignment: Wagner’s Withdrawal from Mali and Russia’s Enduring Presence"
    assert article.byline == "Reda El Ghazal"
    assert article.standfirst is None
    assert len(article.paragraphs) == 6
    assert article.paragraphs[0].startswith("In a significant development for regional security dynamics")
    assert article.paragraphs[-1].endswith("even as the means and branding of its engagement evolve.")
    assert [t.title for t in article.teasers] == [
        "Benin: Three Soldiers and Two Police Officers Killed in Suspected Jihadist Attack in the North",
        "Chad Responds to US Visa Ban With Reciprocal Restrictions",
        "Niger: International NGOs Urge Immediate Release of Detained Civil Society Leader Moussa Tchangari",
        "Ghana’s Battle Against Crime in Gold Mining",
        "Nigeria: Flood Death Toll Surpasses 200, Hundreds Still Missing",
        "Nigeria Flood Death Toll Climbs to 151",
    ]
    assert [t.byline for t in article.teasers] == [
        "Widad Wahbi", "Reda El Ghazal", "Widad Wahbi", "Reda El Ghazal", "Widad Wahbi", "Fatima Babadin",
    ]  # fmt: skip
    assert [t.section for t in article.teasers] == [
        "Security trends", "Security trends", "Human Rights", "Conflict prevention", "Society", "Environment",
    ]  # fmt: skip
    assert article.teasers[1].snippet.startswith("Chad Responds to the recent US entry ban")
    assert article.teasers[3].snippet.startswith("As Africa's leading gold producer")
    assert article.teasers[5].snippet.startswith("Confirm a devastating rise in lives lost")
    assert all(t.snippet.endswith("...") for t in article.teasers)
    assert not any("Edited by" in p or "Editorial" in p for p in article.paragraphs)


def test_wagner_announcement_summary_above_headline_and_repeats() -> None:
    article = bundled("wagner-announces-withdrawal-from-mali")
    assert article.title == "Wagner Group Announces Withdrawal from Mali Amid Ongoing Security Concerns"
    assert article.standfirst.startswith("The Wagner Group has declared its withdrawal from Mali")
    assert article.paragraphs[0].startswith("Russian mercenaries claim to have concluded their mission")
    assert article.paragraphs[-1] == (
        "This article highlights the recent developments surrounding the Wagner Group in Mali and its "
        "implications for local security and international relations in the region."
    )
    assert len(article.paragraphs) == 5
    assert len(set(article.paragraphs)) == len(article.paragraphs)
    assert article.title not in article.paragraphs


@pytest.mark.parametrize("path", BUNDLED + NEWS_FIXTURES, ids=lambda p: p.stem)
def test_no_line_of_real_text_is_lost(path: Path) -> None:
    """Every raw line is in the article, or was dropped as furniture (short) or as a repeat of kept text."""
    text = read_text(path).text
    parsed = parse_news_text(text)
    article = load_article(path, path.stem)
    kept = all_text(article)
    normalized_kept = " ".join(kept.replace("*", "").replace("_", " ").casefold().split())
    dropped = {d.line: d.reason for d in parsed.dropped}
    for line in filter(None, (line.strip() for line in text.split("\n"))):
        if line in dropped:
            reason = dropped[line]
            if reason == "outlet-suffix":  # the headline, kept without the site's name after its dash
                assert line.startswith(article.title) and len(line) - len(article.title) <= 45
            elif reason == "duplicate":
                assert " ".join(line.strip("*_").casefold().split()) in normalized_kept
            else:
                assert reason in {"boilerplate", "junk", "dateline", "label", "site-name"} and len(line) <= 120, line
        elif "Edited by" in line or "Editorial" in line or "Written by" in line:
            continue  # teaser info lines: checked piecewise (byline, snippet, section) in the tests above
        else:
            assert line.strip("*_") in kept, line


def test_same_shape_counter_slug_comment_form() -> None:
    article = load_article(NEWS_DIR / "counter-slug-comment-form.txt", "x")
    assert article.title == "Burkina Faso Extends Curfew in Djibo as Fuel Convoys Stall"
    assert article.standfirst.startswith("Authorities in Burkina Faso extended a night curfew")
    assert len(article.paragraphs) == 3
    assert (
        article.paragraphs[-1] == "Officials in Ouagadougou declined to say when the next escorted convoy would leave."
    )
    assert "djibo+curfew+convoys" not in all_text(article) and "Leave a Comment" not in all_text(article)


def test_same_shape_byline_and_related_list_with_other_labels_and_names() -> None:
    article = load_article(NEWS_DIR / "byline-and-related-list.txt", "x")
    assert article.title == "Niger Reopens Border Crossing With Benin After Months of Closure"
    assert article.byline == "Aminata Konate"
    assert len(article.paragraphs) == 3
    assert article.teasers == (
        Teaser(
            "Mali: Gold Output Falls as Artisanal Sites Close",
            "Ibrahim Sangare",
            "Industrial gold production in Mali fell sharply in the first quarter as regulators suspended...",
            "Economy",
        ),
        Teaser(
            "Chad Hosts Talks on Sudanese Refugees",
            "Moussa Traore",
            "Chad hosted regional talks on the growing number of refugees crossing from Darfur, where aid agencies...",
            "Humanitarian",
        ),
        Teaser(
            "Togo: Attack on Army Post in Savanes Region",
            "Koffi Mensah",
            "Gunmen attacked an army post in northern Togo overnight, killing...",
            "Security trends",
        ),
    )


def test_same_shape_summary_above_a_headline_printed_twice() -> None:
    article = load_article(NEWS_DIR / "summary-above-twice-printed-headline.txt", "x")
    assert article.title == "Burkina Faso Junta Dissolves Electoral Commission"
    assert article.standfirst.startswith("Burkina Faso's junta has dissolved the national electoral commission")
    assert article.paragraphs[0].startswith("The military government says elections are not a priority")
    assert article.paragraphs[-1] == "This report draws on statements from the government and opposition."
    assert len(article.paragraphs) == 5


def test_body_paragraph_ending_in_ellipsis_is_not_a_teaser() -> None:
    text = (
        "Talks Resume in Algiers\n\nThe talks resumed on Monday.\n\nOne delegate said only: we will see...\n"
        "Another Short Line Here\n\nA source close to the mediation said the next round was set for June..."
    )
    parsed = parse_news_text(text)
    assert parsed.teasers == []
    assert parsed.paragraphs[-1].endswith("set for June...")


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = (
        "Floods Hit Niamey\n\n"
        "Heavy rain flooded several districts of Niamey overnight, and the river\n"
        "rose above the level recorded in 2020, officials said on Sunday.\n\n"
        "Residents of Kirkissoye moved to higher ground as water entered their\n"
        "homes, and the civil protection agency opened two shelters.\n"
    )
    parsed = parse_news_text(text)
    assert parsed.title == "Floods Hit Niamey"
    assert parsed.paragraphs[-1] == (
        "Residents of Kirkissoye moved to higher ground as water entered their homes, and the civil protection "
        "agency opened two shelters."
    )


def test_article_without_headline_gets_a_title_from_its_file_name(tmp_path: Path) -> None:
    path = tmp_path / "gao-market-fire.txt"
    path.write_text("A fire destroyed part of the central market in Gao on Friday night, traders said.\n")
    article = load_article(path, "gao-market-fire")
    assert article.title == "Gao market fire"
    assert article.paragraphs == ("A fire destroyed part of the central market in Gao on Friday night, traders said.",)


def test_french_scrape_paywall_prompts_datelines_and_sign_off() -> None:
    path = NEWS_DIR / "french-paywall-datelines-signoff.txt"
    parsed = parse_news_text(read_text(path).text)
    article = load_article(path, "x")
    assert article.title == "Burkina Faso : une colonne de ravitaillement attaquée près de Djibo"
    assert article.date == "2025-03-12"  # published, not the update of the same day's evening
    assert article.byline == "Adama Ouédraogo, Ouagadougou"
    assert article.lang == "fr"
    reasons = {d.line: d.reason for d in parsed.dropped}
    assert reasons["Publié le 12 mars 2025 à 08h15 · Mis à jour le 12 mars 2025 à 19h40"] == "dateline"
    assert reasons["Infos à la une"] == "boilerplate"
    assert reasons["Le Courrier du Fleuve"] == "site-name"
    for prompt in ("La suite est réservée aux abonnés.", "Déjà abonné ? Se connecter", "Comment (0)", "Partager",
                   "Suivez-nous sur Facebook", "Téléchargez notre application sur Google Play et l'App Store",
                   "Photo : des camions calcinés au bord de la route, le lendemain de l'attaque.",
                   "À lire aussi : Au Sahel, les routes du ravitaillement sous la menace des groupes armés",
                   ):  # fmt: skip
        assert reasons[prompt] == "boilerplate", prompt
    assert len(article.paragraphs) + bool(article.standfirst) == 3


def test_english_scrape_app_prompt_caption_source_line_and_credited_sign_off() -> None:
    path = NEWS_DIR / "english-app-prompt-caption-signoff.txt"
    parsed = parse_news_text(read_text(path).text)
    article = load_article(path, "x")
    assert article.title == "Niger: herders and farmers meet in Tahoua to settle water-point dispute"
    assert article.date == "2025-06-07"
    assert article.byline == "Fatima Abdou (with Reuters)"
    reasons = {d.line: d.reason for d in parsed.dropped}
    assert reasons["<image>"] == "junk"
    for prompt in ("Download our free app to get breaking alerts", "Click here to read the full article",
                   "Source: https://sahelwatch.info/niger-tahoua-water-talks", "Overview",
                   "Image caption: Cattle drink at a borehole during the dry season.",
                   "Read also: Drought pushes pastoralists south earlier than usual"):  # fmt: skip
        assert reasons[prompt] == "boilerplate", prompt


def test_a_last_paragraph_that_is_a_sentence_stays_a_paragraph() -> None:
    text = ("Convoy Attacked Near Gao\n\nGunmen attacked a convoy near Gao on Monday, officials said.\n\n"
            "Residents fled to nearby villages.\n\nThe Army Said Nothing.")  # fmt: skip
    article = parse_news_text(text)
    assert article.byline is None
    assert article.paragraphs[-1] == "The Army Said Nothing."


def test_a_sign_off_differing_from_the_byline_is_kept_as_text() -> None:
    text = ("Convoy Attacked Near Gao\n\nBy Jane Roe\n\nGunmen attacked a convoy near Gao on Monday, officials "
            "said.\n\nResidents fled to nearby villages.\n\nAmadou Diallo, Gao")  # fmt: skip
    article = parse_news_text(text)
    assert article.byline == "Jane Roe"
    assert article.paragraphs[-1] == "Amadou Diallo, Gao"


def test_headline_dash_is_kept_when_the_tail_is_not_the_site() -> None:
    text = (
        "Wagner leaves Mali – Africa Corps stays\n\nThe Russian group said on Friday that its fighters were "
        "going home after three years.\n\nOfficials in Bamako welcomed the new arrangement.\n\nMore later."
    )
    assert parse_news_text(text).title == "Wagner leaves Mali – Africa Corps stays"


def test_a_kicker_above_the_headline_is_a_label_not_a_standfirst() -> None:
    text = ("Sécurité régionale\n\nNiger : les patrouilles reprennent sur la route de Tillabéri\n\nLes forces de "
            "défense ont repris leurs patrouilles sur l'axe, a-t-on appris jeudi.\n\nLes transporteurs saluent la "
            "décision.")  # fmt: skip
    parsed = parse_news_text(text)
    assert parsed.title == "Niger : les patrouilles reprennent sur la route de Tillabéri"
    assert parsed.standfirst != "Sécurité régionale"
    assert {d.line: d.reason for d in parsed.dropped}["Sécurité régionale"] == "label"


def test_a_news_ticker_is_furniture_but_a_live_blog_is_the_article() -> None:
    ticker = ("Convoy attacked near Gao\n\n12:45 Mali : un convoi attaqué près de Gao\n12:30 Niger : un nouveau "
              "Premier ministre nommé\n12:10 Burkina : le couvre-feu prolongé\n\nUne colonne de camions a été prise "
              "pour cible mardi près de Gao, selon plusieurs sources locales.\n\nAucun bilan n'a été donné."
              )  # fmt: skip
    parsed = parse_news_text(ticker)
    assert [d.reason for d in parsed.dropped] == ["ticker"] * 3
    live = ("Attack on the Kati camp: what we know\n\n05:10 Gunfire was heard near the camp's main gate.\n\n"
            "05:40 Residents said the shooting had stopped and soldiers blocked the road.\n\n"
            "06:15 The army said in a statement that the attackers had been pushed back.")  # fmt: skip
    kept = parse_news_text(live)
    assert not kept.dropped
    assert sum(line.startswith(("05:", "06:")) for line in [kept.standfirst or "", *kept.paragraphs]) == 3


def test_a_byline_sharing_its_line_with_the_date_in_both_languages() -> None:
    french = parse_news_text("Les écoles rouvrent à Ségou\n\nPar Mariam Cissé | 12 mars 2025\n\nLes classes ont "
                             "rouvert mercredi dans trois villages.\n\nLes parents saluent la décision.")  # fmt: skip
    assert (french.byline, french.date) == ("Mariam Cissé", "2025-03-12")
    english = parse_news_text("Schools reopen in Segou\n\nBy John Smith - June 7, 2025\n\nClasses resumed on "
                              "Wednesday in three villages.\n\nParents welcomed the decision.")  # fmt: skip
    assert (english.byline, english.date) == ("John Smith", "2025-06-07")
    hyphenated = parse_news_text("Talks in Niamey\n\nBy Jean-Marie Koné\n\nMinisters met on Tuesday.\n\nMore "
                                 "talks are planned.")  # fmt: skip
    assert hyphenated.byline == "Jean-Marie Koné" and hyphenated.date is None


def test_a_bylines_place_or_agencies_are_not_part_of_the_name() -> None:
    """``Par X, à Niamey`` was no byline at all (the place's lower-case ``à`` is no name), so the line stayed in the
    text; a place, an envoy's title or the agencies after the name are left off it, in both languages."""
    french = parse_news_text("Les écoles rouvrent à Ségou\n\nPar Mariam Cissé, envoyée spéciale à Ségou\n\nLes "
                             "classes ont rouvert mercredi.\n\nLes parents saluent la décision.")  # fmt: skip
    assert french.byline == "Mariam Cissé" and "Ségou" not in " ".join(french.paragraphs)
    english = parse_news_text("Schools reopen in Segou\n\nBy John Smith in Bamako, with AFP\n\nClasses resumed on "
                              "Wednesday.\n\nParents welcomed the decision.")  # fmt: skip
    assert english.byline == "John Smith"
    martin = parse_news_text("Talks in Niamey\n\nBy Martin Dupont\n\nMinisters met.\n\nMore talks are planned.")
    assert martin.byline == "Martin Dupont"  # "in" ends his name: no place follows it


BODY = (
    "Le gouvernement a annoncé mardi la réouverture de la route entre Kaya et Djibo après deux ans.\n\n"
    "Les commerçants ont salué la décision.\n\nLes transporteurs attendent les escortes."
)


@pytest.mark.parametrize(
    ("line", "byline", "date"),
    [
        ("Écrit par Adama Ouédraogo le 12 mars 2025 à 10h00", "Adama Ouédraogo", "2025-03-12"),
        ("Publié le 12 mars 2025 par Adama Ouédraogo · 3 min de lecture", "Adama Ouédraogo", "2025-03-12"),
        ("Posted on March 12, 2025 by Jane Roe", "Jane Roe", "2025-03-12"),
        ("By Jane Roe | June 7, 2025 | 4 min read", "Jane Roe", "2025-06-07"),
        ("Par la rédaction", "La rédaction", None),
        ("Par notre envoyée spéciale à Gao", "Notre envoyée spéciale à Gao", None),
        ("By our correspondent in Bamako", "Our correspondent in Bamako", None),
        ("Par AFP", "AFP", None),
        ("Par : RFI Suivre", "RFI", None),
        ("Avec notre correspondant à Ouagadougou, Yaya Boudani", "Yaya Boudani", None),
        ("With our correspondents in Bamako and Niamey", "Our correspondents in Bamako and Niamey", None),
        ("By Jane Roe Follow", "Jane Roe", None),
        ("BY JANE DOE", "Jane Doe", None),
    ],
)
def test_byline_lines_with_a_date_in_either_order_a_newsroom_or_an_agency(line: str, byline: str,
                                                                          date: str | None) -> None:  # fmt: skip
    article = parse_news_text(f"Route rouverte entre Kaya et Djibo\n\n{line}\n\n{BODY}")
    assert (article.byline, article.date) == (byline, date)
    body = [text for text in [article.standfirst, *article.paragraphs] if text]
    assert line not in body and body[0].startswith("Le gouvernement")


def test_a_place_beside_a_date_is_no_byline() -> None:
    """ "Burkina Faso | 12 mars 2025" has the shape of "Awa Traoré | 12 mars 2025": without a label, no author."""
    article = parse_news_text(f"Route rouverte entre Kaya et Djibo\n\nBurkina Faso | 12 mars 2025\n\n{BODY}")
    assert article.byline is None


@pytest.mark.parametrize(
    ("name", "title", "kept"),
    [
        ("french-navigation-taxonomy-consent", "Mali : retour des déplacés à Boni après la reprise de la localité", 3),
        ("english-navigation-taxonomy-consent", "Niger reopens the Tahoua livestock market after six months of closure",
         3),
        ("french-comments-neighbours-footer",
         "Niger : les éleveurs de la région de Tahoua attendent la réouverture des marchés à bétail", 3),
        ("english-comments-neighbours-footer", "Mali's cotton farmers count the cost of a late rainy season", 3),
    ],
)  # fmt: skip
def test_site_navigation_reading_time_audio_consent_taxonomy_and_feedback_lines_are_furniture(
    name: str, title: str, kept: int
) -> None:
    """The shapes of a page's chrome around the article, in both languages: navigation links, a reading-time or
    listen line, a cookie banner, captions with a comma, a credit after the caption, share-by-mail and copy-link,
    a tags line, a feedback prompt, an invitation to a messaging channel, "most read" headings; comment prompts,
    the previous and next articles, a list announced to screen readers, a newsletter's sign-up field, an
    advertisement's "continues below", the footer's links."""
    path = NEWS_DIR / f"{name}.txt"
    article = load_article(path, "x")
    assert article.title == title
    body = [article.standfirst, *article.paragraphs] if article.standfirst else list(article.paragraphs)
    assert len(body) == kept, body
    assert all(len(paragraph.split()) >= 15 for paragraph in body), "only the article's own sentences are left"
    parsed = parse_news_text(read_text(path).text)
    assert {d.reason for d in parsed.dropped} <= {"boilerplate", "junk", "label", "site-name"}


ENGLISH_BRIEF = ["Convoy attacked near Gao", "Gunmen attacked a supply convoy near Gao on Monday, officials said.",
                 "Traders say the price of millet has doubled in the town since the attacks began."]  # fmt: skip
FRENCH_BRIEF = ["Attaque d’un convoi près de Gao", "Des hommes armés ont attaqué un convoi près de Gao lundi.",
                "Le prix du mil a doublé dans la ville depuis les attaques, selon des commerçants."]  # fmt: skip


@pytest.mark.parametrize(
    ("brief", "footer"),
    [
        (ENGLISH_BRIEF, "The post Convoy attacked near Gao appeared first on Sahel Desk."),
        (FRENCH_BRIEF, "L’article Attaque d’un convoi près de Gao est apparu en premier sur Le Faso Hebdo."),
        (FRENCH_BRIEF, "Cet article Attaque d’un convoi près de Gao est apparu en premier sur Nouvelles du Sahel."),
        (ENGLISH_BRIEF, "Continue reading Convoy attacked near Gao →"),
        (ENGLISH_BRIEF, "Continue reading “Convoy attacked near Gao”"),
        (ENGLISH_BRIEF, "Continue reading →"),
        (FRENCH_BRIEF, "Continuer la lecture de « Attaque d’un convoi près de Gao »"),
        (FRENCH_BRIEF, "(suite…)"),
    ],
)
def test_a_feeds_syndication_footer_is_furniture(brief: list[str], footer: str) -> None:
    """What publishing software appends to every entry of a feed — "The post <its title> appeared first on …", its
    French form, a "continue reading" link — is not the article's last paragraph."""
    article = parse_news_text("\n\n".join([*brief, footer]))
    assert [article.standfirst, *article.paragraphs][-1] == brief[-1]
    assert footer in [dropped.line for dropped in article.dropped]


@pytest.mark.parametrize(
    ("brief", "bar"),
    [
        (FRENCH_BRIEF, "Partager sur Facebook Partager sur X Partager sur WhatsApp"),
        (FRENCH_BRIEF, "Partager : Facebook · Telegram · Imprimer"),
        (ENGLISH_BRIEF, "Facebook | Twitter | LinkedIn | Email"),
        (ENGLISH_BRIEF, "Share on Facebook, Share on X, Copy link"),
    ],
)
def test_a_share_bar_on_one_line_is_furniture(brief: list[str], bar: str) -> None:
    article = parse_news_text("\n\n".join([*brief[:2], bar, brief[2]]))
    assert [text for text in [article.standfirst, *article.paragraphs] if text] == brief[1:]
    assert any(bar.endswith(dropped.line) for dropped in article.dropped)


@pytest.mark.parametrize(
    ("brief", "credit"),
    [
        (ENGLISH_BRIEF, "Related: Benin and Niger trade barbs over a pipeline"),
        (ENGLISH_BRIEF, "(Reporting by Moussa Aksar; additional reporting by Awa Sy; Editing by Jane Doe)"),
        (ENGLISH_BRIEF, "Reporting by Moussa Aksar in Niamey and Awa Sy in Dakar; Editing by Jane Doe"),
        (ENGLISH_BRIEF, "Writing by Awa Sy; Editing by Jane Doe"),
        (ENGLISH_BRIEF, "Additional reporting by Moussa Aksar in Niamey"),
        (ENGLISH_BRIEF, "October 2, 2025 · Updated 3 hours ago"),
        (FRENCH_BRIEF, "2 octobre 2025 · Mis à jour il y a 3 heures"),
        (FRENCH_BRIEF, "Publié le 2 octobre 2025 · 4 min de lecture"),
        (ENGLISH_BRIEF, "Originally published at sahelwatch.org on March 12, 2025."),
        (ENGLISH_BRIEF, "Thanks for reading Sahel Notes! Subscribe for free to receive new posts."),
        (FRENCH_BRIEF, "Merci de votre lecture ! Abonnez-vous pour recevoir nos prochains articles."),
        (FRENCH_BRIEF, "Voir la suite"),
        (FRENCH_BRIEF, "En savoir plus →"),
        (FRENCH_BRIEF, "Pour aller plus loin :"),
        (ENGLISH_BRIEF, "Watch: Niger's junta leader addresses the nation"),
        (FRENCH_BRIEF, "Vidéo : le discours du général Tiani à la nation"),
        (FRENCH_BRIEF, "Des soldats maliens à Boni, le 12 mars 2025. REUTERS/Stringer"),
        (ENGLISH_BRIEF, "Soldiers patrol in Gao on March 12, 2025. (Photo by John Doe/AFP via Getty Images)"),
        (ENGLISH_BRIEF, "FILE PHOTO: Niger's General Tiani attends a rally in Niamey, July 30, 2023."),
        (FRENCH_BRIEF, "Le général Tiani à Niamey, en juillet 2023. AFP/Archives"),
        (FRENCH_BRIEF, "Photo d'illustration"),
        (FRENCH_BRIEF, "Crédit : DR"),
        (FRENCH_BRIEF, "Lecture : 3 mn"),
        (FRENCH_BRIEF, "Écouter - 03:45"),
        (FRENCH_BRIEF, "Vos réactions (3)"),
        (FRENCH_BRIEF, "Vous souhaitez commenter cet article ?"),
        (FRENCH_BRIEF, "Réservé aux abonnés"),
        (ENGLISH_BRIEF, "Getty Images"),
        (ENGLISH_BRIEF, "Sponsored by an oil company"),
        (FRENCH_BRIEF, "Publié le mardi 12 mars 2025 à 10h00min"),
        (ENGLISH_BRIEF, "This article was originally published by The Sahel Observer."),
        (FRENCH_BRIEF, "(Avec AFP)"),
        (FRENCH_BRIEF, "Cet article a été initialement publié sur le site de Radio Kledu."),
        (FRENCH_BRIEF, "Il y a 3 heures"),
        (FRENCH_BRIEF, "Publié il y a 12 min"),
        (ENGLISH_BRIEF, "5 hours ago"),
        (ENGLISH_BRIEF, "Support our independent journalism: donate today."),
        (FRENCH_BRIEF, "Soutenez notre rédaction"),
        (FRENCH_BRIEF, "Faites un don"),
        (ENGLISH_BRIEF, "Did you enjoy this article?"),
        (FRENCH_BRIEF, "Imprimer cet article"),
        (FRENCH_BRIEF, "Partager l’article"),
        (FRENCH_BRIEF, "Ajouter à mes favoris"),
        (ENGLISH_BRIEF, "Save for later"),
        (FRENCH_BRIEF, "Contenus sponsorisés"),
        (FRENCH_BRIEF, "Fermer"),
        (ENGLISH_BRIEF, "Also read: Benin and Niger trade barbs over a pipeline"),
    ],
)
def test_wire_credits_and_republication_notes_are_furniture(brief: list[str], credit: str) -> None:
    article = parse_news_text("\n\n".join([*brief, credit]))
    assert [text for text in [article.standfirst, *article.paragraphs] if text][-1] == brief[-1]
    assert credit in [dropped.line for dropped in article.dropped]


@pytest.mark.parametrize(
    "sentence",
    [
        "Related charges against the two journalists were dropped on Monday, their lawyer said.",
        "The story first appeared on local radio in Gao, where the mayor later denied it.",
        "This article of the charter was first published in 1992, and the junta has suspended it.",
        "Cet article a été publié sur le site de la présidence, puis retiré quelques heures plus tard.",
        "Il y a 3 heures, des hommes armés sont entrés dans le village, selon un élu local.",
        "Five hours ago the convoy was still waiting at the checkpoint, a driver said by phone.",
        "Support for the junta has grown in Bamako since the summer, according to a poll published on Monday.",
        "Fermer la frontière serait une erreur, estime le maire de Gaya, qui craint pour les commerçants.",
        "Donations of grain reached Djibo on Sunday, the first since the road was cut in August.",
        "Reporting by the BBC found that the army had lied about the attack on the market.",
        "Editing by committee has slowed the new constitution, critics say.",
        "Le 2 octobre 2025, il y a 3 heures à peine, le camp a été attaqué.",
        "First published in 1992, the charter guaranteed the freedom of the press, which the junta suspended.",
        "Originally, the convoy was to leave Gao on Monday, but the escort never came, a driver said.",
        "Thanks to the rains, the harvest around Ségou was the best in five years, farmers said.",
        "A poll by Reuters/Ipsos found that most people in Bamako back the junta, the agency said.",
        "Le bilan n'a pas été communiqué, selon l'armée. AFP",
    ],
)
def test_sentences_shaped_like_credits_stay(sentence: str) -> None:
    article = parse_news_text("\n\n".join([*ENGLISH_BRIEF, sentence]))
    assert sentence in article.paragraphs


@pytest.mark.parametrize(
    ("brief", "signature", "byline", "source"),
    [
        (FRENCH_BRIEF, "Aminata Sawadogo", "Aminata Sawadogo", "Source : AIB"),
        (ENGLISH_BRIEF, "Jane Roe, Gao", "Jane Roe, Gao", "Source: Reuters"),
    ],
)
def test_a_signature_above_the_line_naming_the_source_is_still_the_signature(
    brief: list[str], signature: str, byline: str, source: str
) -> None:
    article = parse_news_text("\n\n".join([*brief, signature, source]))
    assert article.byline == byline
    assert article.paragraphs[-2:] == [brief[-1], source]


@pytest.mark.parametrize(
    ("brief", "byline", "last", "signed"),
    [
        (ENGLISH_BRIEF, None, "AFP", "AFP"),
        (ENGLISH_BRIEF, None, "(Reuters)", "Reuters"),
        (FRENCH_BRIEF, None, "— APA", "APA"),
        (FRENCH_BRIEF, None, "Avec AFP", "AFP"),
        (ENGLISH_BRIEF, "By Jane Roe", "AFP", "Jane Roe (AFP)"),
    ],
)
def test_a_last_line_naming_only_the_agency_signs_the_article(brief: list[str], byline: str | None, last: str,
                                                              signed: str) -> None:  # fmt: skip
    lines = [brief[0], *([byline] if byline else []), *brief[1:], last]
    article = parse_news_text("\n\n".join(lines))
    assert article.byline == signed
    assert last not in article.paragraphs and brief[-1] in article.paragraphs


@pytest.mark.parametrize(
    ("opening", "date"),
    [
        ("Ouagadougou, 12 mars 2025 (AIB) – Le ministre a reçu les chefs coutumiers du Soum.", "2025-03-12"),
        ("NIAMEY, March 12, 2025 (Reuters) - Niger's junta extended fuel rationing on Thursday.", "2025-03-12"),
        ("Bamako, le 3 avril 2025 – Le gouvernement a annoncé la réouverture des écoles.", "2025-04-03"),
        ("BAMAKO, March 12 (Reuters) - Mali's junta said it had retaken the town.", None),  # no year: not sure
        ("Au Mali, depuis mars 2024 – la junte a suspendu les partis.", None),
    ],
)
def test_a_wire_storys_opening_gives_its_date_when_nothing_else_does(opening: str, date: str | None) -> None:
    article = parse_news_text("\n\n".join(["Route rouverte", opening, "Les commerçants ont salué la décision.",
                                            "Les transporteurs attendent les escortes."]))  # fmt: skip
    assert article.date == date
    assert opening in [article.standfirst, *article.paragraphs], "the opening stays the article's text"


def test_a_sentence_above_a_source_line_stays_a_paragraph() -> None:
    article = parse_news_text("\n\n".join([*FRENCH_BRIEF, "Les habitants ont fui.", "Source : AIB"]))
    assert article.byline is None
    assert article.paragraphs[-2:] == ["Les habitants ont fui.", "Source : AIB"]


@pytest.mark.parametrize(
    ("post", "text", "attribution"),
    [
        ("Les FAMa ont repris le contrôle de la localité de Boni ce mardi. pic.twitter.com/xyz123",
         "Les FAMa ont repris le contrôle de la localité de Boni ce mardi.",
         "— FAMa DIRPA (@FAMa_DIRPA) March 12, 2025"),
        ("The convoy reached Djibo at dawn https://t.co/AbC123 pic.twitter.com/Xy9",
         "The convoy reached Djibo at dawn", "— Sahel Watch (@sahelwatch) 12 mars 2025"),
        ("Distribution de vivres à Kaya ce matin.", "Distribution de vivres à Kaya ce matin.",
         "A post shared by PAM Burkina (@wfp_burkina)"),
    ],
)  # fmt: skip
def test_an_embedded_post_keeps_its_words_without_its_picture_link_and_attribution(
    post: str, text: str, attribution: str
) -> None:
    article = parse_news_text("\n\n".join([*FRENCH_BRIEF, post, attribution, "Le bilan n'a pas été communiqué."]))
    assert article.paragraphs[-2:] == [text, "Le bilan n'a pas été communiqué."]
    assert attribution in [dropped.line for dropped in article.dropped]


def test_a_line_that_is_only_a_pictures_link_is_junk() -> None:
    article = parse_news_text("\n\n".join([*ENGLISH_BRIEF, "pic.twitter.com/AbC123", "The army said nothing."]))
    assert article.paragraphs[-2:] == [ENGLISH_BRIEF[-1], "The army said nothing."]
    assert ("pic.twitter.com/AbC123", "junk") in [(dropped.line, dropped.reason) for dropped in article.dropped]


def test_a_dialogue_dash_and_a_handle_in_a_sentence_stay() -> None:
    lines = ["— Nous ne partirons pas, a répondu le chef du village, selon un témoin joint à Gao.",
             "L'armée a publié la vidéo sur son compte (@FAMa_DIRPA) mardi soir, sans donner de bilan."]  # fmt: skip
    article = parse_news_text("\n\n".join([*FRENCH_BRIEF, *lines]))
    assert article.paragraphs[-2:] == lines


@pytest.mark.parametrize(
    ("brief", "heading", "headlines"),
    [
        (FRENCH_BRIEF, "Sur le même sujet", ["Mali : la junte dissout les partis politiques",
                                              "Niger : le général Tiani prolonge la transition de cinq ans"]),
        (ENGLISH_BRIEF, "Related stories:", ["Mali junta dissolves political parties", "12 March 2025",
                                             "Niger's Tiani extends the transition by five years",
                                             "Burkina names a new government"]),
        (FRENCH_BRIEF, "Les plus lus", ["Ouagadougou : incendie au grand marché", "Football : les Étalons qualifiés",
                                        "Kaya : les écoles rouvrent", "© 2025 Le Quotidien du Faso"]),
    ],
)  # fmt: skip
def test_headlines_listed_under_a_heading_at_the_end_are_related_articles(brief: list[str], heading: str,
                                                                          headlines: list[str]) -> None:  # fmt: skip
    article = parse_news_text("\n\n".join([*brief, heading, *headlines]))
    assert article.paragraphs[-1] == brief[-1]
    assert [teaser.title for teaser in article.teasers] == [line for line in headlines if line[:1].isalpha()]
    assert article.date is None  # a related article's date is not this one's


def test_a_list_the_text_introduces_or_paragraphs_after_a_heading_stay_the_article() -> None:
    items = ["Réouverture des écoles de la région", "Levée du couvre-feu à Kaya", "Libération des détenus"]
    listed = parse_news_text("\n\n".join([*FRENCH_BRIEF, "Les mesures annoncées :", *items]))
    assert listed.paragraphs[-3:] == items and not listed.teasers
    body = ["Les commerçants ont salué la décision.", "Les transporteurs attendent les escortes."]
    continued = parse_news_text("\n\n".join([*FRENCH_BRIEF, "Voir aussi", *body]))
    assert continued.paragraphs[-2:] == body and not continued.teasers


def test_a_sentence_naming_social_networks_stays() -> None:
    sentence = "Les autorités ont bloqué Facebook, WhatsApp et Telegram pendant trois jours après l’attaque."
    article = parse_news_text("\n\n".join([*FRENCH_BRIEF, sentence]))
    assert sentence in article.paragraphs


@pytest.mark.parametrize(
    "sentence",
    [
        "Menu prices rose by a third in Bamako markets this week, traders said on Tuesday.",
        "Search operations continued on Tuesday near Gao after the convoy was ambushed, the army said.",
        "Topics discussed at the meeting included security and the return of displaced families.",
        "Thèmes abordés : la sécurité, le retour des déplacés et la réouverture des écoles du cercle.",
        "Follow-up talks between herders and farmers are planned in Niamey next month, officials said.",
        "Les cookies de la boulangerie de Gao ont été distribués aux enfants du camp de déplacés jeudi.",
        "Reading time is scarce for pupils whose schools have been closed for two years, teachers say.",
        "Recherche et sauvetage : les secours ont retrouvé trois survivants après le naufrage sur le fleuve.",
        "Continue reading programmes have been suspended in Tillabéri schools since the attacks, teachers say.",
        "The post of regional governor has been vacant since the coup, and it appeared first on the agenda.",
        "L’article 5 de la charte est apparu en premier sur la liste des griefs des partis, selon un délégué.",
        "Contact with the kidnapped aid workers was lost on Monday, a relative said by phone from Niamey.",
        "About 300 families fled Djibo last week, according to the regional humanitarian office.",
        "Save the Children said its convoy reached the town on Sunday after two weeks on the road.",
        "Inscription sur les listes électorales : la junte a repoussé la date limite au mois de mars.",
        "Previous article 12 of the charter, suspended since the coup, guaranteed the freedom of the press.",
        "Recommended by the regional council, the plan was adopted by the governor on Tuesday evening.",
        "Suivez l'argent : la junte a réorienté les recettes de l'or vers l'achat de drones turcs.",
    ],
)
def test_reporting_that_starts_like_page_chrome_stays_a_paragraph(sentence: str) -> None:
    last = "Gunmen attacked a supply convoy near Gao on Monday, officials said."
    text = f"Convoy Attacked Near Gao\n\n{sentence}\n\n{last}"
    article = parse_news_text(text)
    assert sentence in article.paragraphs


_PIECES = ["cookie", "Cookies", "COOKIES", "traceurs", "accept", "Accepter", "gérer", "refuse", "manage", "©", "(c)",
           "(C)", " DR", "Photo AFP", ".", ")", " ", ", ", "base64", "BASE64,", "data:image/png;base64,", "<img",
           "<Figure", ">", "The army said", "Le convoi", "x" * 90, "REUTERS", "/", "AFP/", "Name", "(Photo by ",
           "(", "Getty Images"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_the_rules_tried_only_on_lines_with_their_word_miss_no_line(line: str) -> None:
    """The cookie-banner, credit, photographer and leftover-markup rules scan a whole line, so they run only on
    lines holding their word; the answer is always the one the rules give when run on every line."""
    from sahel_tui.corpus import newsparse, pagechrome

    rules = (pagechrome._CHROME, pagechrome._SHARE_BAR, pagechrome._CONSENT, pagechrome._CREDITED,
             pagechrome._PHOTOGRAPHER)  # fmt: skip
    every_rule = any(rule.match(line) for rule in rules)
    assert pagechrome.is_page_chrome(line) == every_rule
    assert newsparse._leftover_markup(line) == (newsparse._LEFTOVER_MARKUP.search(line) is not None)


_PIECE = st.text(alphabet=st.sampled_from(list("ab É:|-–—.,\t\u00a0")), max_size=50)
_SEPARATOR = st.sampled_from([" - ", " – ", " — ", " | ", " : ", "\t-\u00a0", "-", " "])
_TAIL = st.integers(0, 45).flatmap(  # no dash, every length around the 40 a tail may have
    lambda size: st.text(alphabet=st.sampled_from(list("ab É:.,\t")), min_size=size, max_size=size)
)


@settings(max_examples=500, deadline=None)
@given(st.tuples(_PIECE, _SEPARATOR, _PIECE, _SEPARATOR, _TAIL).map(lambda parts: "".join(parts).strip()))
@example("Sahel news - " + "b" * 40)
@example("Sahel news | " + "b" * 41)
def test_the_headline_tail_is_looked_for_at_the_end_first_without_changing_what_matches(line: str) -> None:
    """``Headline – Outlet`` is matched only after its end was found (the whole line's backtracking was most of the
    masthead rule's cost); the answer is the full pattern's, groups and all."""
    from sahel_tui.corpus.newsparse import _TITLE_TAIL, _title_tail

    full, quick = _TITLE_TAIL.match(line), _title_tail(line)
    assert (full and full.groupdict()) == (quick and quick.groupdict())
