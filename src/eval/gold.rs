//! The gold annotation file (`../shared/gold/GUIDELINES.md` "File format"):
//! its types and loading, with syntax errors placed at line and column.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Position, Result};
use crate::model::{ActorKind, QuoteKind, StanceKind};

/// A gold annotation file (GUIDELINES "File format").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gold {
    pub corpus: String,
    #[serde(default)]
    pub topics: Vec<GoldTopic>,
    #[serde(default)]
    pub actors: Vec<GoldActor>,
    pub articles: Vec<GoldArticle>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldTopic {
    pub id: String,
    #[serde(default)]
    pub definition: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldActor {
    pub name: String,
    pub kind: ActorKind,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub member_of: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldArticle {
    /// File name relative to the corpus folder.
    pub file: String,
    #[serde(default)]
    pub quotes: Vec<GoldQuote>,
    #[serde(default)]
    pub stances: Vec<GoldStance>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldQuote {
    pub speaker: String,
    pub kind: QuoteKind,
    #[serde(default)]
    pub cue: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldStance {
    pub actor: String,
    pub stance: StanceKind,
    pub topic: String,
    #[serde(default)]
    pub evidence: String,
}

/// Parses gold JSON; syntax errors and unknown fields point at their line and
/// column.
pub fn parse_gold(path: &Path, text: &str) -> Result<Gold> {
    serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        // serde_json appends " at line L column C"; we carry those separately.
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        Error::Gold {
            path: path.to_path_buf(),
            pos: Position {
                line: e.line().max(1),
                column: e.column().max(1),
            },
            message,
        }
    })
}

/// Reads and parses a gold file.
pub fn load_gold(path: &Path) -> Result<Gold> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = crate::source::decode_text(path, &bytes)?;
    parse_gold(path, &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_gold_points_at_line_and_column() {
        let text = "{\n  \"corpus\": \"x\",\n  \"articles\": [ {\"file\": \"a.txt\", \"quotes\": [ {\"speaker\": \"A\" \"kind\": \"direct\"} ] } ]\n}";
        let err = parse_gold(Path::new("g.json"), text).unwrap_err();
        match err {
            Error::Gold { path, pos, message } => {
                assert_eq!(path, Path::new("g.json"));
                assert_eq!(pos.line, 3);
                assert_eq!(pos.column, 63);
                assert!(message.contains("expected"), "{message}");
                assert!(!message.contains("at line"), "{message}");
            }
            other => panic!("wrong error: {other:?}"),
        }
        let typo = r#"{"corpus": "x", "articles": [{"file": "a", "quotes": [{"speaker": "A", "kind": "direct", "txt": "t"}]}]}"#;
        assert!(matches!(parse_gold(Path::new("g.json"), typo), Err(Error::Gold { .. })));
    }
}
