"""The index on small hand-made corpora: ranking rules, fallback, filters, incremental updates, persistence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sahel_tui.cli import main
from sahel_tui.corpus.library import Library
from sahel_tui.model import Article
from sahel_tui.paths import locations
from sahel_tui.search import index as index_module
from sahel_tui.search.index import SearchIndex
from sahel_tui.search.library_index import open_synced_index


def article(article_id: str, title: str, body: str, byline: str | None = None, standfirst: str | None = None):
    return Article(id=article_id, title=title, source=f"{article_id}.txt", byline=byline,
                   standfirst=standfirst, paragraphs=tuple(body.split("\n\n")))  # fmt: skip


class Corpus:
    """A hand-made corpus and the index built from it, counting how many articles the index loads."""

    def __init__(self, path: Path, articles: list[Article]) -> None:
        self.articles = {a.id: a for a in articles}
        self.loads: list[str] = []
        self.index = SearchIndex.open(path, self.read)
        self.sync()

    def read(self, article_ids) -> dict[str, Article]:
        return {aid: self.articles[aid] for aid in article_ids if aid in self.articles}

    def load(self, article_ids) -> dict[str, Article]:
        self.loads.extend(article_ids)
        return {aid: self.articles[aid] for aid in article_ids}

    def sync(self, fingerprints: dict[str, str] | None = None):
        catalog = fingerprints or dict.fromkeys(self.articles, "v1")
        return self.index.sync(catalog, self.load)

    def ids(self, query: str, **kwargs) -> list[str]:
        return [hit.article_id for hit in self.index.search(query, **kwargs).hits]


FILLER = "Officials met on Tuesday to discuss the situation in the region and the road ahead."


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    return Corpus(
        tmp_path / "index.sqlite3",
        [
            article("title-hit", "Wagner leaves Mali", FILLER),
            article("body-hit", "Russian exit from Mali", f"{FILLER} Wagner fighters left the base."),
            article("standfirst-hit", "A mercenary exit", FILLER, standfirst="Wagner is going home."),
            article("byline-hit", "Column on the Sahel", FILLER, byline="Anna Wagner"),
            article("prefix-hit", "Wagnerite veterans speak", FILLER),
            article("typo-hit", "Wagnre in the press", FILLER),
            article("gao", "Gao market reopens", f"{FILLER} Traders in Gao welcomed the news."),
            article("gao-kidal", "Gao and Kidal talks", f"{FILLER} Gao and Kidal leaders met in Bamako."),
        ],
    )


def test_field_weights_title_then_standfirst_then_byline_then_body(corpus: Corpus) -> None:
    ranked = corpus.ids("wagner ", limit=10)
    assert ranked[:4] == ["title-hit", "standfirst-hit", "byline-hit", "body-hit"]


def test_exact_beats_prefix_beats_typo(corpus: Corpus) -> None:
    ranked = corpus.ids("wagner", limit=10)  # last term: a prefix, so "wagnerite" counts too
    assert ranked.index("body-hit") < ranked.index("prefix-hit") < ranked.index("typo-hit")


def test_all_terms_beat_some_and_partial_fallback_is_flagged(corpus: Corpus) -> None:
    result = corpus.index.search("gao kidal")
    assert [h.article_id for h in result.hits] == ["gao-kidal"]
    assert not result.partial
    fallback = corpus.index.search("gao timbuktu")
    assert fallback.partial
    assert {h.article_id for h in fallback.hits} == {"gao", "gao-kidal"}


def test_phrase_exclusion_and_byline(corpus: Corpus) -> None:
    assert corpus.ids('"kidal leaders"') == ["gao-kidal"]
    assert corpus.ids('"leaders kidal"') == []
    assert corpus.ids("gao -kidal") == ["gao"]
    assert corpus.ids("by:wagner") == ["byline-hit"]
    assert corpus.ids("by:wagnr") == ["byline-hit"]


def test_restrict_to_a_set_of_articles(corpus: Corpus) -> None:
    assert corpus.ids("gao", restrict={"gao-kidal"}) == ["gao-kidal"]
    assert sorted(corpus.ids("", restrict={"gao", "typo-hit"})) == ["gao", "typo-hit"]


def test_nonsense_finds_nothing(corpus: Corpus) -> None:
    result = corpus.index.search("qqxzv")
    assert result.hits == [] and result.total == 0 and not result.partial


def test_hits_carry_matched_words_spans_and_snippet(corpus: Corpus) -> None:
    (hit,) = corpus.index.search("kiadl", limit=1, full_spans=True).hits
    assert hit.article_id == "gao-kidal"
    assert hit.matched == {"kiadl": ("kidal",)}
    title_spans = [(s.start, s.end) for s in hit.spans if s.field == "title"]
    assert [hit.title[a:b] for a, b in title_spans] == ["Kidal"]
    paragraph = corpus.articles["gao-kidal"].paragraphs[0]
    assert [paragraph[s.start : s.end] for s in hit.spans if s.field == "paragraph"] == ["Kidal"]
    assert [hit.snippet[a:b] for a, b in hit.snippet_spans] == ["Kidal"]


def test_incremental_update_reindexes_only_what_changed(corpus: Corpus) -> None:
    corpus.loads.clear()
    assert not corpus.sync().changed
    assert corpus.loads == []
    corpus.articles["gao"] = article("gao", "Gao market burns", "A fire swept through the market in Gao.")
    corpus.articles["new"] = article("new", "Timbuktu manuscripts", "Manuscripts were moved to Bamako.")
    catalog = dict.fromkeys(corpus.articles, "v1") | {"gao": "v2"}
    del catalog["typo-hit"]
    report = corpus.sync(catalog)
    assert (report.added, report.updated, report.removed, report.rebuilt) == (1, 1, 1, False)
    assert sorted(corpus.loads) == ["gao", "new"]
    assert corpus.ids("burns") == ["gao"]
    assert corpus.ids("reopens") == []
    assert corpus.ids("timbuktu") == ["new"]
    assert "typo-hit" not in corpus.ids("wagnre"), "a removed article's words find nothing"


def test_small_changes_go_to_the_delta_and_never_rewrite_the_main_postings(corpus: Corpus) -> None:
    statements: list[str] = []
    corpus.index._db.set_trace_callback(statements.append)
    corpus.articles["new"] = article("new", "Timbuktu manuscripts", "Manuscripts moved to Bamako and Gao.")
    corpus.articles["gao"] = article("gao", "Gao market burns", "A fire swept through the market in Gao.")
    report = corpus.sync(dict.fromkeys(corpus.articles, "v1") | {"gao": "v2"})
    assert (report.added, report.updated, report.rebuilt, report.merged) == (1, 1, False, False)
    assert not [sql for sql in statements if "INTO terms" in sql or ("FROM terms" in sql and "postings" in sql)]
    assert corpus.ids("burns") == ["gao"] and "new" in corpus.ids("gao")
    assert corpus.ids("manuscrpits") == ["new"], "a word only the delta holds is in the vocabulary"
    assert corpus.ids("reopens") == []


def test_when_changes_pile_up_they_are_folded_into_the_main_postings(tmp_path: Path) -> None:
    from sahel_tui.search import index_write

    base = [article(f"a{n}", f"Report {n} from Kidal", f"{FILLER} Convoy {n} reached Kidal.") for n in range(400)]
    corpus = Corpus(tmp_path / "index.sqlite3", base)
    merged = False
    for round_ in range(6):  # each round replaces 30 articles: under the rebuild share, over the merge share in all
        for n in range(round_ * 30, round_ * 30 + 30):
            corpus.articles[f"a{n}"] = article(f"a{n}", f"Revised report {n}", f"Kidal convoy {n} was delayed.")
        report = corpus.sync(dict.fromkeys(corpus.articles, "v1") | {f"a{n}": "v2" for n in range(round_ * 30 + 30)})
        assert not report.rebuilt
        merged = merged or report.merged
    assert merged
    assert corpus.index._stale_share()[0] < index_write.REBUILD_MINIMUM, "the fold left only the last rounds' changes"
    assert sorted(corpus.ids("revised", limit=500)) == sorted(f"a{n}" for n in range(180))
    assert len(corpus.ids("kidal", limit=500)) == 400, "every article once: no dead or doubled postings counted"
    whole = Corpus(tmp_path / "whole.sqlite3", list(corpus.articles.values()))
    for query in ("kidal", "revised convoy", "delayed", "report 17"):
        assert {(h.article_id, round(h.score, 4)) for h in corpus.index.search(query, limit=500).hits} == {
            (h.article_id, round(h.score, 4)) for h in whole.index.search(query, limit=500).hits
        }, query


def test_index_persists_and_reopens_without_loading(tmp_path: Path, corpus: Corpus) -> None:
    corpus.index.close()
    reopened = Corpus.__new__(Corpus)
    reopened.articles, reopened.loads = corpus.articles, []
    reopened.index = SearchIndex.open(corpus.index.path, corpus.read)
    assert not reopened.sync().changed and reopened.loads == []
    assert reopened.ids("kidal") == ["gao-kidal"]


def test_index_of_another_version_is_rebuilt(tmp_path: Path, corpus: Corpus, monkeypatch) -> None:
    corpus.index.close()
    monkeypatch.setattr(index_module, "INDEX_VERSION", index_module.INDEX_VERSION + 1)
    fresh = SearchIndex.open(corpus.index.path, corpus.read)
    assert fresh.document_count == 0


def test_damaged_index_file_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    index = SearchIndex.open(path, lambda ids: {})
    assert index.document_count == 0


# -- the bundled articles -----------------------------------------------------------------------------------------


@pytest.fixture
def bundled_index(library: Library) -> SearchIndex:
    index, _ = open_synced_index(library)
    return index


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("wagnr", {"wagner-announces-withdrawal-from-mali", "wagner-withdrawal-from-mali-russia-presence"}),
        ("bamkao", {"wagner-withdrawal-from-mali-russia-presence", "us-envoy-visits-mali-diplomatic-reset"}),
        ("withdrawl", {"wagner-withdrawal-from-mali-russia-presence", "wagner-announces-withdrawal-from-mali"}),
        ("ecowas", {"us-envoy-visits-mali-diplomatic-reset"}),
        ("jama'a", {"wagner-withdrawal-from-mali-russia-presence"}),
        ("Jama’a nusrat", {"wagner-withdrawal-from-mali-russia-presence"}),
        ("tchangary", {"wagner-withdrawal-from-mali-russia-presence"}),
        ("nick checker", {"us-envoy-visits-mali-diplomatic-reset"}),
    ],
)
def test_misspelled_queries_find_the_right_bundled_article_first(bundled_index, query, expected_first) -> None:
    hits = bundled_index.search(query).hits
    assert hits and hits[0].article_id in expected_first


def test_bamako_articles_are_found_and_nothing_else(bundled_index) -> None:
    ids = {hit.article_id for hit in bundled_index.search("bamkao ").hits}
    assert ids == {"wagner-withdrawal-from-mali-russia-presence", "us-envoy-visits-mali-diplomatic-reset"}


def test_search_cli_json_shape_and_empty_result() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["search", "--json", "--limit", "2", "wagnr"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)  # how the words were read goes to stderr
    assert len(hits) == 2
    for hit in hits:
        assert {"id", "title", "score", "snippet", "matches"} <= set(hit)
        for match in hit["matches"]:
            assert {"field", "start", "end"} <= set(match)
    article = json.loads(runner.invoke(main, ["show", "--json", hits[0]["id"]]).output)
    title_matches = [m for m in hits[0]["matches"] if m["field"] == "title"]
    assert [article["title"][m["start"] : m["end"]] for m in title_matches] == ["Wagner"]
    empty = runner.invoke(main, ["search", "--json", "qqxzv"])
    assert empty.exit_code == 0 and json.loads(empty.output) == []
    assert locations().index_dir.joinpath("search.sqlite3").exists()


def test_search_cli_table_highlights() -> None:
    result = CliRunner().invoke(main, ["search", "ecowas"])
    assert result.exit_code == 0
    assert "America Re-enters the Sahel" in result.output
    assert "ECOWAS" in result.output


def test_two_processes_building_the_same_index_at_once(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from sahel_tui.corpus.library import Library; "
        "from sahel_tui.paths import locations; from sahel_tui.search.library_index import open_synced_index; "
        "index, report = open_synced_index(Library(locations())); "
        "print(index.document_count, [h.article_id for h in index.search('ecowas').hits])"
    )
    children = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [child.communicate(timeout=120)[0].strip() for child in children]
    assert [child.returncode for child in children] == [0, 0, 0]
    assert outputs == ["3 ['us-envoy-visits-mali-diplomatic-reset']"] * 3
    assert not list(locations().index_dir.glob("*.new"))


def test_after_changes_the_ranking_equals_a_fresh_build_of_the_same_articles(tmp_path: Path, corpus: Corpus) -> None:
    for article_id in ("gao", "gao-kidal", "title-hit"):  # replaced: their old postings stay behind, masked
        old = corpus.articles[article_id]
        corpus.articles[article_id] = article(article_id, old.title, old.body_text + " Traders in Gao agreed.")
    report = corpus.sync(dict.fromkeys(corpus.articles, "v1") | {"gao": "v2", "gao-kidal": "v2", "title-hit": "v2"})
    assert not report.rebuilt and not report.merged
    fresh = Corpus(tmp_path / "fresh.sqlite3", list(corpus.articles.values()))
    for query in ("gao", "traders", "wagner", "gao traders"):
        patched = [(hit.article_id, round(hit.score, 4)) for hit in corpus.index.search(query).hits]
        built = [(hit.article_id, round(hit.score, 4)) for hit in fresh.index.search(query).hits]
        assert patched == built, query
        assert all(score > 0 for _, score in patched)


def test_a_build_in_runs_is_the_same_index_as_a_build_in_one_go(tmp_path: Path, monkeypatch) -> None:
    """A big library is built a run of postings at a time (bounded memory): the index must not differ."""
    import sqlite3

    from sahel_tui.search import postings

    places = ["Kidal", "Gao", "Ménaka", "Tombouctou", "Mopti"]
    articles = [
        article(f"a{n}", f"Report {n} from {places[n % 5]}", f"{FILLER} Convoy {n} reached {places[(n * 3) % 5]}.",
                standfirst="Les patrouilles ont repris." if n % 4 == 0 else None)
        for n in range(300)
    ]  # fmt: skip
    whole = Corpus(tmp_path / "whole.sqlite3", articles)
    monkeypatch.setattr(postings, "RUN_ENTRIES", 97)  # a run every few articles
    in_runs = Corpus(tmp_path / "runs.sqlite3", articles)

    def table(path: Path, name: str) -> list[tuple]:
        with sqlite3.connect(path) as db:
            return db.execute(f"SELECT * FROM {name} ORDER BY 1, 2").fetchall()

    for name in ("terms", "stems", "docs"):
        assert table(tmp_path / "runs.sqlite3", name) == table(tmp_path / "whole.sqlite3", name), name
    assert len(table(tmp_path / "runs.sqlite3", "terms")) > 300
    for query in ("kidal", "convoy 17", "patrouille", "menaka"):
        assert [(h.article_id, h.score) for h in in_runs.index.search(query, limit=400).hits] == [
            (h.article_id, h.score) for h in whole.index.search(query, limit=400).hits
        ], query
    assert sorted(p.name for p in tmp_path.iterdir() if "runs" in p.name and "-runs" in p.name) == []


def test_opening_the_index_reads_the_vocabulary_from_a_covering_index_not_the_postings(tmp_path: Path) -> None:
    """What an open reads (lengths, ids, the vocabulary) must not scan the rows that hold the postings: at 100k
    articles that was most of a warm search. An index built before the covering index gets it on open."""
    import sqlite3

    path = tmp_path / "index.sqlite3"
    corpus = Corpus(path, [article(f"a{n}", f"Report {n}", f"{FILLER} Convoy {n} reached Gao.") for n in range(50)])
    with sqlite3.connect(path) as db:  # as an index of the previous version left it
        db.execute("DROP INDEX terms_vocabulary")
    index = SearchIndex.open(path, corpus.read)
    statements: list[str] = []
    index._db.set_trace_callback(statements.append)
    index._load_state()
    index._db.set_trace_callback(None)
    plans = [
        " ".join(row[-1] for row in index._db.execute(f"EXPLAIN QUERY PLAN {statement}"))
        for statement in statements
        if statement.lstrip().upper().startswith("SELECT")
    ]
    scans = [plan for plan in plans if "SCAN terms" in plan]
    assert scans, "the open reads the vocabulary"
    assert all("COVERING INDEX" in plan for plan in scans), plans
    assert index.search("convoy gao").total == 50


def test_the_index_keeps_no_copy_of_the_text_and_reads_it_from_the_library(tmp_path: Path) -> None:
    """Snippets and phrase checks read the articles through the reader the index was opened with; the file holds
    titles, numbers and packed postings only. An article the library no longer has is neither a hit nor counted."""
    sentence = "The convoy of the Azawad coalition reached Anefis before the storm."
    corpus = Corpus(
        tmp_path / "index.sqlite3",
        [article(f"a{n}", f"Report {n}", f"{FILLER}\n\n{sentence} Number {n}.") for n in range(30)],
    )
    corpus.index.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert sentence.encode() not in stored and b"Azawad coalition" not in stored
    assert b"Report 7" in stored  # titles stay: a result list needs no article read
    corpus.index = SearchIndex.open(tmp_path / "index.sqlite3", corpus.read)
    hit = corpus.index.search("anefis number 7").hits[0]
    assert hit.article_id == "a7" and "Anefis" in hit.snippet and hit.snippet in corpus.articles["a7"].body_text
    assert corpus.index.search('"azawad coalition reached"').total == 30
    del corpus.articles["a3"]  # gone from the library, the index not yet in step
    phrase = corpus.index.search('"azawad coalition reached"', limit=50)
    assert phrase.total == 29 and "a3" not in [h.article_id for h in phrase.hits]
    brief = corpus.index.search("anefis", limit=50)
    assert "a3" not in [h.article_id for h in brief.hits] and len(brief.hits) == 29


def test_half_built_files_of_a_process_that_died_are_removed_by_the_next_build(tmp_path: Path) -> None:
    """A killed build leaves a file as big as the index (and its runs); a running one's files are left alone."""
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)
    path = tmp_path / "index.sqlite3"
    leftovers = [tmp_path / f"index.sqlite3.{dead_pid}.140.new", tmp_path / f"index.sqlite3.{dead_pid}.140.new-runs"]
    of_a_running_build = tmp_path / "index.sqlite3.1.7.new"  # process 1 is always running
    for file in [*leftovers, of_a_running_build]:
        file.write_bytes(b"half an index")
    Corpus(path, [article("a", "Report from Gao", FILLER)])
    assert not any(file.exists() for file in leftovers)
    assert of_a_running_build.exists()


def test_a_hit_whose_text_the_library_cannot_give_stays_a_hit_and_says_so(tmp_path: Path) -> None:
    from sahel_tui.search.hits import UNREADABLE

    corpus = Corpus(
        tmp_path / "index.sqlite3",
        [article(f"a{n}", f"Convoy {n} reaches Kidal", f"{FILLER} The convoy arrived in Kidal.") for n in range(3)],
    )
    readable = corpus.read
    corpus.index._articles = lambda ids: {**readable(ids), "a1": None} if "a1" in ids else readable(ids)
    hits = {hit.article_id: hit for hit in corpus.index.search("kidal convoy").hits}
    assert set(hits) == {"a0", "a1", "a2"}
    assert hits["a1"].title == "Convoy 1 reaches Kidal" and hits["a1"].snippet == UNREADABLE
    assert "Kidal" in hits["a0"].snippet
    assert corpus.index.search('"convoy arrived"').total == 2, "a phrase cannot be checked in unreadable text"


def test_the_command_line_search_goes_on_past_an_article_whose_stored_text_is_damaged() -> None:
    import sqlite3
    from contextlib import closing

    from sahel_tui.search.hits import UNREADABLE

    assert CliRunner().invoke(main, ["search", "wagner"]).exit_code == 0  # indexed while its text was sound
    with closing(sqlite3.connect(locations().catalog_db)) as db, db:
        db.execute("UPDATE articles SET paragraphs = 'not json' WHERE id = 'wagner-announces-withdrawal-from-mali'")
    result = CliRunner().invoke(main, ["search", "wagner", "--json"])
    assert result.exit_code == 0, result.output
    hits = {hit["id"]: hit for hit in json.loads(result.stdout)}
    assert hits["wagner-announces-withdrawal-from-mali"]["snippet"] == UNREADABLE
    assert "Wagner" in hits["wagner-withdrawal-from-mali-russia-presence"]["snippet"]


def test_articles_named_by_an_entity_are_found_again_after_their_article_changed(tmp_path: Path) -> None:
    """The documents of an entity's articles are kept between keystrokes; a change to one of those articles gives it
    a new document number, which the next search must use (the kept numbers go with the change)."""
    corpus = Corpus(
        tmp_path / "index.sqlite3",
        [article("a1", "Fighters seen near Tessit", FILLER), article("a2", "Market day in Gao", FILLER)],
    )
    mentioning = frozenset({"a1"})  # as the entity figures give it: the same object at every keystroke
    assert corpus.ids("gsim", also_matching={"gsim": mentioning}) == ["a1"]
    corpus.articles["a1"] = article("a1", "Fighters seen near Tessit again", FILLER)
    assert corpus.sync(dict.fromkeys(corpus.articles, "v1") | {"a1": "v2"}).updated == 1
    assert corpus.ids("gsim", also_matching={"gsim": mentioning}) == ["a1"]


def test_a_command_that_opens_syncs_and_searches_reads_the_index_state_once(tmp_path: Path, monkeypatch) -> None:
    """Lengths, liveness and the vocabulary are read when first needed: opening and then bringing the index up to
    date read them once, after the change (0.35 s each time at 100k articles)."""
    import sqlite3

    corpus = Corpus(tmp_path / "index.sqlite3", [article(f"a{n}", f"Report {n}", FILLER) for n in range(20)])
    corpus.index.close()
    statements: list[str] = []
    original = sqlite3.connect

    def traced(*args, **kwargs):
        connection = original(*args, **kwargs)
        connection.set_trace_callback(statements.append)
        return connection

    monkeypatch.setattr(sqlite3, "connect", traced)
    corpus.index = SearchIndex.open(tmp_path / "index.sqlite3", corpus.read)
    corpus.articles["new"] = article("new", "Convoy reaches Anefis", FILLER)
    assert corpus.sync().added == 1
    assert corpus.ids("anefis") == ["new"]
    assert len([sql for sql in statements if sql.startswith("SELECT term, df FROM terms")]) == 1
    assert not [sql for sql in statements if sql.startswith("SELECT docno, article_id, len_title")], (
        "the per-article numbers come from their kept row, updated by the add, never row by row"
    )


def test_two_syncs_that_both_decided_to_add_an_article_leave_it_indexed_once(tmp_path: Path) -> None:
    """The reader and a ``sahel-tui search`` in another terminal may bring the same index up to date at once: both
    read that an article is missing before either writes. The second to write replaces the first's row."""
    corpus = Corpus(tmp_path / "index.sqlite3", [article("gao", "Gao market reopens", FILLER)])
    other = SearchIndex.open(tmp_path / "index.sqlite3", corpus.read)
    corpus.articles["anefis"] = article("anefis", "Convoy reaches Anefis", FILLER)
    stale = other._fingerprints_of(["anefis"])  # what the second sync read before the first wrote
    assert corpus.index.sync_changes({"anefis": "v1"}, corpus.load).added == 1
    other._fingerprints_of = lambda article_ids: stale
    assert other.sync_changes({"anefis": "v1"}, corpus.load).added == 1
    other.close()
    reopened = SearchIndex.open(tmp_path / "index.sqlite3", corpus.read)
    assert [hit.article_id for hit in reopened.search("anefis").hits] == ["anefis"]
    assert reopened.document_count == 2
    reopened.close()


def test_a_search_asked_once_finds_the_same_articles_without_the_map_of_ids(corpus: Corpus, tmp_path: Path) -> None:
    """``sahel-tui search`` asks one question: it looks through the ids once for an entity's or a filter's articles
    instead of making the map from every id (0.4 s at a million articles); the answers are the same."""
    also = {"gao": frozenset({"title-hit", "gao-kidal", "not-indexed"})}
    restrict = {"gao", "gao-kidal", "title-hit", "byline-hit", "not-indexed"}

    def answers(index: SearchIndex) -> list:
        found = [index.search("gao", also_matching=also), index.search("wagner", restrict=restrict),
                 index.search("gao", restrict=restrict, also_matching=also)]  # fmt: skip
        return [([hit.article_id for hit in result.hits], result.total) for result in found]

    mapped = answers(corpus.index)
    assert all(hits for hits, _ in mapped), "every question finds articles"
    assert "title-hit" in mapped[0][0], "an entity's article counts as matching its word"
    assert corpus.index._docnos_read is not None
    once = SearchIndex.open(corpus.index.path, corpus.read)
    once.prepare(id_map=False)
    assert answers(once) == mapped
    assert once._docnos_read is None, "no map of every id was made"
    assert once.article_ids() == set(corpus.articles)
    once.close()


def test_scores_read_as_columns_are_those_of_the_whole_records(tmp_path: Path) -> None:
    """Typing reads a word's postings as columns (only the fields it occurs in); the byline filter reads whole
    records. Both give every word the same documents and exactly the same scores, delta segment included."""
    texts = [FILLER, "Wagner fighters left the base near Gao.", "Les combattants ont quitté la base de Gao."]
    first = [article(f"a{n}", f"Dispatch {n} on Gao", texts[n % 3], byline=f"Writer {n % 4}",
                     standfirst="Wagner and the army." if n % 2 else None) for n in range(30)]  # fmt: skip
    corpus = Corpus(tmp_path / "index.sqlite3", first)
    corpus.articles.update({a.id: a for a in [article("late", "Gao again", "Gao and Wagner, later.")]})
    corpus.sync()  # the late article goes into the delta segment
    index = corpus.index
    assert index._db.execute("SELECT count(*) FROM delta").fetchone()[0] > 0
    words = ["gao", "wagner", "base", "writer", "dispatch", "the", "combattants", "later"]
    for word in words:
        docs, scores = index.scored(word)
        records = index.postings(word)
        assert len(docs), word
        assert docs.tolist() == records["doc"].tolist(), word
        assert scores.tobytes() == index._bm25(records).tobytes(), word
