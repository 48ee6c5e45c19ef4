//! Where articles come from: files and folders read as text (binary and
//! invalid UTF-8 refused with a position, HTML turned into paragraphs,
//! title, date and source found), and a generator of realistic articles for
//! benchmarks and scale tests.

pub(crate) mod read;
pub mod synth;

pub use read::{Limits, ReadOptions, Walk, boilerplate_lines, byline_date, collect_article_paths, decode_text, month_number, parse_article, parse_full_date, read_article, walk_article_paths};
