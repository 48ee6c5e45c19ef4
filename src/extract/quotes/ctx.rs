//! What the attribution steps of one article share, and the speaker
//! searches they all use.

use crate::extract::actors::{Cast, Mention};
use crate::extract::cues::CueHit;
use crate::extract::segment::Segments;
use crate::model::{Evidence, Span};
use crate::rules::CompiledRules;

use super::words::*;

/// How a quotation got its speaker.
pub(crate) struct Attribution {
    pub(crate) speakers: Vec<usize>,
    pub(crate) cue: String,
    pub(crate) rule: String,
    pub(crate) reason: String,
}

/// Context shared by the attribution steps of one article.
pub struct Ctx<'a> {
    pub text: &'a str,
    pub seg: &'a Segments,
    pub cast: &'a Cast,
    pub rules: &'a CompiledRules,
    pub article: &'a str,
    pub date: Option<chrono::NaiveDate>,
    pub cues: Vec<CueHit>,
    /// The last sentence an evidence was dated for, and its date: a
    /// sentence with several statements needs its date looked for once.
    pub last_date: std::cell::Cell<Option<(Span, Option<chrono::NaiveDate>)>>,
    /// The first mention of each actor holding a role, in document order,
    /// found once per article (see `reported::bare_role`).
    pub first_role_mentions: std::cell::OnceCell<Vec<usize>>,
}

impl Ctx<'_> {
    pub(crate) fn cues_in(&self, span: Span) -> impl Iterator<Item = &CueHit> {
        // Cues are sorted by start and do not overlap.
        let first = self.cues.partition_point(|c| c.span.start < span.start);
        self.cues[first..].iter().take_while(move |c| c.span.start < span.end).filter(move |c| span.contains(c.span))
    }

    pub(crate) fn rule_id(&self, cue: &CueHit) -> &str {
        &self.rules.cues[cue.rule].id
    }

    /// The cue text as it stands, extended by the object of "told".
    pub(crate) fn cue_text(&self, cue: &CueHit, limit: usize) -> (String, usize) {
        let end = self.cue_end(cue, limit);
        (self.text[cue.span.start..end].to_string(), end)
    }

    /// Where [`Ctx::cue_text`] ends, without copying it.
    pub(crate) fn cue_end(&self, cue: &CueHit, limit: usize) -> usize {
        let text = cue.span.slice(self.text);
        let mut end = cue.span.end;
        // As `to_lowercase().starts_with(…)` without allocating: only "T"/"t",
        // "O"/"o", "L"/"l" and "E"/"e" lowercase to those letters.
        let starts_with_word = |prefix: &str| text.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix));
        if (starts_with_word("tol") || starts_with_word("tell"))
            && let Some(m) = self.rules.lexicon.told_object.find(&self.text[end..limit]) {
                // "told CNN." — the sentence's full stop is not part of the object.
                end += m.as_str().trim_end_matches('.').len();
            }
        end
    }

    pub(crate) fn evidence(&self, span: Span, sentence: Span, cue: String, rule: &str, resolution: String) -> Evidence {
        Evidence {
            article: self.article.into(),
            span,
            sentence,
            sentence_text: sentence.slice(self.text).into(),
            cue: cue.into(),
            rule: rule.into(),
            date: self.sentence_date(sentence),
            resolution: resolution.into(),
        }
    }

    pub(crate) fn sentence_date(&self, sentence: Span) -> Option<chrono::NaiveDate> {
        if let Some((dated, date)) = self.last_date.get()
            && dated == sentence
        {
            return date;
        }
        let date = crate::extract::dates::sentence_date(sentence.slice(self.text), self.date);
        self.last_date.set(Some((sentence, date)));
        date
    }

    pub(crate) fn sentence_span(&self, offset: usize) -> Span {
        self.seg.sentence_at(offset).map_or(Span::new(offset, offset), |s| s.span)
    }

    /// Speakers named right before a verb cue, with only auxiliaries, adverbs
    /// or an appositive in between; coordinated subjects ("X and Y said")
    /// give several speakers.
    pub(crate) fn speakers_before(&self, cue: &CueHit, from: usize) -> Vec<(&Mention, &'static str)> {
        // The mentions `mentions_in(from..cue)` visits, walked from the right
        // in place instead of collected. One that starts further back than
        // a filler and a long name reach is never the subject
        // ([`MAX_FILLER_BYTES`]), so the walk stays near the cue however
        // long the sentence.
        let mentions = &self.cast.mentions;
        let reach = cue.span.start.saturating_sub(2 * MAX_FILLER_BYTES);
        let first = mentions.partition_point(|m| m.span.start < from.max(reach));
        let end = first + mentions[first..].partition_point(|m| m.span.start < cue.span.start);
        let window = &mentions[first..end];
        let before = |m: &&Mention| !m.in_quote && m.span.end <= cue.span.start;
        for (i, m) in window.iter().enumerate().rev().filter(|(_, m)| before(m)) {
            let Some(between) = self.text.get(m.span.end..cue.span.start) else { continue };
            // "Putin's spokesperson, Dmitry Peskov, confirmed": the name is the appositive.
            let appositive_name = between.trim() == "," && self.text[..m.span.start].trim_end().ends_with(',');
            if is_filler(between) || appositive_name {
                let mut found = vec![(m, "named right before the cue")];
                // Walk left over "X, Y and Z": the gap next to the last
                // subject must be "and" ("Speaking in Berlin, he said" is one subject).
                let mut right = m;
                for prev in window[..i].iter().rev().filter(before) {
                    // Overlapping mentions have no gap and never join.
                    let gap = self.text.get(prev.span.end..right.span.start).map_or("-", str::trim);
                    let joins = if std::ptr::eq(right, m) { gap == "and" || gap == ", and" } else { gap == "," || gap == "and" || gap == ", and" };
                    if joins {
                        found.insert(0, (prev, "coordinated subject"));
                        right = prev;
                    } else {
                        break;
                    }
                }
                return found;
            }
        }
        Vec::new()
    }

    /// The sentence subject: the first actor mentioned, when the sentence
    /// opens with it (after at most a short introductory phrase).
    pub(crate) fn sentence_subject(&self, sentence: Span, before: usize) -> Option<&Mention> {
        let m = self.cast.mentions_in(Span::new(sentence.start, before)).next()?;
        // "In response to Trump's remarks, Jane Doe released a statement
        // saying …": a name inside a leading phrase is not the subject when
        // the main clause names one ("While Russia agreed, it refused" does not).
        let main = leading_phrase_end(self.text, sentence, before).filter(|&main| m.span.start < main);
        main.and_then(|main| self.clause_subject(Span::new(main, sentence.end), before)).or_else(|| self.clause_subject(sentence, before))
    }

    /// [`Ctx::sentence_subject`] of a clause that starts where its subject may.
    fn clause_subject(&self, sentence: Span, before: usize) -> Option<&Mention> {
        let m = self.cast.mentions_in(Span::new(sentence.start, before)).next()?;
        let lead = self.text[sentence.start..m.span.start].trim();
        let mut words = lead.split_whitespace();
        let first = words.clone().next().map_or("", |w| w.trim_end_matches(','));
        let lead_ok = lead.is_empty()
            || (lead.ends_with(',') && words.clone().count() <= 15)
            // "Russian President Vladimir Putin", "Former U.S. President Donald Trump"
            || words.all(|w| w.starts_with(char::is_uppercase))
            // "In comments to the press Rubio …"
            || (matches!(first, "In" | "On" | "At" | "During" | "After" | "Before" | "Speaking") && lead.split_whitespace().count() <= 6)
            || matches!(lead, "Both" | "But" | "And" | "However," | "Meanwhile,");
        // A relative clause before the cue has its own subject: "a carnage that has claimed".
        // A mention may run past `before` (into the cue): then nothing lies between.
        let relative = self.text.get(m.span.end..before).unwrap_or_default().split_whitespace().rev().find(|w| !is_aux_word(w)).is_some_and(|w| matches!(w, "that" | "which" | "who"));
        (lead_ok && !relative).then_some(m)
    }

    /// The sentence subject and any actors coordinated with it ("Putin,
    /// Lavrov and other officials have said").
    pub(crate) fn coordinated_subjects(&self, first: &Mention, before: usize) -> Vec<usize> {
        let mut out = vec![first.actor];
        // A mention that runs past the cue (broken markup) has no
        // coordinated subjects after it.
        if before <= first.span.end {
            return out;
        }
        let mut prev_end = first.span.end;
        for m in self.cast.mentions_in(Span::new(first.span.end, before)) {
            let gap = self.text.get(prev_end..m.span.start).unwrap_or_default().trim();
            if matches!(gap, "," | "and" | ", and") && !out.contains(&m.actor) {
                out.push(m.actor);
                prev_end = m.span.end;
            } else {
                break;
            }
        }
        out
    }

    /// Whether `m` names a person by two words or more.
    fn full_person(&self, m: &Mention) -> bool {
        self.cast.actors[m.actor].actor.kind == crate::model::ActorKind::Person && m.span.slice(self.text).contains(' ')
    }

    /// Whether `words` hold a title or a role noun of the lexicon.
    fn names_a_title(&self, words: &str) -> bool {
        let lex = &self.rules.lexicon;
        lex.role_ac.is_match(words) || words.split_whitespace().any(|w| lex.is_title(w.trim_end_matches(',')))
    }

    /// The speaker named right after a cue: "said Jane Doe", "said Senate
    /// leader Jane Doe", "according to Doe's chief of staff, John Roe". A
    /// possessive name inside the title is not the speaker when a name
    /// follows the title; alone, it stands for its owner ("according to
    /// Doe's campaign").
    pub(crate) fn speaker_after(&self, cue_end: usize, limit: usize) -> Option<&Mention> {
        let mut owner = None;
        let mut found: Option<&Mention> = None;
        // A title is a few words: the first mentions after the cue decide.
        for m in self.cast.mentions_in(Span::new(cue_end, limit)).take(4) {
            // Overlapping mentions have nothing between them and never join.
            let Some(between) = self.text.get(found.map_or(cue_end, |f| f.span.end)..m.span.start).map(str::trim) else { break };
            let joins = match found {
                // A title holds a title or role word: "according to
                // schedule, Jane Doe said" has none, and Doe is no source.
                // Lower-case words alone ("said harbour master Jane Doe")
                // are a title before a person's full name.
                None => {
                    between.is_empty()
                        || between == "by"
                        || (is_title_lead(between, &self.rules.lexicon)
                            && (self.names_a_title(between) || (lower_words(between) && self.full_person(m))))
                }
                // "said White House press secretary Jane Doe": a name that
                // opens the title is not the speaker; "said Jane Doe of
                // Acme" or "Jane Doe, Acme's chief" keep the first name.
                Some(_) => count_words(between, 1) > 0 && !between.starts_with("of ") && is_title_lead(between, &self.rules.lexicon),
            };
            if !joins {
                break;
            }
            if self.text.get(m.span.end..).is_some_and(|rest| rest.starts_with(['\'', '’'])) {
                if found.is_none() && (between.is_empty() || between == "by") {
                    owner = owner.or(Some(m));
                }
                continue;
            }
            found = Some(m);
        }
        found.or(owner)
    }
}

/// Where the main clause starts after a leading prepositional or
/// subordinate phrase ("After the Paris attacks, …"): after the phrase's
/// comma, when the sentence opens with a preposition or subordinator and
/// the comma comes within fifteen words and before `before`.
fn leading_phrase_end(text: &str, sentence: Span, before: usize) -> Option<usize> {
    let s = text.get(sentence.start..before)?;
    let first = s.split_whitespace().next()?.to_lowercase();
    let opener = matches!(
        first.as_str(),
        "in" | "on" | "at" | "for" | "with" | "by" | "from" | "after" | "before" | "about" | "over" | "until" | "when" | "while" | "because" | "if" | "since" | "during" | "despite" | "amid" | "following"
    );
    let comma = s.find(", ").filter(|&c| opener && s[..c].split_whitespace().count() <= 15)?;
    Some(sentence.start + comma + 2)
}
