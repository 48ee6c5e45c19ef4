//! GEXF, Gephi's own format, for the discourse networks: version 1.2 (the
//! one Gephi 0.9 and later, networkx and igraph all read), attributes
//! declared with their types so Gephi can size and colour by them.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, Event};

use crate::query::networks::{NetEdge, NetNode, Network};

use super::networks::fmt_weight;

/// (id, title, type)
const NODE_ATTRS: [(&str, &str, &str); 6] = [
    ("mode", "mode", "string"),
    ("actor_kind", "actor_kind", "string"),
    ("member_of", "member_of", "string"),
    ("gender", "gender", "string"),
    ("activity", "activity", "integer"),
    ("evidence", "evidence", "integer"),
];

const EDGE_ATTRS: [(&str, &str, &str); 6] = [
    ("count", "count", "integer"),
    ("evidence", "evidence", "integer"),
    ("topics", "topics", "string"),
    ("demands", "demands", "integer"),
    ("rejects", "rejects", "integer"),
    ("signed", "signed", "integer"),
];

/// XML 1.0 cannot hold most control characters, even escaped.
fn xml_text(s: &str) -> String {
    s.chars().map(|c| if c.is_control() && !matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }).collect()
}

type W = Writer<Vec<u8>>;

fn attvalues(w: &mut W, values: &[(&str, String)]) -> std::io::Result<()> {
    w.create_element("attvalues").write_inner_content(|w| {
        for (key, value) in values.iter().filter(|(_, v)| !v.is_empty()) {
            w.create_element("attvalue")
                .with_attributes([("for", *key), ("value", xml_text(value).as_str())])
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

fn node(w: &mut W, n: &NetNode) -> std::io::Result<()> {
    let mode = match n.mode {
        crate::query::networks::NodeMode::Actor => "actor",
        crate::query::networks::NodeMode::Topic => "topic",
    };
    let values = [
        ("mode", mode.to_string()),
        ("actor_kind", n.actor_kind.map(|k| k.as_str().to_string()).unwrap_or_default()),
        ("member_of", n.member_of.clone().unwrap_or_default()),
        ("gender", n.gender.map(|g| g.as_str().to_string()).unwrap_or_default()),
        ("activity", n.activity.to_string()),
        ("evidence", n.evidence.to_string()),
    ];
    w.create_element("node")
        .with_attributes([("id", xml_text(&n.id).as_str()), ("label", xml_text(&n.label).as_str())])
        .write_inner_content(|w| attvalues(w, &values))?;
    Ok(())
}

fn edge(w: &mut W, i: usize, e: &NetEdge) -> std::io::Result<()> {
    let values = [
        ("count", e.count.to_string()),
        ("evidence", e.evidence.to_string()),
        ("topics", e.topics.join(";")),
        ("demands", e.demands.to_string()),
        ("rejects", e.rejects.to_string()),
        ("signed", e.signed.to_string()),
    ];
    w.create_element("edge")
        .with_attributes([
            ("id", i.to_string().as_str()),
            ("source", xml_text(&e.source).as_str()),
            ("target", xml_text(&e.target).as_str()),
            ("weight", fmt_weight(e.weight).as_str()),
        ])
        .write_inner_content(|w| attvalues(w, &values))?;
    Ok(())
}

fn declare(w: &mut W, class: &str, attrs: &[(&str, &str, &str)]) -> std::io::Result<()> {
    w.create_element("attributes").with_attribute(("class", class)).write_inner_content(|w| {
        for (id, title, ty) in attrs {
            w.create_element("attribute").with_attributes([("id", *id), ("title", *title), ("type", *ty)]).write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

fn write(net: &Network) -> std::io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("gexf")
        .with_attributes([
            ("xmlns", "http://www.gexf.net/1.2draft"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            ("xsi:schemaLocation", "http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd"),
            ("version", "1.2"),
        ])
        .write_inner_content(|w| {
            w.create_element("meta").write_inner_content(|w| {
                w.create_element("creator").write_text_content(quick_xml::events::BytesText::new("claimgraph"))?;
                w.create_element("description")
                    .write_text_content(quick_xml::events::BytesText::new(&xml_text(&net.title())))?;
                Ok(())
            })?;
            w.create_element("graph")
                .with_attributes([("mode", "static"), ("defaultedgetype", "undirected")])
                .write_inner_content(|w| {
                    declare(w, "node", &NODE_ATTRS)?;
                    declare(w, "edge", &EDGE_ATTRS)?;
                    w.create_element("nodes").write_inner_content(|w| {
                        for n in &net.nodes {
                            node(w, n)?;
                        }
                        Ok(())
                    })?;
                    w.create_element("edges").write_inner_content(|w| {
                        for (i, e) in net.edges.iter().enumerate() {
                            edge(w, i, e)?;
                        }
                        Ok(())
                    })?;
                    Ok(())
                })?;
            Ok(())
        })?;
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}

/// The network as a GEXF document.
pub fn to_gexf(net: &Network) -> String {
    // Writing into a Vec cannot fail, and quick-xml writes only the UTF-8
    // it is given.
    match write(net) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => unreachable!("writing GEXF to memory failed: {e}"),
    }
}
