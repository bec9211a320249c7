"""Entity extraction throughput on the synthetic corpus (default 10k articles), and quality on the bundled ones.

    python -m benchmarks.entities_bench [--size N]

Prints a table and writes ``benchmarks/out/entities.json``. Target: all 10k articles in under 10 s, one thread.
"""

from __future__ import annotations

import argparse
import json
import time
import tomllib
from pathlib import Path

from benchmarks import synthetic
from benchmarks.engines import _article
from benchmarks.search_bench import OUT, machine
from sahel_tui.corpus.library import Library
from sahel_tui.entities.extract import default_extractor
from sahel_tui.paths import locations

LABELS = Path(__file__).parent.parent / "tests" / "fixtures" / "entities" / "bundled_labels.toml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    args = parser.parse_args()
    corpus, _ = synthetic.write(OUT / "data", args.size)
    articles = [_article(json.loads(line)) for line in corpus.open(encoding="utf-8")]
    extractor = default_extractor()
    started = time.perf_counter()
    mentions = sum(len(extractor.mentions(article)) for article in articles)
    seconds = time.perf_counter() - started

    labels = tomllib.loads(LABELS.read_text(encoding="utf-8"))
    library = Library(locations())
    quality = {}
    for article_id, expected in labels.items():
        found = {m.entity_id for m in extractor.mentions(library.get(article_id))}
        hits = found & set(expected["entities"])
        quality[article_id] = {"precision": len(hits) / len(found), "recall": len(hits) / len(expected["entities"])}

    print(f"extraction: {len(articles):,} articles, {mentions:,} mentions in {seconds:.2f} s "
          f"({len(articles) / seconds:,.0f} articles/s)")  # fmt: skip
    print(f"{'bundled article':<48} precision  recall")
    for article_id, scores in quality.items():
        print(f"{article_id:<48} {scores['precision']:9.2f}  {scores['recall']:6.2f}")
    report = {"machine": machine(), "articles": len(articles), "mentions": mentions, "seconds": seconds,
              "quality": quality}  # fmt: skip
    (OUT / "entities.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"machine: {report['machine']}\nwrote {OUT / 'entities.json'}")


if __name__ == "__main__":
    main()
