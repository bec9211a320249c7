"""Gazetteer validation, extraction rules on tricky texts, and precision/recall on the hand-labelled articles."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from sahel_tui.cli import main
from sahel_tui.corpus.library import Library
from sahel_tui.entities.extract import default_extractor, extract
from sahel_tui.entities.gazetteer import TYPES, GazetteerError, load_gazetteer, parse_gazetteer
from sahel_tui.entities.summary import summarize
from sahel_tui.model import Article
from sahel_tui.paths import locations

LABELS = tomllib.loads((Path(__file__).parent / "fixtures" / "entities" / "bundled_labels.toml").read_text())


def test_gazetteer_is_valid_and_large_enough() -> None:
    gazetteer = load_gazetteer()
    assert len(gazetteer) >= 120
    assert {entity.type for entity in gazetteer.entities.values()} <= set(TYPES)
    for kind in ("armed_group", "state_force", "foreign_force", "militia", "organisation", "junta", "person",
                 "country", "region", "place"):  # fmt: skip
        assert any(e.type == kind for e in gazetteer.entities.values()), kind


def test_validation_reports_every_problem() -> None:
    data = {
        "entity": [
            {"id": "a", "type": "armed_group", "name": "Alpha", "description": "x", "aliases": ["Beta"]},
            {"id": "a", "type": "spaceship", "name": "Beta", "description": "y", "member_of": "nowhere"},
            {"id": "c", "type": "place", "name": "Gamma"},
        ]
    }
    with pytest.raises(GazetteerError) as caught:
        parse_gazetteer(data)
    message = str(caught.value)
    for expected in ("duplicate id", "unknown type 'spaceship'", "relation to unknown entity 'nowhere'",
                     "name 'beta' is already", "c: missing description"):  # fmt: skip
        assert expected in message


def ids(text: str, field: str = "paragraph") -> set[str]:
    return {m.entity_id for m in default_extractor().field_mentions(field, text, 0)}


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("The Africa Corps replaced the Wagner Group.", {"africa-corps", "wagner"}, {"africa"}),
        ("Floods ravaged Niger State last week.", {"niger-state"}, {"niger"}),
        ("The Alliance of Sahel States met in Niamey.", {"aes", "niamey"}, {"sahel"}),
        (
            "Officials at the US Bureau of African Affairs spoke.",
            {"us-bureau-african-affairs"},
            {"united-states", "africa"},
        ),
        ("the wagner group and africa corps were seen near gao.", {"wagner", "africa-corps"}, {"gao"}),
        ("The amnesty law was passed in Bamako.", {"bamako"}, {"amnesty-international"}),
        ("LET US PRAY FOR MALI", {"mali"}, {"united-states"}),
        ("AES encryption keys were rotated on Tuesday.", set(), {"aes"}),
        ("In Mali, the EU and the AU condemned the coup.", {"mali", "european-union", "african-union"}, set()),
        ("Niger's CNSP junta expelled the ambassador.", {"niger", "cnsp-niger"}, set()),
        ("Jama'at Nasr al-Islam wal-Muslimin claimed the attack.", {"jnim"}, set()),
        ("Despite the rain, Traders Gathered in the market.", set(), {"unlisted:traders-gathered"}),
        ("Army spokesman Souleymane Dembélé said the convoy was safe.", {"unlisted:souleymane-dembele"}, set()),
        (
            "Army spokesman Colonel Souleymane Dembélé said the base held.",
            {"unlisted:souleymane-dembele"},
            {"unlisted:colonel-souleymane-dembele"},
        ),
        ("Le ministre de la Défense, Boubacar Keïta, a visité le camp.", {"unlisted:boubacar-keita"}, set()),
        ("The head of the regional council, Awa Sow, resigned.", {"unlisted:awa-sow"}, set()),
        ("Selon Aïssata Cissé, directrice d'une ONG locale, la situation empire.", {"unlisted:aissata-cisse"}, set()),
        (
            "According to Human Rights Watch, the army killed civilians.",
            {"human-rights-watch"},
            {"unlisted:human-rights-watch"},
        ),
        ("Selon Jeune Afrique, le ministre a démissionné.", set(), {"unlisted:jeune-afrique"}),
        ("L'avocat Me Mamadou Konaté a dénoncé les arrestations.", {"unlisted:mamadou-konate"}, set()),
        ("Captain Ibrahim Traoré addressed the nation.", {"ibrahim-traore"}, set()),
        ("French forces left Gao; Russian instructors arrived.", {"french-forces", "gao", "russia"}, {"france"}),
        ("Herders crossed the Gourma towards Hombori.", {"gourma", "hombori"}, set()),
        ("Les éleveurs du Gourma descendent vers Gossi.", {"gourma", "gossi"}, set()),
        # a longer name holding "Gourma" is its own entity, never the region too
        ("Attacks rose in the Liptako-Gourma.", {"liptako-gourma"}, {"gourma"}),
        ("Le convoi a quitté Fada N'Gourma à l'aube.", {"fada-ngourma"}, {"gourma"}),
        ("Le préfet de Gourma-Rharous a reçu les notables.", {"gourma-rharous"}, {"gourma"}),
        ("Gourma Rharous lies on the south bank.", {"gourma-rharous"}, {"gourma"}),
    ],
)
def test_tricky_cases(text: str, present: set[str], absent: set[str]) -> None:
    found = ids(text)
    assert present <= found, found
    assert not (absent & found), found


def test_possessives_count_and_offsets_point_at_the_name() -> None:
    text = "Wagner’s exit and Mali's crisis"
    mentions = default_extractor().field_mentions("paragraph", text, 0)
    assert [(text[m.start : m.end], m.entity_id) for m in mentions] == [("Wagner", "wagner"), ("Mali", "mali")]


def test_kinds_name_acronym_adjectival_metonym() -> None:
    mentions = default_extractor().field_mentions(
        "paragraph", "Washington and the Kremlin watched Malian troops and JNIM fighters.", 0
    )
    kinds = {(m.text, m.kind) for m in mentions}
    assert ("Washington", "metonym") in kinds and ("the Kremlin", "metonym") in kinds
    assert ("Malian troops", "name") in kinds and ("JNIM", "acronym") in kinds
    assert ("Malian", "adjectival") in {(m.text, m.kind) for m in default_extractor().field_mentions(
        "paragraph", "Malian officials spoke.", 0)}  # fmt: skip


@pytest.mark.parametrize("byline", ["Par Ibrahim Souley", "BY IBRAHIM SOULEY", "Ibrahim Souley"])
def test_a_bylines_label_is_not_part_of_the_person(byline: str) -> None:
    (mention,) = default_extractor().field_mentions("byline", byline, None)
    assert mention.text.casefold() == "ibrahim souley"


def test_all_caps_byline_is_an_unlisted_person() -> None:
    (mention,) = default_extractor().field_mentions("byline", "AMINATA TRAORE", None)
    assert mention.entity_id == "unlisted:aminata-traore" and not mention.listed and mention.type == "person"


def bundled(article_id: str) -> Article:
    return Library(locations()).get(article_id)


@pytest.mark.parametrize("article_id", sorted(LABELS))
def test_precision_and_recall_on_hand_labelled_articles(article_id: str) -> None:
    expected = set(LABELS[article_id]["entities"])
    found = {m.entity_id for m in extract(bundled(article_id))}
    true_positives = expected & found
    precision = len(true_positives) / len(found)
    recall = len(true_positives) / len(expected)
    assert precision >= 0.95, f"precision {precision:.2f}: unexpected {sorted(found - expected)}"
    assert recall >= 0.90, f"recall {recall:.2f}: missed {sorted(expected - found)}"


def test_mention_offsets_match_the_text() -> None:
    article = bundled("wagner-withdrawal-from-mali-russia-presence")
    for mention in extract(article):
        field = {
            "title": article.title, "byline": article.byline, "standfirst": article.standfirst,
            "paragraph": article.paragraphs[mention.paragraph] if mention.field == "paragraph" else None,
            "teaser": article.teasers[mention.paragraph].title if mention.field == "teaser" else None,
        }[mention.field]  # fmt: skip
        assert field[mention.start : mention.end] == mention.text


def test_summary_groups_by_type_with_unlisted_last() -> None:
    summaries = summarize(extract(bundled("wagner-withdrawal-from-mali-russia-presence")))
    order = list(TYPES)
    listed = [s for s in summaries if s.listed]
    assert [order.index(s.type) for s in listed] == sorted(order.index(s.type) for s in listed)
    assert not summaries[-1].listed and summaries[-1].name == "Reda El Ghazal"
    wagner = next(s for s in summaries if s.id == "wagner")
    assert wagner.count >= 10


def test_entities_of_a_date_span_count_only_the_articles_dated_in_it(tmp_path: Path) -> None:
    for name, day, text in [("gao-old", "2024-05-02", "Les habitants de Gao attendent la crue."),
                            ("kidal-new", "2026-03-02", "Un convoi a quitté Kidal pour Gao mardi."),
                            ("undated", None, "Des pluies sont attendues à Kidal cette semaine.")]:  # fmt: skip
        front = f"---\ntitle: {name}\ndate: {day}\n---\n" if day else f"# {name}\n\n"
        (tmp_path / f"{name}.md").write_text(front + text + "\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["import", str(tmp_path)]).exit_code == 0

    def counts(*args: str) -> dict[str, int]:
        done = runner.invoke(main, ["entities", "--json", *args])
        assert done.exit_code == 0, done.output
        return {row["id"]: row["articles"] for row in json.loads(done.stdout) if row["id"] in ("gao", "kidal")}

    assert counts() == {"gao": 2, "kidal": 2}
    assert counts("--since", "2026-01") == {"gao": 1, "kidal": 1}
    assert counts("--before", "2025") == {"gao": 1}
    assert counts("--since", "2026-04") == {}
    table = runner.invoke(main, ["entities", "--since", "2024", "--before", "2025"], env={"COLUMNS": "200"}).output
    assert "Entities in the 1 article dated since 2024-01-01 and before 2025-01-01" in table
    wrong = runner.invoke(main, ["entities", "--since", "lundi"])
    assert wrong.exit_code == 2 and "'lundi' is not a date" in wrong.output
    assert runner.invoke(main, ["entities", "gao-old", "--since", "7d"]).exit_code == 2  # one article has no span


def test_entities_cli_article_and_corpus_json() -> None:
    runner = CliRunner()
    article = json.loads(
        runner.invoke(main, ["entities", "--json", "wagner-withdrawal-from-mali-russia-presence"]).output
    )
    assert article["article"] == "wagner-withdrawal-from-mali-russia-presence"
    jnim = next(e for e in article["entities"] if e["id"] == "jnim")
    assert set(jnim) == {"id", "name", "type", "count", "in_text", "in_related", "listed", "mentions"}
    assert {m["text"] for m in jnim["mentions"]} == {"Jama’a Nusrat ul-Islam wa al-Muslimin", "JNIM"}
    assert set(jnim["mentions"][0]) >= {"field", "start", "end", "text", "kind"}
    corpus = json.loads(runner.invoke(main, ["entities", "--json"]).output)
    by_id = {row["id"]: row for row in corpus}
    assert set(by_id["mali"]) == {"id", "name", "type", "articles", "mentions"}
    assert by_id["mali"]["articles"] == 3 and by_id["jnim"]["articles"] == 1
    from sahel_tui.entities.corpus_stats import STATS_FILE

    assert (locations().index_dir / STATS_FILE).exists()


def test_corpus_counts_and_co_mentions_are_cached_and_follow_changes(library, tmp_path) -> None:
    from sahel_tui.entities.corpus_stats import synced_stats

    stats = synced_stats(library)
    assert stats.articles_mentioning("africa-corps") == {
        "wagner-announces-withdrawal-from-mali", "wagner-withdrawal-from-mali-russia-presence"
    }  # fmt: skip
    assert stats.co_mentions("jnim")["al-qaeda"] == 1 and stats.co_mentions("wagner")["mali"] == 2
    extra = tmp_path / "djibo.txt"
    extra.write_text("Blockade of Djibo Tightens\n\nJNIM fighters cut the road to Djibo again, residents said.\n")
    library.import_paths([extra])
    updated = synced_stats(library)
    assert updated.articles_mentioning("jnim") == {"wagner-withdrawal-from-mali-russia-presence", "djibo"}
    assert {row["id"]: row["articles"] for row in updated.totals()}["djibo"] == 1


def test_possessive_inside_a_multiword_name() -> None:
    found = {
        m.text: m.entity_id for m in default_extractor().field_mentions("standfirst", "Mali’s military forces left.")
    }
    assert found == {"Mali’s military forces": "fama"}
