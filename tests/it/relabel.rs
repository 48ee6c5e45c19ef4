//! Re-ingesting with edited rules re-extracts only the articles an edit can
//! touch, and the graph is byte for byte the graph of an ingest from
//! scratch with the new rules.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;

use claimgraph::model::Article;
use claimgraph::rules::{RuleExample, RuleSet, Expect};
use claimgraph::source::synth::{self, SynthOptions};
use claimgraph::{IngestReport, Pipeline, Silent};

fn bundled() -> &'static RuleSet {
    static R: OnceLock<RuleSet> = OnceLock::new();
    R.get_or_init(|| RuleSet::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rules")).expect("bundled rules load"))
}

/// Hand-written articles with words the generated ones lack, so an edit
/// can touch some articles and not others.
const OWN: &[(&str, &str)] = &[
    ("own-harbour.txt", "Harbour vote\n\nMayor Ada Lindqvist said on Monday she wants a new tram line to the harbour. \"We will not accept delays,\" she said.\n"),
    ("own-levy.txt", "Levy row\n\nPiet Okafor, a council member, rejected the harbour levy. He said the levy would hurt fishermen and demanded a ceasefire in the budget fight.\n"),
    ("own-bridge.txt", "Bridge\n\nThe engineer Mara Tull told reporters that the bridge would reopen in May. Mr. Tull said he opposes new sanctions on the port.\n"),
    ("own-talks.txt", "Talks\n\nJane Roe said Russia must agree to a ceasefire. \"Ukraine will never cede territory,\" Roe said, adding that NATO membership remained the goal.\n"),
    ("own-quiet.txt", "Weather\n\nRain is expected over the hills on Friday, the forecast said.\n"),
    ("own-quill-a.txt", "Port\n\nThe port would close on Sunday, quipped Ada Quill, a Ukrainian diplomat.\n"),
    ("own-quill-b.txt", "Port again\n\nAda Quill said the port would close.\n"),
    ("own-quote-a.txt", "Docks\n\n\"We go now,\" Ada Quill quipped.\n"),
    ("own-quote-b.txt", "Docks again\n\n\"we go now!\" Ada Quill said.\n"),
    ("own-copy.txt", "Wire\n\nMara Tull said the bridge would reopen in May. Officials said they want a tram line.\n"),
];

/// Generated articles in each corpus, and all articles.
const GENERATED: u64 = 14;
const ARTICLES: usize = GENERATED as usize + OWN.len();

fn corpus(p: &Pipeline, seed: u64) -> Vec<Article> {
    let opts = p.rules().read_options(None, None);
    let mut out: Vec<Article> = synth::generate(&SynthOptions { seed, paragraphs: (1, 3) }, GENERATED)
        .map(|a| claimgraph::source::parse_article(Path::new(&a.name), &a.text, &opts))
        .collect();
    out.extend(OWN.iter().map(|(name, text)| claimgraph::source::parse_article(Path::new(name), text, &opts)));
    out
}

/// Writes `set` as one rule folder under `dir`.
fn write_rules(set: &RuleSet, dir: &Path) -> PathBuf {
    let pretty = ron::ser::PrettyConfig::default();
    std::fs::create_dir_all(dir).unwrap();
    let files: [(&str, String); 5] = [
        ("actors.ron", ron::ser::to_string_pretty(&set.actors, pretty.clone()).unwrap()),
        ("speech.ron", ron::ser::to_string_pretty(&set.speech, pretty.clone()).unwrap()),
        ("topics.ron", ron::ser::to_string_pretty(&set.topics, pretty.clone()).unwrap()),
        ("stances.ron", ron::ser::to_string_pretty(&set.stances, pretty.clone()).unwrap()),
        ("lexicon.ron", ron::ser::to_string_pretty(&set.lexicon, pretty).unwrap()),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir.to_path_buf()
}

/// An edit of the rule set, as a user might make it.
#[derive(Debug, Clone)]
enum Edit {
    /// Another alternative in stance rule `n`'s pattern.
    StancePattern(usize, &'static str),
    /// Stance rule `n`'s pattern replaced.
    StanceReplaced(usize, &'static str),
    TopicTermAdded(usize, &'static str),
    /// Topic `n` loses its first term (when it has another term or a pattern).
    TopicTermRemoved(usize),
    /// Another alternative in speech cue `n`'s pattern.
    CuePattern(usize, &'static str),
    CueReplaced(usize, &'static str),
    NegationPattern(usize, &'static str),
    /// A new stance rule at position `n`.
    StanceAdded(usize, &'static str),
    /// Stance rule `n` removed.
    StanceRemoved(usize),
    ActorAlias(usize, &'static str),
    /// Only an example added to stance rule `n`.
    Example(usize),
    LexiconVenue(&'static str),
}

impl Edit {
    fn apply(&self, set: &mut RuleSet) {
        let pick = |n: usize, len: usize| n % len.max(1);
        match *self {
            Edit::StancePattern(n, w) => {
                let i = pick(n, set.stances.stances.len());
                set.stances.stances[i].pattern.push_str(&format!("|{w}"));
            }
            Edit::StanceReplaced(n, w) => {
                let i = pick(n, set.stances.stances.len());
                set.stances.stances[i].pattern = w.to_string();
            }
            Edit::TopicTermAdded(n, w) => {
                let i = pick(n, set.topics.topics.len());
                set.topics.topics[i].terms.push(w.to_string());
            }
            Edit::TopicTermRemoved(n) => {
                let i = pick(n, set.topics.topics.len());
                let t = &mut set.topics.topics[i];
                if t.terms.len() + t.patterns.len() > 1 && !t.terms.is_empty() {
                    t.terms.remove(0);
                }
            }
            Edit::CuePattern(n, w) => {
                let i = pick(n, set.speech.cues.len());
                set.speech.cues[i].pattern.push_str(&format!("|{w}"));
            }
            Edit::CueReplaced(n, w) => {
                let i = pick(n, set.speech.cues.len());
                set.speech.cues[i].pattern = w.to_string();
            }
            Edit::NegationPattern(n, w) => {
                let i = pick(n, set.stances.negations.len());
                set.stances.negations[i].pattern.push_str(&format!("|{w}"));
            }
            Edit::StanceAdded(n, w) => {
                let i = pick(n, set.stances.stances.len() + 1);
                let mut rule = set.stances.stances[0].clone();
                rule.id = format!("stance.added.{}", set.stances.stances.len());
                rule.pattern = w.to_string();
                rule.topics.clear();
                set.stances.stances.insert(i, rule);
            }
            Edit::StanceRemoved(n) => {
                let i = pick(n, set.stances.stances.len());
                set.stances.stances.remove(i);
            }
            Edit::ActorAlias(n, w) => {
                let i = pick(n, set.actors.actors.len());
                set.actors.actors[i].aliases.push(w.to_string());
            }
            Edit::Example(n) => {
                let i = pick(n, set.stances.stances.len());
                set.stances.stances[i].examples.push(RuleExample { text: "Jo Quill wants a ceasefire.".into(), expect: Expect::Match });
            }
            Edit::LexiconVenue(w) => set.lexicon.venues.push(w.to_string()),
        }
    }
}

/// Ingests `articles` with `old` rules, then again with the rules after
/// `edits`, and from scratch with those; the two graphs must be the same
/// bytes. Returns the re-ingest's report.
fn check_edits(edits: &[Edit], seed: u64) -> IngestReport {
    let dir = tempfile::tempdir().unwrap();
    let old_dir = write_rules(bundled(), &dir.path().join("old"));
    let mut new_set = bundled().clone();
    for e in edits {
        e.apply(&mut new_set);
    }
    let new_dir = write_rules(&new_set, &dir.path().join("new"));
    let old = Pipeline::load(&old_dir).expect("old rules load");
    let new = Pipeline::load(&new_dir).expect("edited rules load");
    let articles = corpus(&old, seed);
    let incremental = dir.path().join("incremental.ron");
    old.ingest_articles(&articles, &incremental, &Silent).unwrap();
    let report = new.ingest_articles(&articles, &incremental, &Silent).unwrap();
    let scratch = dir.path().join("scratch.ron");
    new.ingest_articles(&articles, &scratch, &Silent).unwrap();
    let (a, b) = (std::fs::read_to_string(&incremental).unwrap(), std::fs::read_to_string(&scratch).unwrap());
    if a != b {
        let first = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(0);
        let around = |t: &str| t.lines().skip(first.saturating_sub(3)).take(8).collect::<Vec<_>>().join("\n");
        panic!("{edits:?}: the re-ingested graph differs from one ingested from scratch at line {first}:\n{}\n---- from scratch ----\n{}\n{report}", around(&a), around(&b));
    }
    report
}

/// Words that some articles hold and others do not, and words none holds.
const WORDS: &[&str] = &["quipped", "harbour", "levy", "bridge", "tram line", "fishermen", "opposes?", "reopen", "ceasefire", "forecast", "zeppelin", "quorum"];

fn edit() -> impl Strategy<Value = Edit> {
    let w = proptest::sample::select(WORDS);
    prop_oneof![
        (any::<usize>(), w.clone()).prop_map(|(n, w)| Edit::StancePattern(n, w)),
        (any::<usize>(), w.clone()).prop_map(|(n, w)| Edit::StanceReplaced(n, w)),
        (any::<usize>(), w.clone()).prop_map(|(n, w)| Edit::TopicTermAdded(n, w)),
        any::<usize>().prop_map(Edit::TopicTermRemoved),
        (any::<usize>(), w.clone()).prop_map(|(n, w)| Edit::CuePattern(n, w)),
        (any::<usize>(), w.clone()).prop_map(|(n, w)| Edit::CueReplaced(n, w)),
        (any::<usize>(), w.clone()).prop_map(|(n, w)| Edit::NegationPattern(n, w)),
        (any::<usize>(), w.clone()).prop_map(|(n, w)| Edit::StanceAdded(n, w)),
        any::<usize>().prop_map(Edit::StanceRemoved),
        (any::<usize>(), w.clone()).prop_map(|(n, w)| Edit::ActorAlias(n, w)),
        any::<usize>().prop_map(Edit::Example),
        w.prop_map(Edit::LexiconVenue),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn a_re_ingest_after_random_rule_edits_equals_an_ingest_from_scratch(edits in proptest::collection::vec(edit(), 1..3), seed in 0u64..4) {
        check_edits(&edits, seed);
    }
}

#[test]
fn an_edit_of_a_stance_pattern_re_extracts_only_the_articles_it_can_match() {
    // "fishermen" is in one hand-written article only; the articles naming
    // a speaker it discovers (Piet Okafor, and the names sharing a longest
    // word with those) are extracted too, to settle the speakers' rows.
    let r = check_edits(&[Edit::StancePattern(3, "fishermen")], 1);
    assert_eq!(r.rules_changed, ARTICLES, "{r}");
    assert!((1..=4).contains(&r.updated), "{r}");
    assert_eq!(r.updated + r.relabelled, ARTICLES, "{r}");
}

#[test]
fn an_added_topic_term_re_extracts_only_where_the_term_stands() {
    let r = check_edits(&[Edit::TopicTermAdded(0, "harbour levy")], 2);
    assert!((1..=4).contains(&r.updated) && r.updated + r.relabelled == ARTICLES, "{r}");
}

#[test]
fn a_removed_stance_rule_re_extracts_the_articles_it_matched() {
    let r = check_edits(&[Edit::StanceRemoved(0)], 0);
    assert!(r.updated > 0, "{r}");
}

#[test]
fn an_example_alone_re_extracts_nothing() {
    let r = check_edits(&[Edit::Example(2)], 3);
    assert_eq!((r.rules_changed, r.updated, r.relabelled), (ARTICLES, 0, ARTICLES), "{r}");
}

#[test]
fn a_lexicon_edit_or_an_actor_alias_re_extracts_everything() {
    for edit in [Edit::LexiconVenue("on the wireless"), Edit::ActorAlias(0, "the Old Man")] {
        let r = check_edits(&[edit], 0);
        assert_eq!((r.updated, r.relabelled), (ARTICLES, 0), "{r}");
    }
}

#[test]
fn a_new_rule_re_extracts_only_where_it_matches() {
    // Added in the middle: the others keep their order, so only where it matches.
    let r = check_edits(&[Edit::StanceAdded(5, "quorum")], 0);
    assert_eq!((r.updated, r.relabelled), (0, ARTICLES), "{r}");
    let r = check_edits(&[Edit::StanceAdded(5, "bridge")], 0);
    assert!((2..=6).contains(&r.updated), "{r}");
}

#[test]
fn a_cue_edit_keeps_statement_texts_and_speaker_rows_as_from_scratch() {
    // Only the first quill article has "quipped"; Ada Quill (a Ukrainian
    // diplomat) is named in both. The same words, once quipped and once
    // said, are one statement whose text is the least of the two: the
    // quipped one, until the edit leaves only the other.
    let r = check_edits(&[Edit::CueReplaced(28, "zeppelin")], 0);
    assert!(r.updated >= 1 && r.relabelled > 0, "{r}");
}

/// Copies the bundled rule tree to `dir`.
fn copy_rules(dir: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rules");
    for sub in ["core", "domains/ukraine-war"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        for e in std::fs::read_dir(from.join(sub)).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, dir.join(sub).join(p.file_name().unwrap())).unwrap();
        }
    }
}

fn ingest_line(dir: &Path) -> String {
    let out = assert_cmd::cargo::cargo_bin_cmd!("claimgraph")
        .current_dir(dir)
        .args(["ingest", "news", "--graph", "g.ron", "--rules", "rules"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

#[test]
fn the_ingest_report_says_how_many_articles_were_re_extracted_and_relabelled() {
    let dir = tempfile::tempdir().unwrap();
    copy_rules(&dir.path().join("rules"));
    for (name, text) in OWN {
        let p = dir.path().join("news").join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let n = OWN.len();
    assert!(!ingest_line(dir.path()).contains("rules changed"));
    let stances = dir.path().join("rules/core/stances.ron");
    let text = std::fs::read_to_string(&stances).unwrap();
    // A comment: new rules hash, nothing to extract.
    std::fs::write(&stances, format!("// reviewed in December\n{text}")).unwrap();
    let line = ingest_line(dir.path());
    assert!(line.contains(&format!("rules changed: 0 of {n} articles re-extracted, {n} relabelled")), "{line}");
    // A stance cue that only the levy article can match.
    let edited = text.replacen(r#"pattern: r"rul(?:e|es|ed|ing) out|"#, r#"pattern: r"fishermen|rul(?:e|es|ed|ing) out|"#, 1);
    assert_ne!(edited, text, "the edit applies");
    std::fs::write(&stances, edited).unwrap();
    let line = ingest_line(dir.path());
    assert!(line.contains("articles re-extracted, ") && !line.contains("rules changed: 0 of"), "{line}");
    let re_extracted: usize = line.split("rules changed: ").nth(1).and_then(|r| r.split(' ').next()).and_then(|k| k.parse().ok()).unwrap();
    assert!((1..n / 2).contains(&re_extracted), "{line}");
}

#[test]
fn a_graph_written_before_rule_units_loads_and_is_re_extracted_whole() {
    let dir = tempfile::tempdir().unwrap();
    let old = write_rules(bundled(), &dir.path().join("old"));
    let mut set = bundled().clone();
    Edit::Example(0).apply(&mut set);
    let new = write_rules(&set, &dir.path().join("new"));
    let (old, new) = (Pipeline::load(&old).unwrap(), Pipeline::load(&new).unwrap());
    let articles = corpus(&old, 0);
    let graph = dir.path().join("g.ron");
    old.ingest_articles(&articles, &graph, &Silent).unwrap();
    // As an older version wrote it: no `rule_units` at all.
    let mut g = claimgraph::store::load(&graph).unwrap();
    assert_eq!(g.rule_units.len(), 1);
    g.rule_units.clear();
    claimgraph::store::save(&graph, &g).unwrap();
    assert!(!std::fs::read_to_string(&graph).unwrap().contains("rule_units"));
    let r = new.ingest_articles(&articles, &graph, &Silent).unwrap();
    assert_eq!((r.updated, r.relabelled), (ARTICLES, 0), "{r}");
    // Now the units are known: an example alone changes nothing.
    Edit::Example(1).apply(&mut set);
    let newer = Pipeline::load(&write_rules(&set, &dir.path().join("newer"))).unwrap();
    let r = newer.ingest_articles(&articles, &graph, &Silent).unwrap();
    assert_eq!((r.updated, r.relabelled), (0, ARTICLES), "{r}");
}
