//! Plain data shared by every layer: what an extraction finds, what the
//! graph store holds, and the stable ids that merge them. Everything here
//! serializes as-is, so field names are part of the file formats.

pub(crate) mod article;
pub(crate) mod corrections;
pub(crate) mod graph_data;
pub(crate) mod text;
pub(crate) mod types;

pub use article::Article;
pub use corrections::{Action, CORRECTIONS_FORMAT, Correction, Corrections, Target, sentence_key};
pub use graph_data::{CLAIM_RULE_PREFIX, DENIAL_RULE_PREFIX, FORMAT_VERSION, GraphData, RuleUnit, TopicInfo, content_hash, evidence_key, newest_evidence, stance_id, statement_id};
pub use text::{Interner, Text, interning};
pub use types::*;
