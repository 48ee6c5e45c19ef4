//! Positions: an actor demands or rejects a topic.
//!
//! Per sentence, topic patterns say what is talked about and stance cues say
//! how. A topic is governed by the cues before it in its clause: the first
//! cue (the one closest to the clause's subject) picks the actor, and every
//! cue in the chain contributes its sign, so "demanded that Ukraine drop its
//! ambitions to join NATO" rejects NATO membership. A negation right before
//! a cue flips it ("will not accept"); a negation right before a topic with
//! no cue rejects it ("will never recognise the occupied territories").
//! With no cue before it, a topic takes a cue that follows it in the clause
//! ("NATO membership is unacceptable"). A sentence with no topic of its own
//! but an anaphor ("these conditions") inherits the previous sentence's
//! topics, and then every clause's cue applies to them ("Moscow claimed
//! these talks produced a deal, Kyiv denied it").
//!
//! The actor is the nearest actor named before the governing cue who is not
//! the object of a preposition, the speaker of the quotation the cue stands
//! in, or the agent of a passive ("championed by Macron"). A country named
//! inside a clause reported by one of its own people stays with that person
//! ("Putin said Moscow will not relinquish…" is Putin's stance), because
//! that is who is on record.


pub(crate) mod hits;
pub(crate) mod holders;
pub(crate) mod positions;
#[cfg(test)]
mod tests;

pub use hits::{StanceInput, find_cues, find_topics};
pub use positions::extract_stances;
// What `explain --why-not` checks to name the missing part of a stance.
pub(crate) use hits::{CLAUSE_BREAK, word_before};
pub(crate) use holders::{PREPOSITIONS, is_conditional};
