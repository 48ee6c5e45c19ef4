//! `Text`: the immutable, shared string evidence fields are held in.
//!
//! A graph repeats a few strings very often: every evidence names its
//! article, rule, cue and resolution, and the same sentence is cited by each
//! statement and stance found in it (and, in wire copy, by every article that
//! reprints it). At 100k articles that is 2.8M evidences with five strings
//! each, so a copy per evidence was most of an ingest's memory. A `Text` is
//! an `Arc<str>`: equal strings can share one allocation, through an
//! [`Interner`] (the merge uses one, and a decode inside [`interning`] shares
//! what it reads). It serializes exactly as a `String`, so the file formats
//! do not change.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Text(Arc<str>);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the two share one allocation (what interning is for).
    #[cfg(test)]
    pub(crate) fn same_allocation(&self, other: &Text) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(Arc::from(s))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(Arc::from(s))
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Self {
        Text(Arc::from(s.as_str()))
    }
}

impl From<Text> for String {
    fn from(t: Text) -> Self {
        t.0.to_string()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(DECODING.with_borrow_mut(|interner| match interner {
                    Some(i) => i.intern_str(v),
                    None => Text::from(v),
                }))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Text, E> {
                Ok(DECODING.with_borrow_mut(|interner| match interner {
                    Some(i) => i.intern_str(&v),
                    None => Text::from(v),
                }))
            }
        }
        d.deserialize_str(Visitor)
    }
}

/// A set of shared texts: interning a string gives the `Text` already
/// held for it, or keeps a new one.
#[derive(Debug, Default)]
pub struct Interner {
    set: HashSet<Text>,
}

impl Interner {
    pub fn new() -> Self {
        Self::default()
    }

    /// The shared `Text` equal to `text`.
    pub fn intern(&mut self, text: Text) -> Text {
        match self.set.get(text.as_str()) {
            Some(held) => held.clone(),
            None => {
                // A fresh copy, allocated here: `text` was made among an
                // extraction's short-lived strings, and one survivor per
                // allocator page would keep the page.
                let kept = Text::from(text.as_str());
                self.set.insert(kept.clone());
                kept
            }
        }
    }

    pub fn intern_str(&mut self, text: &str) -> Text {
        match self.set.get(text) {
            Some(held) => held.clone(),
            None => {
                let kept = Text::from(text);
                self.set.insert(kept.clone());
                kept
            }
        }
    }
}

thread_local! {
    static DECODING: RefCell<Option<Interner>> = const { RefCell::new(None) };
}

/// Runs `decode` with every [`Text`] it reads on this thread shared
/// through one interner, dropped at the end (nested calls share the outer
/// one).
pub fn interning<T>(decode: impl FnOnce() -> T) -> T {
    let outer = DECODING.with_borrow_mut(|i| i.is_some());
    if outer {
        return decode();
    }
    DECODING.set(Some(Interner::new()));
    // Cleared even if `decode` panics, so a later decode on this thread
    // does not keep the strings alive.
    struct Clear;
    impl Drop for Clear {
        fn drop(&mut self) {
            DECODING.set(None);
        }
    }
    let _clear = Clear;
    decode()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_serializes_as_a_string_in_every_format() {
        let t = Text::from("the minister said");
        let s = String::from("the minister said");
        assert_eq!(postcard::to_allocvec(&t).unwrap(), postcard::to_allocvec(&s).unwrap());
        assert_eq!(serde_json::to_string(&t).unwrap(), serde_json::to_string(&s).unwrap());
        assert_eq!(ron::to_string(&t).unwrap(), ron::to_string(&s).unwrap());
        let bytes = postcard::to_allocvec(&s).unwrap();
        assert_eq!(postcard::from_bytes::<Text>(&bytes).unwrap(), t);
        let back: Text = ron::from_str(&ron::to_string(&s).unwrap()).unwrap();
        assert_eq!(back, t);
    }

    #[test]
    fn interned_equal_texts_share_one_allocation_and_unequal_ones_do_not() {
        let mut i = Interner::new();
        let a = i.intern(Text::from(String::from("rule.one")));
        let b = i.intern(Text::from("rule.one"));
        let c = i.intern_str("rule.two");
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert!(!Arc::ptr_eq(&a.0, &c.0));
        assert_eq!(c, "rule.two");
    }

    #[test]
    fn a_decode_inside_interning_shares_repeated_strings_and_one_outside_does_not() {
        let words = vec!["said", "said", "told"];
        let bytes = postcard::to_allocvec(&words).unwrap();
        let shared: Vec<Text> = interning(|| postcard::from_bytes(&bytes).unwrap());
        assert!(Arc::ptr_eq(&shared[0].0, &shared[1].0));
        let plain: Vec<Text> = postcard::from_bytes(&bytes).unwrap();
        assert!(!Arc::ptr_eq(&plain[0].0, &plain[1].0));
        assert_eq!(shared, plain);
    }
}
