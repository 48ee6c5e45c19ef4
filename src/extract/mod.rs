//! The extractor: a pure function of an article and the compiled rules.
//! Stages, each using only those before it: [`segment`] (paragraphs,
//! quotations, sentences), [`cues`] (speech verbs), [`actors`] (who is
//! named, discovered or referred to), [`quotes`] (direct and reported
//! statements), [`stances`] (demands and rejections), with [`dates`] for
//! statement dates.

pub(crate) mod actors;
pub(crate) mod cues;
pub(crate) mod dates;
pub(crate) mod extractor;
pub(crate) mod quotemarks;
pub(crate) mod quotes;
pub mod segment;
pub(crate) mod stances;

pub use extractor::extract;
