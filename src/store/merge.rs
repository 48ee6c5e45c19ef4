//! Merging extractions into the graph: an article extracted again replaces
//! its old evidence, equal statements and stances from different articles
//! share one entry, and everything is kept in the order the file is written in.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::model::{
    Actor, ArticleMeta, Evidence, Extraction, FORMAT_VERSION, GraphData, Interner, Stance, Statement, TopicInfo,
    stance_id, statement_id,
};
use super::order::{evidence_key, sort_evidence};
use super::snapshot::RuleSnapshot;

/// How an article stands against the graph before extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleStatus {
    /// Not in the graph.
    New,
    /// In the graph, extracted with the same rules and the same metadata:
    /// extracting again would change nothing.
    Unchanged,
    /// In the graph but extracted with other rules or other metadata.
    Changed,
}

/// Counts from one merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MergeReport {
    pub new: usize,
    pub updated: usize,
    /// Articles that were in the graph and were left out of it (see
    /// [`Merge::leave_out`]).
    pub dropped: usize,
}

impl GraphData {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn article(&self, id: &str) -> Option<&ArticleMeta> {
        self.articles.iter().find(|a| a.id == id)
    }

    /// Whether each of `metas` (read now) needs extracting under rules
    /// `rules_hash`. The stored path is not compared: the same text under
    /// another path is the same article.
    pub fn article_statuses<'m>(
        &self,
        metas: impl IntoIterator<Item = &'m ArticleMeta>,
        rules_hash: &str,
    ) -> Vec<ArticleStatus> {
        let stored: HashMap<&str, &ArticleMeta> = self.articles.iter().map(|a| (a.id.as_str(), a)).collect();
        metas
            .into_iter()
            .map(|meta| {
                let Some(old) = stored.get(meta.id.as_str()) else {
                    return ArticleStatus::New;
                };
                let same_meta = old.title == meta.title
                    && old.date == meta.date
                    && old.source == meta.source
                    && old.hash == meta.hash
                    && old.len == meta.len;
                if same_meta && self.article_rules.get(&meta.id).map(String::as_str) == Some(rules_hash) {
                    ArticleStatus::Unchanged
                } else {
                    ArticleStatus::Changed
                }
            })
            .collect()
    }

    /// Merges one article's extraction; see [`GraphData::merge`].
    pub fn merge_extraction(&mut self, ex: Extraction, rules: &RuleSnapshot) -> MergeReport {
        self.merge(vec![ex], rules)
    }

    /// Merges extractions into the graph. An article already in the graph
    /// has its evidence replaced; the same words by the same speaker in two
    /// articles become one statement with two evidences; statements and
    /// stances left without evidence are dropped. Actors are the rule
    /// actors plus every actor still referenced; topics likewise.
    pub fn merge(&mut self, batch: Vec<Extraction>, rules: &RuleSnapshot) -> MergeReport {
        let ids: Vec<String> = batch.iter().map(|ex| ex.article.id.clone()).collect();
        let mut merge = self.begin_merge(ids.iter().map(String::as_str), rules);
        for ex in batch {
            merge.add(ex);
        }
        merge.finish()
    }

    /// Starts a merge that takes extractions one at a time, so an ingest
    /// can merge while it is still extracting and never hold every
    /// extraction at once. `articles` are the ids that will be added: their
    /// old evidence goes in one pass over the graph here, instead of one
    /// pass per article. [`Merge::finish`] gives the same graph as
    /// [`GraphData::merge`] with the same extractions in the same order.
    pub fn begin_merge<'g, 'a>(&'g mut self, articles: impl IntoIterator<Item = &'a str>, rules: &'g RuleSnapshot) -> Merge<'g> {
        let replaced: HashSet<String> = articles.into_iter().map(str::to_string).collect();
        let (reset, touched) = self.drop_evidence_of(&replaced);
        let articles: BTreeMap<String, ArticleMeta> = std::mem::take(&mut self.articles)
            .into_iter()
            .map(|a| (a.id.clone(), a))
            .collect();
        let statement_index = self.statements.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
        let stance_index = self.stances.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
        Merge {
            graph: self,
            rules,
            replaced,
            seen: HashSet::new(),
            articles,
            statement_index,
            stance_index,
            discovered: BTreeMap::new(),
            strings: Interner::new(),
            report: MergeReport::default(),
            reset,
            touched,
            renamed_only: None,
        }
    }

    /// Drops the evidence of `articles`. Returns the indices of the
    /// statements left with no evidence (their text is the next added
    /// one's, as in an ingest without those articles) and of those that
    /// lost some (see [`Merge::keep_rows_except`]).
    fn drop_evidence_of(&mut self, articles: &HashSet<String>) -> (HashSet<usize>, Vec<usize>) {
        let (mut reset, mut touched) = (HashSet::new(), Vec::new());
        if articles.is_empty() {
            return (reset, touched);
        }
        for (i, st) in self.statements.iter_mut().enumerate() {
            let before = st.evidence.len();
            st.evidence.retain(|e| !articles.contains(e.article.as_str()));
            if st.evidence.is_empty() && before > 0 {
                reset.insert(i);
            } else if st.evidence.len() != before {
                touched.push(i);
            }
        }
        for sn in &mut self.stances {
            sn.evidence.retain(|e| !articles.contains(e.article.as_str()));
        }
        (reset, touched)
    }

    /// A statement's text is the least of its occurrences' texts: the
    /// statements at `touched`, which lost some, take it again from the
    /// occurrences left (each evidence's span in its sentence), as an
    /// ingest of those alone would.
    fn settle_texts(&mut self, touched: &[usize]) {
        for &i in touched {
            if let Some(least) = least_text(&self.statements[i].evidence) {
                self.statements[i].text = least;
            }
        }
    }

    /// Sorts everything into the order the file is written in.
    pub fn normalize(&mut self) {
        self.format = FORMAT_VERSION;
        self.articles.sort_by(|a, b| a.id.cmp(&b.id));
        self.actors.sort_by(|a, b| a.name.cmp(&b.name));
        self.topics.sort_by(|a, b| a.id.cmp(&b.id));
        self.statements.sort_by(|a, b| a.id.cmp(&b.id));
        self.stances.sort_by(|a, b| a.id.cmp(&b.id));
        for s in &mut self.statements {
            sort_evidence(&mut s.evidence);
        }
        for s in &mut self.stances {
            sort_evidence(&mut s.evidence);
        }
    }

    pub(super) fn is_normalized(&self) -> bool {
        self.format == FORMAT_VERSION
            && self.articles.is_sorted_by(|a, b| a.id <= b.id)
            && self.actors.is_sorted_by(|a, b| a.name <= b.name)
            && self.topics.is_sorted_by(|a, b| a.id <= b.id)
            && self.statements.is_sorted_by(|a, b| a.id <= b.id)
            && self.stances.is_sorted_by(|a, b| a.id <= b.id)
            && self
                .statements
                .iter()
                .all(|s| s.evidence.is_sorted_by(|a, b| evidence_key(a) <= evidence_key(b)))
            && self
                .stances
                .iter()
                .all(|s| s.evidence.is_sorted_by(|a, b| evidence_key(a) <= evidence_key(b)))
    }
}

/// A merge in progress; see [`GraphData::begin_merge`].
pub struct Merge<'g> {
    graph: &'g mut GraphData,
    rules: &'g RuleSnapshot,
    /// Articles whose old evidence is already gone.
    replaced: HashSet<String>,
    /// Articles added so far: the same text twice is one article, and the
    /// first wins.
    seen: HashSet<String>,
    articles: BTreeMap<String, ArticleMeta>,
    statement_index: HashMap<String, usize>,
    stance_index: HashMap<String, usize>,
    discovered: BTreeMap<String, Actor>,
    /// The evidence strings added so far: each evidence names its article,
    /// rule, cue and resolution, and sentences recur (several findings in
    /// one sentence, wire copy), so the graph holds each text once.
    strings: Interner,
    report: MergeReport,
    /// Statements whose evidence all went: the next text added is theirs.
    reset: HashSet<usize>,
    /// Statements that lost some evidence.
    touched: Vec<usize>,
    /// When set (an ingest that relabels articles instead of extracting
    /// them), a discovered name outside this set keeps the graph's row
    /// where that is preferred (see [`Merge::keep_rows_except`]).
    renamed_only: Option<HashSet<String>>,
}

impl Merge<'_> {
    /// Adds one article's extraction.
    pub fn add(&mut self, ex: Extraction) {
        let art_id = ex.article.id.clone();
        if !self.seen.insert(art_id.clone()) {
            return;
        }
        if !self.replaced.contains(&art_id) {
            // Not announced to begin_merge: correct, at the cost of a pass over the graph.
            let one = HashSet::from([art_id.clone()]);
            let (reset, touched) = self.graph.drop_evidence_of(&one);
            self.reset.extend(reset);
            self.touched.extend(touched);
            self.replaced.extend(one);
        }
        if self.articles.contains_key(&art_id) {
            self.report.updated += 1;
        } else {
            self.report.new += 1;
        }
        let graph = &mut *self.graph;
        graph.article_rules.insert(art_id.clone(), self.rules.hash.clone());
        self.articles.insert(art_id.clone(), ex.article);
        let article = self.strings.intern_str(&art_id);
        let strings = &mut self.strings;
        let mut shared = |e: Evidence| Evidence {
            article: article.clone(),
            sentence_text: strings.intern(e.sentence_text),
            cue: strings.intern(e.cue),
            rule: strings.intern(e.rule),
            resolution: strings.intern(e.resolution),
            ..e
        };
        for found in ex.statements {
            let id = statement_id(&found.speaker, found.kind, &found.text);
            let evidence = shared(found.evidence);
            match self.statement_index.get(&id) {
                Some(&i) => {
                    let st = &mut graph.statements[i];
                    // Texts that fold alike may differ in punctuation; keep
                    // one that does not depend on ingest order.
                    if self.reset.remove(&i) || found.text < st.text {
                        st.text = found.text;
                    }
                    st.evidence.push(evidence);
                }
                None => {
                    self.statement_index.insert(id.clone(), graph.statements.len());
                    graph.statements.push(Statement {
                        id,
                        speaker: found.speaker,
                        kind: found.kind,
                        text: found.text,
                        evidence: vec![evidence],
                    });
                }
            }
        }
        for found in ex.stances {
            let id = stance_id(&found.actor, found.stance, &found.topic);
            let evidence = shared(found.evidence);
            match self.stance_index.get(&id) {
                Some(&i) => graph.stances[i].evidence.push(evidence),
                None => {
                    self.stance_index.insert(id.clone(), graph.stances.len());
                    graph.stances.push(Stance {
                        id,
                        actor: found.actor,
                        stance: found.stance,
                        topic: found.topic,
                        evidence: vec![evidence],
                    });
                }
            }
        }
        for actor in ex.discovered {
            // Two articles may see the same new name differently (one
            // with an honorific, one without): keep the same one whatever
            // the order, so a fold of records equals the ingest.
            match self.discovered.get(&actor.name) {
                Some(old) if actor_preference(old) <= actor_preference(&actor) => {}
                _ => {
                    self.discovered.insert(actor.name.clone(), actor);
                }
            }
        }
    }

    /// Leaves out an article announced to [`GraphData::begin_merge`] whose
    /// extraction failed. Its old evidence is already gone, so the article
    /// goes too, and with it the record of the rules it was extracted
    /// with: the graph claims nothing about it, and the next ingest of it
    /// tries again.
    pub fn leave_out(&mut self, article: &str) {
        if self.seen.contains(article) {
            return;
        }
        if self.articles.remove(article).is_some() {
            self.report.dropped += 1;
        }
        self.graph.article_rules.remove(article);
    }

    /// Drops what lost all its evidence, settles actors and topics, and
    /// sorts the graph into its file order.
    pub fn finish(self) -> MergeReport {
        let Merge { graph, rules, articles, mut discovered, report, renamed_only, .. } = self;
        if let Some(complete) = &renamed_only {
            for a in &graph.actors {
                if !complete.contains(&a.name)
                    && let Some(d) = discovered.get(&a.name)
                    && actor_preference(a) <= actor_preference(d)
                {
                    discovered.remove(&a.name);
                }
            }
        }
        graph.articles = articles.into_values().collect();
        graph.statements.retain(|s| !s.evidence.is_empty());
        graph.stances.retain(|s| !s.evidence.is_empty());

        let referenced: HashSet<&str> = graph
            .statements
            .iter()
            .map(|s| s.speaker.as_str())
            .chain(graph.stances.iter().map(|s| s.actor.as_str()))
            .collect();
        let actors = settle_actors(&graph.actors, discovered.values(), &referenced, rules);
        drop(referenced);
        graph.actors = actors;
        let used_topics: HashSet<&str> = graph.stances.iter().map(|s| s.topic.as_str()).collect();
        let topics = settle_topics(&graph.topics, &used_topics, rules);
        drop(used_topics);
        graph.topics = topics;

        let live: HashSet<&str> = graph.articles.iter().map(|a| a.id.as_str()).collect();
        graph.article_rules.retain(|id, _| live.contains(id.as_str()));
        drop(live);
        graph.settle_rule_units(rules);
        graph.normalize();
        report
    }

    /// Drops the evidence of more articles, which will be added too, in
    /// one pass (an ingest that finds more to re-extract after a first round).
    pub fn replace_more<'a>(&mut self, articles: impl IntoIterator<Item = &'a str>) {
        let more: HashSet<String> = articles.into_iter().filter(|a| !self.replaced.contains(*a)).map(str::to_string).collect();
        let (reset, touched) = self.graph.drop_evidence_of(&more);
        self.reset.extend(reset);
        if self.renamed_only.is_some() {
            self.graph.settle_texts(&touched);
        }
        self.touched.extend(touched);
        self.replaced.extend(more);
    }

    /// For an ingest that relabels articles with new rules without
    /// extracting them: the graph's row of a discovered name is the
    /// preferred one of the articles that discovered it, and those not
    /// extracted again still discover it so. A name outside `complete`
    /// keeps the graph's row unless an added extraction has a preferred
    /// one; a name in `complete` (every article that could discover it
    /// is being extracted again) takes the added extractions' row.
    ///
    /// Statement texts are settled again too (see `GraphData::settle_texts`):
    /// an ordinary ingest keeps the least text it has seen, since its view
    /// of a statement may be partial (the query index's), but one that
    /// relabels must give the graph an ingest from scratch gives.
    pub fn keep_rows_except(&mut self, complete: HashSet<String>) {
        if self.renamed_only.is_none() {
            let touched = std::mem::take(&mut self.touched);
            self.graph.settle_texts(&touched);
        }
        self.renamed_only.get_or_insert_with(HashSet::new).extend(complete);
    }

    /// The discovered names whose row the extractions added so far cannot
    /// settle by preference alone: `suspects` (graph rows an article
    /// extracted again may have given) that no added extraction discovers
    /// at least as preferred, and names the graph did not have (an article
    /// kept as it was may discover them unreferenced). A name outside
    /// this set is the preferred of the graph's row, the least preferred
    /// any article kept as it was can give, and the added ones.
    pub fn names_to_settle(&self, suspects: &HashSet<String>) -> HashSet<String> {
        let old: HashMap<&str, &Actor> = self.graph.actors.iter().map(|a| (a.name.as_str(), a)).collect();
        let unsettled = suspects.iter().filter(|n| match (old.get(n.as_str()), self.discovered.get(*n)) {
            (Some(o), Some(d)) => actor_preference(d) > actor_preference(o),
            _ => true,
        });
        let fresh = self.discovered.keys().filter(|n| !old.contains_key(n.as_str()));
        unsettled.chain(fresh).cloned().collect()
    }
}

/// The least text of a statement's occurrences, each its evidence's span
/// in its sentence (the text the extractor cut from the article); `None`
/// when a span does not lie inside its sentence.
fn least_text(evidence: &[Evidence]) -> Option<String> {
    let mut least: Option<&str> = None;
    for e in evidence {
        let from = e.span.start.checked_sub(e.sentence.start)?;
        let to = e.span.end.checked_sub(e.sentence.start)?;
        let text = e.sentence_text.as_str().get(from..to)?;
        if least.is_none_or(|l| text < l) {
            least = Some(text);
        }
    }
    least.map(str::to_string)
}

impl GraphData {
    /// Keeps the units of `rules` under its hash, and drops the units of
    /// rule sets no article was extracted with any more.
    pub(crate) fn settle_rule_units(&mut self, rules: &RuleSnapshot) {
        if !rules.units.is_empty() && self.article_rules.values().any(|h| *h == rules.hash) {
            self.rule_units.insert(rules.hash.clone(), rules.units.clone());
        }
        let used: HashSet<&str> = self.article_rules.values().map(String::as_str).collect();
        self.rule_units.retain(|h, _| used.contains(h.as_str()));
    }
}

/// Which of two rows for the same actor name wins where neither the rules
/// nor an order decide: a listed actor over a discovered one, then the one
/// that knows more (membership, gender), then a fixed order.
pub(crate) fn actor_preference(a: &Actor) -> impl Ord + '_ {
    (
        a.rule == "discovered",
        a.member_of.is_none(),
        a.gender.is_none(),
        a.kind,
        &a.member_of,
        a.gender,
        &a.rule,
    )
}

/// The actors a graph keeps after a merge: the current rules win over
/// whatever the graph had under the same name; others (`old` and those
/// `discovered` by the merge) stay only while `referenced` by a statement
/// or stance, with the organisations and countries they belong to.
pub(crate) fn settle_actors<'a>(old: &'a [Actor], discovered: impl Iterator<Item = &'a Actor>, referenced: &HashSet<&str>, rules: &RuleSnapshot) -> Vec<Actor> {
    let mut actors: BTreeMap<String, Actor> = BTreeMap::new();
    for a in old.iter().chain(discovered) {
        if referenced.contains(a.name.as_str()) {
            actors.insert(a.name.clone(), a.clone());
        }
    }
    for a in &rules.actors {
        actors.insert(a.name.clone(), a.clone());
    }
    let parents: Vec<String> = actors.values().filter_map(|a| a.member_of.clone()).collect();
    for p in parents {
        if let std::collections::btree_map::Entry::Vacant(slot) = actors.entry(p)
            && let Some(a) = old.iter().find(|a| &a.name == slot.key())
        {
            slot.insert(a.clone());
        }
    }
    actors.into_values().collect()
}

/// The topics a graph keeps after a merge: those a stance still `used`,
/// and every topic of the current rules.
pub(crate) fn settle_topics(old: &[TopicInfo], used: &HashSet<&str>, rules: &RuleSnapshot) -> Vec<TopicInfo> {
    let mut topics: BTreeMap<String, TopicInfo> = old
        .iter()
        .filter(|t| used.contains(t.id.as_str()))
        .map(|t| (t.id.clone(), t.clone()))
        .collect();
    for t in &rules.topics {
        topics.insert(t.id.clone(), t.clone());
    }
    topics.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use super::super::file::to_ron;
    use crate::model::{ActorKind, FoundStatement, Span};

    fn meta(id: &str) -> ArticleMeta {
        ArticleMeta {
            id: id.into(),
            path: format!("{id}.txt"),
            title: "t".into(),
            date: None,
            source: None,
            byline: None,
            hash: id.into(),
            len: 100,
        }
    }

    fn ev(start: usize) -> Evidence {
        Evidence {
            article: String::new().into(),
            span: Span::new(start, start + 5),
            sentence: Span::new(0, 50),
            sentence_text: "s".into(),
            cue: "said".into(),
            rule: "said".into(),
            date: None,
            resolution: String::new().into(),
        }
    }

    fn ex(id: &str, quotes: &[(&str, &str, usize)]) -> Extraction {
        Extraction {
            article: meta(id),
            statements: quotes
                .iter()
                .map(|(speaker, text, start)| FoundStatement {
                    speaker: speaker.to_string(),
                    kind: crate::model::QuoteKind::Direct,
                    text: text.to_string(),
                    evidence: ev(*start),
                })
                .collect(),
            stances: vec![],
            discovered: vec![Actor {
                name: "Anna".into(),
                kind: ActorKind::Person,
                member_of: None,
                rule: "discovered".into(),
                gender: None,
            }],
        }
    }

    #[test]
    fn same_words_two_articles_one_statement() {
        let mut g = GraphData::new();
        let rules = RuleSnapshot::default();
        g.merge_extraction(ex("a", &[("Anna", "We go.", 3)]), &rules);
        let r = g.merge_extraction(ex("b", &[("Anna", "we go", 9)]), &rules);
        assert_eq!(r, MergeReport { new: 1, updated: 0, dropped: 0 });
        assert_eq!(g.statements.len(), 1);
        assert_eq!(g.statements[0].evidence.len(), 2);
        assert_eq!(g.statements[0].text, "We go.");
        // Replacing article b with an extraction that lost the quote drops its evidence.
        let r = g.merge_extraction(ex("b", &[]), &rules);
        assert_eq!(r, MergeReport { new: 0, updated: 1, dropped: 0 });
        assert_eq!(g.statements[0].evidence.len(), 1);
        g.merge_extraction(ex("a", &[]), &rules);
        assert!(g.statements.is_empty());
        assert!(g.actors.is_empty(), "unreferenced discovered actor dropped");
        assert_eq!(g.articles.len(), 2);
    }

    #[test]
    fn a_speaker_row_no_fresh_extraction_reaches_is_settled_again() {
        let rules = RuleSnapshot::default();
        let mut g = GraphData::new();
        let mut a = ex("a", &[("Anna", "one", 1)]);
        a.discovered[0].member_of = Some("Ruritania".into());
        g.merge(vec![a, ex("b", &[("Anna", "two", 1)])], &rules);
        assert_eq!(g.actors[0].member_of.as_deref(), Some("Ruritania"), "the preferred row");
        let suspects = HashSet::from(["Anna".to_string()]);
        // Article a again, now discovering Anna with the plainer row: only
        // b's row is left, which the graph's row hides.
        let mut merge = g.begin_merge(["a"], &rules);
        merge.keep_rows_except(HashSet::new());
        merge.add(ex("a", &[("Anna", "one", 1)]));
        assert_eq!(merge.names_to_settle(&suspects), suspects);
        merge.finish();
        assert_eq!(g.actors[0].member_of.as_deref(), Some("Ruritania"), "stale without a second round");
        // With b extracted again and Anna complete, the row is b's and a's.
        let mut merge = g.begin_merge(["a", "b"], &rules);
        merge.keep_rows_except(suspects.clone());
        merge.add(ex("a", &[("Anna", "one", 1)]));
        merge.add(ex("b", &[("Anna", "two", 1)]));
        merge.finish();
        assert_eq!(g.actors[0].member_of, None);
        // A fresh extraction at least as preferred settles it alone.
        let mut merge = g.begin_merge(["a"], &rules);
        merge.keep_rows_except(HashSet::new());
        merge.add(ex("a", &[("Anna", "one", 1)]));
        assert!(merge.names_to_settle(&suspects).is_empty());
    }

    #[test]
    fn merge_is_idempotent() {
        let rules = RuleSnapshot::default();
        let mut g = GraphData::new();
        g.merge(vec![ex("b", &[("X", "one", 1)]), ex("a", &[("X", "two", 1)])], &rules);
        let once = to_ron(&g).unwrap();
        g.merge(vec![ex("a", &[("X", "two", 1)])], &rules);
        assert_eq!(once, to_ron(&g).unwrap());
    }

    #[test]
    fn merged_evidence_shares_equal_texts_and_keeps_unequal_ones_apart() {
        let rules = RuleSnapshot::default();
        let mut g = GraphData::new();
        let mut one = ex("a", &[("X", "one", 1), ("Y", "two", 8)]);
        one.statements[1].evidence.rule = "told".into();
        g.merge(vec![one, ex("b", &[("X", "one", 1)])], &rules);
        let evidence: Vec<&Evidence> = g.statements.iter().flat_map(|s| &s.evidence).collect();
        let of = |article: &str, rule: &str| *evidence.iter().find(|e| e.article == article && e.rule == rule).unwrap();
        let (a_said, a_told, b_said) = (of("a", "said"), of("a", "told"), of("b", "said"));
        // One sentence, cue and article each, whichever finding cites them.
        assert!(a_said.sentence_text.same_allocation(&b_said.sentence_text));
        assert!(a_said.cue.same_allocation(&a_told.cue));
        assert!(a_said.article.same_allocation(&a_told.article));
        assert!(!a_said.article.same_allocation(&b_said.article));
        assert!(!a_said.rule.same_allocation(&a_told.rule));
    }
}
