"""The engines compared by the search benchmark, each measured alone in its own process.

    python -m benchmarks.engines build ENGINE CORPUS.jsonl QUERIES.json WORKDIR
    python -m benchmarks.engines query ENGINE CORPUS.jsonl QUERIES.json WORKDIR

Each prints one JSON object. ``build``: build time, size on disk, peak memory while building. ``query`` (a fresh
process, so its memory is the open index's alone): cached open time, memory, per-keystroke latencies, recall@10
and MRR per query category, and how many nonsense queries found something.
"""

from __future__ import annotations

import json
import resource
import shutil
import sqlite3
import statistics
import sys
import time
from contextlib import closing
from pathlib import Path

from sahel_tui.model import Article
from sahel_tui.search.tokens import query_words


def _rss_mb() -> float:
    with Path("/proc/self/status").open() as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Ours:
    """sahel-tui's own index (numpy postings in SQLite, rapidfuzz vocabulary expansion)."""

    name = "sahel-tui"
    modules = ("numpy", "rapidfuzz", "sahel_tui.search.index")

    def __init__(self, workdir: Path) -> None:
        self.path = workdir / "search.sqlite3"
        self.library = workdir / "library.sqlite3"

    def build(self, docs: list[dict]) -> None:
        """The index, and beside it a table of the articles standing in for the catalog the app reads snippets
        and phrases from (the index holds no text; the library's size is not the index's)."""
        from sahel_tui.search.index import SearchIndex

        by_id = {d["id"]: d for d in docs}
        with closing(sqlite3.connect(self.library)) as db, db:
            db.execute("CREATE TABLE articles (id TEXT PRIMARY KEY, fields TEXT NOT NULL)")
            db.executemany("INSERT INTO articles VALUES (?, ?)", ((d["id"], json.dumps(d)) for d in docs))
        index = SearchIndex.open(self.path, lambda ids: {})
        index.sync(dict.fromkeys(by_id, "1"), lambda ids: {aid: _article(by_id[aid]) for aid in ids})
        index.close()

    def read(self, article_ids) -> dict:
        """The articles, one question per batch, as the catalog answers the index."""
        ids = list(article_ids)
        marks = ",".join("?" * len(ids))
        rows = self._library.execute(f"SELECT fields FROM articles WHERE id IN ({marks})", ids)
        return {d["id"]: _article(d) for d in map(json.loads, (row[0] for row in rows))}

    def open(self) -> None:
        from sahel_tui.search.index import SearchIndex

        self._library = sqlite3.connect(self.library)
        self.index = SearchIndex.open(self.path, self.read)

    def search(self, query: str) -> list[str]:
        return [hit.article_id for hit in self.index.search(query, limit=10).hits]

    def size(self) -> int:
        return sum(p.stat().st_size for p in self.path.parent.glob("search.sqlite3*"))


class Fts5:
    """Plain SQLite FTS5 (stdlib): exact words, the last one as a prefix, ranked by bm25 with field weights."""

    name = "sqlite-fts5"
    modules = ("sqlite3",)

    def __init__(self, workdir: Path) -> None:
        self.path = workdir / "fts.sqlite3"

    def build(self, docs: list[dict]) -> None:
        db = sqlite3.connect(self.path)
        db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, standfirst, byline, body, "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        db.executemany(
            "INSERT INTO docs VALUES (?,?,?,?,?)",
            ((d["id"], d["title"], d["standfirst"], d["byline"], "\n\n".join(d["paragraphs"])) for d in docs),
        )
        db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        db.commit()
        db.close()

    def open(self) -> None:
        self.db = sqlite3.connect(self.path)
        self.db.execute("SELECT count(*) FROM docs").fetchone()

    def search(self, query: str) -> list[str]:
        words = query_words(query)
        if not words:
            return []
        last_is_prefix = not query.endswith(" ")
        parts = [f'"{w}"' for w in words]
        if last_is_prefix:
            parts[-1] += "*"
        sql = "SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 0, 3.0, 2.0, 1.5, 1.0) LIMIT 10"
        return [row[0] for row in self.db.execute(sql, (" AND ".join(parts),))]

    def size(self) -> int:
        return self.path.stat().st_size


class Tantivy:
    """tantivy (Rust, via its Python bindings): fuzzy term queries with our typo budget, the last term a prefix."""

    name = "tantivy"
    modules = ("tantivy",)

    def __init__(self, workdir: Path) -> None:
        self.path = workdir / "tantivy"

    def _schema(self):
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        for field in ("title", "standfirst", "byline", "body"):
            builder.add_text_field(field, stored=False, tokenizer_name="default")
        return builder.build()

    def build(self, docs: list[dict]) -> None:
        import tantivy

        self.path.mkdir(parents=True, exist_ok=True)
        index = tantivy.Index(self._schema(), path=str(self.path))
        writer = index.writer(heap_size=200_000_000, num_threads=1)
        for d in docs:
            writer.add_document(
                tantivy.Document(
                    id=d["id"], title=d["title"], standfirst=d["standfirst"], byline=d["byline"],
                    body="\n\n".join(d["paragraphs"]),
                )
            )  # fmt: skip
        writer.commit()
        writer.wait_merging_threads()

    def open(self) -> None:
        import tantivy

        self.schema = self._schema()
        self.index = tantivy.Index.open(str(self.path))
        self.index.reload()
        self.searcher = self.index.searcher()

    def search(self, query: str) -> list[str]:
        import tantivy

        words = query_words(query)
        if not words:
            return []
        last_is_prefix = not query.endswith(" ")
        musts = []
        for position, word in enumerate(words):
            distance = 0 if len(word) < 5 else 1 if len(word) < 9 else 2
            prefix = last_is_prefix and position == len(words) - 1
            per_field = [
                (
                    tantivy.Occur.Should,
                    tantivy.Query.boost_query(
                        tantivy.Query.fuzzy_term_query(self.schema, field, word, distance, True, prefix), boost
                    ),
                )
                for field, boost in (("title", 3.0), ("standfirst", 2.0), ("byline", 1.5), ("body", 1.0))
            ]
            musts.append((tantivy.Occur.Must, tantivy.Query.boolean_query(per_field)))
        hits = self.searcher.search(tantivy.Query.boolean_query(musts), 10).hits
        return [self.searcher.doc(address)["id"][0] for _, address in hits]

    def size(self) -> int:
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())


class NaiveScan:
    """What a first attempt looks like: rapidfuzz WRatio of the query against every title + opening text."""

    name = "naive-rapidfuzz"
    modules = ("rapidfuzz",)

    def __init__(self, workdir: Path) -> None:
        self.path = workdir / "naive.json"

    def build(self, docs: list[dict]) -> None:
        texts = {d["id"]: f"{d['title']} {d['standfirst']} {d['paragraphs'][0]}"[:400] for d in docs}
        self.path.write_text(json.dumps(texts), encoding="utf-8")

    def open(self) -> None:
        from rapidfuzz import utils

        texts = json.loads(self.path.read_text(encoding="utf-8"))
        self.ids = list(texts)
        self.choices = [utils.default_process(t) for t in texts.values()]

    def search(self, query: str) -> list[str]:
        from rapidfuzz import fuzz, process, utils

        processed = utils.default_process(query)
        if not processed:
            return []
        found = process.extract(processed, self.choices, scorer=fuzz.WRatio, limit=10, score_cutoff=60)
        return [self.ids[index] for _, _, index in found]

    def size(self) -> int:
        return self.path.stat().st_size


ENGINES = {engine.name: engine for engine in (Ours, Fts5, Tantivy, NaiveScan)}
NAIVE_SAMPLE = 120
"""The naive scan costs tens of ms per query: it is timed on a sample of the keystrokes (same for every size)."""


def _article(d: dict) -> Article:
    return Article(
        id=d["id"], title=d["title"], source=f"{d['id']}.txt", byline=d["byline"], standfirst=d["standfirst"],
        paragraphs=tuple(d["paragraphs"]),
    )  # fmt: skip


def build(engine_name: str, corpus_path: Path, workdir: Path) -> dict:
    docs = [json.loads(line) for line in corpus_path.open(encoding="utf-8")]
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    engine = ENGINES[engine_name](workdir)
    started = time.perf_counter()
    engine.build(docs)
    return {
        "build_s": time.perf_counter() - started,
        "size_mb": engine.size() / 1e6,
        "build_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def query(engine_name: str, queries_path: Path, workdir: Path) -> dict:
    """In a fresh process: open the built index and run every query; memory is what the open index holds."""
    queries = json.loads(queries_path.read_text(encoding="utf-8"))
    engine = ENGINES[engine_name](workdir)
    for module in engine.modules:  # libraries loaded first: "mem" is what the open index itself holds
        __import__(module)
    before_open = _rss_mb()
    started = time.perf_counter()
    engine.open()
    open_ms = (time.perf_counter() - started) * 1000

    keystrokes = queries["keystrokes"]
    if engine_name == NaiveScan.name:
        keystrokes = keystrokes[:NAIVE_SAMPLE]
    engine.search("warm up")
    latencies = []
    for text in keystrokes:
        started = time.perf_counter()
        engine.search(text)
        latencies.append((time.perf_counter() - started) * 1000)
    short = []
    for text in queries["short"]:
        started = time.perf_counter()
        engine.search(text)
        short.append((time.perf_counter() - started) * 1000)

    quality = {}
    for category, judged in queries["judged"].items():
        if engine_name == NaiveScan.name:
            judged = judged[:40]
        ranks = []
        for text, target in judged:
            found = engine.search(text)
            ranks.append(found.index(target) + 1 if target in found else None)
        quality[category] = {
            "queries": len(ranks),
            "recall@10": sum(r is not None for r in ranks) / max(len(ranks), 1),
            "mrr": sum(1 / r for r in ranks if r) / max(len(ranks), 1),
        }
    nonsense_hits = sum(bool(engine.search(text)) for text in queries["nonsense"])
    return {
        "open_ms": open_ms,
        "open_rss_mb": _rss_mb() - before_open,
        "query_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "keystrokes": len(latencies),
        "p50_ms": statistics.median(latencies),
        "p95_ms": statistics.quantiles(latencies, n=20)[18],
        "max_ms": max(latencies),
        "short_p50_ms": statistics.median(short),
        "short_max_ms": max(short),
        "quality": quality,
        "nonsense_with_results": nonsense_hits,
        "nonsense_queries": len(queries["nonsense"]),
    }


if __name__ == "__main__":
    phase, name, corpus, query_file, work = sys.argv[1:6]
    if phase == "build":
        print(json.dumps(build(name, Path(corpus), Path(work))))
    else:
        print(json.dumps(query(name, Path(query_file), Path(work))))
