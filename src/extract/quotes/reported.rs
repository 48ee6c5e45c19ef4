//! Reported speech: the clause after a cue, inverted "…, X said", and
//! "according to X".

use crate::extract::actors::Mention;
use crate::extract::cues::CueHit;
use crate::model::{FoundStatement, QuoteKind, Span};
use crate::rules::{CueForm, Lexicon};

use super::ctx::Ctx;
use super::direct::Why;
use super::words::*;

pub(crate) fn reported_speech(ctx: &Ctx, out: &mut Vec<FoundStatement>) {
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
                // Attributed in nouns.rs, after every verb's clause.
                CueForm::Noun => {}
                CueForm::Verb | CueForm::Participle => {
                    let mut subject_relative = false;
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
                        let before_speaker = inverted(ctx, s, cue)
                            .filter(|(m, _)| subjects.first().is_none_or(|(first, _)| first.span.start >= m.span.start))
                            .map(|found| (found, "reported clause before `…, speaker cue`: "));
                        // "…, said Jane Doe, the board chair.": the speaker follows the cue.
                        let found = before_speaker.or_else(|| {
                            subjects.is_empty().then(|| inverted_speaker_after(ctx, s, cue)).flatten().map(|found| (found, "reported clause before `…, cue speaker`: "))
                        });
                        if let Some(((m, clause), how)) = found {
                            let (cue_text, _) = ctx.cue_text(cue, s.end);
                            out.push(FoundStatement {
                                speaker: ctx.cast.name(m.actor).to_string(),
                                kind: QuoteKind::Indirect,
                                text: clause.slice(ctx.text).to_string(),
                                evidence: ctx.evidence(clause, s, cue_text, rule, reason_for(how, &m.reason)),
                            });
                            continue;
                        }
                        // "…, said Jane Roe, a harbour pilot.": with no subject named
                        // right before it, a cue after a comma or a closing mark with
                        // a capitalised word next is an inverted attribution whose
                        // speaker went unrecognised; what follows is the speaker's
                        // name, not the speech.
                        let lead = ctx.text[s.start..cue.span.start].trim_end();
                        let after = ctx.text[cue.span.end..s.end].trim_start();
                        let unrecognised_after = (lead.ends_with([',', '”', '"']) || lead.ends_with("''")) && after.starts_with(char::is_uppercase);
                        if !subjects.is_empty() {
                            (subjects.iter().map(|(m, _)| m.actor).collect(), Why::Named(subjects))
                        } else if unrecognised_after {
                            continue;
                        } else if let Some(m) = relative_antecedent(ctx, s, cue) {
                            // "Jane Doe, who said …, told …": the main clause's verb follows.
                            subject_relative = opens_sentence(ctx, s, m);
                            (vec![m.actor], Why::Named(vec![(m, "antecedent of `who` before the cue")]))
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
                    // "“…,” Jane Doe said sarcastically / said on the radio /
                    // told a crowd in May": the cue tags the quotation before
                    // it, and what follows is how or where, not what was said.
                    if why.subject_start().is_some_and(|at| tags_a_quotation(ctx, s, at)) && !starts_with_that(ctx, s, cue_end) {
                        continue;
                    }
                    let clause = complement(ctx, s, cue_end, ctx.rules.cues[cue.rule].infinitive).map(|c| if subject_relative { relative_clause_end(ctx, c) } else { c });
                    if let Some(clause) = clause {
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
/// end of the clause. None when a quotation follows instead (direct speech),
/// or a phrase that is no clause: "about …" (a topic, not the words), "to …"
/// unless the cue takes an `infinitive`.
pub(crate) fn complement(ctx: &Ctx, sentence: Span, cue_end: usize, infinitive: bool) -> Option<Span> {
    let mut start = cue_end;
    loop {
        match leading_adjunct(&ctx.text[start..sentence.end], &ctx.rules.lexicon.leading_adjunct) {
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
        let starts_adjunct = trimmed.split_whitespace().next().is_some_and(|w| matches!(w, "on" | "in" | "at" | "to" | "during" | "after" | "before" | "last" | "this" | "earlier" | "late" | "early" | "from"));
        if starts_adjunct
            && let Some(i) = trimmed.find(" that ") {
                let lead = &trimmed[..i];
                if lead.split_whitespace().count() <= 10 && !lead.contains([',', '“', '"', ':']) {
                    after_that = Some(&trimmed[i + 6..]);
                }
            }
    }
    if let Some(after) = after_that {
        // "repeated that position": "that" was a determiner, not a clause.
        if count_words(after.split([',', ';']).next().unwrap_or(""), 3) <= 2 {
            return None;
        }
        start = sentence.end - after.len();
    }
    let rest = &ctx.text[start..sentence.end];
    // "told NBC’s …": a possessive goes on with the object, no clause starts there.
    if rest.is_empty() || rest.starts_with([',', ':', '‘', '\'', '’', '.', ';', ')']) {
        return None;
    }
    // A clause may open with a quotation only when it goes on after it:
    // "threatening “severe measures” unless talks resume" is reported
    // speech with a quoted part; "said “…”" alone is direct speech.
    if rest.starts_with(['“', '"']) {
        let quote_end = ctx.seg.quote_around(start).map(|q| q.outer.end)?;
        let after = ctx.text.get(quote_end..sentence.end).unwrap_or_default();
        if after.starts_with([',', '.', ';', ':']) || count_words(after.split([',', ';']).next().unwrap_or_default(), 3) < 3 {
            return None;
        }
    }
    // A bad first word only matters without "that"; the participle regexes
    // are not run otherwise.
    let bad_start = || {
        let first_word = rest.split_whitespace().next().unwrap_or("");
        (first_word == "to" && !infinitive)
            // "complained about the plan", but "said about half of …".
            || (first_word == "about" && !rest.split_whitespace().nth(1).is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()) || matches!(w, "half" | "a" | "one" | "two" | "three" | "four" | "five" | "ten" | "twenty" | "as")))
            || matches!(first_word, "by" | "in" | "as" | "on" | "at" | "of" | "with" | "from" | "for" | "and" | "or" | "is" | "was" | "were" | "are" | "be" | "been" | "during" | "after" | "before" | "no")
            || ctx.rules.cues.iter().any(|c| c.form == CueForm::Participle && c.regex.find(first_word).is_some_and(|m| m.len() == first_word.len()))
            // "said in a statement published by his office", "told reporters
            // led by …": a participle phrase on the object, not a clause.
            || (rest.split_whitespace().nth(1) == Some("by") && first_word.starts_with(char::is_lowercase) && !Lexicon::in_list(&ctx.rules.lexicon.clause_words, first_word))
    };
    if after_that.is_none() && bad_start() {
        return None;
    }
    // Clause end, but never inside a quotation, nor at the first dash of a
    // pair ("blamed outsiders – chiefly the press – for the defeat").
    let mut end = sentence.end;
    let mut skip_to = 0;
    for m in CLAUSE_END.find_iter(rest) {
        if m.start() < skip_to {
            continue;
        }
        if m.as_str().trim().starts_with(['–', '—', '-']) && let Some(second) = DASH.find(&rest[m.end()..]) {
            skip_to = m.end() + second.end();
            continue;
        }
        let at = start + m.start();
        if !ctx.seg.in_quote(at) || at >= ctx.seg.quote_around(at).map_or(at, |q| q.outer.end) {
            end = at;
            break;
        }
    }
    // Another speaker's cue later in the sentence ends this clause: "…, Kyiv
    // has denied …", "… and CNN has reported …".
    // Cues are sorted by start: only those from `start` to `end` can qualify.
    let first_later = ctx.cues.partition_point(|c| c.span.start <= start);
    for later in ctx.cues[first_later..].iter().take_while(|c| c.span.start <= end).filter(|c| c.span.end <= end && c.form != CueForm::Source) {
        // "…, but stressed that …", "acknowledging … but warning that …": a
        // speech verb coordinated with the cue's own ends its clause, with
        // no subject of its own.
        let lead = ctx.text[start..later.span.start].trim_end();
        let linker = [" and", " but"].iter().find_map(|l| lead.strip_suffix(l)).or_else(|| {
            // One adverb may stand between: "and also warned", "but then added".
            let adverb = lead.rsplit(' ').next().filter(|w| is_aux_word(w))?;
            let before = lead[..lead.len() - adverb.len()].trim_end();
            [" and", " but"].iter().find_map(|l| before.strip_suffix(l))
        });
        if let Some(kept) = linker
            && count_words(kept, 3) >= 3
            && !ctx.seg.in_quote(later.span.start)
        {
            end = end.min(start + kept.trim_end().trim_end_matches(',').len());
            break;
        }
        if later.form != CueForm::Verb {
            continue;
        }
        if let Some((m, _)) = ctx.speakers_before(later, start).first() {
            let joined = { let b = ctx.text[start..m.span.start].trim_end(); b.ends_with(',') || b.ends_with(" and") || b.ends_with(" but") };
            if m.span.start > start && joined {
                let cut = ctx.text[start..m.span.start].trim_end().trim_end_matches(" and").trim_end_matches(',');
                end = end.min(start + cut.len());
                break;
            }
        }
    }
    // ", sounding a warning", ", bringing …": a participle phrase after a
    // comma closes the clause, as the listed ones in CLAUSE_END do.
    if let Some(at) = participle_after_comma(&ctx.text[start..end]).map(|i| start + i).filter(|&at| !ctx.seg.in_quote(at)) {
        end = at;
    }
    let clause = Span::new(start, end);
    let t = clause.slice(ctx.text);
    let trimmed_end = t.trim_end().trim_end_matches(['.', ',', ';', ':']).trim_end();
    let clause = Span::new(start, start + trimmed_end.len());
    let text = clause.slice(ctx.text);
    if count_words(text, 2) < 2 && !lone_word_is_said(ctx, text) {
        return None;
    }
    // A clause that is just one quotation is direct speech.
    if ctx.seg.within_a_quote(clause) {
        return None;
    }
    Some(clause)
}

/// Whether the speaker named at `subject_start` follows a quotation that
/// opens the sentence, with nothing between but a comma or a title ("“…,”
/// Rovers chairman Jane Doe said"): the cue after it is that quotation's
/// attribution. A quotation inside the sentence's own words ("Though she
/// called it “a mess,” Jane Doe said …") is no such tag.
fn tags_a_quotation(ctx: &Ctx, sentence: Span, subject_start: usize) -> bool {
    let i = ctx.seg.quotes.partition_point(|q| q.outer.end <= subject_start);
    let Some(q) = i.checked_sub(1).map(|i| &ctx.seg.quotes[i]) else { return false };
    if q.outer.end < sentence.start || count_words(&ctx.text[sentence.start.min(q.outer.start)..q.outer.start], 1) > 0 {
        return false;
    }
    let lead = ctx.text[q.outer.end..subject_start].trim();
    let lead = lead.strip_prefix(',').unwrap_or(lead).trim();
    lead.is_empty() || (!lead.ends_with(',') && ends_open(q.inner.slice(ctx.text)) && is_title_lead(lead, &ctx.rules.lexicon))
}

/// Whether the words after a cue, past its adjuncts, open with "that".
fn starts_with_that(ctx: &Ctx, sentence: Span, cue_end: usize) -> bool {
    let mut at = cue_end;
    while let Some(m) = leading_adjunct(&ctx.text[at..sentence.end], &ctx.rules.lexicon.leading_adjunct).filter(|m| m.end() > 0) {
        at += m.end();
    }
    ctx.text[at..sentence.end].trim_start().starts_with("that ")
}

/// Whether a one-word clause can be what was said ("said yes", "criticized
/// Doe"): a manner adverb in "-ly" ("said simply") or a word that opens a
/// trailing phrase ("has noted before") is how or when, not the words.
fn lone_word_is_said(ctx: &Ctx, text: &str) -> bool {
    let word = text.trim();
    let adverb = word.len() > 4 && word.ends_with("ly") && word.chars().all(|c| c.is_ascii_lowercase());
    count_words(word, 1) == 1 && !adverb && !Lexicon::in_list(&ctx.rules.lexicon.trailing_phrase_words, word)
}

/// "Jane Doe, who said …", "a plan backed by Jane Doe, who has argued …":
/// the name right before the relative "who" speaks, not the sentence's
/// subject. Auxiliaries and adverbs may stand between "who" and the cue.
pub(crate) fn relative_antecedent<'a>(ctx: &'a Ctx, sentence: Span, cue: &CueHit) -> Option<&'a Mention> {
    let mut lead = ctx.text[sentence.start..cue.span.start].trim_end();
    while let Some((head, last)) = lead.rsplit_once(' ') {
        if !is_aux_word(last) {
            break;
        }
        lead = head.trim_end();
    }
    let lead = lead.strip_suffix(" who")?.trim_end().trim_end_matches(',').trim_end();
    let end = sentence.start + lead.len();
    ctx.cast.mentions_in(Span::new(sentence.start, end)).filter(|m| m.span.end == end).last()
}

/// Where the first ", <word>ing" stands in `s`: a lower-case word of five
/// letters or more in "-ing", not a "-thing" pronoun ("something").
fn participle_after_comma(s: &str) -> Option<usize> {
    s.match_indices(", ").map(|(i, _)| i).find(|&i| {
        let word = s[i + 2..].split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
        word.len() >= 5 && word.starts_with(|c: char| c.is_ascii_lowercase()) && word.ends_with("ing") && !word.ends_with("thing")
    })
}

/// Whether `m` is the sentence's first mention with nothing before it but
/// a title or an introductory phrase closed by a comma ("Still, Jane Doe").
fn opens_sentence(ctx: &Ctx, sentence: Span, m: &Mention) -> bool {
    let lead = ctx.text[sentence.start..m.span.start].trim();
    ctx.cast.mentions_in(sentence).next().is_some_and(|first| first.span == m.span)
        && (lead.is_empty() || lead.ends_with(',') || lead.split_whitespace().all(|w| w.starts_with(char::is_uppercase)))
}

/// A reported clause inside a relative clause on the sentence's subject
/// ("Jane Doe, who said the plan would fail, voted against it") ends at
/// its first comma outside a quotation, where the main clause resumes.
fn relative_clause_end(ctx: &Ctx, clause: Span) -> Span {
    let t = clause.slice(ctx.text);
    let comma = t.match_indices(',').map(|(i, _)| clause.start + i).find(|&at| !ctx.seg.in_quote(at));
    match comma {
        Some(at) if count_words(&ctx.text[clause.start..at], 1) > 0 => Span::new(clause.start, at),
        _ => clause,
    }
}

/// "…, national security adviser reveals." / "…, officials said."
pub(crate) fn inverted<'a>(ctx: &'a Ctx, sentence: Span, cue: &CueHit) -> Option<(&'a Mention, Span)> {
    let mut after = ctx.text[cue.span.end..sentence.end].trim();
    // A cue that closes its sentence has little after it; skip the rest early.
    if after.len() > 160 && !after.starts_with(',') {
        return None;
    }
    let mut adjunct_comma = false;
    if let Some(m) = leading_adjunct(after, &ctx.rules.lexicon.leading_adjunct).filter(|m| m.end() > 0) {
        adjunct_comma = m.as_str().ends_with(',');
        after = after[m.end()..].trim();
    }
    // "The bridge, Jane Doe said, will reopen": the clause goes on after the attribution.
    let rest_after_comma = if adjunct_comma { Some(after) } else { after.strip_prefix(',') };
    // "Asked about the vote, Jane Doe said, “…”": the attribution introduces
    // a quotation, and the words before it lead into that, not a clause.
    if rest_after_comma.is_some_and(|rest| { let rest = rest.trim_start(); rest.starts_with(['“', '"']) || rest.starts_with("''") }) {
        return None;
    }
    let resumed = match rest_after_comma.map(|rest| resumed(ctx, sentence, rest)) {
        Some(Resumed::Clause(end)) => Some(end),
        Some(Resumed::Quoted) => return None,
        _ => None,
    };
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
    let quoted = ctx.seg.overlaps_a_quote(clause);
    if quoted {
        return None;
    }
    if let Some(end) = resumed {
        return Some((m, Span::new(clause.start, end)));
    }
    let words = clause.slice(ctx.text);
    (count_words(words, 2) >= 2 && !lone_adverbial(ctx, words)).then_some((m, clause))
}

/// "On Monday, during the forum, …": adverbial phrases alone, each opened
/// by a preposition or a subordinator, are no clause ("But the plan
/// failed" and "In May, the plan failed" are).
fn lone_adverbial(ctx: &Ctx, words: &str) -> bool {
    let opens_phrase = |part: &str| {
        part.split_whitespace().next().is_some_and(|w| {
            Lexicon::in_list(&ctx.rules.lexicon.trailing_phrase_words, w) && !matches!(w.to_lowercase().as_str(), "but" | "and" | "or" | "nor" | "not" | "just" | "only" | "even" | "a" | "an")
        })
    };
    words.split(',').all(opens_phrase)
}

/// Where a reported clause interrupted by its attribution ends, when the
/// words after "…, X said," finish it ("The bridge, Jane Doe said, will
/// reopen in May"): `rest` is the text after that comma. None when they
/// open a trailing phrase (the lexicon's `trailing_phrase_words`, a word in
/// "-ing", a quotation) or are too short to be the rest of a clause. The
/// statement then spans both parts, attribution included, since a span is
/// one stretch of the article.
pub(crate) fn resumed_clause(ctx: &Ctx, sentence: Span, rest: &str) -> Option<usize> {
    match resumed(ctx, sentence, rest) {
        Resumed::Clause(end) => Some(end),
        Resumed::Quoted | Resumed::No => None,
    }
}

/// How the words after an interrupting attribution go on.
#[derive(PartialEq)]
pub(crate) enum Resumed {
    /// They finish the reported clause, which ends here.
    Clause(usize),
    /// They finish it with a quotation ("The plan, she said, is “dead”"):
    /// the words before the attribution are no statement of their own.
    Quoted,
    /// A trailing phrase or nothing.
    No,
}

/// [`resumed_clause`], telling a quoted rest apart from no rest.
pub(crate) fn resumed(ctx: &Ctx, sentence: Span, rest: &str) -> Resumed {
    let rest = rest.trim_start();
    let Some(start) = offset_in(ctx.text, rest) else { return Resumed::No };
    let Some(first) = rest.split_whitespace().next().map(|w| w.trim_end_matches([',', ';', ':'])) else { return Resumed::No };
    let lower_ing = first.len() > 4 && first.as_bytes()[first.len() - 3..].eq_ignore_ascii_case(b"ing");
    if !first.starts_with(char::is_alphanumeric) || lower_ing || Lexicon::in_list(&ctx.rules.lexicon.trailing_phrase_words, first) {
        return Resumed::No;
    }
    // The resumed part ends where a clause ends, as after a cue.
    let end = CLAUSE_END.find_iter(rest).map(|m| start + m.start()).find(|&at| !ctx.seg.in_quote(at)).unwrap_or(sentence.end);
    let part = Span::new(start, end);
    if ctx.seg.overlaps_a_quote(part) {
        return Resumed::Quoted;
    }
    let kept = part.slice(ctx.text).trim_end().trim_end_matches(['.', ',', ';', ':']).trim_end();
    if count_words(kept, 3) >= 3 { Resumed::Clause(start + kept.len()) } else { Resumed::No }
}

/// The byte offset of `sub` in `text`, when `sub` is a slice of it.
fn offset_in(text: &str, sub: &str) -> Option<usize> {
    let at = (sub.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    (at + sub.len() <= text.len()).then_some(at)
}

/// "The school will close, said Jane Doe, the board chair.": a clause, a
/// comma, the cue, and its speaker after it. The clause is what stands
/// before the comma, as in [`inverted`].
pub(crate) fn inverted_speaker_after<'a>(ctx: &'a Ctx, sentence: Span, cue: &CueHit) -> Option<(&'a Mention, Span)> {
    let before = ctx.text[sentence.start..cue.span.start].trim_end();
    let lead = before.strip_suffix(',')?;
    let m = ctx.speaker_after(cue.span.end, sentence.end)?;
    let clause = Span::new(sentence.start, sentence.start + lead.trim_end().len());
    let words = clause.slice(ctx.text);
    (count_words(words, 3) >= 3 && !lone_adverbial(ctx, words) && !ctx.seg.overlaps_a_quote(clause)).then_some((m, clause))
}

/// A headline-style bare role ("national security adviser reveals"): the
/// first mention in the article of an actor holding that role.
pub(crate) fn bare_role<'a>(ctx: &'a Ctx, subject: &str) -> Option<&'a Mention> {
    let lower = subject.to_lowercase();
    let mentions = &ctx.cast.mentions;
    // Only an actor's first mention can be the first of the article, so
    // the search looks at those instead of every mention per cue.
    let firsts = ctx.first_role_mentions.get_or_init(|| {
        let mut seen = vec![false; ctx.cast.actors.len()];
        (0..mentions.len()).filter(|&i| !ctx.cast.actors[mentions[i].actor].roles.is_empty() && !std::mem::replace(&mut seen[mentions[i].actor], true)).collect()
    });
    firsts.iter().map(|&i| &mentions[i]).find(|m| ctx.cast.actors[m.actor].roles.iter().any(|r| lower.ends_with(r.as_str())))
}

/// "According to X, …" and "…, according to X".
pub(crate) fn according_to(ctx: &Ctx, sentence: Span, cue: &CueHit, rule: &str, out: &mut Vec<FoundStatement>) {
    let Some(m) = ctx.speaker_after(cue.span.end, sentence.end) else { return };
    let before = ctx.text[sentence.start..cue.span.start].trim_end();
    let clause = if before.is_empty() {
        // "According to X, clause."
        let after = &ctx.text[m.span.end..sentence.end];
        let Some(comma) = after.find(", ") else { return };
        let mut start = m.span.end + comma + 2;
        // Skip an appositive: "According to X, an official, …"
        if after[comma + 2..].starts_with(|c: char| c.is_lowercase()) && after[comma + 2..].contains(", ")
            && let Some(c2) = after[comma + 2..].find(", ") {
                let candidate = &after[comma + 2..comma + 2 + c2];
                if candidate.split_whitespace().count() <= 12 && (candidate.starts_with("a ") || candidate.starts_with("an ") || candidate.starts_with("the ")) {
                    start += c2 + 2;
                }
            }
        let end = sentence.end;
        let t = ctx.text[start..end].trim_end().trim_end_matches('.');
        Span::new(start, start + t.len())
    } else {
        let t = before.trim_end_matches(',');
        // "The plan, according to X, will fail": the clause goes on after the source.
        let resumed = ctx.text[m.span.end..sentence.end].strip_prefix(',').and_then(|rest| resumed_clause(ctx, sentence, rest));
        Span::new(sentence.start, resumed.unwrap_or(sentence.start + t.len()))
    };
    // "“…,” according to X" is direct speech.
    let quoted = ctx.seg.within_a_quote(clause);
    if count_words(clause.slice(ctx.text), 2) < 2 || quoted {
        return;
    }
    out.push(FoundStatement {
        speaker: ctx.cast.name(m.actor).to_string(),
        kind: QuoteKind::Indirect,
        text: clause.slice(ctx.text).to_string(),
        evidence: ctx.evidence(clause, sentence, cue.span.slice(ctx.text).to_string(), rule, reason_for("named after `according to`: ", &m.reason)),
    });
}
