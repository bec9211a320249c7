"""The query parser, alone: words, phrases, exclusions, filters, and lenient reading of malformed input."""

from __future__ import annotations

import pytest

from sahel_tui.search.query import Term, parse_query


def test_words_are_and_terms_and_the_last_is_a_prefix() -> None:
    assert parse_query("wagnr bam").terms == [Term("wagnr"), Term("bam", prefix=True)]
    assert parse_query("wagner bamako ").terms == [Term("wagner"), Term("bamako")]


def test_phrases_exclusions_and_filters() -> None:
    query = parse_query('"Africa Corps" -russia by:Ghazal entity:JNIM is:bookmarked has:note mali')
    assert query.phrases == [["africa", "corps"]]
    assert query.excluded == ["russia"]
    assert query.byline == ["ghazal"]
    assert query.filters == {"entity": ["jnim"], "is": ["bookmarked"], "has": ["note"]}
    assert query.terms == [Term("mali", prefix=True)]


def test_a_filter_value_with_spaces_is_quoted() -> None:
    query = parse_query('tag:"Mali centre" feed:"Radio Fleuve" by:"Oumar Maïga" gao')
    assert query.filters == {"tag": ["mali centre"], "feed": ["radio fleuve"]}
    assert query.byline == ["oumar", "maiga"] and query.terms == [Term("gao", prefix=True)]
    assert parse_query('tag:"mali centre').filters == {"tag": ["mali centre"]}, "unclosed: to the end, as a phrase"
    assert parse_query('tag:"" mali').filters == {} and parse_query('-tag:"a b" x').terms == [Term("x", prefix=True)]


@pytest.mark.parametrize(
    ("text", "expected_terms", "expected_phrases"),
    [
        ('"africa corps', [], [["africa", "corps"]]),  # unclosed quote runs to the end
        ('"', [], []),
        ("-", [], []),  # lone minus ignored
        ("- wagner", [Term("wagner", prefix=True)], []),
        ("xyz:foo", [Term("xyz"), Term("foo", prefix=True)], []),  # unknown filter read as words
        ("by:", [Term("by", prefix=True)], []),  # filter without a value read as a word
        ("[/x] $var", [Term("x"), Term("var", prefix=True)], []),
        ("", [], []),
        ("   ", [], []),
        ("\x1b[2J", [Term("2j", prefix=True)], []),
    ],
)
def test_malformed_queries_never_raise(text, expected_terms, expected_phrases) -> None:
    query = parse_query(text)
    assert query.terms == expected_terms
    assert query.phrases == expected_phrases


def test_excluded_phrase() -> None:
    query = parse_query('mali -"the kremlin"')
    assert query.excluded_phrases == [["the", "kremlin"]]
