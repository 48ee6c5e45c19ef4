//! The graph store: every article, actor, statement and stance, merged
//! across ingests, in one of two layouts (a single RON file, or a manifest
//! with content-addressed binary parts), written atomically under a lock;
//! and [`verify`], which re-reads the articles and checks every span.

pub mod append;
pub(crate) mod checksum;
pub(crate) mod corrections;
pub(crate) mod file;
pub mod index;
pub mod index_browse;
pub mod index_ledger;
pub mod index_keys;
pub mod index_ledger_read;
pub mod index_newest;
mod index_open;
mod index_read;
mod index_rows;
pub mod index_timeline;
pub(crate) mod io;
pub(crate) mod lock;
pub mod log;
pub(crate) mod order;
mod snapshot;
pub(crate) mod merge;
pub(crate) mod record;
pub mod relabel;
pub mod split;
pub mod verify;

pub use corrections::*;
pub use file::*;
pub use io::{write_atomic, write_atomic_with};
pub use lock::*;
pub use merge::*;
pub use record::*;
pub use index_open::open_or_rebuild as open_index;
