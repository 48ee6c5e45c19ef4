//! The checksum line that ends a single-file graph and a split graph's
//! manifest: a RON comment, so the file stays plain RON that a person can
//! read and diff, holding the SHA-256 of every byte before it. A split
//! graph's parts are named and checked by their own hashes, which the
//! manifest lists, so its checksum covers the whole graph.

use std::path::Path;

use crate::error::{Error, Result};

/// The last line of a graph file (and of a split graph's manifest): a RON
/// comment, so the file stays plain RON, holding the SHA-256 of every byte
/// before it.
const SEAL: &str = "// checksum: sha256 ";

/// `text` with its checksum line appended.
pub fn seal(mut text: String) -> String {
    use sha2::{Digest, Sha256};
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let sum = hex::encode(Sha256::digest(text.as_bytes()));
    text.push_str(SEAL);
    text.push_str(&sum);
    text.push('\n');
    text
}

/// What a file's checksum line says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seal {
    /// The checksum matches.
    Intact,
    /// No checksum line: written before checksums, or by hand.
    Missing,
    /// The content is not what was written.
    Broken { stored: String, computed: String },
}

/// Checks the checksum line at the end of `text`.
pub fn check_seal(text: &str) -> Seal {
    use sha2::{Digest, Sha256};
    let trimmed = text.strip_suffix('\n').unwrap_or(text);
    let start = trimmed.rfind('\n').map_or(0, |i| i + 1);
    let Some(stored) = trimmed[start..].strip_prefix(SEAL) else { return Seal::Missing };
    let computed = hex::encode(Sha256::digest(&text.as_bytes()[..start]));
    if stored.trim() == computed {
        Seal::Intact
    } else {
        Seal::Broken { stored: stored.trim().to_string(), computed }
    }
}

/// [`check_seal`] as an error for `path`.
pub(crate) fn require_seal(path: &Path, text: &str) -> Result<()> {
    match check_seal(text) {
        Seal::Intact | Seal::Missing => Ok(()),
        Seal::Broken { stored, computed } => Err(Error::GraphChecksum { path: path.to_path_buf(), stored, computed }),
    }
}

