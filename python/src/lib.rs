//! The native half of the `claimgraph` Python package. It speaks JSON to the
//! Python half (`python/claimgraph/__init__.py`), which turns it into dicts
//! and lists: every row type of the library already serializes, so the
//! bindings add no second description of the file formats.

// The library's error carries the source text for its report; it is built
// once per failed call (see the library's lib.rs).
#![allow(clippy::result_large_err)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

use claimgraph::query::{self, PositionFilter, StatementFilter};
use claimgraph::store::GraphData;
use claimgraph::{Pipeline, Silent};

// An extraction makes many small strings; mimalloc was a tenth faster than
// glibc's allocator for the CLI, and the extension does the same work.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pyo3::create_exception!(
    _native,
    ClaimgraphError,
    PyException,
    "An error from claimgraph; the message starts with file:line:col where there is one."
);

fn err(e: claimgraph::Error) -> PyErr {
    ClaimgraphError::new_err(e.to_string())
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| ClaimgraphError::new_err(format!("cannot write JSON: {e}")))
}

fn date(text: Option<&str>) -> PyResult<Option<NaiveDate>> {
    text.map(|t| {
        NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("date {t:?} is not YYYY-MM-DD: {e}")))
    })
    .transpose()
}

/// Rule folders loaded and compiled once.
#[pyclass(frozen, module = "claimgraph._native")]
struct Rules {
    pipeline: Arc<Pipeline>,
}

#[pymethods]
impl Rules {
    /// Loads rule folders; an empty list means the bundled rules.
    #[staticmethod]
    fn load(py: Python<'_>, dirs: Vec<PathBuf>) -> PyResult<Rules> {
        let dirs = if dirs.is_empty() { vec![PathBuf::from(claimgraph::rules::BUNDLED)] } else { dirs };
        let pipeline = py.detach(|| Pipeline::load_all(&dirs)).map_err(err)?;
        Ok(Rules { pipeline: Arc::new(pipeline) })
    }

    /// The rule set's hash, as records and graphs carry it.
    #[getter]
    fn hash(&self) -> String {
        self.pipeline.snapshot().hash.clone()
    }

    /// One article's record as a JSON string. `path` is the name recorded
    /// for the article (its extension says whether the text is HTML).
    #[pyo3(signature = (text, path, date_=None, source=None))]
    fn extract_json(&self, py: Python<'_>, text: &str, path: &str, date_: Option<&str>, source: Option<String>) -> PyResult<String> {
        let date = date(date_)?;
        let pipeline = &self.pipeline;
        // Extraction holds no Python object: other Python threads run meanwhile.
        py.detach(|| {
            let opts = pipeline.rules().read_options(date, source);
            let article = claimgraph::source::parse_article(Path::new(path), text, &opts);
            json(&pipeline.record(&article))
        })
    }

    /// Folds record files and graphs into the graph at `out` (see
    /// `claimgraph merge`); returns the summary as JSON.
    fn merge_json(&self, py: Python<'_>, inputs: Vec<PathBuf>, out: PathBuf) -> PyResult<String> {
        let pipeline = &self.pipeline;
        let summary = py.detach(|| pipeline.merge(&inputs, &out, &Silent)).map_err(err)?;
        json(&summary)
    }
}

/// A graph loaded whole.
#[pyclass(frozen, module = "claimgraph._native")]
struct Graph {
    data: GraphData,
}

#[pymethods]
impl Graph {
    #[staticmethod]
    fn open(py: Python<'_>, path: PathBuf) -> PyResult<Graph> {
        let data = py.detach(|| claimgraph::store::load_existing(&path)).map_err(err)?;
        Ok(Graph { data })
    }

    #[pyo3(signature = (actor=None, topic=None, roll_up=false))]
    fn positions_json(&self, actor: Option<String>, topic: Option<String>, roll_up: bool) -> PyResult<String> {
        let filter = PositionFilter { actor, topic, roll_up, evidence_limit: None };
        json(&query::positions(&self.data, &filter))
    }

    #[pyo3(signature = (actor=None, about=None))]
    fn who_said_json(&self, actor: Option<String>, about: Option<String>) -> PyResult<String> {
        let rows = query::who_said(&self.data, &StatementFilter { actor, about });
        json(&claimgraph::export::json::who_said_rows(&self.data, &rows))
    }

    #[pyo3(signature = (roll_up=false))]
    fn contradictions_json(&self, roll_up: bool) -> PyResult<String> {
        json(&query::contradictions(&self.data, roll_up))
    }

    #[pyo3(signature = (since=None, until=None, roll_up=false))]
    fn ledger_json(&self, since: Option<&str>, until: Option<&str>, roll_up: bool) -> PyResult<String> {
        json(&query::ledger(&self.data, date(since)?, date(until)?, roll_up))
    }

    /// The JSON export (`claimgraph export --format json`).
    fn export_json(&self) -> PyResult<String> {
        claimgraph::export::json::to_string(&self.data).map_err(err)
    }

    /// The graph as stored (articles, actors, topics, statements with all
    /// their evidence, stances), as JSON.
    fn data_json(&self) -> PyResult<String> {
        json(&self.data)
    }
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Rules>()?;
    m.add_class::<Graph>()?;
    m.add("ClaimgraphError", m.py().get_type::<ClaimgraphError>())?;
    m.add("BUNDLED", claimgraph::rules::BUNDLED)?;
    Ok(())
}
