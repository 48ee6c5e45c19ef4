//! Where articles come from: files and folders read as text (binary and
//! invalid UTF-8 refused with a position, HTML turned into paragraphs,
//! headline, byline, outlet and date found), and a generator of realistic articles for
//! benchmarks and scale tests.

pub(crate) mod meta;
pub(crate) mod read;
pub mod synth;

pub use read::{Limits, ReadOptions, Walk, boilerplate_lines, byline_date, collect_article_paths, decode_text, parse_article, read_article, walk_article_paths};
pub use meta::{ArticleInfo, HeaderLabels, month_number, page_meta, parse_date, parse_full_date, text_headers};
