"""claimgraph from Python: who said what in the news.

Load rules once, extract records from article texts (one dict per article,
the same record ``claimgraph extract --jsonl`` writes), fold records and
graphs into a graph, and query a graph into lists of dicts, pandas
DataFrames or a networkx graph::

    import claimgraph
    rules = claimgraph.Rules.load()          # the bundled rules
    record = rules.extract(text, article_id="a1.txt", date="2025-03-01")
    graph = claimgraph.Graph.merge([record], "graph.ron")
    graph.positions(actor="Macron")

Errors from claimgraph raise :class:`ClaimgraphError`, whose message starts
with ``file:line:col`` where the problem has a place (a rule file, a graph,
a record line).
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import os as _os
import tempfile as _tempfile
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

from . import _native
from ._native import BUNDLED, ClaimgraphError

__all__ = ["BUNDLED", "ClaimgraphError", "Graph", "Rules"]

PathLike = Union[str, "_os.PathLike[str]"]
Record = Dict[str, Any]


def _date(value: Union[None, str, _dt.date]) -> Optional[str]:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, _dt.date):
        return value.isoformat()
    raise TypeError(f"date must be None, a 'YYYY-MM-DD' string or a datetime.date, not {type(value).__name__}")


class Rules:
    """Rule folders loaded and compiled once; extract any number of articles.

    Loading compiles every pattern (a fraction of a second), so load once
    per process (in Spark: once per partition) and reuse the object.
    """

    __slots__ = ("_native",)

    def __init__(self, native: "_native.Rules") -> None:
        self._native = native

    @classmethod
    def load(cls, path: Union[None, PathLike, Sequence[PathLike]] = None) -> "Rules":
        """Load rule folders.

        ``path`` is one rule folder, a list of folders combined into one
        rule set, or None for the rules built into claimgraph (``<bundled>``;
        ``"<bundled>/core"`` is the domain-free core alone). A folder holding
        ``core/`` and ``domains/*/`` stands for all of them. A bad rule file
        raises :class:`ClaimgraphError` with its file:line:col.
        """
        if path is None:
            dirs: List[str] = []
        elif isinstance(path, (str, _os.PathLike)):
            dirs = [_os.fspath(path)]
        else:
            dirs = [_os.fspath(p) for p in path]
        return cls(_native.Rules.load(dirs))

    @property
    def hash(self) -> str:
        """The rule set's hash, as records and graphs carry it."""
        return self._native.hash

    def extract(
        self,
        text: str,
        article_id: str = "article.txt",
        date: Union[None, str, _dt.date] = None,
        source: Optional[str] = None,
    ) -> Record:
        """Extract one article; returns its record as a dict.

        The record is exactly a line of ``claimgraph extract --jsonl``:
        ``record`` (format), ``rules`` (hash), ``article`` (id, file, path,
        title, date, source, hash, len), ``statements`` and ``stances``
        (rows of the JSON export with spans, cue, rule id, sentence span and
        resolution), ``actors`` and ``topics``.

        ``article_id`` is the name recorded as the article's path (the
        ``article`` field of the rows); ending in ``.html`` or ``.htm`` means
        ``text`` is HTML. The record's ``article.id`` is derived from the
        text, so the same text under two names is one article. ``date``
        (``YYYY-MM-DD`` or a ``datetime.date``) and ``source`` are used when
        the article carries none.
        """
        return _json.loads(self._native.extract_json(text, article_id, _date(date), source))

    def __repr__(self) -> str:
        return f"<claimgraph.Rules {self.hash}>"


class Graph:
    """A graph file loaded whole; queries return lists of dicts."""

    __slots__ = ("_native", "path")

    def __init__(self, native: "_native.Graph", path: str) -> None:
        self._native = native
        self.path = path

    @classmethod
    def open(cls, path: PathLike) -> "Graph":
        """Open the graph at ``path`` (either layout). A damaged or missing
        graph raises :class:`ClaimgraphError`."""
        p = _os.fspath(path)
        return cls(_native.Graph.open(p), p)

    @classmethod
    def merge(
        cls,
        inputs: Iterable[Union[PathLike, Record]],
        out: PathLike,
        rules: Union[None, PathLike, Sequence[PathLike], Rules] = None,
    ) -> "Graph":
        """Fold records and graphs into the graph at ``out`` and open it.

        ``inputs`` mixes record files (JSON lines of ``extract --jsonl``),
        graph paths and record dicts from :meth:`Rules.extract`. The graph
        already at ``out`` is folded in too. The fold is associative,
        commutative and idempotent: any grouping, order or repetition of the
        same inputs gives the graph a single ``claimgraph ingest`` of the
        articles gives. ``rules`` supplies the actor and topic lists (the
        rules the records were extracted with; None: the bundled rules).
        """
        loaded = rules if isinstance(rules, Rules) else Rules.load(rules)
        paths: List[str] = []
        records: List[Record] = []
        for item in inputs:
            if isinstance(item, dict):
                records.append(item)
            else:
                paths.append(_os.fspath(item))
        out_path = _os.fspath(out)
        if records:
            with _tempfile.TemporaryDirectory(prefix="claimgraph-") as tmp:
                lines = _os.path.join(tmp, "records.jsonl")
                with open(lines, "w", encoding="utf-8") as f:
                    for r in records:
                        f.write(_json.dumps(r, ensure_ascii=False))
                        f.write("\n")
                loaded._native.merge_json(paths + [lines], out_path)
        else:
            loaded._native.merge_json(paths, out_path)
        return cls.open(out_path)

    def positions(self, actor: Optional[str] = None, topic: Optional[str] = None, roll_up: bool = False) -> List[Record]:
        """Each actor's stances (demands / rejects) with all their evidence,
        as ``claimgraph positions --json`` gives them."""
        return _json.loads(self._native.positions_json(actor, topic, roll_up))

    def who_said(self, actor: Optional[str] = None, about: Optional[str] = None) -> List[Record]:
        """Statements, one row per occurrence, as ``claimgraph who-said --json``."""
        return _json.loads(self._native.who_said_json(actor, about))

    def contradictions(self, roll_up: bool = False) -> List[Record]:
        """Actor-vs-actor conflicts, reversals and claim/denial pairs."""
        return _json.loads(self._native.contradictions_json(roll_up))

    def ledger(
        self,
        since: Union[None, str, _dt.date] = None,
        until: Union[None, str, _dt.date] = None,
        roll_up: bool = False,
    ) -> List[Record]:
        """Each actor's latest stance per topic as of ``until``."""
        return _json.loads(self._native.ledger_json(_date(since), _date(until), roll_up))["entries"]

    def moves(
        self,
        since: Union[None, str, _dt.date] = None,
        until: Union[None, str, _dt.date] = None,
        roll_up: bool = False,
    ) -> List[Record]:
        """Actors whose stance on a topic changed between ``since`` and ``until``."""
        return _json.loads(self._native.ledger_json(_date(since), _date(until), roll_up))["moves"]

    def export(self) -> Dict[str, List[Record]]:
        """The JSON export (``claimgraph export --format json``) as a dict of
        row lists: statements, stances, actors, topics, articles."""
        return _json.loads(self._native.export_json())

    def data(self) -> Dict[str, Any]:
        """The graph as stored: articles, actors, topics, statements and
        stances with every evidence."""
        return _json.loads(self._native.data_json())

    def to_pandas(self) -> Dict[str, Any]:
        """The export's statements, stances and actors as pandas DataFrames
        (keys ``statements``, ``stances``, ``actors``, ``topics``,
        ``articles``). Needs pandas (``pip install pandas``)."""
        try:
            import pandas as pd
        except ImportError as e:
            raise ImportError("Graph.to_pandas needs pandas: pip install pandas") from e
        rows = self.export()
        return {name: pd.DataFrame(rows[name]) for name in ("statements", "stances", "actors", "topics", "articles")}

    def to_networkx(self) -> Any:
        """The graph as a networkx MultiDiGraph: actor, statement, topic and
        article nodes (``type`` attribute) with ``said``, ``from``,
        ``demands``, ``rejects`` and ``member_of`` edges; evidence counts
        on stance edges. Needs networkx (``pip install networkx``)."""
        try:
            import networkx as nx
        except ImportError as e:
            raise ImportError("Graph.to_networkx needs networkx: pip install networkx") from e
        data = self.data()
        g = nx.MultiDiGraph()
        for a in data["articles"]:
            g.add_node(a["id"], type="article", title=a["title"], date=a["date"], source=a["source"], path=a["path"])
        for a in data["actors"]:
            g.add_node(a["name"], type="actor", kind=a["kind"], rule=a["rule"])
        for a in data["actors"]:
            if a.get("member_of"):
                g.add_edge(a["name"], a["member_of"], key="member_of", type="member_of")
        for t in data["topics"]:
            g.add_node(t["id"], type="topic", label=t["label"])
        for s in data["statements"]:
            g.add_node(s["id"], type="statement", kind=s["kind"], text=s["text"])
            g.add_edge(s["speaker"], s["id"], key="said", type="said")
            for article in sorted({e["article"] for e in s["evidence"]}):
                g.add_edge(s["id"], article, key="from", type="from")
        for s in data["stances"]:
            g.add_edge(s["actor"], s["topic"], key=s["stance"], type=s["stance"], id=s["id"], evidence=len(s["evidence"]))
        return g

    def __repr__(self) -> str:
        return f"<claimgraph.Graph {self.path}>"
