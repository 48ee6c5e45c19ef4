//! A Discourse Network Analyzer (DNA 3) database, as SQL for `sqlite3`.
//!
//! DNA imports documents from text files and statements only from another
//! DNA database (Documents › Import from DNA database), and opens SQLite
//! `.dna` files directly; so the export is such a database:
//! `sqlite3 debate.dna < debate.sql`. Tables and columns follow DNA 3's
//! SQLite layout and its default statement types:
//!
//! - every stance evidence is a `DNA Statement` (type 1): `person` (the
//!   actor when a person), `organization` (the actor when a country or
//!   organisation, else the person's `member_of`), `concept` (the topic
//!   label) and `agreement` (1 demands, 0 rejects), which is what DNA's
//!   congruence and conflict networks are computed from;
//! - every statement occurrence is a `Quote` (type 4, added here):
//!   `person`, `organization`, `kind` (direct / indirect) and `text`;
//! - actors' kind and gender are entity attributes (`Type`, `Gender`).
//!
//! Documents hold the article text when the caller can still read it
//! (hash unchanged); otherwise the cited sentences, one paragraph each, so
//! every statement still points at its words. Offsets are converted to
//! UTF-16 code units, as Java strings count. The coder is `Admin`, password
//! [`ADMIN_PASSWORD`], stored the way DNA stores it (jasypt's
//! `StrongPasswordEncryptor`: salted SHA-256, 100,000 rounds, base64).

use std::collections::{BTreeMap, HashMap};

use crate::model::{Actor, ActorKind, ArticleMeta, Evidence, GraphData};

pub const ADMIN_PASSWORD: &str = "claimgraph";

/// DNA 3's SQLite tables (the layout DNA creates for a new database:
/// `Sql::createTables` in leifeld/dna, compared column by column and
/// constraint by constraint).
const TABLES: &str = "\
CREATE TABLE SETTINGS(Property TEXT PRIMARY KEY, Value TEXT NOT NULL);
CREATE TABLE CODERS(ID INTEGER NOT NULL PRIMARY KEY, Name TEXT NOT NULL CHECK (LENGTH(Name) < 191), \
Red INTEGER NOT NULL DEFAULT 0 CHECK (Red BETWEEN 0 AND 255), Green INTEGER NOT NULL DEFAULT 0 CHECK (Green BETWEEN 0 AND 255), \
Blue INTEGER NOT NULL DEFAULT 0 CHECK (Blue BETWEEN 0 AND 255), Refresh INTEGER NOT NULL CHECK (Refresh BETWEEN 0 AND 9999) DEFAULT 0, \
FontSize INTEGER NOT NULL CHECK (FontSize BETWEEN 1 AND 99) DEFAULT 14, Password TEXT NOT NULL CHECK (LENGTH(Password) < 191), \
PopupWidth INTEGER CHECK (PopupWidth BETWEEN 100 AND 9999) DEFAULT 300, ColorByCoder INTEGER NOT NULL CHECK (ColorByCoder BETWEEN 0 AND 1) DEFAULT 0, \
PopupDecoration INTEGER NOT NULL CHECK (PopupDecoration BETWEEN 0 AND 1) DEFAULT 0, PopupAutoComplete INTEGER NOT NULL CHECK (PopupAutoComplete BETWEEN 0 AND 1) DEFAULT 1, \
PermissionAddDocuments INTEGER NOT NULL CHECK (PermissionAddDocuments BETWEEN 0 AND 1) DEFAULT 1, PermissionEditDocuments INTEGER NOT NULL CHECK (PermissionEditDocuments BETWEEN 0 AND 1) DEFAULT 1, \
PermissionDeleteDocuments INTEGER NOT NULL CHECK (PermissionDeleteDocuments BETWEEN 0 AND 1) DEFAULT 1, PermissionImportDocuments INTEGER NOT NULL CHECK (PermissionImportDocuments BETWEEN 0 AND 1) DEFAULT 1, \
PermissionAddStatements INTEGER NOT NULL CHECK (PermissionAddStatements BETWEEN 0 AND 1) DEFAULT 1, PermissionEditStatements INTEGER NOT NULL CHECK (PermissionEditStatements BETWEEN 0 AND 1) DEFAULT 1, \
PermissionDeleteStatements INTEGER NOT NULL CHECK (PermissionDeleteStatements BETWEEN 0 AND 1) DEFAULT 1, PermissionEditAttributes INTEGER NOT NULL CHECK (PermissionEditAttributes BETWEEN 0 AND 1) DEFAULT 1, \
PermissionEditRegex INTEGER NOT NULL CHECK (PermissionEditRegex BETWEEN 0 AND 1) DEFAULT 1, PermissionEditStatementTypes INTEGER NOT NULL CHECK (PermissionEditStatementTypes BETWEEN 0 AND 1) DEFAULT 1, \
PermissionEditCoders INTEGER NOT NULL CHECK (PermissionEditCoders BETWEEN 0 AND 1) DEFAULT 1, PermissionEditCoderRelations INTEGER NOT NULL CHECK (PermissionEditCoderRelations BETWEEN 0 AND 1) DEFAULT 1, \
PermissionViewOthersDocuments INTEGER NOT NULL CHECK (PermissionViewOthersDocuments BETWEEN 0 AND 1) DEFAULT 1, PermissionEditOthersDocuments INTEGER NOT NULL CHECK (PermissionEditOthersDocuments BETWEEN 0 AND 1) DEFAULT 1, \
PermissionViewOthersStatements INTEGER NOT NULL CHECK (PermissionViewOthersStatements BETWEEN 0 AND 1) DEFAULT 1, PermissionEditOthersStatements INTEGER NOT NULL CHECK (PermissionEditOthersStatements BETWEEN 0 AND 1) DEFAULT 1);
CREATE TABLE DOCUMENTS(ID INTEGER NOT NULL PRIMARY KEY, Title TEXT NOT NULL CHECK (LENGTH(Title) < 191), Text TEXT NOT NULL, Coder INTEGER, \
Author TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Author) < 191), Source TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Source) < 191), \
Section TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Section) < 191), Notes TEXT NOT NULL DEFAULT '', \
Type TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Type) < 191), Date INTEGER NOT NULL, \
FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE);
CREATE TABLE STATEMENTTYPES(ID INTEGER NOT NULL PRIMARY KEY, Label TEXT NOT NULL CHECK (LENGTH(Label) < 191), \
Red INTEGER NOT NULL DEFAULT 0 CHECK (Red BETWEEN 0 AND 255), Green INTEGER NOT NULL DEFAULT 0 CHECK (Green BETWEEN 0 AND 255), Blue INTEGER NOT NULL DEFAULT 0 CHECK (Blue BETWEEN 0 AND 255));
CREATE TABLE VARIABLES(ID INTEGER NOT NULL PRIMARY KEY, Variable TEXT NOT NULL CHECK (LENGTH(Variable) < 191), \
DataType TEXT NOT NULL CHECK (DataType = 'boolean' OR DataType = 'integer' OR DataType = 'long text' OR DataType = 'short text') DEFAULT 'short text', \
StatementTypeId INTEGER, FOREIGN KEY(StatementTypeId) REFERENCES STATEMENTTYPES(ID) ON DELETE CASCADE, UNIQUE (Variable, StatementTypeId));
CREATE TABLE VARIABLELINKS(ID INTEGER NOT NULL PRIMARY KEY, SourceVariableId INTEGER, TargetVariableId INTEGER, \
CHECK (TargetVariableId != SourceVariableId), FOREIGN KEY(SourceVariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, \
FOREIGN KEY(TargetVariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE);
CREATE TABLE REGEXES(Label TEXT PRIMARY KEY CHECK (LENGTH(Label) < 191), Red INTEGER NOT NULL DEFAULT 0 CHECK (Red BETWEEN 0 AND 255), \
Green INTEGER NOT NULL DEFAULT 0 CHECK (Green BETWEEN 0 AND 255), Blue INTEGER NOT NULL DEFAULT 0 CHECK (Blue BETWEEN 0 AND 255));
CREATE TABLE CODERRELATIONS(ID INTEGER NOT NULL PRIMARY KEY, Coder INTEGER CHECK(Coder > 0), OtherCoder INTEGER CHECK(OtherCoder > 0), \
viewStatements INTEGER NOT NULL DEFAULT 1 CHECK(viewStatements BETWEEN 0 AND 1), editStatements INTEGER NOT NULL DEFAULT 1 CHECK(editStatements BETWEEN 0 AND 1), viewDocuments INTEGER NOT NULL DEFAULT 1 CHECK(viewDocuments BETWEEN 0 AND 1), \
editDocuments INTEGER NOT NULL DEFAULT 1 CHECK(editDocuments BETWEEN 0 AND 1), CHECK (Coder != OtherCoder), FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE, \
FOREIGN KEY(OtherCoder) REFERENCES CODERS(ID) ON DELETE CASCADE);
CREATE TABLE STATEMENTS(ID INTEGER NOT NULL PRIMARY KEY, StatementTypeId INTEGER, DocumentId INTEGER, \
Start INTEGER NOT NULL CHECK(Start >= 0), Stop INTEGER NOT NULL CHECK(Stop >= 0), Coder INTEGER, CHECK (Start < Stop), \
FOREIGN KEY(StatementTypeId) REFERENCES STATEMENTTYPES(ID) ON DELETE CASCADE, FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE, \
FOREIGN KEY(DocumentId) REFERENCES DOCUMENTS(ID) ON DELETE CASCADE);
CREATE TABLE DATABOOLEAN(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL, \
Value INTEGER NOT NULL DEFAULT 1, FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE, \
FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, UNIQUE (StatementId, VariableId));
CREATE TABLE DATAINTEGER(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL, \
Value INTEGER NOT NULL DEFAULT 0, FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE, \
FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, UNIQUE (StatementId, VariableId));
CREATE TABLE ENTITIES(ID INTEGER PRIMARY KEY NOT NULL, VariableId INTEGER NOT NULL, Value TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Value) < 191), \
Red INTEGER CHECK (Red BETWEEN 0 AND 255), Green INTEGER CHECK (Green BETWEEN 0 AND 255), Blue INTEGER CHECK (Blue BETWEEN 0 AND 255), \
ChildOf INTEGER CHECK(ChildOf > 0), UNIQUE (VariableId, Value), FOREIGN KEY(ChildOf) REFERENCES ENTITIES(ID) ON DELETE CASCADE, \
FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE);
CREATE TABLE DATASHORTTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL, \
Entity INTEGER NOT NULL, FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE, \
FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, FOREIGN KEY(Entity) REFERENCES ENTITIES(ID) ON DELETE CASCADE, \
UNIQUE (StatementId, VariableId));
CREATE TABLE DATALONGTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL, \
Value TEXT DEFAULT '', FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE, \
FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, UNIQUE (StatementId, VariableId));
CREATE TABLE ATTRIBUTEVARIABLES(ID INTEGER PRIMARY KEY NOT NULL, VariableId INTEGER NOT NULL, \
AttributeVariable TEXT NOT NULL CHECK (LENGTH(AttributeVariable) < 191), UNIQUE(VariableId, AttributeVariable), \
FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE);
CREATE TABLE ATTRIBUTEVALUES(ID INTEGER PRIMARY KEY NOT NULL, EntityId INTEGER NOT NULL, AttributeVariableId INTEGER NOT NULL, \
AttributeValue TEXT NOT NULL DEFAULT '' CHECK (LENGTH(AttributeValue) < 191), UNIQUE (EntityId, AttributeVariableId), \
FOREIGN KEY(EntityId) REFERENCES ENTITIES(ID) ON DELETE CASCADE, \
FOREIGN KEY(AttributeVariableId) REFERENCES ATTRIBUTEVARIABLES(ID) ON DELETE CASCADE);
";

/// Statement types and variables: DNA's three defaults, then `Quote`.
const TYPES: &[(u32, &str, [u8; 3])] = &[
    (1, "DNA Statement", [239, 208, 51]),
    (2, "NPF Story Element", [100, 200, 190]),
    (3, "Annotation", [211, 211, 211]),
    (4, "Quote", [135, 206, 250]),
];

/// (variable id, name, data type, statement type)
const VARIABLES: &[(u32, &str, &str, u32)] = &[
    (1, "person", "short text", 1),
    (2, "organization", "short text", 1),
    (3, "concept", "short text", 1),
    (4, "agreement", "boolean", 1),
    (5, "narrator", "short text", 2),
    (6, "victim", "short text", 2),
    (7, "villain", "short text", 2),
    (8, "plot", "short text", 2),
    (9, "hero", "short text", 2),
    (10, "policy solution", "short text", 2),
    (11, "note", "long text", 3),
    (12, "person", "short text", 4),
    (13, "organization", "short text", 4),
    (14, "kind", "short text", 4),
    (15, "text", "long text", 4),
];

/// Attribute variables (id, variable, name): DNA's Type, Alias and Notes
/// for its three entity variables, and Gender for persons.
const ATTRIBUTES: &[(u32, u32, &str)] = &[
    (1, 1, "Type"),
    (2, 2, "Type"),
    (3, 3, "Type"),
    (4, 1, "Alias"),
    (5, 2, "Alias"),
    (6, 3, "Alias"),
    (7, 1, "Notes"),
    (8, 2, "Notes"),
    (9, 3, "Notes"),
    (10, 1, "Gender"),
    (11, 12, "Type"),
    (12, 13, "Type"),
    (13, 12, "Gender"),
];

/// A SQL string literal.
fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// At most 190 characters: DNA's limit for short text.
fn short(s: &str) -> String {
    s.chars().take(190).collect()
}

/// What DNA stores for a password: jasypt's `StrongPasswordEncryptor`
/// (SHA-256 over salt then password, rehashed to 100,000 rounds in all,
/// salt prepended, base64).
pub fn jasypt_digest(password: &str, salt: &[u8; 16]) -> String {
    use sha2::{Digest, Sha256};
    let mut digest = Sha256::new().chain_update(salt).chain_update(password.as_bytes()).finalize();
    for _ in 1..100_000 {
        digest = Sha256::digest(digest);
    }
    let mut bytes = salt.to_vec();
    bytes.extend_from_slice(&digest);
    base64(&bytes)
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// UTF-16 offsets of byte offsets into `text`, in one pass.
struct Utf16 {
    /// (byte offset, utf-16 offset) at every char boundary.
    marks: Vec<(usize, usize)>,
}

impl Utf16 {
    fn new(text: &str) -> Self {
        let mut marks = Vec::with_capacity(text.len() + 1);
        let mut u = 0;
        for (b, c) in text.char_indices() {
            marks.push((b, u));
            u += c.len_utf16();
        }
        marks.push((text.len(), u));
        Utf16 { marks }
    }

    /// The offset of the char boundary at or before `byte`.
    fn at(&self, byte: usize) -> usize {
        match self.marks.binary_search_by_key(&byte, |m| m.0) {
            Ok(i) => self.marks[i].1,
            Err(i) => self.marks[i.saturating_sub(1)].1,
        }
    }
}

/// A document's text and where each cited span lands in it (bytes).
struct Doc {
    text: String,
    /// Evidence (article byte span, sentence) → document byte span.
    place: HashMap<(usize, usize, String), (usize, usize)>,
    from_article: bool,
}

/// The text of an article rebuilt from the sentences its evidence cites.
fn excerpt(evidence: &[&Evidence]) -> Doc {
    // A sentence is its position and its words (two evidences may cite
    // the same sentence; a damaged graph may give two sentences one start).
    let mut sentences: BTreeMap<(usize, &str), ()> = BTreeMap::new();
    for e in evidence {
        sentences.insert((e.sentence.start, e.sentence_text.as_str()), ());
    }
    let mut text = String::new();
    let mut offset: HashMap<(usize, &str), (usize, usize)> = HashMap::new();
    for &(start, words) in sentences.keys() {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        offset.insert((start, words), (text.len(), words.len()));
        text.push_str(words);
    }
    let mut place = HashMap::new();
    for e in evidence {
        let Some(&(at, len)) = offset.get(&(e.sentence.start, e.sentence_text.as_str())) else { continue };
        let lined_up = e.sentence_text.len() == e.sentence.len() && e.sentence.contains(e.span);
        let span = if lined_up {
            let s = at + e.span.start - e.sentence.start;
            (s, s + e.span.len())
        } else {
            (at, at + len)
        };
        place.insert((e.span.start, e.span.end, e.sentence_text.to_string()), span);
    }
    Doc { text, place, from_article: false }
}

fn organization(a: Option<&Actor>, name: &str) -> String {
    match a {
        Some(a) if a.kind != ActorKind::Person => name.to_string(),
        Some(a) => a.member_of.clone().unwrap_or_default(),
        None => String::new(),
    }
}

fn person(a: Option<&Actor>, name: &str) -> String {
    match a {
        Some(a) if a.kind != ActorKind::Person => String::new(),
        _ => name.to_string(),
    }
}

#[derive(Default)]
struct Sql {
    out: String,
    entities: HashMap<(u32, String), u32>,
    statement: u32,
    attribute_value: u32,
}

impl Sql {
    fn line(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
    }

    /// The entity id of `value` in `variable`, inserting it (and its
    /// attributes) the first time.
    fn entity(&mut self, variable: u32, value: &str, attrs: &[(u32, String)]) -> u32 {
        let value = short(value);
        if let Some(&id) = self.entities.get(&(variable, value.clone())) {
            return id;
        }
        let id = self.entities.len() as u32 + 1;
        self.line(&format!(
            "INSERT INTO ENTITIES (ID, VariableId, Value, Red, Green, Blue) VALUES ({id}, {variable}, {}, 0, 0, 0);",
            lit(&value)
        ));
        for (attr, v) in attrs {
            self.attribute_value += 1;
            self.line(&format!(
                "INSERT INTO ATTRIBUTEVALUES (ID, EntityId, AttributeVariableId, AttributeValue) VALUES ({}, {id}, {attr}, {});",
                self.attribute_value,
                lit(&short(v))
            ));
        }
        self.entities.insert((variable, value), id);
        id
    }

    fn short_text(&mut self, statement: u32, variable: u32, entity: u32) {
        self.line(&format!(
            "INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES ({statement}, {variable}, {entity});"
        ));
    }
}

/// The graph as SQL that builds a DNA 3 database. `texts` holds the
/// articles' normalised texts by article id, where the caller could read
/// them unchanged; others become excerpts of their cited sentences.
pub fn to_dna_sql(data: &GraphData, texts: &HashMap<String, String>) -> String {
    let actors: HashMap<&str, &Actor> = data.actors.iter().map(|a| (a.name.as_str(), a)).collect();
    let labels: HashMap<&str, &str> = data.topics.iter().map(|t| (t.id.as_str(), t.label.as_str())).collect();
    let mut sql = Sql::default();
    sql.line("-- A Discourse Network Analyzer 3 database written by claimgraph.");
    sql.line("-- Build it with: sqlite3 corpus.dna < this-file.sql ; open corpus.dna in DNA");
    sql.line(&format!("-- (coder Admin, password `{ADMIN_PASSWORD}`)."));
    sql.line("PRAGMA foreign_keys = ON;");
    sql.line("BEGIN TRANSACTION;");
    sql.out.push_str(TABLES);
    let salt: [u8; 16] = {
        use sha2::{Digest, Sha256};
        let h = Sha256::digest(b"claimgraph DNA export");
        let mut s = [0u8; 16];
        s.copy_from_slice(&h[..16]);
        s
    };
    sql.line(&format!(
        "INSERT INTO CODERS (ID, Name, Red, Green, Blue, Password) VALUES (1, 'Admin', 255, 255, 0, {});",
        lit(&jasypt_digest(ADMIN_PASSWORD, &salt))
    ));
    sql.line("INSERT INTO SETTINGS (Property, Value) VALUES ('version', '3.0.11');");
    sql.line("INSERT INTO SETTINGS (Property, Value) VALUES ('date', '2024-01-01');");
    for (id, label, [r, g, b]) in TYPES {
        sql.line(&format!("INSERT INTO STATEMENTTYPES (ID, Label, Red, Green, Blue) VALUES ({id}, {}, {r}, {g}, {b});", lit(label)));
    }
    for (id, name, ty, st) in VARIABLES {
        sql.line(&format!(
            "INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES ({id}, {}, {}, {st});",
            lit(name),
            lit(ty)
        ));
    }
    for (id, var, name) in ATTRIBUTES {
        sql.line(&format!("INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES ({id}, {var}, {});", lit(name)));
    }

    // Evidence per article, in a stable order.
    let mut by_article: BTreeMap<&str, Vec<&Evidence>> = BTreeMap::new();
    for e in data.statements.iter().flat_map(|s| &s.evidence).chain(data.stances.iter().flat_map(|s| &s.evidence)) {
        by_article.entry(e.article.as_str()).or_default().push(e);
    }
    let mut docs: HashMap<&str, (u32, Doc, Utf16)> = HashMap::new();
    let mut articles: Vec<&ArticleMeta> = data.articles.iter().collect();
    articles.sort_by(|a, b| (a.date, &a.path).cmp(&(b.date, &b.path)));
    for (i, a) in articles.iter().enumerate() {
        let id = i as u32 + 1;
        let cited = by_article.get(a.id.as_str()).cloned().unwrap_or_default();
        let doc = match texts.get(&a.id) {
            Some(t) => Doc { text: t.clone(), place: HashMap::new(), from_article: true },
            None => excerpt(&cited),
        };
        let date = a.date.and_then(|d| d.and_hms_opt(0, 0, 0)).map_or(0, |d| d.and_utc().timestamp());
        let notes = if doc.from_article {
            format!("claimgraph {} from {}", a.id, a.path)
        } else {
            format!("claimgraph {} from {}: the sentences claimgraph cites, not the whole article", a.id, a.path)
        };
        sql.line(&format!(
            "INSERT INTO DOCUMENTS (ID, Title, Text, Coder, Author, Source, Section, Notes, Type, Date) VALUES ({id}, {}, {}, 1, '', {}, '', {}, 'news', {date});",
            lit(&short(&a.title)),
            lit(&doc.text),
            lit(&short(a.source.as_deref().unwrap_or(""))),
            lit(&notes),
        ));
        let utf16 = Utf16::new(&doc.text);
        docs.insert(a.id.as_str(), (id, doc, utf16));
    }

    let statement_row = |sql: &mut Sql, ty: u32, e: &Evidence| -> Option<u32> {
        let (doc_id, doc, utf16) = docs.get(e.article.as_str())?;
        let (s, t) = if doc.from_article {
            (e.span.start, e.span.end)
        } else {
            *doc.place.get(&(e.span.start, e.span.end, e.sentence_text.to_string()))?
        };
        let (start, stop) = (utf16.at(s.min(doc.text.len())), utf16.at(t.min(doc.text.len())));
        if start >= stop {
            return None;
        }
        sql.statement += 1;
        let id = sql.statement;
        sql.line(&format!(
            "INSERT INTO STATEMENTS (ID, StatementTypeId, DocumentId, Start, Stop, Coder) VALUES ({id}, {ty}, {doc_id}, {start}, {stop}, 1);"
        ));
        Some(id)
    };
    let actor_attrs = |a: Option<&Actor>, type_attr: u32, gender_attr: Option<u32>| {
        let mut v = vec![(type_attr, a.map_or("unknown", |a| a.kind.as_str()).to_string())];
        if let (Some(g), Some(gender)) = (gender_attr, a.and_then(|a| a.gender)) {
            v.push((g, gender.as_str().to_string()));
        }
        v
    };
    for s in &data.stances {
        let a = actors.get(s.actor.as_str()).copied();
        let (p, o) = (person(a, &s.actor), organization(a, &s.actor));
        let parent = o.clone();
        let concept = labels.get(s.topic.as_str()).copied().unwrap_or(&s.topic);
        for e in &s.evidence {
            let Some(id) = statement_row(&mut sql, 1, e) else { continue };
            let pe = sql.entity(1, &p, &actor_attrs(a, 1, Some(10)));
            let org_actor = actors.get(parent.as_str()).copied().or(a.filter(|a| a.kind != ActorKind::Person));
            let oe = sql.entity(2, &o, &actor_attrs(org_actor, 2, None));
            let ce = sql.entity(3, concept, &[(3, "topic".to_string())]);
            sql.short_text(id, 1, pe);
            sql.short_text(id, 2, oe);
            sql.short_text(id, 3, ce);
            let agree = u8::from(s.stance == crate::model::StanceKind::Demands);
            sql.line(&format!("INSERT INTO DATABOOLEAN (StatementId, VariableId, Value) VALUES ({id}, 4, {agree});"));
        }
    }
    for s in &data.statements {
        let a = actors.get(s.speaker.as_str()).copied();
        let (p, o) = (person(a, &s.speaker), organization(a, &s.speaker));
        for e in &s.evidence {
            let Some(id) = statement_row(&mut sql, 4, e) else { continue };
            let pe = sql.entity(12, &p, &actor_attrs(a, 11, Some(13)));
            let org_actor = actors.get(o.as_str()).copied().or(a.filter(|a| a.kind != ActorKind::Person));
            let oe = sql.entity(13, &o, &actor_attrs(org_actor, 12, None));
            let ke = sql.entity(14, s.kind.as_str(), &[]);
            sql.short_text(id, 12, pe);
            sql.short_text(id, 13, oe);
            sql.short_text(id, 14, ke);
            let text = super::json::evidence_text(e).unwrap_or(&s.text);
            sql.line(&format!("INSERT INTO DATALONGTEXT (StatementId, VariableId, Value) VALUES ({id}, 15, {});", lit(text)));
        }
    }
    sql.line("COMMIT;");
    sql.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_pads_like_the_standard() {
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foob"), "Zm9vYg==");
    }

    #[test]
    fn utf16_offsets_count_surrogate_pairs() {
        let u = Utf16::new("aé😀b");
        assert_eq!((u.at(0), u.at(1), u.at(3), u.at(7), u.at(8)), (0, 1, 2, 4, 5));
    }

    #[test]
    fn quotes_in_text_are_doubled() {
        assert_eq!(lit("it's"), "'it''s'");
    }
}
