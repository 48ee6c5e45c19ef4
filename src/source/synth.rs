//! A deterministic generator of realistic-looking news articles, for
//! benchmarks and scale tests: the same seed always gives the same corpus.
//!
//! The articles mix what the extractor meets in real reporting: direct
//! quotes with trailing and leading attribution, reported speech, "according
//! to", pronoun references, stance sentences on the bundled topics (demands
//! and rejects phrasing, negations), scare quotes, and filler paragraphs that
//! carry no reporting at all. Speakers are drawn from the bundled actor
//! rules and from invented names that the extractor has to discover.

use chrono::{Duration, NaiveDate};

/// A speaker as the text introduces it: full mention, short mention and the
/// pronoun that may refer back to it.
#[derive(Clone, Copy)]
struct Speaker {
    intro: &'static str,
    short: &'static str,
    pronoun: &'static str,
}

const KNOWN: &[Speaker] = &[
    sp("Russian President Vladimir Putin", "Putin", "he"),
    sp("Kremlin spokesman Dmitry Peskov", "Peskov", "he"),
    sp("Russian Foreign Minister Sergey Lavrov", "Lavrov", "he"),
    sp("Foreign Ministry spokeswoman Maria Zakharova", "Zakharova", "she"),
    sp("Ukrainian President Volodymyr Zelensky", "Zelensky", "he"),
    sp("Ukrainian Foreign Minister Andrii Sybiha", "Sybiha", "he"),
    sp("US President Donald Trump", "Trump", "he"),
    sp("Secretary of State Marco Rubio", "Rubio", "he"),
    sp("US envoy Steve Witkoff", "Witkoff", "he"),
    sp("Vice President JD Vance", "Vance", "he"),
    sp("British Prime Minister Keir Starmer", "Starmer", "he"),
    sp("French President Emmanuel Macron", "Macron", "he"),
    sp("German Chancellor Friedrich Merz", "Merz", "he"),
    sp("NATO Secretary General Mark Rutte", "Rutte", "he"),
    sp("European Commission President Ursula von der Leyen", "von der Leyen", "she"),
    sp("EU foreign policy chief Kaja Kallas", "Kallas", "she"),
    sp("Hungarian Prime Minister Viktor Orban", "Orban", "he"),
    sp("Italian Prime Minister Giorgia Meloni", "Meloni", "she"),
    sp("Finnish President Alexander Stubb", "Stubb", "he"),
    sp("UN Secretary-General Antonio Guterres", "Guterres", "he"),
];

const fn sp(intro: &'static str, short: &'static str, pronoun: &'static str) -> Speaker {
    Speaker { intro, short, pronoun }
}

/// Countries and institutions that take positions without a person named.
const BODIES: &[&str] = &[
    "Moscow", "Kyiv", "Washington", "the Kremlin", "Berlin", "Paris", "London", "Warsaw", "Beijing", "Ankara",
    "the European Union", "NATO", "the White House", "Budapest",
];

const FIRST: &[(&str, &str)] = &[
    ("Anna", "she"), ("Oleh", "he"), ("Maria", "she"), ("Pavel", "he"), ("Jürgen", "he"), ("Sofia", "she"),
    ("Tomasz", "he"), ("Elena", "she"), ("Mykola", "he"), ("Claire", "she"), ("Ahmet", "he"), ("Ingrid", "she"),
    ("Dmytro", "he"), ("Lucía", "she"), ("Henrik", "he"), ("Nadia", "she"),
];
const LAST: &[&str] = &[
    "Kovalenko", "Sorokin", "Marchenko", "Novak", "Müller", "Lindqvist", "Petrenko", "Duval", "Yilmaz", "Horvath",
    "Brennan", "Okafor", "Castellano", "Berg", "Ivanova", "Tkachenko", "Whitfield", "Haddad", "Nowak", "Rossi",
];
const ROLES: &[&str] = &[
    "a senior analyst at the Carnegie Endowment",
    "a former diplomat",
    "a spokesman for the regional administration",
    "a military expert in Kyiv",
    "an economist at the Kyiv School of Economics",
    "a lawmaker from the ruling party",
    "a researcher at the Royal United Services Institute",
    "a senior official who asked not to be named",
];

/// Topic phrasings that the bundled topic rules recognise.
const TOPICS: &[&str] = &[
    "a ceasefire",
    "an immediate ceasefire",
    "a 30-day truce",
    "a halt to the fighting",
    "Ukraine's membership in NATO",
    "NATO membership for Ukraine",
    "security guarantees for Ukraine",
    "European peacekeepers in Ukraine",
    "the lifting of sanctions",
    "sanctions relief for Moscow",
    "new sanctions on Russia",
    "territorial concessions",
    "the recognition of occupied territories as Russian",
    "a full Russian withdrawal",
    "Ukrainian neutrality",
    "a minerals deal",
    "US military aid",
    "elections in Ukraine",
    "peace talks",
];

const DEMANDS: &[&str] = &[
    "wants", "called for", "is ready to accept", "supports", "demanded", "insisted on", "urged", "proposed",
    "is pushing for", "would welcome",
];
const REJECTS: &[&str] = &[
    "rejected", "opposes", "refused to accept", "ruled out", "will not accept", "dismissed", "is against",
    "warned against",
];

const QUOTES: &[&str] = &[
    "We are not going to trade our land for a signature",
    "There can be no peace without justice",
    "The door to negotiations remains open, but not at any price",
    "Our partners understand what is at stake here",
    "This is a decisive moment for the whole of Europe",
    "Nobody wants this war to go on for another year",
    "We have heard these promises before",
    "The situation on the front line remains extremely difficult",
    "Any agreement must be one that lasts",
    "We will respond to every provocation",
    "The talks were constructive, and we will meet again",
    "It is too early to speak about any results",
];

const REPORTED: &[&str] = &[
    "the talks had made progress",
    "the delegation would travel to Geneva next week",
    "no decision had been taken",
    "the proposal was still being studied",
    "the attacks on energy infrastructure had to stop",
    "the two sides had exchanged prisoners",
    "the next round of talks would take place in Istanbul",
    "the situation was more complicated than it looked",
];

const FILLER: &[&str] = &[
    "Air raid sirens sounded across the capital overnight, and several districts lost power for hours.",
    "The front line has barely moved in months, with both armies dug into heavily mined positions.",
    "Grain exports through the Black Sea corridor have recovered since the summer, according to port data.",
    "Markets reacted calmly to the news, with the rouble little changed against the dollar.",
    "The meeting lasted more than three hours and ended without a joint statement.",
    "Winter temperatures are expected to put further strain on the power grid in the coming weeks.",
    "Delegations arrived at the venue under heavy security on Tuesday morning.",
    "Humanitarian groups warned that thousands of civilians remain without heating in the east.",
    "The economy has shown signs of strain, with inflation running well above the central bank's target.",
    "Officials on both sides have traded accusations over a string of drone strikes near the border.",
];

const HEADLINES: &[&str] = &[
    "Leaders trade conditions ahead of new round of talks",
    "Allies divided over the shape of a settlement",
    "Envoys shuttle between capitals as pressure mounts",
    "Hopes for a deal fade after another night of strikes",
    "Talks resume with little sign of a breakthrough",
    "Europe weighs its role in any post-war arrangement",
    "Kremlin hardens stance as Washington presses for deal",
    "Kyiv seeks guarantees before any pause in fighting",
];

const SOURCES: &[&str] = &["Claimgraph Wire", "Sample Desk", "Synthetic Times", "The Generated Post"];
const DAYS: &[&str] = &["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "at the weekend", ""];

/// Settings for [`generate`].
#[derive(Debug, Clone, Copy)]
pub struct SynthOptions {
    pub seed: u64,
    /// Paragraphs per article, inclusive range.
    pub paragraphs: (usize, usize),
}

impl Default for SynthOptions {
    fn default() -> Self {
        SynthOptions {
            seed: 7,
            paragraphs: (16, 30),
        }
    }
}

/// One generated article: a file name and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthArticle {
    pub name: String,
    pub text: String,
}

/// Article number `index` of the corpus for `opts.seed`. Each article has
/// its own random stream, so articles can be generated in any order or in
/// parallel and a corpus of N is the first N of a corpus of N + 1.
pub fn article(opts: &SynthOptions, index: u64) -> SynthArticle {
    let mut rng = fastrand::Rng::with_seed(opts.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ index);
    let mut w = Writer {
        rng: &mut rng,
        text: String::with_capacity(6 * 1024),
    };
    let base = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    let date = base + Duration::days(w.rng.i64(0..365));
    let headline = w.pick(HEADLINES);
    let source = w.pick(SOURCES);
    w.text.push_str(headline);
    w.text.push_str("\n\n");
    let (first, _) = w.pick(FIRST);
    let last = w.pick(LAST);
    w.text.push_str(&format!("By {first} {last}, {source} {}\n\n", date.format("%B %-d, %Y")));

    // The article's cast: a few known speakers and one or two invented ones.
    let mut cast: Vec<Speaker> = (0..w.rng.usize(2..5)).map(|_| *w.pick(KNOWN)).collect();
    let invented: Vec<(String, String, &'static str, &'static str)> = (0..w.rng.usize(1..3))
        .map(|_| {
            let (f, pronoun) = *w.pick(FIRST);
            let l = w.pick(LAST);
            (format!("{f} {l}"), l.to_string(), pronoun, *w.pick(ROLES))
        })
        .collect();

    let n = w.rng.usize(opts.paragraphs.0..=opts.paragraphs.1.max(opts.paragraphs.0));
    let mut introduced = vec![false; cast.len()];
    for p in 0..n {
        let kind = w.rng.u8(0..10);
        match kind {
            0 | 1 => w.filler(),
            2 | 3 => {
                let i = w.rng.usize(0..cast.len());
                w.direct_quote(&cast[i], introduced[i]);
                introduced[i] = true;
            }
            4 => {
                let i = w.rng.usize(0..cast.len());
                w.reported(&cast[i], introduced[i]);
                introduced[i] = true;
            }
            5 | 6 => {
                let i = w.rng.usize(0..cast.len());
                w.stance(&cast[i], introduced[i]);
                introduced[i] = true;
            }
            7 => w.body_stance(),
            8 => {
                let (name, short, pronoun, role) = &invented[w.rng.usize(0..invented.len())];
                w.invented_quote(name, short, pronoun, role);
            }
            _ => {
                // "According to" and scare quotes.
                let i = w.rng.usize(0..cast.len());
                w.according_to(&cast[i]);
                introduced[i] = true;
            }
        }
        if p == 0 && w.rng.bool() {
            // A second known speaker joins from the lede on.
            cast.push(*w.pick(KNOWN));
            introduced.push(false);
        }
    }
    SynthArticle {
        name: format!("{}-{index:06}.txt", date.format("%Y-%m-%d")),
        text: w.text,
    }
}

/// The first `n` articles of the corpus for `opts.seed`.
pub fn generate(opts: &SynthOptions, n: u64) -> impl Iterator<Item = SynthArticle> + '_ {
    (0..n).map(move |i| article(opts, i))
}

struct Writer<'r> {
    rng: &'r mut fastrand::Rng,
    text: String,
}

impl Writer<'_> {
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.usize(0..items.len())]
    }

    fn end_paragraph(&mut self) {
        self.text.push_str("\n\n");
    }

    fn mention(&mut self, s: &Speaker, introduced: bool) -> String {
        if introduced { s.short.to_string() } else { s.intro.to_string() }
    }

    fn filler(&mut self) {
        for i in 0..self.rng.usize(2..5) {
            if i > 0 {
                self.text.push(' ');
            }
            let f = self.pick(FILLER);
            self.text.push_str(f);
        }
        self.end_paragraph();
    }

    fn direct_quote(&mut self, s: &Speaker, introduced: bool) {
        let who = self.mention(s, introduced);
        let q = self.pick(QUOTES);
        let day = self.pick(DAYS);
        match self.rng.u8(0..3) {
            0 => self.text.push_str(&format!("“{q},” {who} said {day}.").replace(" .", ".")),
            1 => self.text.push_str(&format!("{who} told reporters: “{q}.”")),
            _ => {
                let q2 = self.pick(QUOTES);
                self.text.push_str(&format!("“{q},” {who} said. “{q2}.”"));
            }
        }
        if self.rng.u8(0..3) == 0 {
            let q = self.pick(QUOTES);
            let p = capitalise(s.pronoun);
            self.text.push_str(&format!(" {p} added: “{q}.”"));
        }
        self.end_paragraph();
    }

    fn reported(&mut self, s: &Speaker, introduced: bool) {
        let who = self.mention(s, introduced);
        let r = self.pick(REPORTED);
        let day = self.pick(DAYS);
        self.text.push_str(&format!("{who} said {day} that {r}.").replace("  ", " "));
        if self.rng.bool() {
            let r = self.pick(REPORTED);
            self.text.push_str(&format!(" {} also said {r}.", capitalise(s.pronoun)));
        }
        self.end_paragraph();
    }

    fn stance(&mut self, s: &Speaker, introduced: bool) {
        let who = self.mention(s, introduced);
        let topic = self.pick(TOPICS);
        let cue = if self.rng.bool() { self.pick(DEMANDS) } else { self.pick(REJECTS) };
        self.text.push_str(&format!("{who} {cue} {topic}, "));
        let tail = self.pick(&["officials said.", "according to a readout of the call.", "a move that surprised diplomats.", "in remarks to reporters."]);
        self.text.push_str(tail);
        if self.rng.u8(0..3) == 0 {
            let topic = self.pick(TOPICS);
            let cue = self.pick(REJECTS);
            self.text.push_str(&format!(" {} {cue} {topic} as well.", capitalise(s.pronoun)));
        }
        self.end_paragraph();
    }

    fn body_stance(&mut self) {
        let body = self.pick(BODIES);
        let topic = self.pick(TOPICS);
        let cue = if self.rng.bool() { self.pick(DEMANDS) } else { self.pick(REJECTS) };
        self.text.push_str(&capitalise(&format!("{body} {cue} {topic}, a statement from the ministry said.")));
        self.end_paragraph();
    }

    fn invented_quote(&mut self, name: &str, short: &str, pronoun: &str, role: &str) {
        let q = self.pick(QUOTES);
        self.text.push_str(&format!("“{q},” said {name}, {role}."));
        if self.rng.bool() {
            let r = self.pick(REPORTED);
            self.text.push_str(&format!(" {short} said {r}, but {pronoun} cautioned against reading too much into it."));
        }
        self.end_paragraph();
    }

    fn according_to(&mut self, s: &Speaker) {
        let r = self.pick(REPORTED);
        let scare = self.pick(&["“special military operation”", "“new realities”", "“peace formula”", "“coalition of the willing”"]);
        self.text.push_str(&format!(
            "According to {}, {r}. Critics dismissed the talk of a {scare} as rhetoric.",
            s.short
        ));
        self.end_paragraph();
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_sized() {
        let opts = SynthOptions::default();
        let a: Vec<_> = generate(&opts, 50).collect();
        let b: Vec<_> = generate(&opts, 50).collect();
        assert_eq!(a, b);
        let other: Vec<_> = generate(&SynthOptions { seed: 8, ..opts }, 50).collect();
        assert_ne!(a, other);
        let mean = a.iter().map(|x| x.text.len()).sum::<usize>() / a.len();
        assert!((1500..8000).contains(&mean), "mean article size {mean}");
    }
}
