//! Role nouns in descriptions ("the Russian foreign minister"), and roles
//! learnt from appositives.

use std::sync::Arc;

use crate::model::ActorKind;
use crate::rules::Lexicon;

use super::cast::{Cast, Mention};
use super::names::{appositive, head};

/// Whether [`role_words`] finds any in `desc`, without collecting them.
pub(crate) fn names_role(desc: &str, lex: &Lexicon) -> bool {
    if desc.contains('\u{212A}') { !role_words(desc, lex).is_empty() } else { lex.role_ac.is_match(desc) }
}

/// The role nouns in `desc`, case aside, in the lexicon's order. One pass
/// of the automaton instead of lower-casing and searching for each noun.
/// The automaton folds ASCII case only, which lower-casing matches but for
/// the Kelvin sign (lower-cased to 'k'), handled apart; 'İ' lower-cases to
/// 'i' and a combining dot, which no role noun can hold either way, as none
/// ends in 'i'.
pub(crate) fn role_words(desc: &str, lex: &Lexicon) -> Vec<String> {
    let nouns = &lex.role_nouns;
    // A bit set holds the nouns found when there are few enough of them.
    if desc.contains('\u{212A}') || nouns.len() > 128 {
        let lower = desc.to_lowercase();
        return nouns.iter().filter(|r| lower.contains(r.as_str())).cloned().collect();
    }
    let found = lex.role_ac.find_overlapping_iter(desc).fold(0u128, |set, m| set | 1 << m.pattern().as_usize());
    nouns.iter().enumerate().filter(|(i, _)| found & 1 << i != 0).map(|(_, r)| r.clone()).collect()
}

/// "Mike Waltz, Trump's incoming national security adviser," teaches that
/// Waltz holds that role in this article.
pub(crate) fn learn_appositive_roles(text: &str, cast: &mut Cast, mentions: &[Mention], lex: &Lexicon) {
    for m in mentions {
        let after = &text[m.span.end..];
        if cast.actors[m.actor].actor.kind != ActorKind::Person || !after.starts_with(',') {
            continue;
        }
        if let Some(desc) = appositive(head(after, 200)) {
            for role in role_words(desc, lex) {
                if !cast.actors[m.actor].roles.contains(&role) {
                    Arc::make_mut(&mut cast.actors[m.actor]).roles.push(role);
                }
            }
        }
    }
}
