//! The Parquet export: three typed tables whose rows say what the
//! statements CSV says, read back with the parquet crate and with pandas.

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::cargo_bin_cmd;
use chrono::{Days, NaiveDate};
use claimgraph::export::parquet::{FILES, write_parquet};
use claimgraph::export::statements::{Delimiter, statements_table};
use claimgraph::store::GraphData;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

use super::dot::{fixture, write_graph};

/// The fixture with an undated occurrence, so a null date is in the table.
fn graph() -> GraphData {
    let mut g = fixture();
    g.statements[1].evidence[1].date = None;
    g
}

/// Every row of a Parquet file as (column, value) pairs, values as the CSV
/// writes them (null as an empty cell), with the column's type.
fn read(path: &Path) -> Vec<Vec<(String, String, &'static str)>> {
    let reader = SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap();
    reader
        .get_row_iter(None)
        .unwrap()
        .map(|row| {
            row.unwrap()
                .get_column_iter()
                .map(|(name, field)| {
                    let (text, ty) = match field {
                        Field::Null => (String::new(), "null"),
                        Field::Str(s) => (s.clone(), "string"),
                        Field::Long(n) => (n.to_string(), "int64"),
                        Field::Date(d) => {
                            let day = NaiveDate::default().checked_add_days(Days::new(u64::try_from(*d).unwrap())).unwrap();
                            (day.to_string(), "date")
                        }
                        other => panic!("unexpected Parquet field {other:?}"),
                    };
                    (name.clone(), text, ty)
                })
                .collect()
        })
        .collect()
}

#[test]
fn parquet_tables_hold_the_statements_csv_rows_typed() {
    let dir = tempfile::tempdir().unwrap();
    let g = graph();
    write_parquet(&g, dir.path()).unwrap();
    let csv = statements_table(&g, Delimiter::Comma);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let rows: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    for (file, ty) in [("statements.parquet", "statement"), ("stances.parquet", "stance")] {
        let table = read(&dir.path().join(file));
        let expected: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == ty).collect();
        assert_eq!(table.len(), expected.len(), "{file}");
        for (got, want) in table.iter().zip(expected) {
            let names: Vec<&str> = got.iter().map(|(n, _, _)| n.as_str()).collect();
            assert_eq!(names, header, "{file}: the CSV's columns");
            let values: Vec<&str> = got.iter().map(|(_, v, _)| v.as_str()).collect();
            assert_eq!(&values, want, "{file}");
            for (name, value, t) in got {
                match name.as_str() {
                    "start" | "end" | "sentence_start" | "sentence_end" => assert_eq!(*t, "int64", "{name}"),
                    "date" | "article_date" if value.is_empty() => assert_eq!(*t, "null"),
                    "date" | "article_date" => assert_eq!(*t, "date", "{name}"),
                    "topic" if ty == "statement" => assert_eq!(*t, "null", "statements have no topic"),
                    "topic" => assert_eq!(*t, "string"),
                    _ => assert!(matches!(*t, "string" | "null"), "{name}: {t}"),
                }
            }
        }
    }
    // The undated occurrence is a null, not a made-up day.
    let statements = read(&dir.path().join("statements.parquet"));
    assert!(statements.iter().any(|r| r.iter().any(|(n, _, t)| n == "date" && *t == "null")));
    let actors = read(&dir.path().join("actors.parquet"));
    assert_eq!(actors.len(), g.actors.len() + 1, "the listed actors and the unlisted speaker");
    let muller = actors.iter().find(|r| r[0].1 == super::dot::MULLER).unwrap();
    let cols: Vec<(&str, &str)> = muller.iter().map(|(n, v, _)| (n.as_str(), v.as_str())).collect();
    assert_eq!(
        cols,
        [("name", super::dot::MULLER), ("actor_kind", "person"), ("member_of", "Freedonia"), ("gender", "male"), ("evidence_count", "2")]
    );
}

#[test]
fn parquet_export_needs_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let graph = write_graph(dir.path(), &graph());
    let out = dir.path().join("tables");
    cargo_bin_cmd!("claimgraph").args(["export", "-f", "parquet", "-g"]).arg(&graph).arg("-o").arg(&out).assert().success();
    for f in FILES {
        assert!(out.join(f).is_file(), "{f}");
    }
    cargo_bin_cmd!("claimgraph")
        .args(["export", "-f", "parquet", "-o", "-", "-g"])
        .arg(&graph)
        .assert()
        .failure()
        .stderr(predicates::str::contains("give a folder"));
}

#[test]
fn pandas_reads_the_parquet_tables_with_their_types() {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    let ready = python.is_file()
        && Command::new(&python).args(["-c", "import pandas, pyarrow"]).status().is_ok_and(|s| s.success());
    if !crate::require("pandas and pyarrow in the venv .venv (bash .ci/run installs them)", ready) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write_parquet(&graph(), dir.path()).unwrap();
    let script = r#"
import sys, pandas as pd
d = sys.argv[1]
st = pd.read_parquet(f"{d}/statements.parquet")
sn = pd.read_parquet(f"{d}/stances.parquet")
ac = pd.read_parquet(f"{d}/actors.parquet")
print(len(st), len(sn), len(ac))
print(st["start"].dtype, st["date"].isna().sum(), st["topic"].isna().all(), sn["topic"].notna().all())
print(sorted(set(sn["kind"])), int(ac.loc[ac["name"] == "Freedonia", "evidence_count"].iloc[0]))
"#;
    let out = Command::new(&python).args(["-c", script]).arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines, ["5 5 8", "int64 1 True True", "['demands', 'rejects'] 2"], "{stdout}");
}
