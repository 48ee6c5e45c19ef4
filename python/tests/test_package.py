"""The Python API: records, merge, queries, pandas/networkx, errors."""

import datetime
import json
import subprocess
import sys

import pytest

import claimgraph

TALKS = (
    "Harbour talks\n\n"
    "The Danish minister Hanne Lund demanded an immediate ceasefire on Tuesday. "
    "Jane Roe, a Polish diplomat, rejected any ceasefire.\n\n"
    '"We will not give up," she said.\n'
)
FERRY = "Ferry strike\n\nOtto Brandt, a Swedish union leader, said the ferries would stop on Friday.\n"


@pytest.fixture(scope="module")
def rules():
    return claimgraph.Rules.load()


def test_a_record_has_the_export_shape_with_spans_and_rule_ids(rules):
    rec = rules.extract(TALKS, article_id="talks.txt", date="2025-03-04", source="Test Wire")
    assert set(rec) == {"record", "rules", "article", "statements", "stances", "actors", "topics"}
    assert rec["rules"] == rules.hash
    art = rec["article"]
    assert (art["file"], art["path"], art["date"], art["source"]) == ("talks.txt", "talks.txt", "2025-03-04", "Test Wire")
    assert art["len"] == len(TALKS.encode())
    quote = next(s for s in rec["statements"] if s["kind"] == "direct")
    assert quote["speaker"] == "Jane Roe"
    assert TALKS.encode()[quote["start"]:quote["end"]].decode() == quote["text"]
    assert quote["rule"] and quote["cue"] == "said"
    stances = {(s["actor"], s["stance"], s["topic"]) for s in rec["stances"]}
    assert stances == {("Hanne Lund", "demands", "ceasefire"), ("Jane Roe", "rejects", "ceasefire")}
    for s in rec["stances"]:
        sentence = TALKS.encode()[s["sentence_start"]:s["sentence_end"]].decode()
        assert sentence == s["evidence"] and s["rule"].startswith("stance.")
    actors = {a["name"]: a for a in rec["actors"]}
    assert actors["Jane Roe"]["rule"] == "discovered" and actors["Jane Roe"]["member_of"] == "Poland"
    assert actors["Poland"]["rule"].startswith("actor.")
    assert rec["topics"] == [{"id": "ceasefire", "label": "ceasefire"}]


def test_the_same_text_under_two_names_is_one_article_and_dates_may_be_dates(rules):
    a = rules.extract(FERRY, article_id="a.txt", date=datetime.date(2025, 5, 2))
    b = rules.extract(FERRY, article_id="b.txt", date="2025-05-02")
    assert a["article"]["id"] == b["article"]["id"]
    assert a["article"]["date"] == "2025-05-02"
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        rules.extract(FERRY, date="2 May 2025")
    with pytest.raises(TypeError):
        rules.extract(FERRY, date=20250502)


def test_python_records_equal_the_cli_records(rules, cli, seeds):
    files = sorted(p for p in seeds.iterdir() if p.suffix == ".txt")
    out = subprocess.run([cli, "extract", "--jsonl", *map(str, files)], check=True, capture_output=True, text=True).stdout
    from_cli = [json.loads(line) for line in out.splitlines()]
    from_py = [rules.extract(p.read_text(encoding="utf-8-sig"), article_id=str(p)) for p in files]
    assert from_py == from_cli


def test_merge_in_any_order_and_repeated_gives_one_graph(tmp_path, rules):
    talks = rules.extract(TALKS, article_id="talks.txt", date="2025-03-04")
    ferry = rules.extract(FERRY, article_id="ferry.txt", date="2025-05-02")
    one = claimgraph.Graph.merge([talks, ferry], tmp_path / "one.ron", rules=rules)
    two = claimgraph.Graph.merge([ferry, talks, ferry], tmp_path / "two.ron")
    assert one.data() == two.data()
    # A partial graph and a record folded together: the same graph again.
    part = claimgraph.Graph.merge([ferry], tmp_path / "part.ron")
    three = claimgraph.Graph.merge([part.path, talks], tmp_path / "three.ron")
    assert three.data() == one.data()
    # Merging into a graph that already holds the records changes nothing.
    again = claimgraph.Graph.merge([talks], tmp_path / "one.ron")
    assert again.data() == one.data()


@pytest.fixture()
def graph(tmp_path, rules):
    records = [
        rules.extract(TALKS, article_id="talks.txt", date="2025-03-04"),
        rules.extract(FERRY, article_id="ferry.txt", date="2025-05-02"),
    ]
    return claimgraph.Graph.merge(records, tmp_path / "g.ron")


def test_queries_return_what_the_cli_json_returns(graph, cli):
    def cli_json(*args):
        run = subprocess.run([cli, *args, "--graph", graph.path, "--json"], capture_output=True, text=True)
        return json.loads(run.stdout)

    assert graph.positions() == cli_json("positions", "--all")
    assert graph.who_said() == cli_json("who-said")
    assert graph.contradictions() == cli_json("contradictions")
    assert graph.ledger() == cli_json("ledger")["entries"]
    assert [p["actor"] for p in graph.positions(actor="roe")] == ["Jane Roe"]
    assert [r["speaker"] for r in graph.who_said(actor="Otto Brandt")] == ["Otto Brandt"]
    kinds = {c["kind"] for c in graph.contradictions()}
    assert kinds, "demands vs rejects on one topic is a contradiction"


def test_to_pandas_gives_statement_stance_and_actor_frames(graph):
    frames = graph.to_pandas()
    st = frames["statements"]
    assert {"id", "speaker", "kind", "text", "start", "end", "rule", "article"} <= set(st.columns)
    assert set(st["speaker"]) >= {"Jane Roe", "Otto Brandt"}
    assert set(frames["stances"]["stance"]) == {"demands", "rejects"}
    assert "Poland" in set(frames["actors"]["name"])


def test_to_networkx_links_speakers_statements_and_topics(graph):
    g = graph.to_networkx()
    assert g.nodes["Jane Roe"]["type"] == "actor"
    assert g.nodes["ceasefire"]["type"] == "topic"
    assert g.has_edge("Jane Roe", "ceasefire", key="rejects")
    assert g.has_edge("Jane Roe", "Poland", key="member_of")
    said = [t for _, t, k in g.out_edges("Otto Brandt", keys=True) if k == "said"]
    assert said and g.nodes[said[0]]["type"] == "statement"


def test_a_missing_optional_library_says_what_to_install(graph, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    monkeypatch.setitem(sys.modules, "networkx", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        graph.to_pandas()
    with pytest.raises(ImportError, match="pip install networkx"):
        graph.to_networkx()


def test_errors_carry_file_line_and_column(tmp_path):
    rules_dir = tmp_path / "rules"
    rules_dir.mkdir()
    (rules_dir / "speech.ron").write_text("(\n  cues: [\n    (id: \"x\", pattern: r\"says\", kind: Direct, nonsense: 1),\n  ],\n)\n")
    with pytest.raises(claimgraph.ClaimgraphError, match=r"speech\.ron:3:\d+:"):
        claimgraph.Rules.load(rules_dir)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"record": 1, "rules": 2}\n')
    with pytest.raises(claimgraph.ClaimgraphError, match=r"bad\.jsonl:1:\d+: not an extraction record"):
        claimgraph.Graph.merge([bad], tmp_path / "g.ron")
    assert not (tmp_path / "g.ron").exists()
    with pytest.raises(claimgraph.ClaimgraphError, match="nothing.ron"):
        claimgraph.Graph.open(tmp_path / "nothing.ron")
