//! Plain data types shared by every stage. They serialize as-is into the graph
//! store and the JSON export, so field names here are part of the file formats.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::text::Text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    Person,
    Country,
    Organization,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }
}

impl ActorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Person => "person",
            ActorKind::Country => "country",
            ActorKind::Organization => "organization",
        }
    }
}

/// A half-open byte range `[start, end)` into an article's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    Direct,
    Indirect,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StanceKind {
    Demands,
    Rejects,
}

impl StanceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StanceKind::Demands => "demands",
            StanceKind::Rejects => "rejects",
        }
    }
    pub fn opposite(self) -> Self {
        match self {
            StanceKind::Demands => StanceKind::Rejects,
            StanceKind::Rejects => StanceKind::Demands,
        }
    }
}

impl QuoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
        }
    }
}

/// An article as the store remembers it. `id` is derived from the content
/// hash, so the same text ingested from two paths is one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleMeta {
    pub id: String,
    /// The path the article was read from, as given on the command line.
    pub path: String,
    pub title: String,
    pub date: Option<NaiveDate>,
    /// The outlet.
    pub source: Option<String>,
    /// Who wrote the article, as its page or header says ("Jane Doe,
    /// John Roe"). Graphs written before the field existed load without it.
    #[serde(default, deserialize_with = "byline_field")]
    pub byline: Option<String>,
    /// SHA-256 of the article's normalised text, hex encoded.
    pub hash: String,
    /// Length in bytes of the normalised text that spans index into.
    pub len: usize,
}

thread_local! {
    static WITHOUT_BYLINE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `decode` reading every [`ArticleMeta`] as written before the
/// `byline` field existed. A self-describing format (RON, JSON) just
/// leaves the field out, but a positional binary one (the split graph's
/// postcard parts) has no field names: it must be told.
pub fn without_byline<T>(decode: impl FnOnce() -> T) -> T {
    let before = WITHOUT_BYLINE.replace(true);
    let out = decode();
    WITHOUT_BYLINE.set(before);
    out
}

fn byline_field<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    if WITHOUT_BYLINE.get() {
        // Reads nothing: in the old encoding the next bytes are the hash's.
        return Ok(None);
    }
    Option::<String>::deserialize(d)
}

/// An actor known to the graph: from the rule files or discovered in an
/// article (an unknown speaker named next to a speech cue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub name: String,
    pub kind: ActorKind,
    pub member_of: Option<String>,
    /// Id of the actor rule that defined it, or `discovered` for speakers
    /// found in text.
    pub rule: String,
    /// As the actor rule gives it; unknown for discovered speakers. Left out
    /// of the file when unknown, so graphs written before the field existed
    /// load unchanged and unchanged graphs are written byte for byte alike.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
}

/// Where and why one extraction was made: everything an answer must cite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub article: Text,
    /// The extracted text's span (the quote, the reported clause, or the
    /// stance sentence).
    pub span: Span,
    /// The whole sentence containing it.
    pub sentence: Span,
    pub sentence_text: Text,
    /// The speech or stance cue as it stands in the text (may be empty).
    pub cue: Text,
    /// Id of the rule that fired.
    pub rule: Text,
    /// The article date, or an explicit date in the sentence.
    pub date: Option<NaiveDate>,
    /// Why the speaker/actor was chosen ("named before cue", "pronoun `he` →
    /// last subject", ...). Shown by `explain`.
    pub resolution: Text,
}

/// One thing an actor said. The same words by the same speaker in two
/// articles are one statement with two evidences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub id: String,
    pub speaker: String,
    pub kind: QuoteKind,
    pub text: String,
    pub evidence: Vec<Evidence>,
}

/// An actor's side on a topic: a demands or rejects edge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stance {
    pub id: String,
    pub actor: String,
    pub stance: StanceKind,
    pub topic: String,
    pub evidence: Vec<Evidence>,
}

/// One statement occurrence as the extractor produces it for one article,
/// before the store merges occurrences into [`Statement`]s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundStatement {
    pub speaker: String,
    pub kind: QuoteKind,
    pub text: String,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundStance {
    pub actor: String,
    pub stance: StanceKind,
    pub topic: String,
    pub evidence: Evidence,
}

/// Everything extracted from one article: a pure function of its text and
/// the rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extraction {
    pub article: ArticleMeta,
    pub statements: Vec<FoundStatement>,
    pub stances: Vec<FoundStance>,
    /// Actors not in the rule files, discovered as speakers in this article.
    pub discovered: Vec<Actor>,
}

/// Stable short id: hex SHA-256 prefix of the parts joined with NUL.
pub fn stable_id(prefix: &str, parts: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    let digest = h.finalize();
    format!("{prefix}-{}", &hex::encode(digest)[..12])
}

/// Lower-case, letters and digits only, single spaces: the folding used to
/// decide that two quotes are the same words.
pub fn fold_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Evidence as every graph before `Text` held it, with `String` fields.
    #[derive(Serialize)]
    struct StringEvidence {
        article: String,
        span: Span,
        sentence: Span,
        sentence_text: String,
        cue: String,
        rule: String,
        date: Option<chrono::NaiveDate>,
        resolution: String,
    }

    #[test]
    fn evidence_written_with_string_fields_reads_back_and_writes_the_same_bytes() {
        let old = StringEvidence {
            article: "art-0c1d2e3f4a5b".into(),
            span: Span::new(4, 30),
            sentence: Span::new(0, 31),
            sentence_text: "Mara Veld said the bridge would reopen.".into(),
            cue: "said".into(),
            rule: "speech.said".into(),
            date: chrono::NaiveDate::from_ymd_opt(2024, 5, 6),
            resolution: String::new(),
        };
        let bytes = postcard::to_allocvec(&old).unwrap();
        let read: Evidence = super::super::text::interning(|| postcard::from_bytes(&bytes).unwrap());
        assert_eq!(read.sentence_text, old.sentence_text);
        assert_eq!(read.resolution, "");
        assert_eq!(postcard::to_allocvec(&read).unwrap(), bytes);
        let pretty = ron::ser::PrettyConfig::new();
        let ron_text = ron::ser::to_string_pretty(&old, pretty.clone()).unwrap();
        let read: Evidence = ron::from_str(&ron_text).unwrap();
        assert_eq!(ron::ser::to_string_pretty(&read, pretty).unwrap(), ron_text);
        let json = serde_json::to_string(&old).unwrap();
        let read: Evidence = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&read).unwrap(), json);
    }
}
