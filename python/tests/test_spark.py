"""The Spark example job, in local mode on two cores, against the CLI."""

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

import claimgraph
from conftest import ROOT, require

sys.path.insert(0, str(ROOT / "examples" / "spark"))
import claimgraph_job  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    require("java (for PySpark)", shutil.which("java") is not None)
    pyspark = pytest.importorskip("pyspark") if os.environ.get("CI") != "true" else __import__("pyspark")
    # Local workers must run this interpreter, where claimgraph is installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        pyspark.sql.SparkSession.builder.master("local[2]")
        .appName("claimgraph-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_the_spark_job_gives_the_graph_one_ingest_gives(spark, tmp_path, cli, seeds, dev):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for folder in (seeds, dev):
        for p in folder.iterdir():
            if p.suffix in (".txt", ".html", ".htm"):
                shutil.copy(p, corpus / f"{folder.name}-{p.name}")
    n = len(list(corpus.iterdir()))
    assert n >= 10

    merged = claimgraph_job.run(spark, str(corpus), str(tmp_path / "out"), partitions=3)
    parts = list((tmp_path / "out" / "records").glob("part-*"))
    assert len(parts) == 3, "one record file per partition"
    lines = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in parts)
    assert lines == n, "one record per article"

    ingested = tmp_path / "ingested.ron"
    subprocess.run([cli, "-q", "ingest", str(corpus), "--graph", str(ingested)], check=True)
    want = claimgraph.Graph.open(ingested).data()
    got = merged.data()
    assert len(got["articles"]) == n
    for part in ("articles", "actors", "topics", "statements", "stances", "article_rules"):
        assert got[part] == want[part], part
    assert got == want


def test_parquet_input_gives_the_same_graph_as_the_folder(spark, tmp_path, seeds):
    files = sorted(p for p in seeds.iterdir() if p.suffix == ".txt")
    rows = [(str(p), p.read_text(encoding="utf-8-sig")) for p in files]
    table = tmp_path / "texts.parquet"
    spark.createDataFrame(rows, ["path", "text"]).write.parquet(str(table))
    from_parquet = claimgraph_job.run(spark, None, str(tmp_path / "pq"), parquet=str(table), partitions=2)
    # The same texts under the same paths, read from the folder.
    from_folder = claimgraph_job.run(spark, str(seeds), str(tmp_path / "dir"), partitions=2)
    got, want = from_parquet.data(), from_folder.data()
    assert len(got["articles"]) == len(files)
    for part in ("articles", "actors", "topics", "statements", "stances", "article_rules"):
        assert got[part] == want[part], part
