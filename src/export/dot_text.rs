//! Text every DOT writer needs: quoting and the stance colours. A leaf
//! file, so the view builders ([`super::dot`], [`super::networks`]) can
//! share it without importing each other.

use graphviz_rust::dot_structures::Id;

pub const DEMANDS_COLOR: &str = "forestgreen";
pub const REJECTS_COLOR: &str = "firebrick";

/// A DOT id, always quoted: `\` and `"` are escaped, line breaks become
/// `\n`, and non-ASCII stays UTF-8 (the DOT default charset). graphviz-rust
/// prints ids verbatim, so this is the only thing between a name like
/// `Jürgen "JM" Müller` and a broken file.
pub fn quote_id(s: &str) -> Id {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            // Other control characters have no meaning in a label and some
            // DOT readers reject them.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    Id::Escaped(out)
}


/// A graph title with a note (what a size cap left out) on a line below.
pub fn noted(title: String, note: Option<&str>) -> String {
    match note {
        Some(n) => format!("{title}\n{n}"),
        None => title,
    }
}
