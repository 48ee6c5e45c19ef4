"""Extract a folder of articles on Spark and merge the records into one graph.

The map side runs the claimgraph extractor in ``mapPartitions``: each
partition loads the rules once and turns each article into a record (the
line ``claimgraph extract --jsonl`` writes); records are written as text
files. The reduce side folds them into a graph with ``Graph.merge``, which
is associative, commutative and idempotent, so partitions, retries and
re-runs never change the result: the graph equals a single-process
``claimgraph ingest`` of the same articles.

    spark-submit examples/spark/claimgraph_job.py ARTICLES_DIR OUT_DIR
    python examples/spark/claimgraph_job.py --master 'local[2]' ARTICLES_DIR OUT_DIR

ARTICLES_DIR holds .txt/.html/.htm files (or pass --parquet FILE with
``path`` and ``text`` columns). OUT_DIR gets ``records/`` (JSON lines, one
file per partition) and ``graph.ron``. Every executor needs the claimgraph
package installed (``pip install .`` from the repository).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import sys
from typing import Iterable, Iterator, Optional, Sequence, Tuple

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


def local_path(uri: str) -> str:
    """The path a local ``claimgraph ingest`` would record for a file Spark
    names by URI (``file:/a/b.txt`` -> ``/a/b.txt``)."""
    for scheme in ("file://", "file:"):
        if uri.startswith(scheme):
            return uri[len(scheme):]
    return uri


def extract_partition(
    rows: Iterable[Tuple[str, str]], rules: Optional[Sequence[str]], date: Optional[str], source: Optional[str]
) -> Iterator[str]:
    """Records of one partition's articles, as JSON lines. The rules are
    loaded (and compiled) once per partition, not once per article."""
    import claimgraph

    loaded = claimgraph.Rules.load(rules)
    for path, text in rows:
        # The CLI reads files with a byte-order mark dropped; so does this.
        text = text[1:] if text.startswith("\ufeff") else text
        if not text.strip():
            continue
        record = loaded.extract(text, article_id=local_path(path), date=date, source=source)
        yield json.dumps(record, ensure_ascii=False)


def run(
    spark,
    articles: Optional[str],
    out_dir: str,
    rules: Optional[Sequence[str]] = None,
    parquet: Optional[str] = None,
    partitions: Optional[int] = None,
    date: Optional[str] = None,
    source: Optional[str] = None,
):
    """Runs the job; returns the merged ``claimgraph.Graph``."""
    import claimgraph

    sc = spark.sparkContext
    if __name__ != "__main__":
        # Imported (by a test, a notebook): workers look functions up by
        # module name, so they need this file too.
        sc.addPyFile(os.path.abspath(__file__))
    if parquet:
        texts = spark.read.parquet(parquet).select("path", "text").rdd.map(lambda r: (r[0], r[1]))
    else:
        texts = sc.wholeTextFiles(articles, minPartitions=partitions or sc.defaultParallelism)
        texts = texts.filter(lambda pt: pt[0].lower().endswith(ARTICLE_SUFFIXES))
    if partitions:
        texts = texts.repartition(partitions)
    rules_list = list(rules) if rules else None
    records = texts.mapPartitions(lambda rows: extract_partition(rows, rules_list, date, source))
    records_dir = os.path.join(out_dir, "records")
    records.saveAsTextFile(records_dir)
    parts = sorted(glob.glob(os.path.join(records_dir, "part-*")))
    # The reduce: on one machine here; on a cluster, merge groups of parts
    # into partial graphs in parallel and merge those (any grouping gives
    # the same graph).
    return claimgraph.Graph.merge(parts, os.path.join(out_dir, "graph.ron"), rules=rules_list)


def main(argv: Optional[Sequence[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("articles", nargs="?", help="folder of .txt/.html articles")
    ap.add_argument("out", help="output folder (records/ and graph.ron)")
    ap.add_argument("--parquet", help="read articles from a Parquet file with path and text columns")
    ap.add_argument("--rules", action="append", help="rule folder (repeatable; default: the bundled rules)")
    ap.add_argument("--partitions", type=int, help="number of partitions")
    ap.add_argument("--master", help="Spark master, e.g. local[2] (default: spark-submit's)")
    ap.add_argument("--date", help="date for articles that carry none (YYYY-MM-DD)")
    ap.add_argument("--source", help="publication name for articles that carry none")
    args = ap.parse_args(argv)
    if not args.articles and not args.parquet:
        ap.error("give an articles folder or --parquet")

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("claimgraph")
    if args.master:
        builder = builder.master(args.master)
    if (args.master or "").startswith("local"):
        # Local workers must run this Python, where claimgraph is installed.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = builder.getOrCreate()
    try:
        graph = run(spark, args.articles, args.out, args.rules, args.parquet, args.partitions, args.date, args.source)
    finally:
        spark.stop()
    data = graph.data()
    print(f"{graph.path}: {len(data['articles'])} articles, {len(data['statements'])} statements, {len(data['stances'])} stances")


if __name__ == "__main__":
    main()
