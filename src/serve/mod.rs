//! `claimgraph serve`: a local web app over the graph to browse who said
//! what, read the evidence behind every edge and record corrections.
//! Pages are rendered on the server with maud; the one stylesheet is
//! compiled into the binary; there is no script. Everything the pages read
//! goes through a [`data::Reader`]: the query index read a page at a time,
//! with the corrections laid over it ([`snapshot`]).

pub mod data;
pub mod evidence;
pub mod pages;
pub mod people;
pub mod routes;
pub mod snapshot;

pub use data::{Explorer, Filter, PAGE_SIZE, Reader};
pub use routes::{App, DIAGRAM_LIMIT, router, run};
