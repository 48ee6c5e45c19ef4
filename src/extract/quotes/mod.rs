//! Statements: direct quotations and reported speech, each attributed to a
//! speaker through a speech cue.
//!
//! Direct quotations are attributed from the text right after them ("…,"
//! she said), then from the text before them in the same sentence (Trump
//! said: "…"; Trump said he was "making progress"), then by continuation
//! from the previous quotation of the paragraph or of a run of quoted
//! paragraphs. Short quotations with no speech cue are scare quotes and are
//! dropped. Reported speech is the clause after a cue whose subject is an
//! actor ("Waltz said the administration supports …"), or before it in the
//! inverted form ("…, officials said"), or around "according to"; a clause
//! interrupted by its attribution ("The bridge, she said, will reopen")
//! spans both parts. A cue that tags a quotation ("“…,” she said
//! sarcastically") or introduces one ("Asked about it, she said, “…”")
//! reports no clause beside it.

pub(crate) mod ctx;
pub(crate) mod direct;
pub(crate) mod intro;
pub(crate) mod nouns;
pub(crate) mod reported;
pub(crate) mod statements;
#[cfg(test)]
mod tests;
pub(crate) mod words;

pub use ctx::Ctx;
pub use statements::extract_statements;
