//! Pajek `.net` for the discourse networks, as Pajek, igraph
//! (`read_graph(format = "pajek")`), statnet and networkx read it.
//!
//! Vertices are numbered from 1 in node order (actors by name, then
//! topics); a two-mode network says so with `*Vertices N N1`, the first
//! `N1` being the actors. Labels are quoted; Pajek has no escape for `"`,
//! so a double quote in a name becomes a single one. Edges carry the
//! network's weight.

use std::collections::HashMap;

use crate::query::networks::{Network, NodeMode};

use super::networks::fmt_weight;

fn label(s: &str) -> String {
    let flat: String = s.chars().map(|c| if c == '"' { '\'' } else if c.is_control() { ' ' } else { c }).collect();
    format!("\"{flat}\"")
}

pub fn to_pajek(net: &Network) -> String {
    let index: HashMap<&str, usize> = net.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i + 1)).collect();
    let actors = net.nodes.iter().filter(|n| n.mode == NodeMode::Actor).count();
    let mut out = if net.kind.one_mode() {
        format!("*Vertices {}\n", net.nodes.len())
    } else {
        format!("*Vertices {} {actors}\n", net.nodes.len())
    };
    for (i, n) in net.nodes.iter().enumerate() {
        out.push_str(&format!("{} {}\n", i + 1, label(&n.label)));
    }
    out.push_str("*Edges\n");
    for e in &net.edges {
        if let (Some(a), Some(b)) = (index.get(e.source.as_str()), index.get(e.target.as_str())) {
            out.push_str(&format!("{a} {b} {}\n", fmt_weight(e.weight)));
        }
    }
    out
}
