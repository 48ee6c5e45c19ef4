//! The extractor: a pure function of an article's text and the rules.

use crate::ingest::Article;
use crate::model::Extraction;
use crate::rules::CompiledRules;

/// Extracts statements and stances from one article.
pub fn extract(article: &Article, rules: &CompiledRules) -> Extraction {
    let _ = rules;
    Extraction {
        article: article.meta.clone(),
        statements: Vec::new(),
        stances: Vec::new(),
        discovered: Vec::new(),
    }
}
