//! GraphML export, as Gephi and yEd read it: one `<key>` per attribute with
//! its type declared, so counts import as numbers and dates as text.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::store::GraphData;

use super::table::{EdgeRow, NodeRow, flatten};

/// (key id, for, attr.name, attr.type)
const NODE_KEYS: [(&str, &str, &str, &str); 8] = [
    ("label", "node", "label", "string"),
    ("kind", "node", "kind", "string"),
    ("actor_kind", "node", "actor_kind", "string"),
    ("member_of", "node", "member_of", "string"),
    ("gender", "node", "gender", "string"),
    ("quote_kind", "node", "quote_kind", "string"),
    ("text", "node", "text", "string"),
    ("n_evidence", "node", "evidence_count", "int"),
];

const EDGE_KEYS: [(&str, &str, &str, &str); 5] = [
    ("relation", "edge", "relation", "string"),
    ("first_date", "edge", "first_date", "string"),
    ("last_date", "edge", "last_date", "string"),
    ("e_evidence", "edge", "evidence_count", "int"),
    ("weight", "edge", "weight", "double"),
];

/// XML 1.0 cannot hold most control characters, even escaped.
fn xml_text(s: &str) -> String {
    s.chars().map(|c| if c.is_control() && !matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }).collect()
}

type W = Writer<Vec<u8>>;

fn data(w: &mut W, key: &str, value: &str) -> std::io::Result<()> {
    if value.is_empty() {
        return Ok(());
    }
    w.create_element("data")
        .with_attribute(("key", key))
        .write_text_content(BytesText::new(&xml_text(value)))?;
    Ok(())
}

fn node(w: &mut W, n: &NodeRow) -> std::io::Result<()> {
    w.create_element("node").with_attribute(("id", xml_text(&n.id).as_str())).write_inner_content(|w| {
        data(w, "label", &n.label)?;
        data(w, "kind", n.kind)?;
        data(w, "actor_kind", &n.actor_kind)?;
        data(w, "member_of", &n.member_of)?;
        data(w, "gender", &n.gender)?;
        data(w, "quote_kind", &n.quote_kind)?;
        data(w, "text", &n.text)?;
        data(w, "n_evidence", &n.evidence_count.to_string())
    })?;
    Ok(())
}

fn edge(w: &mut W, e: &EdgeRow) -> std::io::Result<()> {
    w.create_element("edge")
        .with_attributes([
            ("id", xml_text(&e.id).as_str()),
            ("source", xml_text(&e.source).as_str()),
            ("target", xml_text(&e.target).as_str()),
        ])
        .write_inner_content(|w| {
            data(w, "relation", e.relation)?;
            data(w, "first_date", &e.first_date)?;
            data(w, "last_date", &e.last_date)?;
            data(w, "e_evidence", &e.evidence_count.to_string())?;
            data(w, "weight", &e.weight.to_string())
        })?;
    Ok(())
}

fn write(data: &GraphData) -> std::io::Result<Vec<u8>> {
    let (nodes, edges) = flatten(data);
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("graphml")
        .with_attributes([
            ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
            ),
        ])
        .write_inner_content(|w| {
            for (id, for_, name, ty) in NODE_KEYS.iter().chain(EDGE_KEYS.iter()) {
                w.create_element("key")
                    .with_attributes([("id", *id), ("for", *for_), ("attr.name", *name), ("attr.type", *ty)])
                    .write_empty()?;
            }
            w.create_element("graph")
                .with_attributes([("id", "claimgraph"), ("edgedefault", "directed")])
                .write_inner_content(|w| {
                    for n in &nodes {
                        node(w, n)?;
                    }
                    for e in &edges {
                        edge(w, e)?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}

/// The graph as a GraphML document.
pub fn to_graphml(data: &GraphData) -> String {
    // Writing into a Vec cannot fail, and quick-xml writes only the UTF-8
    // it is given.
    match write(data) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => unreachable!("writing GraphML to memory failed: {e}"),
    }
}
