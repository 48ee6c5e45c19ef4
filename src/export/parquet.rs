//! Parquet export: `statements.parquet`, `stances.parquet` and
//! `actors.parquet`, typed tables for DuckDB, pandas, Polars or Spark. The
//! statements and stances tables have the columns of `statements-csv`
//! ([`super::statements::COLUMNS`], one row per occurrence or evidence, in
//! the same order); offsets are 64-bit integers, dates are Parquet dates,
//! and what the CSV leaves empty is null. The actors table has the actor
//! columns of `nodes.csv`. Written with the `parquet` crate's own column
//! writers (no Arrow), Snappy-compressed, in row groups of 64k rows.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use parquet::basic::{Compression, LogicalType, Repetition, Type as PhysicalType};
use parquet::data_type::{ByteArray, ByteArrayType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

use crate::error::{Error, Result};
use crate::model::GraphData;
use crate::store::write_atomic;

use super::statements::{COLUMNS, Record, RecordOrder};

/// The files the export writes into its folder.
pub const FILES: [&str; 3] = ["statements.parquet", "stances.parquet", "actors.parquet"];

/// Rows per row group: bounded memory per column chunk, and big enough
/// for readers to skip by statistics.
const ROW_GROUP: usize = 65_536;

/// A column and how to read its value from a row.
enum Col<R> {
    Text(fn(&R) -> &str),
    MaybeText(fn(&R) -> Option<&str>),
    Date(fn(&R) -> Option<NaiveDate>),
    Int(fn(&R) -> i64),
}

impl<R> Col<R> {
    fn field(&self, name: &str, err: impl Fn(parquet::errors::ParquetError) -> Error) -> Result<Type> {
        let (physical, logical, repetition) = match self {
            Col::Text(_) => (PhysicalType::BYTE_ARRAY, Some(LogicalType::String), Repetition::REQUIRED),
            Col::MaybeText(_) => (PhysicalType::BYTE_ARRAY, Some(LogicalType::String), Repetition::OPTIONAL),
            Col::Date(_) => (PhysicalType::INT32, Some(LogicalType::Date), Repetition::OPTIONAL),
            Col::Int(_) => (PhysicalType::INT64, None, Repetition::REQUIRED),
        };
        Type::primitive_type_builder(name, physical)
            .with_repetition(repetition)
            .with_logical_type(logical)
            .build()
            .map_err(err)
    }
}

/// Encoding into memory fails only on a schema or writer bug; the error
/// names the table it was writing.
fn failed(table: &str) -> impl Fn(parquet::errors::ParquetError) -> Error + Copy + '_ {
    move |e| Error::io(table, std::io::Error::other(e))
}

fn bytes(s: &str) -> ByteArray {
    ByteArray::from(s.as_bytes().to_vec())
}

fn days(d: NaiveDate) -> i32 {
    // Parquet's DATE is days since 1970-01-01; every chrono date fits.
    (d - NaiveDate::default()).num_days() as i32
}

fn int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// One table as Parquet bytes, one row group per item of `groups`.
fn table<R, G: AsRef<[R]>>(file: &str, groups: impl IntoIterator<Item = G>, columns: &[(&str, Col<R>)]) -> Result<Vec<u8>> {
    let err = failed(file);
    let fields = columns.iter().map(|(name, c)| c.field(name, err).map(Arc::new)).collect::<Result<Vec<_>>>()?;
    let schema = Type::group_type_builder("schema").with_fields(fields).build().map_err(err)?;
    let props = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
    let mut out = Vec::new();
    let mut writer = SerializedFileWriter::new(&mut out, Arc::new(schema), Arc::new(props)).map_err(err)?;
    for rows in groups {
        let chunk = rows.as_ref();
        let mut group = writer.next_row_group().map_err(err)?;
        for (_, col) in columns {
            let Some(mut w) = group.next_column().map_err(err)? else { break };
            let written = match col {
                Col::Text(f) => {
                    let values: Vec<ByteArray> = chunk.iter().map(|r| bytes(f(r))).collect();
                    w.typed::<ByteArrayType>().write_batch(&values, None, None)
                }
                Col::MaybeText(f) => {
                    let values: Vec<ByteArray> = chunk.iter().filter_map(|r| f(r).map(bytes)).collect();
                    let defined: Vec<i16> = chunk.iter().map(|r| i16::from(f(r).is_some())).collect();
                    w.typed::<ByteArrayType>().write_batch(&values, Some(&defined), None)
                }
                Col::Date(f) => {
                    let values: Vec<i32> = chunk.iter().filter_map(|r| f(r).map(days)).collect();
                    let defined: Vec<i16> = chunk.iter().map(|r| i16::from(f(r).is_some())).collect();
                    w.typed::<Int32Type>().write_batch(&values, Some(&defined), None)
                }
                Col::Int(f) => {
                    let values: Vec<i64> = chunk.iter().map(f).collect();
                    w.typed::<Int64Type>().write_batch(&values, None, None)
                }
            };
            written.map_err(err)?;
            w.close().map_err(err)?;
        }
        group.close().map_err(err)?;
    }
    writer.close().map_err(err)?;
    Ok(out)
}

/// The statements-csv columns, typed, in [`COLUMNS`] order.
fn record_columns<'a>() -> Vec<(&'static str, Col<Record<'a>>)> {
    let cols: [Col<Record<'a>>; 25] = [
        Col::Text(|r| r.ty),
        Col::Text(|r| r.id),
        Col::Text(|r| r.article),
        Col::Text(|r| r.article_id),
        Col::MaybeText(|r| r.title),
        Col::MaybeText(|r| r.outlet),
        Col::MaybeText(|r| r.byline),
        Col::Date(|r| r.article_date),
        Col::Date(|r| r.date),
        Col::Text(|r| r.speaker),
        Col::MaybeText(|r| r.speaker_kind),
        Col::MaybeText(|r| r.speaker_gender),
        Col::MaybeText(|r| r.member_of),
        Col::Text(|r| r.kind),
        Col::MaybeText(|r| r.topic),
        Col::Text(|r| r.cue),
        Col::Text(|r| r.text),
        Col::Int(|r| int(r.start)),
        Col::Int(|r| int(r.end)),
        Col::Int(|r| int(r.sentence_start)),
        Col::Int(|r| int(r.sentence_end)),
        Col::Text(|r| r.sentence),
        Col::Text(|r| r.rule),
        Col::Text(|r| r.resolution),
        Col::MaybeText(|r| r.path),
    ];
    COLUMNS.into_iter().zip(cols).collect()
}

/// An actor row: every listed actor, and every name that speaks, holds a
/// stance or is a member's country without being listed, as in `nodes.csv`.
struct ActorRow<'a> {
    name: &'a str,
    kind: Option<&'static str>,
    member_of: Option<&'a str>,
    gender: Option<&'static str>,
    /// Statements plus stances, as `nodes.csv` counts them.
    count: i64,
}

fn actor_rows(data: &GraphData) -> Vec<ActorRow<'_>> {
    let mut rows: BTreeMap<&str, ActorRow<'_>> = BTreeMap::new();
    let unlisted = |name| ActorRow { name, kind: None, member_of: None, gender: None, count: 0 };
    for a in &data.actors {
        rows.insert(
            &a.name,
            ActorRow { name: &a.name, kind: Some(a.kind.as_str()), member_of: a.member_of.as_deref(), gender: a.gender.map(|g| g.as_str()), count: 0 },
        );
    }
    for who in data.statements.iter().map(|s| &s.speaker).chain(data.stances.iter().map(|s| &s.actor)) {
        rows.entry(who).or_insert_with(|| unlisted(who)).count += 1;
    }
    for m in data.actors.iter().filter_map(|a| a.member_of.as_deref()) {
        rows.entry(m).or_insert_with(|| unlisted(m));
    }
    rows.into_values().collect()
}

fn actor_columns<'a>() -> Vec<(&'static str, Col<ActorRow<'a>>)> {
    vec![
        ("name", Col::Text(|a| a.name)),
        ("actor_kind", Col::MaybeText(|a| a.kind)),
        ("member_of", Col::MaybeText(|a| a.member_of)),
        ("gender", Col::MaybeText(|a| a.gender)),
        ("evidence_count", Col::Int(|a| a.count)),
    ]
}

/// The rows of one kind (statements or stances) in row groups, each
/// group's rows built only when it is written.
fn record_groups<'a>(order: &'a RecordOrder<'a>) -> impl Iterator<Item = Vec<Record<'a>>> + 'a {
    (0..order.len()).step_by(ROW_GROUP).map(move |start| order.rows(start..(start + ROW_GROUP).min(order.len())))
}

/// Writes the three tables into `dir` (created if missing), each file
/// atomically, one table's file in memory at a time; of the statements
/// and stances only their order and one row group's rows.
pub fn write_parquet(data: &GraphData, dir: &Path) -> Result<()> {
    let write = |name: &str, bytes: Vec<u8>| write_atomic(&dir.join(name), &bytes);
    for (file, statements) in [(FILES[0], true), (FILES[1], false)] {
        let order = RecordOrder::new(data, statements, !statements);
        write(file, table(file, record_groups(&order), &record_columns())?)?;
    }
    let actors = actor_rows(data);
    write(FILES[2], table(FILES[2], actors.chunks(ROW_GROUP), &actor_columns())?)
}
