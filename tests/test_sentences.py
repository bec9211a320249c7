"""The reader's sentences (what `j`, `J` and `a` select), in English and French news as it is written: a title's
abbreviation or a name's initial does not end one; a full stop inside closing quotes, French ones included, does."""

from __future__ import annotations

import pytest

from sahel_tui.model import Article
from sahel_tui.reading import sentences


def split(text: str) -> list[str]:
    article = Article(id="t", title="t", source="t", paragraphs=(text,))
    return [article.anchor_text[start:end] for start, end in sentences(article)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Selon M. Traoré, la situation est calme. Le général Tiani a parlé.",
         ["Selon M. Traoré, la situation est calme.", "Le général Tiani a parlé."]),
        ("Mme Koné et le Dr Diallo sont arrivés. MM. Sow et Ba ont suivi.",
         ["Mme Koné et le Dr Diallo sont arrivés.", "MM. Sow et Ba ont suivi."]),
        ("The envoy met Col. Goïta and Gen. Tiani on Tuesday. Mr. Smith stayed behind.",
         ["The envoy met Col. Goïta and Gen. Tiani on Tuesday.", "Mr. Smith stayed behind."]),
        ("Then J.-P. Kaboré and A. Ouédraogo answered. The meeting ended.",
         ["Then J.-P. Kaboré and A. Ouédraogo answered.", "The meeting ended."]),
        ("Il a dit : « Nous partons. » Le lendemain, le camp était vide.",
         ["Il a dit : « Nous partons. »", "Le lendemain, le camp était vide."]),
        ("« C’est fini ! » Puis il est reparti vers Gao.", ["« C’est fini ! »", "Puis il est reparti vers Gao."]),
        ("He said: “We are leaving.” The camp was empty by noon.",
         ["He said: “We are leaving.”", "The camp was empty by noon."]),
        ("The delegation flew to the U.S. Talks start on Monday.",
         ["The delegation flew to the U.S.", "Talks start on Monday."]),
        ("Le bilan est de 12 morts, selon l’ONU. 40 blessés ont été évacués.",
         ["Le bilan est de 12 morts, selon l’ONU.", "40 blessés ont été évacués."]),
        ("The army has a plan B. Then the talks resumed.", ["The army has a plan B.", "Then the talks resumed."]),
        ("Il a cité l’art. 5 de la charte. Le texte est suspendu.",
         ["Il a cité l’art. 5 de la charte.", "Le texte est suspendu."]),
        ("See p. 12 of the report. The figures are new.", ["See p. 12 of the report.", "The figures are new."]),
        ("Le chef de la junte, le gén. Tiani, a parlé. Le col. Maïga a suivi.",
         ["Le chef de la junte, le gén. Tiani, a parlé.", "Le col. Maïga a suivi."]),
        ("The museum shows their art. 300 works were saved from Timbuktu.",
         ["The museum shows their art.", "300 works were saved from Timbuktu."]),
        ("Les autorités ont retenu le scénario B. Il prévoit un retrait.",
         ["Les autorités ont retenu le scénario B.", "Il prévoit un retrait."]),
        ("Selon J.-M. Le Pen et I. Ag Ghaly, rien. M. Le Drian et A. El Hadj aussi.",
         ["Selon J.-M. Le Pen et I. Ag Ghaly, rien.", "M. Le Drian et A. El Hadj aussi."]),
    ],
)  # fmt: skip
def test_sentences_as_a_reader_sees_them(text: str, expected: list[str]) -> None:
    assert split(text) == expected
