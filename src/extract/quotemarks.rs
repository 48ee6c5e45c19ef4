//! Quotation marks paired inside one paragraph: which marks open and close
//! a quotation and which are apostrophes.

use crate::model::Span;

/// A top-level quotation inside one paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteRegion {
    /// The quoted words, marks excluded.
    pub inner: Span,
    /// The quotation including its marks.
    pub outer: Span,
    /// False when the paragraph ended before a closing mark (a quote that
    /// runs on into the next paragraph).
    pub closed: bool,
    pub paragraph: usize,
}

pub(crate) fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

/// Pairs quotation marks inside one paragraph and returns the top-level
/// quotations. Curly marks say which way they face; straight marks open
/// after a space and close before one. Single marks only quote inside a
/// double quotation or when they clearly open a phrase (‘ after a space),
/// so apostrophes (don’t, Ukraine’s, allies’) never open a quotation.
/// Two apostrophes ('') are a straight double mark.
pub fn pair_quotes(text: &str, para: Span, paragraph: usize) -> Vec<QuoteRegion> {
    let mut out = Vec::new();
    let _ellipsis = pair_quotes_into(text, para, paragraph, &mut out);
    out
}

/// Open quotation marks: (double, offset of the mark, mark length). No rule
/// below opens a third level, so two slots do.
#[derive(Default)]
struct MarkStack {
    marks: [(bool, usize, usize); 2],
    len: usize,
}

impl MarkStack {
    fn push(&mut self, mark: (bool, usize, usize)) {
        debug_assert!(self.len < 2, "quotation marks never nest deeper than two");
        if let Some(slot) = self.marks.get_mut(self.len) {
            *slot = mark;
            self.len += 1;
        }
    }

    fn pop(&mut self) -> Option<(bool, usize, usize)> {
        self.len = self.len.checked_sub(1)?;
        Some(self.marks[self.len])
    }

    fn top_double(&self) -> Option<bool> {
        self.len.checked_sub(1).map(|i| self.marks[i].0)
    }

    fn first(&self) -> Option<(bool, usize, usize)> {
        (self.len > 0).then_some(self.marks[0])
    }
}

/// The quotation mark starting at byte `off` of `s`, if any, decoded from its
/// bytes: most 0xE2 lead bytes start dashes or ellipses, not marks.
fn quote_mark_at(s: &str, off: usize) -> Option<char> {
    let bytes = s.as_bytes();
    match bytes[off] {
        b'"' => Some('"'),
        b'\'' => Some('\''),
        0xE2 if bytes.get(off + 1) == Some(&0x80) => match bytes.get(off + 2)? {
            0x9C => Some('“'),
            0x9E => Some('„'),
            0x9D => Some('”'),
            0x98 => Some('‘'),
            0x99 => Some('’'),
            _ => None,
        },
        _ => None,
    }
}

/// [`pair_quotes`] appending to `out`. Says whether the paragraph has a '…',
/// which the scan passes anyway, so sentence splitting can skip 0xE2 bytes.
pub(crate) fn pair_quotes_into(text: &str, para: Span, paragraph: usize, out: &mut Vec<QuoteRegion>) -> bool {
    let s = &text[para.start..para.end];
    let first_out = out.len();
    let mut stack = MarkStack::default();
    // Only quotation marks matter: visit the bytes that can start one ('"',
    // '\'' and the lead byte of the curly marks) instead of decoding every char.
    let mut from = 0;
    let mut ellipsis = false;
    while let Some(skip) = memchr::memchr3(b'"', b'\'', 0xE2, &s.as_bytes()[from..]) {
        let off = from + skip;
        from = off + 1;
        let Some(c) = quote_mark_at(s, off) else {
            ellipsis |= s[off..].starts_with('…');
            continue;
        };
        // Two apostrophes are one straight double mark (a house style that
        // writes ''…'' for "…"): read them as '"', two bytes long. A real
        // apostrophe is never doubled, so O'Neill, don't, '90s and allies'
        // keep their single mark.
        let (c, clen) = if c == '\'' && s.as_bytes().get(off + 1) == Some(&b'\'') { ('"', 2) } else { (c, c.len_utf8()) };
        from = off + clen;
        let prev = s[..off].chars().next_back();
        let next = s[off + clen..].chars().next();
        let depth = stack.len;
        let top_double = stack.top_double();
        // Only some marks ask, and most marks are apostrophes.
        let opens_after = || prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '{' | '—' | '–' | '-' | '/'));
        match c {
            '“' | '„'
                if depth < 2 => {
                    stack.push((true, off, clen));
                }
            '”' => {
                if top_double == Some(true) {
                    close(&mut stack, out, para, off, clen, paragraph);
                } else if top_double == Some(false) && depth == 2 {
                    // ‘…” : the inner single quote was never closed.
                    stack.pop();
                    close(&mut stack, out, para, off, clen, paragraph);
                }
            }
            '"' => {
                if top_double == Some(true) {
                    // Space before and a word after: a nested quotation opens.
                    if depth == 1 && opens_after() && is_word_char(next) {
                        stack.push((true, off, clen));
                    } else {
                        close(&mut stack, out, para, off, clen, paragraph);
                    }
                } else if depth == 0 && next.is_some_and(|n| !n.is_whitespace()) {
                    stack.push((true, off, clen));
                } else if top_double == Some(false) {
                    // '…" : the inner single quotation was never closed.
                    stack.pop();
                    close(&mut stack, out, para, off, clen, paragraph);
                }
            }
            '‘'
                if (depth == 1 || (depth == 0 && opens_after())) && is_word_char(next) => {
                    stack.push((false, off, clen));
                }
            '’' | '\'' => {
                let apostrophe = is_word_char(prev) && is_word_char(next);
                if top_double == Some(false) && !apostrophe && !is_word_char(next) && prev.is_some_and(|p| !p.is_whitespace()) {
                    close(&mut stack, out, para, off, clen, paragraph);
                } else if c == '\'' && depth <= 1 && opens_after() && is_word_char(next) && !next.is_some_and(|n| n.is_ascii_digit()) {
                    // A straight single mark opens after a space and before a
                    // word ('We cannot wait,' said …); inside words it is an
                    // apostrophe, and so it is before a digit (the '90s, in '08).
                    stack.push((false, off, clen));
                }
            }
            _ => {}
        }
    }
    // An unclosed top-level quotation runs to the end of the paragraph.
    if let Some((_, open, mark)) = stack.first() {
        let inner = Span::new(para.start + open + mark, para.end);
        out.push(QuoteRegion {
            inner,
            outer: Span::new(para.start + open, para.end),
            closed: false,
            paragraph,
        });
    }
    out[first_out..].sort_by_key(|q| q.outer.start);
    ellipsis
}

fn close(stack: &mut MarkStack, out: &mut Vec<QuoteRegion>, para: Span, off: usize, clen: usize, paragraph: usize) {
    if let Some((_, open, mark)) = stack.pop()
        && stack.len == 0 {
            out.push(QuoteRegion {
                inner: Span::new(para.start + open + mark, para.start + off),
                outer: Span::new(para.start + open, para.start + off + clen),
                closed: true,
                paragraph,
            });
        }
}
