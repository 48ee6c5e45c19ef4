//! The boundary automaton: a table-driven Aho-Corasick walk that finds the
//! gate literals of rule patterns only where they start at an ASCII word
//! boundary.

use super::scan_words::{WORD, is_word};

/// Gate literals whose matches must start at an ASCII word boundary, as an
/// Aho-Corasick automaton over ASCII-case-folded bytes whose matches can
/// only start at a boundary. It finds what an overlapping search for the
/// literals, kept only at boundaries, finds; but it is a plain table walk,
/// one lookup per byte, where the general overlapping search costs several
/// times more per byte and hits inside words ("no" in "know") that are then
/// thrown away.
///
/// A state is the longest string that ends at the current position, starts
/// at a boundary and begins a literal. Every shorter one that does (the
/// "boundary suffixes") starts at a boundary inside it, which its own bytes
/// decide, so the usual failure links work when restricted to them. With
/// no such string, one of two root states remembers whether the last byte
/// was a word byte, which decides whether the next one starts a word.
#[derive(Debug, Clone)]
pub(crate) struct BoundaryDfa {
    /// Each byte's column: the two cases of an ASCII letter share one;
    /// bytes in no literal get `OTHER_WORD` or `OTHER_NON_WORD`.
    column: Box<[u8; 256]>,
    columns: usize,
    /// `next[state * columns + column]`: the next state's row offset
    /// (`state * columns`) shifted left once, the low bit set if literals
    /// end at that state.
    next: Vec<u32>,
    /// Per state: the literal that ends there (or `NONE`), the length of the
    /// state's string, and the nearest boundary suffix where one ends.
    literal: Vec<u32>,
    depth: Vec<u32>,
    output_link: Vec<u32>,
}

const NONE: u32 = u32::MAX;
/// Entries allowed in each transition table (16 MB of `u32`): a rule file
/// with huge alternations gets the general automaton instead of an
/// allocation that could abort the process.
const MAX_TABLE: usize = 1 << 22;
const OTHER_NON_WORD: u8 = 0;
const OTHER_WORD: u8 = 1;
/// The root state after a non-word byte or at the start of a text; the
/// root after a word byte is the last state.
const ROOT_AFTER_NON_WORD: u32 = 0;
/// Texts shorter than this are walked as one stream: splitting them saves
/// less than it costs.
const SPLIT_FROM: usize = 512;
/// Walks side by side over a longer text.
const STREAMS: usize = 4;
/// Steps whose outputs wait to be pushed (a power of two).
const PENDING: usize = 64;

impl BoundaryDfa {
    /// The automaton of `(id, ASCII-lowercased literal)`, or `None` when the
    /// literals use more than 254 distinct bytes or the tables would hold
    /// more than [`MAX_TABLE`] entries.
    pub(super) fn new<'a>(literals: impl Iterator<Item = (u32, &'a [u8])> + Clone) -> Option<BoundaryDfa> {
        let (column, columns) = columns_of(literals.clone())?;
        let mut word_column = vec![false; columns];
        for b in 0..=255u8 {
            word_column[column[b as usize] as usize] = WORD[b as usize];
        }
        // The trie: goto[node * columns + column], 0 for no child.
        let mut goto: Vec<u32> = vec![0; columns];
        let mut literal = vec![NONE];
        let mut depth = vec![0u32];
        for (id, lit) in literals {
            let mut node = 0usize;
            for &b in lit {
                let slot = node * columns + column[b as usize] as usize;
                if goto[slot] == 0 {
                    if goto.len() + columns > MAX_TABLE {
                        return None;
                    }
                    goto[slot] = u32::try_from(literal.len()).ok()?;
                    goto.resize(goto.len() + columns, 0);
                    literal.push(NONE);
                    depth.push(depth[node] + 1);
                }
                node = goto[slot] as usize;
            }
            if node != 0 {
                literal[node] = id;
            }
        }
        let nodes = literal.len();
        let root_after_word = u32::try_from(nodes).ok()?;
        literal.push(NONE);
        depth.push(0);
        let states = nodes + 1;
        if states * columns > MAX_TABLE {
            return None;
        }
        let root_after = |word: bool| if word { root_after_word } else { ROOT_AFTER_NON_WORD };
        let mut delta: Vec<u32> = vec![0; states * columns];
        let mut fail: Vec<u32> = vec![0; states];
        let mut output_link: Vec<u32> = vec![NONE; states];
        // A root state moves to a child of the trie root only where the byte
        // starts a run of its kind.
        for (root, after_word) in [(ROOT_AFTER_NON_WORD, false), (root_after_word, true)] {
            for c in 0..columns {
                let child = goto[c];
                delta[root as usize * columns + c] = if child != 0 && word_column[c] != after_word { child } else { root_after(word_column[c]) };
            }
        }
        let mut queue = std::collections::VecDeque::new();
        for c in 0..columns {
            let child = goto[c];
            if child != 0 {
                // A one-byte string has no proper suffix but the empty one.
                fail[child as usize] = root_after(word_column[c]);
                queue.push_back(child);
            }
        }
        while let Some(n) = queue.pop_front() {
            let n = n as usize;
            let f = fail[n] as usize;
            output_link[n] = if literal[f] != NONE { f as u32 } else { output_link[f] };
            for c in 0..columns {
                let child = goto[n * columns + c];
                if child != 0 {
                    fail[child as usize] = delta[f * columns + c];
                    queue.push_back(child);
                    delta[n * columns + c] = child;
                } else {
                    delta[n * columns + c] = delta[f * columns + c];
                }
            }
        }
        let has_output = |s: u32| literal[s as usize] != NONE || output_link[s as usize] != NONE;
        let mut next = Vec::with_capacity(delta.len());
        for &s in &delta {
            let row = u32::try_from(s as usize * columns).ok()?.checked_mul(2)?;
            next.push(row | u32::from(has_output(s)));
        }
        Some(BoundaryDfa { column, columns, next, literal, depth, output_link })
    }

    /// Pushes `(literal, start)` for every literal occurring at an ASCII
    /// word boundary of `bytes`, by end within each of the pieces a long
    /// text is walked in.
    // Kept out of line, with the rare outputs out of its loops, so the loops
    // keep their few values in registers.
    #[inline(never)]
    pub(super) fn hits(&self, bytes: &[u8], out: &mut Vec<(u32, usize)>) {
        if bytes.len() < SPLIT_FROM {
            self.hits_in::<1>(bytes, bytes.len(), out);
        } else {
            self.hits_in::<STREAMS>(bytes, bytes.len() / STREAMS, out);
        }
    }

    /// [`BoundaryDfa::hits`], walking `N` pieces of the text side by side:
    /// each step waits for the one before it (a load of the next state), so
    /// one walk leaves the core idle most of the time, and independent walks
    /// fill it. The first `N - 1` pieces are `piece` bytes long, the last
    /// takes the rest.
    ///
    /// A walk starts a piece at the root its previous byte calls for, so it
    /// finds exactly the literals starting in its piece or later; the walk
    /// of the piece before goes on past the cut for those that start before
    /// it and end after it, and keeps only them.
    // The loops index several pieces' bytes and states by the same step.
    #[allow(clippy::needless_range_loop)]
    pub(super) fn hits_in<const N: usize>(&self, bytes: &[u8], piece: usize, out: &mut Vec<(u32, usize)>) {
        let piece = piece.min(bytes.len() / N);
        let start = |j: usize| j * piece;
        let mut rows: [usize; N] = std::array::from_fn(|j| self.root(is_word(start(j).checked_sub(1).and_then(|i| bytes.get(i).copied()))));
        // Each piece's hits apart, joined in text order at the end: the
        // candidates' sort by pattern is cheapest on hits nearly in order.
        let mut found: [Vec<(u32, usize)>; N] = std::array::from_fn(|j| if j == 0 { std::mem::take(out) } else { Vec::with_capacity(piece / 16) });
        let quads: [&[[u8; 4]]; N] = std::array::from_fn(|j| bytes[start(j)..start(j) + piece].as_chunks::<4>().0);
        let quad_count = piece / 4;
        // Every step is written down and kept only where literals end:
        // that costs no branch, where testing steps for outputs (about one
        // every 30 bytes) mispredicts often. A step is numbered in the order
        // taken, one byte of each piece in turn. The flush keeps `kept`
        // under `PENDING`; the modulo spares a bounds check.
        let mut pending = [(0u32, 0usize); PENDING];
        let mut kept = 0;
        for q in 0..quad_count {
            for i in 0..4 {
                for j in 0..N {
                    let next = self.step(rows[j], quads[j][q][i]);
                    rows[j] = (next >> 1) as usize;
                    pending[kept % PENDING] = (next, (4 * q + i) * N + j);
                    kept += (next & 1) as usize;
                }
            }
            if kept > PENDING - 4 * N {
                self.outputs_of::<N>(&pending[..kept], piece, &mut found);
                kept = 0;
            }
        }
        self.outputs_of::<N>(&pending[..kept], piece, &mut found);
        for (j, hits) in found.iter_mut().enumerate() {
            let before = if j + 1 < N { start(j + 1) } else { bytes.len() };
            self.walk(rows[j], bytes, start(j) + 4 * quad_count, before, hits);
        }
        *out = std::mem::take(&mut found[0]);
        for hits in &mut found[1..] {
            out.append(hits);
        }
    }

    /// The outputs of the steps `pending` kept in [`BoundaryDfa::hits_in`].
    #[inline(never)]
    fn outputs_of<const N: usize>(&self, pending: &[(u32, usize)], piece: usize, found: &mut [Vec<(u32, usize)>; N]) {
        for &(next, k) in pending {
            let j = k % N;
            self.outputs((next >> 1) as usize / self.columns, j * piece + k / N + 1, usize::MAX, &mut found[j]);
        }
    }

    /// The row of the root state after a word byte or not.
    fn root(&self, after_word: bool) -> usize {
        if after_word { (self.literal.len() - 1) * self.columns } else { ROOT_AFTER_NON_WORD as usize }
    }

    /// The transition from the state at `row` on byte `b`. Every entry of
    /// `next` is the row of a state the table has, so this never fails; a
    /// table that broke that would panic here rather than drop matches.
    #[inline(always)]
    fn step(&self, row: usize, b: u8) -> u32 {
        self.next[row + usize::from(self.column[usize::from(b)])]
    }

    /// Runs the text from byte `at` in the state at `row`, pushing the
    /// literals that start before `before`, until the state's string starts
    /// at or after it (from there on, the next piece's walk finds them all).
    fn walk(&self, mut row: usize, bytes: &[u8], mut at: usize, before: usize, out: &mut Vec<(u32, usize)>) {
        while let Some(&b) = bytes.get(at) {
            if at >= before && at - self.depth[row / self.columns] as usize >= before {
                break;
            }
            let next = self.step(row, b);
            row = (next >> 1) as usize;
            at += 1;
            if next & 1 != 0 {
                self.outputs(row / self.columns, at, before, out);
            }
        }
    }

    /// Pushes the literals ending at `end` in `state`, those starting
    /// before `before`.
    #[inline(never)]
    fn outputs(&self, state: usize, end: usize, before: usize, out: &mut Vec<(u32, usize)>) {
        let mut s = state as u32;
        while s != NONE {
            let li = self.literal[s as usize];
            let start = end - self.depth[s as usize] as usize;
            if li != NONE && start < before {
                out.push((li, start));
            }
            s = self.output_link[s as usize];
        }
    }
}

/// The column of each byte (`OTHER_…` for bytes in no literal, the two
/// cases of an ASCII letter in one) and the number of columns.
fn columns_of<'a>(literals: impl Iterator<Item = (u32, &'a [u8])>) -> Option<(Box<[u8; 256]>, usize)> {
    let mut column = Box::new([0u8; 256]);
    let mut assigned = [false; 256];
    let mut columns = 2usize;
    for (_, lit) in literals {
        for &b in lit {
            if !assigned[b as usize] {
                let c = u8::try_from(columns).ok()?;
                for v in [b, b.to_ascii_uppercase()] {
                    column[v as usize] = c;
                    assigned[v as usize] = true;
                }
                columns += 1;
            }
        }
    }
    for b in 0..256 {
        if !assigned[b] {
            column[b] = if WORD[b] { OTHER_WORD } else { OTHER_NON_WORD };
        }
    }
    Some((column, columns))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_boundary_automaton_over_the_table_budget_is_not_built() {
        // 60,000 ten-letter literals: far more trie states than MAX_TABLE
        // allows at 28 columns; the bank then uses the general automaton.
        let literals: Vec<(u32, Vec<u8>)> = (0..60_000u32)
            .map(|i| (i, (0..10).map(|k| b'a' + ((i.wrapping_mul(2_654_435_761) >> (k * 3)) % 26) as u8).collect()))
            .collect();
        assert!(BoundaryDfa::new(literals.iter().map(|(i, l)| (*i, l.as_slice()))).is_none());
        let few = &literals[..100];
        assert!(BoundaryDfa::new(few.iter().map(|(i, l)| (*i, l.as_slice()))).is_some());
    }
}
