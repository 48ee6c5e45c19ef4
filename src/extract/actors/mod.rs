//! Who is mentioned where: names and aliases from the actor rules, speakers
//! discovered next to speech cues, role descriptions ("the Russian
//! president") and pronouns, each resolved to one actor.

pub(crate) mod cast;
pub(crate) mod describe;
pub(crate) mod discover;
pub(crate) mod mentions;
pub(crate) mod names;
pub(crate) mod neuter;
pub(crate) mod references;
pub(crate) mod roles;
pub(crate) mod shape;
pub(crate) mod subjects;
#[cfg(test)]
mod tests;

pub use cast::{Cast, Mention, MentionKind};
pub use mentions::{find_mentions, find_mentions_with_cues};
