"""The command line: JSON shapes, exit codes, one-line errors, and the installed console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from sahel_tui import __version__
from sahel_tui.cli import main
from sahel_tui.notes.store import NotesStore
from sahel_tui.paths import locations

ARTICLE_KEYS = ["id", "title", "byline", "standfirst", "paragraphs", "teasers", "source", "date", "lang", "feed"]
TEASER_KEYS = ["title", "byline", "snippet", "section"]
GOOD = (
    "Gao Market Reopens After Fire\n\nTraders returned to the central market in Gao on Monday, a week after a fire.\n"
)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_list_json_has_exactly_the_article_keys() -> None:
    result = run("list", "--json")
    assert result.exit_code == 0, result.output
    articles = json.loads(result.output)
    assert len(articles) == 3
    for article in articles:
        assert list(article) == ARTICLE_KEYS
        assert article["lang"] == "en"  # the bundled articles are English news
        assert all(isinstance(p, str) for p in article["paragraphs"])
        for teaser in article["teasers"]:
            assert list(teaser) == TEASER_KEYS
    by_id = {a["id"]: a for a in articles}
    assert by_id["wagner-withdrawal-from-mali-russia-presence"]["byline"] == "Reda El Ghazal"
    assert len(by_id["wagner-withdrawal-from-mali-russia-presence"]["teasers"]) == 6
    assert by_id["us-envoy-visits-mali-diplomatic-reset"]["source"] == "us-envoy-visits-mali-diplomatic-reset.txt"


def test_list_shows_the_most_recently_added_first_and_limit_reads_only_those(tmp_path: Path) -> None:
    for name in ("first", "second", "third"):
        (tmp_path / f"{name}.txt").write_text(f"The {name} dispatch\n\nA paragraph about Gao, the {name} of three.\n")
        assert run("import", str(tmp_path / f"{name}.txt")).exit_code == 0
    everything = json.loads(run("list", "--json").output)
    assert [a["id"] for a in everything[:3]] == ["third", "second", "first"]
    assert len(everything) == 6
    newest = json.loads(run("list", "--json", "--limit", "2").output)
    assert newest == everything[:2]
    assert json.loads(run("list", "--json", "--limit", "100").output) == everything
    assert run("list", "--limit", "0").exit_code == 2


def test_list_table_shows_titles() -> None:
    result = run("list")
    assert result.exit_code == 0
    assert "Strategic Realignment" in result.output
    assert "us-envoy-visits-mali-diplomatic-reset" in result.output


def test_list_counts_one_paragraph_as_one(tmp_path) -> None:
    brief = tmp_path / "brief.txt"
    brief.write_text("Gao: market reopens\n\nTraders in Gao reopened the central market on Monday morning.\n")
    assert run("import", str(brief)).exit_code == 0
    listed = " ".join(run("list", "--limit", "1").output.split())
    assert "1 paragraph ·" in listed and "1 paragraphs" not in listed


def test_show_json_and_text() -> None:
    as_json = run("show", "wagner-announces-withdrawal-from-mali", "--json")
    article = json.loads(as_json.output)
    assert list(article) == ARTICLE_KEYS
    assert article["title"] == "Wagner Group Announces Withdrawal from Mali Amid Ongoing Security Concerns"
    text = run("show", "wagner-announces-withdrawal-from-mali")
    assert text.exit_code == 0
    assert "Wagner Group Announces Withdrawal" in text.output
    assert "Russian mercenaries claim" in text.output


def test_show_unknown_id_is_a_clear_error() -> None:
    result = run("show", "no-such-article")
    assert result.exit_code == 1
    assert "no article with id 'no-such-article'" in result.output


def test_import_exit_codes_and_one_line_per_rejected_file(tmp_path: Path) -> None:
    good = tmp_path / "gao.txt"
    good.write_text(GOOD)
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF-1.4\n")
    result = run("import", str(good), str(binary))
    assert result.exit_code == 1
    assert f"{binary}: not a text file (a PDF document)" in result.output
    assert f"{good}: imported as gao" in result.output
    again = run("import", str(good))
    assert again.exit_code == 0
    assert "already in the library as gao" in again.output
    assert "gao" in [a["id"] for a in json.loads(run("list", "--json").output)]


def test_import_usage_errors_exit_2() -> None:
    assert run("import").exit_code == 2
    assert run("list", "--bogus").exit_code == 2


def test_remove_imported_and_refuse_bundled(tmp_path: Path) -> None:
    good = tmp_path / "gao.txt"
    good.write_text(GOOD)
    run("import", str(good))
    assert run("remove", "gao").exit_code == 0
    assert "gao" not in [a["id"] for a in json.loads(run("list", "--json").output)]
    refused = run("remove", "wagner-announces-withdrawal-from-mali")
    assert refused.exit_code == 1 and "cannot be removed" in refused.output


def test_an_annotated_article_is_removed_only_once_confirmed_and_its_notes_stay(tmp_path: Path) -> None:
    good = tmp_path / "gao.txt"
    good.write_text(GOOD)
    run("import", str(good))
    quote = json.loads(run("show", "gao", "--json").output)["paragraphs"][0][:30]
    assert run("annotate", "gao", "--quote", quote, "--note", "mine").exit_code == 0
    asked = run("remove", "gao")  # not at a terminal: nothing to answer with
    assert asked.exit_code == 1 and "has 1 annotation" in asked.output and "--yes" in asked.output
    assert "gao" in [a["id"] for a in json.loads(run("list", "--json").output)]
    assert run("remove", "gao", "--yes").exit_code == 0
    assert "gao" not in [a["id"] for a in json.loads(run("list", "--json").output)]
    assert [note["note"] for note in json.loads(run("notes", "--json").output)] == ["mine"]


def test_paths_follow_the_home_override(sahel_home: Path) -> None:
    where = json.loads(run("paths", "--json").output)
    assert where["notes_db"] == str(sahel_home / "config" / "notes.sqlite3")
    assert where["library_dir"] == str(sahel_home / "data" / "articles")
    assert str(sahel_home / "cache") in run("paths").output


def test_version() -> None:
    assert run("--version").output.strip() == f"sahel-tui, version {__version__}"


def installed_script() -> Path:
    return Path(sys.executable).parent / "sahel-tui"


def test_installed_console_script_lists_bundled_articles_from_any_directory(tmp_path: Path, sahel_home: Path) -> None:
    env = {**os.environ, "SAHEL_TUI_HOME": str(sahel_home)}
    result = subprocess.run(
        [str(installed_script()), "list", "--json"], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    assert len(json.loads(result.stdout)) == 3
    module = subprocess.run(
        [sys.executable, "-m", "sahel_tui", "--version"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert module.stdout.strip() == f"sahel-tui, version {__version__}"


def test_search_takes_exclusions_as_words_and_refuses_an_empty_query() -> None:
    from click.testing import CliRunner

    from sahel_tui.cli import main

    def ids(*args: str) -> set[str]:
        result = CliRunner().invoke(main, ["search", "--json", *args])
        assert result.exit_code == 0, result.output
        return {hit["id"] for hit in json.loads(result.stdout)}

    everything = ids("mali")
    without = ids("mali", "-russia")
    assert without < everything, "-russia excludes the articles that mention Russia"
    assert ids("--", "mali", "-russia") == without
    for empty in ("", "  "):
        result = CliRunner().invoke(main, ["search", empty])
        assert result.exit_code == 2 and "give something to search for" in result.output


def test_a_hit_only_in_a_related_headline_shows_that_headline_as_its_snippet() -> None:
    """The snippet was the article's first sentence, which does not hold the word the article was found by."""
    hits = json.loads(CliRunner().invoke(main, ["search", "--json", "tchangary"]).stdout)
    assert hits[0]["snippet"].startswith("Related: ") and "Tchangari" in hits[0]["snippet"]


def test_search_with_filters_alone_lists_the_most_recently_added_first(tmp_path) -> None:
    runner = CliRunner()
    for name in ("first", "second"):
        (tmp_path / f"{name}.txt").write_text(f"The {name} dispatch\n\nA report from Mopti.\n", encoding="utf-8")
        runner.invoke(main, ["import", str(tmp_path / f"{name}.txt")])
    listed = [row["id"] for row in json.loads(runner.invoke(main, ["list", "--json"]).stdout)]
    found = [hit["id"] for hit in json.loads(runner.invoke(main, ["search", "--json", "is:unread"]).stdout)]
    assert listed[:2] == ["second", "first"] and found == listed
    assert "score" not in runner.invoke(main, ["search", "is:unread"]).stdout  # no rank to show
    assert "score" in runner.invoke(main, ["search", "mopti"]).stdout


def test_saved_searches_count_what_they_find_and_run_by_name(tmp_path: Path) -> None:
    """`searches add` keeps a query under a name, `searches` counts each one's articles and unread ones as the
    search finds them now, `search --saved` runs it; a name taken is replaced only with --replace."""
    (tmp_path / "mopti.txt").write_text("Floods in Mopti\n\nThe river rose in Mopti on Monday.\n", encoding="utf-8")
    assert run("import", str(tmp_path / "mopti.txt")).exit_code == 0
    assert run("searches", "add", "Mali sans Russie", "mali", "-russia").exit_code == 0  # "-russia" is the query's
    assert run("searches", "add", "Crues", "mopti").exit_code == 0
    expected = {hit["id"] for hit in json.loads(run("search", "--json", "--limit", "1000", "mali", "-russia").stdout)}
    assert expected
    NotesStore.open(locations().notes_db).mark_read(sorted(expected)[0])
    rows = {row["name"]: row for row in json.loads(run("searches", "--json").stdout)}
    assert rows["Mali sans Russie"] == {"name": "Mali sans Russie", "query": "mali -russia",
                                        "unread": len(expected) - 1, "total": len(expected)}  # fmt: skip
    assert rows["Crues"]["total"] == 1
    assert run("searches", "add", "Crues au nord", "mopti", "kidal").exit_code == 0  # no article has both words
    nearest = run("search", "--json", "mopti", "kidal")
    assert json.loads(nearest.stdout) and "best partial matches" in nearest.stderr, "the list shows the nearest"
    counted = {row["name"]: (row["unread"], row["total"]) for row in json.loads(run("searches", "--json").stdout)}
    assert counted["Crues au nord"] == (0, 0), "a saved search counts what it finds, not the nearest"
    assert run("searches", "remove", "crues au nord").exit_code == 0
    saved = {
        hit["id"]
        for hit in json.loads(run("search", "--json", "--limit", "1000", "--saved", "mali sans russie").stdout)
    }
    assert saved == expected

    taken = run("searches", "add", "crues", "niamey")
    assert taken.exit_code == 1 and "already saved as 'Crues' ('mopti')" in taken.output
    assert json.loads(run("searches", "--json").stdout)[0]["query"] == "mopti"
    assert run("searches", "add", "crues", "niamey", "--replace").exit_code == 0
    assert [row["query"] for row in json.loads(run("searches", "--json").stdout)] == ["niamey", "mali -russia"]

    assert run("searches", "remove", "CRUES").exit_code == 0
    missing = run("searches", "remove", "crues")
    assert missing.exit_code == 1 and "no search saved as 'crues'" in missing.output
    assert run("search", "--saved", "crues").exit_code == 1
    assert run("search", "mali", "--saved", "Mali sans Russie").exit_code == 2


def test_a_command_says_when_a_newer_parser_reads_the_whole_library_again(tmp_path: Path, monkeypatch) -> None:
    """After an upgrade to a newer parser, the first command reads every article again before it answers: a big
    library takes a while, so it says so first (on stderr; the answer on stdout stays clean)."""
    import sqlite3
    from contextlib import closing

    from sahel_tui.corpus import library as library_module
    from sahel_tui.corpus.formats import PARSER_VERSION

    for number in range(4):
        text = f"Gao report {number}\n\nBoats reached the port of Gao, {number}.\n"
        (tmp_path / f"gao-{number}.txt").write_text(text)
    assert run("import", str(tmp_path)).exit_code == 0
    with closing(sqlite3.connect(locations().catalog_db)) as db, db:
        db.execute("UPDATE articles SET parser_version = ?, title = 'old'", (PARSER_VERSION - 1,))
    monkeypatch.setattr(library_module, "PARALLEL_FROM", 5)  # "big": the four files and the bundled three
    listed = run("list", "--json")
    assert "reading the library's 7 articles again" in listed.stderr
    assert sorted(row["title"] for row in json.loads(listed.stdout) if row["id"].startswith("gao")) == [
        f"Gao report {number}" for number in range(4)
    ]
    again = run("list", "--json")
    assert "again" not in again.stderr, "once"
