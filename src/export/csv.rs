//! CSV export: `nodes.csv` and `edges.csv` with the column names Gephi's
//! spreadsheet import recognises (`Id`, `Label`, `Source`, `Target`, `Type`,
//! `Weight`), followed by claimgraph's own columns.

use std::path::Path;

use crate::store::GraphData;
use crate::error::{Error, Result};

use super::table::flatten;

fn finish(w: ::csv::Writer<Vec<u8>>) -> String {
    match w.into_inner() {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => unreachable!("writing CSV to memory failed: {e}"),
    }
}

/// A cell a spreadsheet will not run as a formula: text starting with `=`,
/// `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, which
/// Excel, LibreOffice and Google Sheets show as text (OWASP's advice on CSV
/// injection). Quoted statements are the graph's content, so any of them
/// may start that way.
pub fn neutralize(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

fn record<const N: usize>(w: &mut ::csv::Writer<Vec<u8>>, fields: [&str; N]) {
    if let Err(e) = w.write_record(fields.map(neutralize).iter().map(|c| c.as_ref())) {
        unreachable!("writing CSV to memory failed: {e}");
    }
}

pub fn nodes_csv(data: &GraphData) -> String {
    let (nodes, _) = flatten(data);
    let mut w = ::csv::Writer::from_writer(Vec::new());
    record(&mut w, ["Id", "Label", "kind", "actor_kind", "member_of", "gender", "quote_kind", "text", "evidence_count"]);
    for n in &nodes {
        let count = n.evidence_count.to_string();
        record(
            &mut w,
            [&n.id, &n.label, n.kind, &n.actor_kind, &n.member_of, &n.gender, &n.quote_kind, &n.text, &count],
        );
    }
    finish(w)
}

pub fn edges_csv(data: &GraphData) -> String {
    let (_, edges) = flatten(data);
    let mut w = ::csv::Writer::from_writer(Vec::new());
    record(
        &mut w,
        ["Id", "Source", "Target", "Type", "Label", "first_date", "last_date", "evidence_count", "Weight"],
    );
    for e in &edges {
        let (count, weight) = (e.evidence_count.to_string(), e.weight.to_string());
        record(
            &mut w,
            [&e.id, &e.source, &e.target, "Directed", e.relation, &e.first_date, &e.last_date, &count, &weight],
        );
    }
    finish(w)
}

/// Writes `nodes.csv` and `edges.csv` into `dir`, creating it if needed.
pub fn write_csv(data: &GraphData, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    for (name, text) in [("nodes.csv", nodes_csv(data)), ("edges.csv", edges_csv(data))] {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::neutralize;

    #[test]
    fn formula_starts_get_a_quote_and_other_cells_stay() {
        for cell in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralize(cell), format!("'{cell}"));
        }
        for cell in ["", "Jane Doe", "2025-03-01", "1.5", " =x", "'quoted", "a=b"] {
            assert_eq!(neutralize(cell), cell);
        }
    }
}
