//! The actors known while extracting one article and where each is
//! mentioned.

use std::sync::Arc;

use crate::model::{Actor, Span};
use crate::rules::CastMember;

/// How a mention was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    /// Canonical name or alias from the rules.
    Name,
    /// A name discovered in this article.
    Discovered,
    /// A description resolved through roles ("the foreign minister").
    Role,
    /// A pronoun (he, she) resolved to an earlier subject.
    Pronoun,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub span: Span,
    /// Index into [`Cast::actors`].
    pub actor: usize,
    pub kind: MentionKind,
    pub in_quote: bool,
    /// Why this actor was chosen, for `explain`.
    pub reason: String,
}

/// Every actor known while extracting one article, and their mentions in
/// document order.
#[derive(Debug, Clone, Default)]
pub struct Cast {
    /// Shared with the rules until the article teaches something about an
    /// actor: copying every rule actor's strings per article showed up in
    /// profiles.
    pub actors: Vec<Arc<CastMember>>,
    pub mentions: Vec<Mention>,
    /// Adjective → first country or organisation using it, when the cast
    /// starts out as the rule actors of an [`AliasIndex`] that built it.
    pub(crate) countries: Option<Arc<std::collections::HashMap<String, usize>>>,
}

impl Cast {
    pub fn name(&self, actor: usize) -> &str {
        &self.actors[actor].actor.name
    }

    /// Mentions outside quotations that start inside `span`.
    pub fn mentions_in(&self, span: Span) -> impl Iterator<Item = &Mention> {
        let first = self.mentions.partition_point(|m| m.span.start < span.start);
        self.mentions[first..].iter().take_while(move |m| m.span.start < span.end).filter(|m| !m.in_quote)
    }

    /// Actors discovered in this article (not in the rule files).
    pub fn discovered(&self) -> Vec<Actor> {
        self.actors.iter().filter(|a| a.discovered).map(|a| a.actor.clone()).collect()
    }

    pub(crate) fn find(&self, name: &str) -> Option<usize> {
        self.actors.iter().position(|a| a.actor.name == name)
    }
}

/// Whether `span` overlaps one of `mentions` (sorted by start, none longer
/// than `longest`): only those starting at most `longest` before it can.
pub(crate) fn overlaps_a_mention(mentions: &[Mention], span: Span, longest: usize) -> bool {
    let end = mentions.partition_point(|x| x.span.start < span.end);
    mentions[..end].iter().rev().take_while(|x| x.span.start + longest > span.start).any(|x| span.start < x.span.end)
}

/// The indices of the mentions overlapping `span` (mentions sorted by
/// start, none longer than `longest`), when `keep` accepts each; `None`
/// as soon as one is refused. A description that overrides the names
/// inside it uses this to find them.
pub(crate) fn overlapping_if(cast: &Cast, span: Span, longest: usize, keep: impl Fn(&Mention) -> bool) -> Option<Vec<usize>> {
    let end = cast.mentions.partition_point(|x| x.span.start < span.end);
    let first = cast.mentions[..end].partition_point(|x| x.span.start + longest <= span.start);
    let mut inner = Vec::new();
    for (i, m) in cast.mentions[first..end].iter().enumerate() {
        if m.span.end <= span.start {
            continue;
        }
        if !keep(m) {
            return None;
        }
        inner.push(first + i);
    }
    Some(inner)
}
