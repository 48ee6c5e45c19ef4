//! Discourse networks ([`crate::query::networks`]) as DOT, as an adjacency
//! matrix CSV and as an edge list CSV. GEXF and Pajek live in their own
//! files ([`super::gexf`], [`super::pajek`]).

use graphviz_rust::dot_structures::{Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Vertex};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use crate::model::ActorKind;
use crate::query::networks::{NetEdge, NetNode, Network, NetworkKind, NodeMode};

use super::dot_text::{DEMANDS_COLOR, REJECTS_COLOR, noted, quote_id};

/// A weight as text: whole numbers without a fraction, others with up to
/// six decimals, so counts read as counts and files stay stable.
pub fn fmt_weight(w: f64) -> String {
    if w.fract() == 0.0 && w.abs() < 1e15 {
        return format!("{}", w as i64);
    }
    let s = format!("{w:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn attr(key: &str, value: &str) -> Attribute {
    Attribute(Id::Plain(key.to_string()), quote_id(value))
}

fn node_id(id: &str) -> NodeId {
    NodeId(quote_id(id), None)
}

fn node_stmt(n: &NetNode) -> Stmt {
    let mut tooltip = match n.mode {
        NodeMode::Topic => format!("topic {}: {} actors, {} evidences", n.id.trim_start_matches("topic:"), n.activity, n.evidence),
        NodeMode::Actor => {
            let mut t = n.label.clone();
            if let Some(k) = n.actor_kind {
                t.push_str(&format!(" ({})", k.as_str()));
            }
            if let Some(g) = n.gender {
                t.push_str(&format!(", {}", g.as_str()));
            }
            if let Some(m) = &n.member_of {
                t.push_str(&format!(", member of {m}"));
            }
            t.push_str(&format!("\n{} topic stances, {} evidences", n.activity, n.evidence));
            t
        }
    };
    tooltip = tooltip.trim().to_string();
    let mut attrs = vec![attr("label", &n.label), attr("tooltip", &tooltip)];
    match (n.mode, n.actor_kind) {
        (NodeMode::Topic, _) => {
            attrs.extend([attr("shape", "box"), attr("style", "rounded,filled"), attr("fillcolor", "lightyellow")])
        }
        (_, Some(ActorKind::Country)) => {
            attrs.extend([attr("shape", "box"), attr("style", "filled"), attr("fillcolor", "lightgrey")])
        }
        (_, Some(ActorKind::Organization)) => attrs.push(attr("shape", "hexagon")),
        _ => attrs.push(attr("shape", "ellipse")),
    }
    Stmt::Node(Node::new(node_id(&n.id), attrs))
}

fn edge_color(kind: NetworkKind, e: &NetEdge) -> &'static str {
    match kind {
        NetworkKind::Congruence => DEMANDS_COLOR,
        NetworkKind::Conflict => REJECTS_COLOR,
        NetworkKind::ActorTopic if e.signed > 0 => DEMANDS_COLOR,
        NetworkKind::ActorTopic if e.signed < 0 => REJECTS_COLOR,
        NetworkKind::ActorTopic => "grey40",
    }
}

fn edge_stmt(net: &Network, e: &NetEdge, max: f64) -> Stmt {
    let width = if max > 0.0 { 1.0 + 4.0 * e.weight / max } else { 1.0 };
    let what = match net.kind {
        NetworkKind::Congruence => format!("{} and {} agree on {}", e.source, e.target, e.topics.join(", ")),
        NetworkKind::Conflict => format!("{} and {} oppose each other on {}", e.source, e.target, e.topics.join(", ")),
        NetworkKind::ActorTopic => format!("{}: demands {}, rejects {}", e.source, e.demands, e.rejects),
    };
    let tooltip = format!("{what}\nweight {} ({}), {} evidences", fmt_weight(e.weight), net.normalization.name(), e.evidence);
    let color = edge_color(net.kind, e);
    let mut attributes = vec![
        attr("label", &fmt_weight(e.weight)),
        attr("penwidth", &format!("{width:.2}")),
        attr("color", color),
        attr("fontcolor", color),
        attr("tooltip", &tooltip),
    ];
    if net.kind.one_mode() {
        // neato's preferred edge length, in inches: room for the labels.
        attributes.push(attr("len", "1.8"));
    }
    Stmt::Edge(Edge {
        ty: EdgeTy::Pair(Vertex::N(node_id(&e.source)), Vertex::N(node_id(&e.target))),
        attributes,
    })
}

/// The network as an undirected DOT graph: edge width grows with weight;
/// agreement green, conflict red; two-mode edges green where demands
/// outnumber rejections, red where rejections do.
pub fn network_dot(net: &Network) -> String {
    network_dot_noted(net, None)
}

/// [`network_dot`] with a note on a line under the title.
pub fn network_dot_noted(net: &Network, note: Option<&str>) -> String {
    let mut graph_attrs = vec![attr("label", &noted(net.title(), note)), attr("labelloc", "t"), attr("fontname", "Helvetica")];
    if net.kind.one_mode() {
        // A force layout shows camps; the hierarchy `dot` draws means nothing
        // in an undirected network.
        graph_attrs.extend([attr("layout", "neato"), attr("overlap", "false"), attr("splines", "true")]);
    } else {
        graph_attrs.push(attr("rankdir", "LR"));
    }
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(graph_attrs)),
        Stmt::GAttribute(GraphAttributes::Node(vec![attr("fontname", "Helvetica"), attr("fontsize", "10")])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![attr("fontname", "Helvetica"), attr("fontsize", "9")])),
    ];
    stmts.extend(net.nodes.iter().map(node_stmt));
    let max = net.edges.iter().map(|e| e.weight).fold(0.0, f64::max);
    stmts.extend(net.edges.iter().map(|e| edge_stmt(net, e, max)));
    let graph = Graph::Graph {
        id: quote_id(net.kind.name()),
        strict: false,
        stmts,
    };
    let mut out = graph.print(&mut PrinterContext::default());
    out.push('\n');
    out
}

fn csv_text(w: ::csv::Writer<Vec<u8>>) -> String {
    match w.into_inner() {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => unreachable!("writing CSV to memory failed: {e}"),
    }
}

fn record<I, S>(w: &mut ::csv::Writer<Vec<u8>>, fields: I)
where
    I: IntoIterator<Item = S>,
    S: AsRef<[u8]>,
{
    if let Err(e) = w.write_record(fields) {
        unreachable!("writing CSV to memory failed: {e}");
    }
}

/// The weighted adjacency matrix: one-mode, actors × actors (symmetric,
/// zero diagonal); two-mode, actors (rows) × topics (columns, by id). The
/// first row and column hold the names, as R's
/// `read.csv(row.names = 1, check.names = FALSE)` and pandas'
/// `read_csv(index_col=0)` read them.
pub fn matrix_csv(net: &Network) -> String {
    let rows: Vec<&NetNode> = net.nodes.iter().filter(|n| n.mode == NodeMode::Actor).collect();
    let cols: Vec<&NetNode> = if net.kind.one_mode() {
        rows.clone()
    } else {
        net.nodes.iter().filter(|n| n.mode == NodeMode::Topic).collect()
    };
    let row_ix: std::collections::HashMap<&str, usize> =
        rows.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
    let col_ix: std::collections::HashMap<&str, usize> =
        cols.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
    let mut m = vec![vec![0.0f64; cols.len()]; rows.len()];
    for e in &net.edges {
        if let (Some(&i), Some(&j)) = (row_ix.get(e.source.as_str()), col_ix.get(e.target.as_str())) {
            m[i][j] = e.weight;
        }
        if net.kind.one_mode()
            && let (Some(&i), Some(&j)) = (row_ix.get(e.target.as_str()), col_ix.get(e.source.as_str()))
        {
            m[i][j] = e.weight;
        }
    }
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let header: Vec<String> = std::iter::once(String::new())
        .chain(cols.iter().map(|n| n.id.trim_start_matches("topic:").to_string()))
        .collect();
    record(&mut w, &header);
    for (i, n) in rows.iter().enumerate() {
        let line: Vec<String> = std::iter::once(n.label.clone()).chain(m[i].iter().map(|v| fmt_weight(*v))).collect();
        record(&mut w, &line);
    }
    csv_text(w)
}

/// One row per edge, with Gephi's spreadsheet column names (`Source`,
/// `Target`, `Type`, `Weight`) first.
pub fn edgelist_csv(net: &Network) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    record(
        &mut w,
        ["Source", "Target", "Type", "Weight", "count", "evidence", "topics", "demands", "rejects", "signed"],
    );
    for e in &net.edges {
        record(
            &mut w,
            [
                e.source.clone(),
                e.target.clone(),
                "Undirected".to_string(),
                fmt_weight(e.weight),
                e.count.to_string(),
                e.evidence.to_string(),
                e.topics.join(";"),
                e.demands.to_string(),
                e.rejects.to_string(),
                e.signed.to_string(),
            ],
        );
    }
    csv_text(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_print_as_counts_or_short_decimals() {
        assert_eq!(fmt_weight(3.0), "3");
        assert_eq!(fmt_weight(0.5), "0.5");
        assert_eq!(fmt_weight(1.0 / 3.0), "0.333333");
        assert_eq!(fmt_weight(0.0), "0");
    }
}
