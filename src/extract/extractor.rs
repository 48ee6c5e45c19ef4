//! The extractor: a pure function of an article's text and the rules.

use super::actors;
use crate::model::Article;
use crate::model::Extraction;
use super::cues;
use super::quotes::{self, Ctx};
use crate::rules::CompiledRules;
use super::segment;

/// Extracts statements and stances from one article.
pub fn extract(article: &Article, rules: &CompiledRules) -> Extraction {
    let seg = segment::segment(&article.text, &article.boilerplate);
    // One pass finds where every rule pattern could match, for cues and stances.
    let candidates = rules.banks.all.candidates(&article.text);
    let cues = cues::find_cues_with(&article.text, &seg, rules, &candidates);
    let cast = actors::find_mentions_with_cues(&article.text, &seg, rules, &cues, &candidates);
    let ctx = Ctx {
        text: &article.text,
        seg: &seg,
        cast: &cast,
        rules,
        article: &article.meta.id,
        date: article.meta.date,
        cues,
        last_date: Default::default(),
        first_role_mentions: Default::default(),
    };
    let statements = quotes::extract_statements(&ctx);
    let stances = crate::extract::stances::extract_stances(&crate::extract::stances::StanceInput { text: &article.text, seg: &seg, cast: &cast, statements: &statements, rules, article: &article.meta, candidates: &candidates, statements_at: Default::default() });
    Extraction {
        article: article.meta.clone(),
        statements,
        stances,
        discovered: cast.discovered(),
    }
}
