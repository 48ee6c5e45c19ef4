//! Text structure: paragraphs, quotation regions and sentences, all as byte
//! spans into the article text.
//!
//! Quotation marks are paired before sentences are split, because a sentence
//! never ends inside a quotation ("“A. B,” he said." is one sentence) and an
//! apostrophe is not a quotation mark.

use crate::model::Span;

pub use super::quotemarks::{QuoteRegion, pair_quotes};
use super::quotemarks::pair_quotes_into;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    pub paragraph: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Segments {
    pub paragraphs: Vec<Paragraph>,
    pub quotes: Vec<QuoteRegion>,
    pub sentences: Vec<Sentence>,
}

impl Segments {
    pub fn sentence_at(&self, offset: usize) -> Option<&Sentence> {
        let i = self.sentences.partition_point(|s| s.span.end <= offset);
        self.sentences.get(i).filter(|s| s.span.start <= offset)
    }

    pub fn sentence_index_at(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= offset);
        self.sentences.get(i).filter(|s| s.span.start <= offset).map(|_| i)
    }

    /// Whether `offset` lies inside a quotation (marks included).
    pub fn in_quote(&self, offset: usize) -> bool {
        let i = self.quotes.partition_point(|q| q.outer.end <= offset);
        self.quotes.get(i).is_some_and(|q| q.outer.start <= offset)
    }

    pub fn quotes_in(&self, span: Span) -> impl Iterator<Item = &QuoteRegion> {
        let first = self.quotes.partition_point(|q| q.outer.start < span.start);
        self.quotes[first..].iter().take_while(move |q| q.outer.start < span.end)
    }

    /// The first quotation whose marks enclose `offset`, counting the
    /// offset right after its closing mark.
    pub fn quote_around(&self, offset: usize) -> Option<&QuoteRegion> {
        let i = self.quotes.partition_point(|q| q.outer.end < offset);
        self.quotes.get(i).filter(|q| q.outer.start <= offset)
    }

    /// Whether `span` lies inside one quotation, allowing one byte past
    /// its closing mark (the full stop after it). Quotations are sorted
    /// and apart, so only the last two starting at or before `span` can.
    pub fn within_a_quote(&self, span: Span) -> bool {
        let i = self.quotes.partition_point(|q| q.outer.start <= span.start);
        self.quotes[i.saturating_sub(2)..i].iter().any(|q| span.end <= q.outer.end + 1)
    }

    /// Whether `span` overlaps a quotation.
    pub fn overlaps_a_quote(&self, span: Span) -> bool {
        let i = self.quotes.partition_point(|q| q.outer.end <= span.start);
        self.quotes.get(i).is_some_and(|q| q.outer.start < span.end)
    }
}

/// Splits `text` into paragraphs, quotations and sentences. Spans inside
/// `skip` (boilerplate lines) produce no paragraph.
// Kept out of line so profiles show the stage on its own (one call per article).
#[inline(never)]
pub fn segment(text: &str, skip: &[Span]) -> Segments {
    let paragraphs = paragraphs(text, skip);
    // Room for the usual sentence length up front: growing the vectors one
    // doubling at a time cost more than splitting the sentences.
    let mut seg = Segments {
        paragraphs: Vec::with_capacity(paragraphs.len()),
        quotes: Vec::with_capacity(paragraphs.len()),
        sentences: Vec::with_capacity(text.len() / 64 + paragraphs.len()),
    };
    for para in paragraphs {
        let index = seg.paragraphs.len();
        let first_quote = seg.quotes.len();
        let ellipsis = pair_quotes_into(text, para, index, &mut seg.quotes);
        split_sentences(text, para, &seg.quotes[first_quote..], ellipsis, index, &mut seg.sentences);
        seg.paragraphs.push(Paragraph { span: para });
    }
    seg
}

/// Paragraphs are non-empty lines; a line that stops mid-sentence joins the
/// next one when that starts in lower case (hard-wrapped text).
fn paragraphs(text: &str, skip: &[Span]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(16);
    let mut offset = 0;
    let mut joinable = false;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let start_trimmed = content.trim_start();
        let lead = content.len() - start_trimmed.len();
        let trimmed = start_trimmed.trim_end();
        if trimmed.is_empty() || skip.iter().any(|s| s.start <= start && start + content.len() <= s.end) {
            joinable = false;
            continue;
        }
        let span = Span::new(start + lead, start + lead + trimmed.len());
        let starts_lower = trimmed.chars().next().is_some_and(char::is_lowercase);
        match out.last_mut() {
            Some(last) if joinable && starts_lower => last.end = span.end,
            _ => out.push(span),
        }
        joinable = !trimmed.ends_with(['.', '!', '?', '"', '”', '’', ':', ']', ')']) && trimmed.len() > 40;
    }
    out
}

static DATELINE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^\p{Lu}[\p{Lu} .'’-]+(?:, [^()\n]{1,40}?)?(?: \([^)\n]{1,40}\))? [-–—] ").expect("static regex")
});

/// Whether `s` can start with a [`DATELINE`]: a capital and then a capital,
/// space or one of `.'’-`. Few paragraphs do, and the regex costs more than
/// this test. `is_uppercase` holds for every `\p{Lu}` letter.
fn may_open_with_dateline(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_some_and(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '\'' | '’' | '-'))
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "col", "lt", "capt", "sgt", "maj", "adm", "sen", "rep", "gov", "pres",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vs", "etc", "inc", "ltd", "co", "corp",
    "approx", "dept", "est", "fig", "mt", "ft", "rev", "hon", "u.s", "u.k", "e.u", "u.n", "a.m", "p.m", "i.e", "e.g",
];

/// Bytes in the longest of [`ABBREVIATIONS`], so adding a longer one keeps
/// the length shortcut in `is_abbreviation` right.
const LONGEST_ABBREVIATION: usize = {
    let (mut i, mut longest) = (0, 0);
    while i < ABBREVIATIONS.len() {
        if ABBREVIATIONS[i].len() > longest {
            longest = ABBREVIATIONS[i].len();
        }
        i += 1;
    }
    longest
};

/// Splits a paragraph into sentences at terminal punctuation followed by a
/// space and a capital, digit or opening mark, but never inside a quotation
/// and never after an abbreviation or an initial.
fn split_sentences(text: &str, para: Span, quotes: &[QuoteRegion], ellipsis: bool, paragraph: usize, out: &mut Vec<Sentence>) {
    let s = &text[para.start..para.end];
    // "MOSCOW, Feb 18 (Reuters) - The Kremlin …": the dateline is not part of
    // the first sentence, whose subject must come first.
    let mut start = if may_open_with_dateline(s) { DATELINE.find(s).map_or(0, |m| m.end()) } else { 0 };
    // A dateline can hold a full stop ("ST. LOUIS -"); no sentence ends inside it.
    let mut from = start;
    // Stop only at terminal punctuation: memchr finds the ASCII marks, and
    // the rare ellipses are listed once per paragraph that has any.
    let ellipses: Vec<usize> = if ellipsis { memchr::memmem::find_iter(s.as_bytes(), "…").collect() } else { Vec::new() };
    let next_stop = |from: usize| {
        let mark = memchr::memchr3(b'.', b'!', b'?', &s.as_bytes()[from..]).map(|i| from + i);
        let dots = ellipses.get(ellipses.partition_point(|&e| e < from)).copied();
        mark.into_iter().chain(dots).min()
    };
    while let Some(i) = next_stop(from) {
        let c = match s.as_bytes()[i] {
            b @ (b'.' | b'!' | b'?') => char::from(b),
            _ => '…',
        };
        // Absorb runs of punctuation and closing marks.
        let mut end = i + c.len_utf8();
        while let Some(n) = s[end..].chars().next() {
            if matches!(n, '.' | '!' | '?' | '…' | '”' | '"' | '’' | '\'' | ')' | ']') {
                end += n.len_utf8();
            } else {
                break;
            }
        }
        let after = &s[end..];
        let boundary = after.starts_with(char::is_whitespace)
            && after.chars().find(|ch| !ch.is_whitespace()).is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || matches!(n, '“' | '"' | '‘' | '\'' | '(' | '[' | '•'));
        let abs_end = para.start + end;
        let inside = || quotes.iter().any(|q| q.outer.start < para.start + i && abs_end <= q.outer.end && (abs_end != q.outer.end));
        if boundary && !inside() && !(c == '.' && is_abbreviation(&s[..i])) {
            out.push(Sentence {
                span: trim_span(text, Span::new(para.start + start, para.start + end)),
                paragraph,
            });
            start = end;
        }
        from = end;
    }
    if start < s.len() {
        let span = trim_span(text, Span::new(para.start + start, para.end));
        if !span.is_empty() {
            out.push(Sentence { span, paragraph });
        }
    }
}

/// The offset just past the first `.`, `!`, `?`, `:` or `;` in
/// `text[from..limit]` that is no abbreviation's or initial's full stop
/// ("“…,” Sen. Jane Roe said."), or `limit` when there is none.
pub(crate) fn stop_after(text: &str, from: usize, limit: usize) -> usize {
    let mut at = from;
    while let Some(i) = text[at..limit].find(['.', '!', '?', ':', ';']) {
        let stop = at + i;
        if !(text.as_bytes()[stop] == b'.' && is_abbreviation(&text[from..stop])) {
            return stop + 1;
        }
        at = stop + 1;
    }
    limit
}

fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '“' || c == '"').next().unwrap_or("");
    if word.is_empty() {
        return false;
    }
    // A single capital letter is an initial ("Donald J. Trump").
    let mut chars = word.chars();
    if matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase()) {
        return true;
    }
    // The usual ASCII word needs no lower-cased copy, and one longer than
    // every abbreviation needs no comparison.
    if word.is_ascii() {
        if word.len() > LONGEST_ABBREVIATION {
            return false;
        }
        return ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)) || (word.contains('.') && word.len() <= 5);
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str()) || (lower.contains('.') && lower.len() <= 5)
}

fn trim_span(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    let start_trimmed = s.trim_start();
    let lead = s.len() - start_trimmed.len();
    let trimmed = start_trimmed.trim_end();
    Span::new(span.start + lead, span.start + lead + trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sentences(text: &str) -> Vec<&str> {
        segment(text, &[]).sentences.iter().map(|s| s.span.slice(text)).collect()
    }

    fn quotes(text: &str) -> Vec<&str> {
        segment(text, &[]).quotes.iter().map(|q| q.inner.slice(text)).collect()
    }

    #[test]
    fn a_full_stop_inside_a_dateline_ends_no_sentence() {
        // "Nev." followed by " (" looked like a sentence end before the
        // dateline's end, which made a span that ended before it started.
        let text = "CARSON CITY, Nev. (AP) — Officials said the plan works. They left.";
        assert_eq!(sentences(text), vec!["Officials said the plan works.", "They left."]);
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        let text = "Mr. Smith met U.S. officials on Jan. 5 with Donald J. Trump. Then he left.";
        assert_eq!(sentences(text), vec!["Mr. Smith met U.S. officials on Jan. 5 with Donald J. Trump.", "Then he left."]);
    }

    #[test]
    fn a_clause_stops_after_abbreviations_only_at_a_real_stop() {
        let text = "”, Sen. Jane Roe said. Then she left.";
        assert_eq!(&text[..stop_after(text, 0, text.len())], "”, Sen. Jane Roe said.");
        // Counter-example: a plain word before the full stop ends the clause.
        let text = "”, Senator Roe said. Then she left.";
        assert_eq!(&text[..stop_after(text, 0, text.len())], "”, Senator Roe said.");
        let text = "” the crowd sang. Sen. Roe";
        assert_eq!(&text[..stop_after(text, 0, text.len())], "” the crowd sang.");
        assert_eq!(stop_after("no stop here", 0, 12), 12);
    }

    #[test]
    fn a_sentence_never_ends_inside_a_quotation() {
        let text = "“We tried. We failed,” she said. Then she left.";
        assert_eq!(sentences(text), vec!["“We tried. We failed,” she said.", "Then she left."]);
    }

    #[test]
    fn curly_straight_and_nested_marks_pair_up() {
        assert_eq!(quotes("He said “it’s time to “MAKE A DEAL.” Now\" and left."), vec!["it’s time to “MAKE A DEAL.” Now"]);
        assert_eq!(quotes("\"Some 200,000 minimum,” he said."), vec!["Some 200,000 minimum,"]);
        assert_eq!(quotes("“reinforce Putin’s sense that ‘the West has the watches.’ He waits.”"), vec!["reinforce Putin’s sense that ‘the West has the watches.’ He waits."]);
    }

    #[test]
    fn apostrophes_are_not_quotation_marks() {
        assert!(quotes("Ukraine’s allies’ patience isn't endless, Kyiv's envoy said.").is_empty());
    }

    #[test]
    fn two_apostrophes_pair_as_a_double_mark() {
        let text = "''We will not sign it,'' said Ana Ruiz. ''Never.''";
        assert_eq!(quotes(text), vec!["We will not sign it,", "Never."]);
        assert_eq!(sentences(text), vec!["''We will not sign it,'' said Ana Ruiz.", "''Never.''"]);
        // A single quotation nested inside, closed right before the double mark.
        assert_eq!(quotes("He said ''the mood is on the 'wrong track.'.'' Then he left."), vec!["the mood is on the 'wrong track.'."]);
        // Real apostrophes around it stay apostrophes.
        assert_eq!(
            quotes("Mr. O'Neill's aides don't recall the '90s, the voters' mood said ''it's over'' in the polls."),
            vec!["it's over"]
        );
    }

    #[test]
    fn single_apostrophes_alone_make_no_double_quotation() {
        assert!(quotes("The Smiths' dog and the Joneses' cat aren't O'Brien's.").is_empty());
    }

    #[test]
    fn an_unclosed_quotation_runs_to_the_end_of_its_paragraph() {
        let text = "“First part of a long statement\n\n“Second part.”";
        let seg = segment(text, &[]);
        assert_eq!(seg.quotes.len(), 2);
        assert!(!seg.quotes[0].closed);
        assert_eq!(seg.quotes[0].inner.slice(text), "First part of a long statement");
    }

    #[test]
    fn boilerplate_lines_make_no_paragraph() {
        let text = "Title\nShare\nBody text here.";
        let skip = crate::rules::Lexicon::bundled().boilerplate_lines(text);
        let seg = segment(text, &skip);
        let paras: Vec<&str> = seg.paragraphs.iter().map(|p| p.span.slice(text)).collect();
        assert_eq!(paras, vec!["Title", "Body text here."]);
    }

    /// The implementation before the byte-skipping rewrite, to show the
    /// rewrite segments every text the same way.
    mod reference {
        use crate::extract::quotemarks::is_word_char;
        use super::super::{paragraphs, trim_span, Paragraph, QuoteRegion, Segments, Sentence, Span, ABBREVIATIONS, DATELINE};

        /// Splits `text` into paragraphs, quotations and sentences. Spans inside
        /// `skip` (boilerplate lines) produce no paragraph.
        pub(super) fn segment(text: &str, skip: &[Span]) -> Segments {
            let mut seg = Segments::default();
            for para in paragraphs(text, skip) {
                let index = seg.paragraphs.len();
                let quotes = pair_quotes(text, para, index);
                split_sentences(text, para, &quotes, index, &mut seg.sentences);
                seg.paragraphs.push(Paragraph { span: para });
                seg.quotes.extend(quotes);
            }
            seg
        }

        /// Pairs quotation marks inside one paragraph and returns the top-level
        /// quotations. Curly marks say which way they face; straight marks open
        /// after a space and close before one. Single marks only quote inside a
        /// double quotation or when they clearly open a phrase (‘ after a space),
        /// so apostrophes (don’t, Ukraine’s, allies’) never open a quotation.
        fn pair_quotes(text: &str, para: Span, paragraph: usize) -> Vec<QuoteRegion> {
            let s = &text[para.start..para.end];
            let mut out = Vec::new();
            // Stack of (mark kind: true = double, offset of opening mark, mark len).
            let mut stack: Vec<(bool, usize, usize)> = Vec::new();
            // Only quotation marks matter: visit the bytes that can start one ('"',
            // '\'' and the lead byte of the curly marks) instead of decoding every char.
            for (off, b) in s.bytes().enumerate() {
                if !matches!(b, b'"' | b'\'' | 0xE2) {
                    continue;
                }
                let Some(c) = s[off..].chars().next() else { continue };
                if !matches!(c, '“' | '„' | '”' | '"' | '‘' | '’' | '\'') {
                    continue;
                }
                let clen = c.len_utf8();
                let prev = s[..off].chars().next_back();
                let next = s[off + clen..].chars().next();
                let depth = stack.len();
                let top_double = stack.last().map(|t| t.0);
                let opens_after = prev.is_none_or(|p| p.is_whitespace() || "([{—–-/".contains(p));
                match c {
                    '“' | '„'
                        if depth < 2 => {
                            stack.push((true, off, clen));
                        }
                    '”' => {
                        if top_double == Some(true) {
                            close(&mut stack, &mut out, para, off, clen, paragraph);
                        } else if top_double == Some(false) && depth == 2 {
                            // ‘…” : the inner single quote was never closed.
                            stack.pop();
                            close(&mut stack, &mut out, para, off, clen, paragraph);
                        }
                    }
                    '"' => {
                        if top_double == Some(true) {
                            // Space before and a word after: a nested quotation opens.
                            if depth == 1 && opens_after && is_word_char(next) {
                                stack.push((true, off, clen));
                            } else {
                                close(&mut stack, &mut out, para, off, clen, paragraph);
                            }
                        } else if depth == 0 && next.is_some_and(|n| !n.is_whitespace()) {
                            stack.push((true, off, clen));
                        } else if top_double == Some(false) {
                            // '…" : the inner single quotation was never closed.
                            stack.pop();
                            close(&mut stack, &mut out, para, off, clen, paragraph);
                        }
                    }
                    '‘'
                        if (depth == 1 || (depth == 0 && opens_after)) && is_word_char(next) => {
                            stack.push((false, off, clen));
                        }
                    '’' | '\'' => {
                        let apostrophe = is_word_char(prev) && is_word_char(next);
                        if top_double == Some(false) && !apostrophe && !is_word_char(next) && prev.is_some_and(|p| !p.is_whitespace()) {
                            close(&mut stack, &mut out, para, off, clen, paragraph);
                        } else if c == '\'' && depth <= 1 && opens_after && is_word_char(next) {
                            // A straight single mark opens after a space and before a
                            // word ('We cannot wait,' said …); inside words it is an apostrophe.
                            stack.push((false, off, clen));
                        }
                    }
                    _ => {}
                }
            }
            // An unclosed top-level quotation runs to the end of the paragraph.
            if let Some(&(_, open, mark)) = stack.first() {
                let inner = Span::new(para.start + open + mark, para.end);
                out.push(QuoteRegion {
                    inner,
                    outer: Span::new(para.start + open, para.end),
                    closed: false,
                    paragraph,
                });
            }
            out.sort_by_key(|q| q.outer.start);
            out
        }

        fn close(stack: &mut Vec<(bool, usize, usize)>, out: &mut Vec<QuoteRegion>, para: Span, off: usize, clen: usize, paragraph: usize) {
            if let Some((_, open, mark)) = stack.pop()
                && stack.is_empty() {
                    out.push(QuoteRegion {
                        inner: Span::new(para.start + open + mark, para.start + off),
                        outer: Span::new(para.start + open, para.start + off + clen),
                        closed: true,
                        paragraph,
                    });
                }
        }

        /// Splits a paragraph into sentences at terminal punctuation followed by a
        /// space and a capital, digit or opening mark, but never inside a quotation
        /// and never after an abbreviation or an initial.
        fn split_sentences(text: &str, para: Span, quotes: &[QuoteRegion], paragraph: usize, out: &mut Vec<Sentence>) {
            let s = &text[para.start..para.end];
            // "MOSCOW, Feb 18 (Reuters) - The Kremlin …": the dateline is not part of
            // the first sentence, whose subject must come first.
            let mut start = DATELINE.find(s).map_or(0, |m| m.end());
            let mut i = 0;
            while i < s.len() {
                // Skip to the next byte that can start terminal punctuation ('…' starts with 0xE2).
                let Some(skip) = s.as_bytes()[i..].iter().position(|&b| matches!(b, b'.' | b'!' | b'?' | 0xE2)) else { break };
                i += skip;
                let c = match s[i..].chars().next() {
                    Some(c) => c,
                    None => break,
                };
                let clen = c.len_utf8();
                if matches!(c, '.' | '!' | '?' | '…') {
                    // Absorb runs of punctuation and closing marks.
                    let mut end = i + clen;
                    while let Some(n) = s[end..].chars().next() {
                        if matches!(n, '.' | '!' | '?' | '…' | '”' | '"' | '’' | '\'' | ')' | ']') {
                            end += n.len_utf8();
                        } else {
                            break;
                        }
                    }
                    let abs_end = para.start + end;
                    let inside = quotes.iter().any(|q| q.outer.start < para.start + i && abs_end <= q.outer.end && (abs_end != q.outer.end));
                    let next_non_space = s[end..].char_indices().find(|(_, ch)| !ch.is_whitespace());
                    let has_space = s[end..].starts_with(char::is_whitespace);
                    let boundary = match next_non_space {
                        None => false,
                        Some((_, n)) => has_space && (n.is_uppercase() || n.is_ascii_digit() || matches!(n, '“' | '"' | '‘' | '\'' | '(' | '[' | '•')),
                    };
                    if boundary && !inside && !(c == '.' && is_abbreviation(&s[..i])) {
                        out.push(Sentence {
                            span: trim_span(text, Span::new(para.start + start, para.start + end)),
                            paragraph,
                        });
                        start = end;
                    }
                    i = end;
                    continue;
                }
                i += clen;
            }
            if start < s.len() {
                let span = trim_span(text, Span::new(para.start + start, para.end));
                if !span.is_empty() {
                    out.push(Sentence { span, paragraph });
                }
            }
        }

        fn is_abbreviation(before: &str) -> bool {
            let word = before.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '“' || c == '"').next().unwrap_or("");
            if word.is_empty() {
                return false;
            }
            // A single capital letter is an initial ("Donald J. Trump").
            if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
                return true;
            }
            // The usual ASCII word needs no lower-cased copy.
            if word.is_ascii() {
                return ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)) || (word.contains('.') && word.len() <= 5);
            }
            let lower = word.to_lowercase();
            ABBREVIATIONS.contains(&lower.as_str()) || (lower.contains('.') && lower.len() <= 5)
        }

    }

    proptest! {
        #[test]
        fn segments_like_the_byte_at_a_time_version(
            text in "(“|”|„|‘|’|'|\"|\\.|!|\\?|…|—|–|-|\\(|\\)|\\[|\\]|,|:| |  |\n|\n\n|é|É|Mr|U\\.S|J|Jan|he|The|MOSCOW|1|•){0,40}"
        ) {
            // The reference predates the two-apostrophe mark and the
            // apostrophe before a digit.
            prop_assume!(!text.contains("''") && !text.contains("'1"));
            let got = segment(&text, &[]);
            let want = reference::segment(&text, &[]);
            prop_assert_eq!(&got.paragraphs, &want.paragraphs);
            prop_assert_eq!(&got.quotes, &want.quotes);
            prop_assert_eq!(&got.sentences, &want.sentences);
        }

        #[test]
        fn datelines_pass_the_precheck(text in "(MOSCOW|KYIV|É|A|a|z|Ⅰ|’|'|\\.|-|–|—| |, |\\(Reuters\\)|\\(|\\)|x){0,8}") {
            if DATELINE.is_match(&text) {
                prop_assert!(may_open_with_dateline(&text));
            }
        }
    }

    proptest! {
        #[test]
        fn spans_lie_on_char_boundaries_in_order(text in "[a-zA-Zé’'\"“”‘ .!?,\n]{0,200}") {
            let seg = segment(&text, &[]);
            let mut last = 0;
            for s in &seg.sentences {
                prop_assert!(s.span.start >= last && s.span.end <= text.len());
                prop_assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
                last = s.span.end;
            }
            for q in &seg.quotes {
                prop_assert!(q.outer.contains(q.inner));
                prop_assert!(text.is_char_boundary(q.inner.start) && text.is_char_boundary(q.inner.end));
            }
        }
    }
}
