//! An article as the extractor takes it.

use super::types::{ArticleMeta, Span};

/// An article ready for extraction.
#[derive(Debug, Clone)]
pub struct Article {
    pub meta: ArticleMeta,
    pub text: String,
    /// Lines that carry no reporting (share buttons, captions, link lists).
    pub boilerplate: Vec<Span>,
}

