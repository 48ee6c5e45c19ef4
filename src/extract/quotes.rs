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
//! inverted form ("…, officials said"), or around "according to".

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::actors::{Cast, Mention};
use super::cues::CueHit;
use super::lazy_regex::lazy_dfa_regex;
use crate::model::{Evidence, FoundStatement, QuoteKind, Span};
use crate::rules::{CompiledRules, CueForm};
use crate::extract::segment::{QuoteRegion, Segments};

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
}

/// Quotations this short with no speech cue are scare quotes or names.
const SCARE_QUOTE_MAX_WORDS: usize = 4;

static TOLD_OBJECT: LazyLock<Regex> = LazyLock::new(|| {
    lazy_dfa_regex(r"^\s+(?:him|her|them|us|me|reporters|journalists|the press|the media|lawmakers|parliament|delegates|an? [\w-]+ (?:interviewer|audience|conference)|(?:the|a|an) (?:[\w-]+ ){0,3}(?:agency|newspaper|paper|channel|broadcaster|outlet|station|network|media|press|reporters|journalists|interviewer|committee|parliament)|(?:the )?\p{Lu}[\p{L}.]*(?:\s\p{Lu}[\p{L}.]*)*)").expect("static regex")
});

static LEADING_ADJUNCT: LazyLock<Regex> = LazyLock::new(|| {
    lazy_dfa_regex(r"^,?\s*(?:(?:on|last|this|earlier|late|early)\s+(?:\p{Lu}\w+day|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*\.? \d{1,2}|\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*|year|week|month|night|morning|evening)|earlier|later|recently|again|repeatedly|previously|publicly|also|then|now|yesterday|today|in (?:a|an|his|her) [\w -]{0,40}?(?:interview|statement|post|address|speech)(?: (?:with|to|on) (?:\p{Lu}[\w.]*\s?){1,3})?|on (?:X|Twitter|Telegram|Truth Social|television|TV)|during [^,]{1,40},|during (?:his|her|the|a|an|their) (?:[\w-]+ ){0,4}?(?:campaign|visit|meeting|speech|interview|address|conference|call|trip|talks|summit)|in (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*(?: \d{4})?|to (?:reporters|journalists)|in \p{Lu}\w+)(?-u:\b),?").expect("static regex")
});

/// Every [`LEADING_ADJUNCT`] match begins, after its optional comma and
/// spaces, with one of these; most text after a cue ("that", "the") does
/// not, and this test is far cheaper than running the regex.
const ADJUNCT_STARTS: &[&str] = &[
    "on", "last", "this", "earlier", "late", "early", "later", "recently", "again", "repeatedly", "previously", "publicly", "also", "then", "now",
    "yesterday", "today", "in ", "during ", "to ",
];

fn leading_adjunct(s: &str) -> Option<regex::Match<'_>> {
    let rest = s.strip_prefix(',').unwrap_or(s).trim_start();
    // The first letters of ADJUNCT_STARTS rule out most text before the list does.
    let may_start = rest.as_bytes().first().is_some_and(|b| matches!(b, b'o' | b'l' | b't' | b'e' | b'r' | b'a' | b'p' | b'n' | b'y' | b'i' | b'd'));
    if !may_start || !ADJUNCT_STARTS.iter().any(|w| rest.starts_with(w)) {
        return None;
    }
    LEADING_ADJUNCT.find(s)
}

static CLAUSE_END: LazyLock<Regex> = LazyLock::new(|| {
    lazy_dfa_regex(r",\s+(?:when|while|as|but|adding|saying|according|citing|although|though|after|before|which|whereas|despite|even as|amid|following|noting|suggesting|warning|stressing|acknowledging|expressing|welcoming|in (?:a|an|his|her) )(?-u:\b)|,\s+(?:he|she|they|it|we)\s+(?:did|does|do|has|have|had|was|is|were|are|said|added)(?-u:\b)|,?\s+(?:and|but)\s+(?:has|have|had|added|also|then|is|was|said|says|told|warned)(?-u:\b)|;|\s[–—]\s|\s-\s|\.\s*$").expect("static regex")
});

static AUX_WORDS: &[&str] = &[
    "has", "have", "had", "also", "further", "repeatedly", "previously", "later", "then", "again", "earlier", "now", "already",
    "consistently", "recently", "publicly", "reportedly", "once", "himself", "herself", "itself", "themselves", "flatly", "long",
    "would", "will", "could", "may", "might", "did", "does", "do", "has since", "separately", "first", "quickly", "immediately",
    "continues", "continued", "to", "just", "both", "all", "privately", "openly", "explicitly", "clearly", "only", "even",
];

/// Extracts every statement of the article.
pub fn extract_statements(ctx: &Ctx) -> Vec<FoundStatement> {
    let mut out = Vec::new();
    direct_quotes(ctx, &mut out);
    reported_speech(ctx, &mut out);
    out.sort_by_key(|s| (s.evidence.span.start, s.kind, s.evidence.span.end));
    out.dedup_by(|a, b| a.kind == b.kind && a.evidence.span == b.evidence.span && a.speaker == b.speaker);
    out
}

impl Ctx<'_> {
    fn cues_in(&self, span: Span) -> impl Iterator<Item = &CueHit> {
        // Cues are sorted by start and do not overlap.
        let first = self.cues.partition_point(|c| c.span.start < span.start);
        self.cues[first..].iter().take_while(move |c| c.span.start < span.end).filter(move |c| span.contains(c.span))
    }

    fn rule_id(&self, cue: &CueHit) -> &str {
        &self.rules.cues[cue.rule].id
    }

    /// The cue text as it stands, extended by the object of "told".
    fn cue_text(&self, cue: &CueHit, limit: usize) -> (String, usize) {
        let end = self.cue_end(cue, limit);
        (self.text[cue.span.start..end].to_string(), end)
    }

    /// Where [`Ctx::cue_text`] ends, without copying it.
    fn cue_end(&self, cue: &CueHit, limit: usize) -> usize {
        let text = cue.span.slice(self.text);
        let mut end = cue.span.end;
        // As `to_lowercase().starts_with(…)` without allocating: only "T"/"t",
        // "O"/"o", "L"/"l" and "E"/"e" lowercase to those letters.
        let starts_with_word = |prefix: &str| text.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix));
        if starts_with_word("tol") || starts_with_word("tell") {
            if let Some(m) = TOLD_OBJECT.find(&self.text[end..limit]) {
                // "told CNN." — the sentence's full stop is not part of the object.
                end += m.as_str().trim_end_matches('.').len();
            }
        }
        end
    }

    fn evidence(&self, span: Span, sentence: Span, cue: String, rule: &str, resolution: String) -> Evidence {
        Evidence {
            article: self.article.to_string(),
            span,
            sentence,
            sentence_text: sentence.slice(self.text).to_string(),
            cue,
            rule: rule.to_string(),
            date: self.sentence_date(sentence),
            resolution,
        }
    }

    fn sentence_date(&self, sentence: Span) -> Option<chrono::NaiveDate> {
        if let Some((dated, date)) = self.last_date.get()
            && dated == sentence
        {
            return date;
        }
        let date = crate::extract::dates::sentence_date(sentence.slice(self.text), self.date);
        self.last_date.set(Some((sentence, date)));
        date
    }

    fn sentence_span(&self, offset: usize) -> Span {
        self.seg.sentence_at(offset).map_or(Span::new(offset, offset), |s| s.span)
    }

    /// Speakers named right before a verb cue, with only auxiliaries, adverbs
    /// or an appositive in between; coordinated subjects ("X and Y said")
    /// give several speakers.
    fn speakers_before(&self, cue: &CueHit, from: usize) -> Vec<(&Mention, &'static str)> {
        // The mentions `mentions_in(from..cue)` visits, walked from the right
        // in place instead of collected.
        let mentions = &self.cast.mentions;
        let first = mentions.partition_point(|m| m.span.start < from);
        let count = mentions[first..].iter().take_while(|m| m.span.start < cue.span.start).count();
        let window = &mentions[first..first + count];
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
    fn sentence_subject(&self, sentence: Span, before: usize) -> Option<&Mention> {
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
    fn coordinated_subjects(&self, first: &Mention, before: usize) -> Vec<usize> {
        let mut out = vec![first.actor];
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

    /// The speaker named right after a cue: "said Jane Doe".
    fn speaker_after(&self, cue_end: usize, limit: usize) -> Option<&Mention> {
        let m = self.cast.mentions_in(Span::new(cue_end, limit)).next()?;
        let between = self.text[cue_end..m.span.start].trim();
        (between.is_empty() || between == "by").then_some(m)
    }
}

/// Whether the text between a subject and its verb is only auxiliaries,
/// adverbs, a short time phrase or an appositive.
fn is_filler(between: &str) -> bool {
    let mut rest = between.trim();
    if rest.is_empty() {
        return true;
    }
    // ", a political analyst in Kyiv," / ", who has long opposed aid,"
    if let Some(inner) = rest.strip_prefix(',') {
        if let Some(close) = inner.rfind(',') {
            let apposition = inner[..close].trim();
            let words = apposition.split_whitespace().count();
            if words > 0 && words <= 25 && !apposition.contains(['“', '"']) {
                rest = inner[close + 1..].trim();
            } else {
                return false;
            }
        } else {
            return false;
        }
    }
    // ASCII case folding equals lower-casing for ASCII text; other text is
    // lower-cased first, after which folding changes nothing.
    if rest.is_ascii() {
        only_filler_words(rest.split_whitespace())
    } else {
        only_filler_words(rest.to_lowercase().split_whitespace())
    }
}

/// Whether `words` (ASCII or lower-cased) are only auxiliaries and adverbs
/// once time phrases ("on Monday", "in Davos", "last week") are skipped.
fn only_filler_words<'a>(words: impl Iterator<Item = &'a str>) -> bool {
    let is_one_of = |word: &str, options: &[&str]| options.iter().any(|o| word.eq_ignore_ascii_case(o));
    let mut words = words.peekable();
    while let Some(w) = words.next() {
        if is_one_of(w, &["on", "in", "at", "last", "this", "late", "early"]) {
            let is_time = words.peek().is_some_and(|next| {
                let len = next.len();
                (len >= 3 && next.as_bytes()[len - 3..].eq_ignore_ascii_case(b"day"))
                    || next.get(..3).is_some_and(|head| MONTHS.iter().any(|m| head.eq_ignore_ascii_case(m)))
                    || is_one_of(next, &["week", "month", "year", "night", "morning", "evening"])
            });
            if is_time {
                words.next();
                if words.peek().is_some_and(|d| d.chars().all(|c| c.is_ascii_digit() || c == ',')) {
                    words.next();
                }
                continue;
            }
        }
        // Compared as `is_aux_word` does, without lower-casing the
        // already lower-cased non-ASCII words again.
        let w = w.trim_end_matches(',');
        if !AUX_WORDS.iter().any(|a| a.eq_ignore_ascii_case(w)) {
            return false;
        }
    }
    true
}

/// The month abbreviations [`crate::source::month_number`] knows.
const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// Whether the lower-cased `word` is in [`AUX_WORDS`], without lower-casing
/// ASCII words (the usual case).
fn is_aux_word(word: &str) -> bool {
    if word.is_ascii() {
        AUX_WORDS.iter().any(|a| a.eq_ignore_ascii_case(word))
    } else {
        AUX_WORDS.contains(&word.to_lowercase().as_str())
    }
}

/// Whitespace-separated words with at least one letter or digit, counted up
/// to `limit`: callers only compare the count with a small number.
fn count_words(s: &str, limit: usize) -> usize {
    let bytes = s.as_bytes();
    let mut count = 0;
    let mut word_has_alphanumeric = false;
    let mut i = 0;
    while i < bytes.len() {
        // ASCII bytes are classified directly; other chars are decoded.
        let (space, alphanumeric, len) = match bytes[i] {
            b @ 0..=0x7F => (matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' '), b.is_ascii_alphanumeric(), 1),
            _ => match s[i..].chars().next() {
                Some(c) => (c.is_whitespace(), c.is_alphanumeric(), c.len_utf8()),
                None => break,
            },
        };
        i += len;
        if space {
            word_has_alphanumeric = false;
        } else if !word_has_alphanumeric && alphanumeric {
            // The word counts once it has a letter or digit.
            word_has_alphanumeric = true;
            count += 1;
            if count >= limit {
                return count;
            }
        }
    }
    count
}

fn trim_quote_text(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    let trimmed = s.trim_end().trim_end_matches(',').trim_end();
    let lead = (s.len() - s.trim_start().len()).min(trimmed.len());
    Span::new(span.start + lead, span.start + trimmed.len())
}

/// `prefix` followed by `reason`, without the formatting machinery.
fn reason_for(prefix: &str, reason: &str) -> String {
    [prefix, reason].concat()
}

/// `prefix` and the speakers' reasons joined by "; ", each followed by how
/// it was found when `with_how`, built in one string.
fn join_reasons(prefix: &str, subjects: &[(&Mention, &str)], with_how: bool) -> String {
    let mut out = String::with_capacity(prefix.len() + subjects.iter().map(|(m, _)| m.reason.len() + 32).sum::<usize>());
    out.push_str(prefix);
    for (i, (m, how)) in subjects.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(&m.reason);
        if with_how {
            out.push_str(" (");
            out.push_str(how);
            out.push(')');
        }
    }
    out
}

/// How a quotation got its speaker.
struct Attribution {
    speakers: Vec<usize>,
    cue: String,
    rule: String,
    reason: String,
}

fn direct_quotes(ctx: &Ctx, out: &mut Vec<FoundStatement>) {
    // The last attributed quotation, for continuations.
    let mut last: Option<(usize, Attribution, bool)> = None; // (paragraph, attribution, paragraph opened with a quote)
    let quotes: &[QuoteRegion] = &ctx.seg.quotes;
    for (qi, q) in quotes.iter().enumerate() {
        let para = ctx.seg.paragraphs[q.paragraph].span;
        let inner = trim_quote_text(ctx.text, q.inner);
        if inner.is_empty() {
            continue;
        }
        // The word count is only compared with 0 and, for a quotation
        // without a cue, with SCARE_QUOTE_MAX_WORDS: count no further.
        let has_words = count_words(inner.slice(ctx.text), 1) > 0;
        let before_mark = ctx.text[..q.outer.start].trim_end();
        if before_mark.ends_with("so-called") || before_mark.ends_with("what they call") || before_mark.ends_with("dubbed") {
            continue;
        }
        let next_quote_start = quotes.get(qi + 1).filter(|n| n.paragraph == q.paragraph).map_or(para.end, |n| n.outer.start);
        let prev_quote_end = qi.checked_sub(1).and_then(|i| quotes.get(i)).filter(|p| p.paragraph == q.paragraph).map(|p| p.outer.end);
        let sentence = ctx.sentence_span(q.outer.start);
        let opens_paragraph = q.outer.start == para.start;

        let attribution = attribute_after(ctx, q.outer.end, next_quote_start)
            .or_else(|| attribute_before(ctx, sentence.start.max(prev_quote_end.unwrap_or(0)), q.outer.start, has_words))
            .or_else(|| prev_quote_end.filter(|&e| e > sentence.start).and_then(|_| attribute_before(ctx, sentence.start, q.outer.start, has_words)))
            .or_else(|| {
                // “A,” he said. “B.” — the same speaker goes on.
                let (lp, prev, prev_opened) = last.as_ref()?;
                let same_paragraph = *lp == q.paragraph && prev_quote_end.is_some() && q.outer.start == sentence.start;
                let next_paragraph = *lp + 1 == q.paragraph && opens_paragraph && *prev_opened;
                (same_paragraph || next_paragraph).then(|| Attribution {
                    speakers: prev.speakers.clone(),
                    cue: if next_paragraph { String::new() } else { prev.cue.clone() },
                    rule: prev.rule.clone(),
                    reason: format!("continues the previous quotation of {}", prev.speakers.iter().map(|s| ctx.cast.name(*s)).collect::<Vec<_>>().join(", ")),
                })
            });
        let Some(attribution) = attribution else { continue };
        if attribution.cue.is_empty() && count_words(inner.slice(ctx.text), SCARE_QUOTE_MAX_WORDS + 1) <= SCARE_QUOTE_MAX_WORDS {
            continue;
        }
        // A quotation the segmenter cut into sentences (stray marks in
        // broken markup can do that) is cited with all the sentence text it
        // spans, so the evidence sentence always holds the quotation.
        let cited = Span::new(sentence.start.min(inner.start), sentence.end.max(inner.end));
        for &speaker in &attribution.speakers {
            out.push(FoundStatement {
                speaker: ctx.cast.name(speaker).to_string(),
                kind: QuoteKind::Direct,
                text: inner.slice(ctx.text).to_string(),
                evidence: ctx.evidence(inner, cited, attribution.cue.clone(), &attribution.rule, attribution.reason.clone()),
            });
        }
        let opened = opens_paragraph || last.as_ref().is_some_and(|(lp, _, o)| *lp == q.paragraph && *o);
        last = Some((q.paragraph, attribution, opened));
    }
}

/// "“…,” Trump said" / "“…,” said Jane Doe" / "“…,” he told Reuters".
fn attribute_after(ctx: &Ctx, quote_end: usize, limit: usize) -> Option<Attribution> {
    let tail_end = ctx.text[quote_end..limit].find(['.', '!', '?', ':', ';']).map_or(limit, |i| quote_end + i + 1);
    let tail = Span::new(quote_end, tail_end);
    let cue = ctx.cues_in(tail).find(|c| c.form == CueForm::Verb)?;
    let gap = &ctx.text[quote_end..cue.span.start];
    // Speaker first: ", Trump said"
    let subjects = ctx.speakers_before(cue, quote_end);
    if let Some((first, _)) = subjects.first() {
        let lead = ctx.text[quote_end..first.span.start].trim();
        if lead.is_empty() || lead == "," {
            let (cue_text, _) = ctx.cue_text(cue, tail_end);
            return Some(Attribution {
                speakers: subjects.iter().map(|(m, _)| m.actor).collect(),
                cue: cue_text,
                rule: ctx.rule_id(cue).to_string(),
                reason: join_reasons("speaker after the quotation: ", &subjects, true),
            });
        }
    }
    // Cue first: ", said Jane Doe"
    if gap.trim().is_empty() || gap.trim() == "," {
        let (cue_text, cue_end) = ctx.cue_text(cue, tail_end);
        if let Some(m) = ctx.speaker_after(cue.span.end, tail_end.max(cue_end)) {
            return Some(Attribution {
                speakers: vec![m.actor],
                cue: cue_text,
                rule: ctx.rule_id(cue).to_string(),
                reason: reason_for("speaker named after the cue: ", &m.reason),
            });
        }
    }
    None
}

/// "Trump said on Monday: “…”" / "Trump said he was “making progress”".
fn attribute_before(ctx: &Ctx, from: usize, quote_start: usize, has_words: bool) -> Option<Attribution> {
    let head = Span::new(from, quote_start);
    let cue = ctx.cues_in(head).filter(|c| c.form != CueForm::Participle || has_words).last()?.clone();
    let sentence = ctx.sentence_span(quote_start);
    let (cue_text, _) = ctx.cue_text(&cue, quote_start);
    let rule = ctx.rule_id(&cue).to_string();
    match cue.form {
        CueForm::Source => {
            let m = ctx.speaker_after(cue.span.end, quote_start)?;
            Some(Attribution { speakers: vec![m.actor], cue: cue_text, rule, reason: reason_for("named after `according to`: ", &m.reason) })
        }
        CueForm::Participle => {
            // ", adding, “…”": the speaker of the sentence's main cue.
            let main = ctx.cues_in(Span::new(sentence.start, cue.span.start)).filter(|c| c.form == CueForm::Verb).last();
            let subject = main
                .and_then(|c| ctx.speakers_before(c, sentence.start).first().map(|(m, _)| *m))
                .or_else(|| ctx.sentence_subject(sentence, cue.span.start))?;
            Some(Attribution { speakers: vec![subject.actor], cue: cue_text, rule, reason: reason_for("participle continues the subject: ", &subject.reason) })
        }
        CueForm::Verb => {
            let subjects = ctx.speakers_before(&cue, sentence.start);
            if !subjects.is_empty() {
                return Some(Attribution {
                    speakers: subjects.iter().map(|(m, _)| m.actor).collect(),
                    cue: cue_text,
                    rule,
                    reason: join_reasons("speaker before the cue that introduces the quotation: ", &subjects, false),
                });
            }
            let m = ctx.sentence_subject(sentence, cue.span.start)?;
            Some(Attribution { speakers: vec![m.actor], cue: cue_text, rule, reason: reason_for("sentence subject: ", &m.reason) })
        }
    }
}

/// Why a reported clause has its speakers; spelled out only for a clause
/// that is kept, since most cues have none.
enum Why<'m> {
    Participle,
    Named(Vec<(&'m Mention, &'static str)>),
    Subject(&'m Mention),
}

impl Why<'_> {
    fn reason(&self) -> String {
        match self {
            Why::Participle => "participle continues the sentence's speaker".into(),
            Why::Named(subjects) => join_reasons("", subjects, true),
            Why::Subject(m) => reason_for("sentence subject: ", &m.reason),
        }
    }
}

fn reported_speech(ctx: &Ctx, out: &mut Vec<FoundStatement>) {
    for sentence in &ctx.seg.sentences {
        let s = sentence.span;
        // The first speaker of the sentence's first verb cue with one.
        let mut main_speaker: Option<usize> = None;
        for cue in ctx.cues_in(s) {
            if !cue.reported {
                continue;
            }
            let rule = ctx.rule_id(cue);
            match cue.form {
                CueForm::Source => according_to(ctx, s, cue, rule, out),
                CueForm::Verb | CueForm::Participle => {
                    let (speakers, why): (Vec<usize>, Why) = if cue.form == CueForm::Participle {
                        match main_speaker.or_else(|| ctx.sentence_subject(s, cue.span.start).map(|m| m.actor)) {
                            Some(a) => (vec![a], Why::Participle),
                            None => continue,
                        }
                    } else {
                        let subjects = ctx.speakers_before(cue, s.start);
                        // "…, national security adviser reveals": the clause comes
                        // before its speaker, when nobody is named before the cue
                        // or the one named is the closing speaker himself.
                        if let Some((m, clause)) = inverted(ctx, s, cue) {
                            if subjects.first().is_none_or(|(first, _)| first.span.start >= m.span.start) {
                                let (cue_text, _) = ctx.cue_text(cue, s.end);
                                out.push(FoundStatement {
                                    speaker: ctx.cast.name(m.actor).to_string(),
                                    kind: QuoteKind::Indirect,
                                    text: clause.slice(ctx.text).to_string(),
                                    evidence: ctx.evidence(clause, s, cue_text, rule, reason_for("reported clause before `…, speaker cue`: ", &m.reason)),
                                });
                                continue;
                            }
                        }
                        if !subjects.is_empty() {
                            (subjects.iter().map(|(m, _)| m.actor).collect(), Why::Named(subjects))
                        } else if let Some(m) = ctx.sentence_subject(s, cue.span.start) {
                            (ctx.coordinated_subjects(m, cue.span.start), Why::Subject(m))
                        } else {
                            continue;
                        }
                    };
                    if cue.form == CueForm::Verb && main_speaker.is_none() {
                        main_speaker = speakers.first().copied();
                    }
                    let cue_end = ctx.cue_end(cue, s.end);
                    if let Some(clause) = complement(ctx, s, cue_end) {
                        let cue_text = &ctx.text[cue.span.start..cue_end];
                        let reason = why.reason();
                        for &speaker in &speakers {
                            out.push(FoundStatement {
                                speaker: ctx.cast.name(speaker).to_string(),
                                kind: QuoteKind::Indirect,
                                text: clause.slice(ctx.text).to_string(),
                                evidence: ctx.evidence(clause, s, cue_text.to_string(), rule, reason.clone()),
                            });
                        }
                    }
                }
            }
        }
    }
}

/// The reported clause after a cue: optional adjuncts and "that", up to the
/// end of the clause. None when a quotation follows instead (direct speech).
fn complement(ctx: &Ctx, sentence: Span, cue_end: usize) -> Option<Span> {
    let mut start = cue_end;
    loop {
        match leading_adjunct(&ctx.text[start..sentence.end]) {
            Some(m) if m.end() > 0 => start += m.end(),
            _ => break,
        }
    }
    let rest = &ctx.text[start..sentence.end];
    let trimmed = rest.trim_start();
    start += rest.len() - trimmed.len();
    let mut after_that = trimmed.strip_prefix("that ");
    if after_that.is_none() {
        // "said on the eve of the invasion that …": an adjunct, then "that".
        let starts_adjunct = trimmed.split_whitespace().next().is_some_and(|w| matches!(w, "on" | "in" | "at" | "during" | "after" | "before" | "last" | "this" | "earlier" | "late" | "early" | "from"));
        if starts_adjunct {
            if let Some(i) = trimmed.find(" that ") {
                let lead = &trimmed[..i];
                if lead.split_whitespace().count() <= 10 && !lead.contains([',', '“', '"', ':']) {
                    after_that = Some(&trimmed[i + 6..]);
                }
            }
        }
    }
    if let Some(after) = after_that {
        // "repeated that position": "that" was a determiner, not a clause.
        if count_words(after.split([',', '.', ';']).next().unwrap_or(""), 3) <= 2 {
            return None;
        }
        start = sentence.end - after.len();
    }
    let rest = &ctx.text[start..sentence.end];
    if rest.is_empty() || rest.starts_with([',', ':', '“', '"', '‘', '.', ';', ')']) {
        return None;
    }
    // A bad first word only matters without "that"; the participle regexes
    // are not run otherwise.
    let bad_start = || {
        let first_word = rest.split_whitespace().next().unwrap_or("");
        matches!(first_word, "by" | "in" | "as" | "on" | "at" | "of" | "with" | "from" | "for" | "and" | "or" | "is" | "was" | "were" | "are" | "be" | "been" | "during" | "after" | "before" | "if" | "whether" | "no")
            || ctx.rules.cues.iter().any(|c| c.form == CueForm::Participle && c.regex.find(first_word).is_some_and(|m| m.len() == first_word.len()))
    };
    if after_that.is_none() && bad_start() {
        return None;
    }
    // Clause end, but never inside a quotation.
    let mut end = sentence.end;
    for m in CLAUSE_END.find_iter(rest) {
        let at = start + m.start();
        if !ctx.seg.in_quote(at) || at >= ctx.seg.quotes.iter().find(|q| q.outer.contains(Span::new(at, at))).map_or(at, |q| q.outer.end) {
            end = at;
            break;
        }
    }
    // Another speaker's cue later in the sentence ends this clause: "…, Kyiv
    // has denied …", "… and CNN has reported …".
    // Cues are sorted by start: only those from `start` to `end` can qualify.
    let first_later = ctx.cues.partition_point(|c| c.span.start <= start);
    for later in ctx.cues[first_later..].iter().take_while(|c| c.span.start <= end).filter(|c| c.span.end <= end && c.form == CueForm::Verb) {
        if let Some((m, _)) = ctx.speakers_before(later, start).first() {
            let joined = { let b = ctx.text[start..m.span.start].trim_end(); b.ends_with(',') || b.ends_with(" and") || b.ends_with(" but") };
            if m.span.start > start && joined {
                let cut = ctx.text[start..m.span.start].trim_end().trim_end_matches(" and").trim_end_matches(',');
                end = end.min(start + cut.len());
                break;
            }
        }
    }
    let clause = Span::new(start, end);
    let t = clause.slice(ctx.text);
    let trimmed_end = t.trim_end().trim_end_matches(['.', ',', ';', ':']).trim_end();
    let clause = Span::new(start, start + trimmed_end.len());
    let text = clause.slice(ctx.text);
    if count_words(text, 1) == 0 {
        return None;
    }
    // A clause that is just one quotation is direct speech.
    if ctx.seg.quotes.iter().any(|q| q.outer.start <= clause.start && clause.end <= q.outer.end + 1) {
        return None;
    }
    Some(clause)
}

/// "…, national security adviser reveals." / "…, officials said."
fn inverted<'a>(ctx: &'a Ctx, sentence: Span, cue: &CueHit) -> Option<(&'a Mention, Span)> {
    let mut after = ctx.text[cue.span.end..sentence.end].trim();
    // A cue that closes its sentence has little after it; skip the rest early.
    if after.len() > 160 && !after.starts_with(',') {
        return None;
    }
    let mut adjunct_comma = false;
    if let Some(m) = leading_adjunct(after).filter(|m| m.end() > 0) {
        adjunct_comma = m.as_str().ends_with(',');
        after = after[m.end()..].trim();
    }
    // "…, X said on Monday, ahead of the talks." — a trailing phrase after a comma.
    let closes = after.is_empty() || after == "." || after.starts_with(',') || adjunct_comma || after.starts_with("citing") || after.starts_with("according to");
    if !closes {
        return None;
    }
    let before = &ctx.text[sentence.start..cue.span.start];
    let comma = before.rfind(',')?;
    let subject_text = before[comma + 1..].trim();
    // Either a mention or a role description resolved to an actor.
    let m = ctx.cast.mentions_in(Span::new(sentence.start + comma, cue.span.start)).last().or_else(|| bare_role(ctx, subject_text))?;
    let clause = Span::new(sentence.start, sentence.start + before[..comma].trim_end().len());
    let quoted = ctx.seg.quotes.iter().any(|q| q.outer.start < clause.end && clause.start < q.outer.end);
    (count_words(clause.slice(ctx.text), 2) >= 2 && !quoted).then_some((m, clause))
}

/// A headline-style bare role ("national security adviser reveals"): the
/// first mention in the article of an actor holding that role.
fn bare_role<'a>(ctx: &'a Ctx, subject: &str) -> Option<&'a Mention> {
    let lower = subject.to_lowercase();
    ctx.cast.mentions.iter().find(|m| {
        let a = &ctx.cast.actors[m.actor];
        a.roles.iter().any(|r| lower.ends_with(r.as_str()))
    })
}

/// "According to X, …" and "…, according to X".
fn according_to(ctx: &Ctx, sentence: Span, cue: &CueHit, rule: &str, out: &mut Vec<FoundStatement>) {
    let Some(m) = ctx.speaker_after(cue.span.end, sentence.end) else { return };
    let before = ctx.text[sentence.start..cue.span.start].trim_end();
    let clause = if before.is_empty() {
        // "According to X, clause."
        let after = &ctx.text[m.span.end..sentence.end];
        let Some(comma) = after.find(", ") else { return };
        let mut start = m.span.end + comma + 2;
        // Skip an appositive: "According to X, an official, …"
        if after[comma + 2..].starts_with(|c: char| c.is_lowercase()) && after[comma + 2..].contains(", ") {
            if let Some(c2) = after[comma + 2..].find(", ") {
                let candidate = &after[comma + 2..comma + 2 + c2];
                if candidate.split_whitespace().count() <= 12 && (candidate.starts_with("a ") || candidate.starts_with("an ") || candidate.starts_with("the ")) {
                    start += c2 + 2;
                }
            }
        }
        let end = sentence.end;
        let t = ctx.text[start..end].trim_end().trim_end_matches('.');
        Span::new(start, start + t.len())
    } else {
        let t = before.trim_end_matches(',');
        Span::new(sentence.start, sentence.start + t.len())
    };
    if count_words(clause.slice(ctx.text), 2) < 2 {
        return;
    }
    out.push(FoundStatement {
        speaker: ctx.cast.name(m.actor).to_string(),
        kind: QuoteKind::Indirect,
        text: clause.slice(ctx.text).to_string(),
        evidence: ctx.evidence(clause, sentence, cue.span.slice(ctx.text).to_string(), rule, reason_for("named after `according to`: ", &m.reason)),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The implementations before the allocation-free rewrite.
    mod reference {
        use super::super::AUX_WORDS;

        /// Whether the text between a subject and its verb is only auxiliaries,
        /// adverbs, a short time phrase or an appositive.
        pub(super) fn is_filler(between: &str) -> bool {
            let mut rest = between.trim();
            if rest.is_empty() {
                return true;
            }
            // ", a political analyst in Kyiv," / ", who has long opposed aid,"
            if let Some(inner) = rest.strip_prefix(',') {
                if let Some(close) = inner.rfind(',') {
                    let apposition = inner[..close].trim();
                    let words = apposition.split_whitespace().count();
                    if words > 0 && words <= 25 && !apposition.contains(['“', '"']) {
                        rest = inner[close + 1..].trim();
                    } else {
                        return false;
                    }
                } else {
                    return false;
                }
            }
            let lower = rest.to_lowercase();
            let mut words: Vec<&str> = lower.split_whitespace().collect();
            // "on Monday", "in Davos", "last week" between subject and verb.
            let mut i = 0;
            while i < words.len() {
                let w = words[i];
                if matches!(w, "on" | "in" | "at" | "last" | "this" | "late" | "early") && i + 1 < words.len() {
                    let next = words[i + 1];
                    let is_time = next.ends_with("day")
                        || crate::source::month_number(next).is_some()
                        || matches!(next, "week" | "month" | "year" | "night" | "morning" | "evening");
                    if is_time {
                        let extra = if words.get(i + 2).is_some_and(|d| d.chars().all(|c| c.is_ascii_digit() || c == ',')) { 3 } else { 2 };
                        words.drain(i..(i + extra).min(words.len()));
                        continue;
                    }
                }
                i += 1;
            }
            words.iter().all(|w| AUX_WORDS.contains(&w.trim_end_matches(',')))
        }

        /// Whitespace-separated words with at least one letter or digit.
        pub(super) fn word_count(s: &str) -> usize {
            // One pass instead of split_whitespace plus a rescan of every word.
            let mut count = 0;
            let mut word_has_alphanumeric = false;
            for c in s.chars() {
                if c.is_whitespace() {
                    count += usize::from(word_has_alphanumeric);
                    word_has_alphanumeric = false;
                } else if !word_has_alphanumeric && c.is_alphanumeric() {
                    word_has_alphanumeric = true;
                }
            }
            count + usize::from(word_has_alphanumeric)
        }

    }

    proptest! {
        #[test]
        fn leading_adjunct_is_what_the_regex_finds(
            text in "(,|, | |\u{a0}|on|On|last|this|that|the|earlier|later|late|early|recently|also|then|now|today|in|In|a|his|interview|with|Reuters|during|the|visit|to|reporters|Monday|Jan|5|X|year|\\.|x){0,8}"
        ) {
            let want = LEADING_ADJUNCT.find(&text).map(|m| m.range());
            prop_assert_eq!(leading_adjunct(&text).map(|m| m.range()), want);
        }

        #[test]
        fn count_words_is_word_count_up_to_the_limit(text in "(a|É|é|1|-|,|“| |\t|\n|\u{b}|\u{a0}|\u{2003}|\u{85}){0,14}", limit in 1usize..6) {
            prop_assert_eq!(count_words(&text, usize::MAX), reference::word_count(&text));
            prop_assert_eq!(count_words(&text, limit), reference::word_count(&text).min(limit));
        }

        #[test]
        fn is_filler_is_what_it_was(
            text in "(,| |has|HAS|Also|later|on|On|in|at|last|this|Monday|monday,|MONDAY|Jan|january|week|23|23,|2025|Davos|a|diplomat|who|“|quic\u{212a}ly|quickly|İ|É|to){0,8}"
        ) {
            prop_assert_eq!(is_filler(&text), reference::is_filler(&text));
        }

        #[test]
        fn aux_words_match_like_lowercased_ones(word in "(has|Has|HAS|quickly|Quickly|quic\u{212a}ly|İ|then|thEn|x|é){1,2}") {
            prop_assert_eq!(is_aux_word(&word), AUX_WORDS.contains(&word.to_lowercase().as_str()));
        }
    }
}
